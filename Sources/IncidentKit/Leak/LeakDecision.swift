/// The PPC leak-report decision, shaped as `leak assess --json` and `status.leak`
/// (public contract: the first six keys never change; the rest are additions).
public struct LeakDecision: Codable, Sendable, Equatable {
    public var reportRequired: Bool
    /// Grounds of APPI Rules Art. 7 that apply: `sensitive`, `financial`, `malicious`, `over1000`
    /// (`over1000` is the people-count ground; its threshold is 100 for public bodies).
    public var grounds: [LeakRules.Ground]
    public var awareOn: Day
    /// The preliminary report's target (day 5, the awareness day being day 1): "promptly,
    /// by this day at the latest", never moved for closed days.
    public var preliminaryDue: Day
    /// The final report's legal due date: day 30 (60), moved past 行政機関の休日.
    public var finalDue: Day
    public var notifyIndividuals: Bool

    /// Reminders for the preliminary report start on this day (day 3).
    public var preliminaryRemindFrom: Day?
    /// 30, or 60 when `malicious` is among the grounds.
    public var finalDays: Int?
    /// The 30th (60th) day when `finalDue` was moved past it, recommended as the target;
    /// null in JSON when the due date was not moved.
    public var finalTarget: Day?
    /// The full deadlines the dates above come from (not encoded: the text layers use it).
    public var deadlines: LeakRules.Deadlines? = nil
    /// The people-count threshold used (1,000, or 100 for public bodies).
    public var peopleThreshold: Int?
    /// Strong encryption removed every ground.
    public var encryptionExemption: Bool?
    /// Why, in plain words citing the rule, one line per reason (in the output language).
    public var reasons: [String]?
    /// Holidays unknown for a year, encryption and public-body caveats (in the output language).
    public var warnings: [String]?
    /// Calendar days from today to the preliminary target and the final due date (negative when past).
    public var daysLeft: DaysLeft?
    /// Which dates have passed: `preliminary` (the target), `final` (the legal due date).
    public var overdue: [String]?
    /// When the assessment was recorded (ISO 8601 with offset) and its event number.
    public var assessedAt: String?
    public var assessmentSeq: Int64?
    /// The answers it was decided from.
    public var answers: [String: String]?
    /// The recorded basis of the answers (who investigated, what was found).
    public var basis: String?
    /// "No leak" while an attack is suspected, with no basis recorded: shown as
    /// 「根拠未記録」, and the assessment stays owed (DOMAIN §7).
    public var basisMissing: Bool?

    enum CodingKeys: String, CodingKey {
        case reportRequired, grounds, awareOn, preliminaryDue, finalDue, notifyIndividuals
        case preliminaryRemindFrom, finalDays, finalTarget, peopleThreshold, encryptionExemption, reasons, warnings
        case daysLeft, overdue, assessedAt, assessmentSeq, answers, basis, basisMissing
    }

    /// As synthesized, except that `finalTarget` is written as null when absent, so that
    /// a script can tell "not moved" from an older output without the key.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(reportRequired, forKey: .reportRequired)
        try c.encode(grounds, forKey: .grounds)
        try c.encode(awareOn, forKey: .awareOn)
        try c.encode(preliminaryDue, forKey: .preliminaryDue)
        try c.encode(finalDue, forKey: .finalDue)
        try c.encode(notifyIndividuals, forKey: .notifyIndividuals)
        try c.encodeIfPresent(preliminaryRemindFrom, forKey: .preliminaryRemindFrom)
        try c.encodeIfPresent(finalDays, forKey: .finalDays)
        try c.encode(finalTarget, forKey: .finalTarget)
        try c.encodeIfPresent(peopleThreshold, forKey: .peopleThreshold)
        try c.encodeIfPresent(encryptionExemption, forKey: .encryptionExemption)
        try c.encodeIfPresent(reasons, forKey: .reasons)
        try c.encodeIfPresent(warnings, forKey: .warnings)
        try c.encodeIfPresent(daysLeft, forKey: .daysLeft)
        try c.encodeIfPresent(overdue, forKey: .overdue)
        try c.encodeIfPresent(assessedAt, forKey: .assessedAt)
        try c.encodeIfPresent(assessmentSeq, forKey: .assessmentSeq)
        try c.encodeIfPresent(answers, forKey: .answers)
        try c.encodeIfPresent(basis, forKey: .basis)
        try c.encodeIfPresent(basisMissing, forKey: .basisMissing)
    }

    public struct DaysLeft: Codable, Sendable, Equatable {
        public var preliminary: Int
        public var final: Int
    }

    public init(reportRequired: Bool, grounds: [LeakRules.Ground], awareOn: Day, preliminaryDue: Day, finalDue: Day, notifyIndividuals: Bool) {
        (self.reportRequired, self.grounds, self.awareOn) = (reportRequired, grounds, awareOn)
        (self.preliminaryDue, self.finalDue, self.notifyIndividuals) = (preliminaryDue, finalDue, notifyIndividuals)
    }

    /// The decision with days left and overdue marks as of `today` (facility date).
    public func asOf(_ today: Day) -> LeakDecision {
        var d = self
        d.daysLeft = DaysLeft(preliminary: today.days(until: preliminaryDue), final: today.days(until: finalDue))
        guard reportRequired else {
            d.overdue = []
            return d
        }
        var overdue: [String] = []
        if today > preliminaryDue { overdue.append("preliminary") }
        if today > finalDue { overdue.append("final") }
        d.overdue = overdue
        return d
    }
}
