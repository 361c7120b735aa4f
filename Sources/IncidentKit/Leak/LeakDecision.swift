/// The PPC leak-report decision, shaped as `leak assess --json` and `status.leak`
/// (public contract: the first six keys never change; the rest are additions).
public struct LeakDecision: Codable, Sendable, Equatable {
    public var reportRequired: Bool
    /// Grounds of APPI Rules Art. 7 that apply: `sensitive`, `financial`, `malicious`, `over1000`
    /// (`over1000` is the people-count ground; its threshold is 100 for public bodies).
    public var grounds: [String]
    public var awareOn: Day
    public var preliminaryDue: Day
    public var finalDue: Day
    public var notifyIndividuals: Bool

    /// Start of the preliminary window (awareOn + 3).
    public var preliminaryFrom: Day?
    /// 30, or 60 when `malicious` is among the grounds.
    public var finalDays: Int?
    /// The people-count threshold used (1,000, or 100 for public bodies).
    public var peopleThreshold: Int?
    /// Strong encryption removed every ground.
    public var encryptionExemption: Bool?
    /// Why, in plain words citing the rule, one line per reason (in the output language).
    public var reasons: [String]?
    /// Dates on weekends or holidays, public-body caveat (in the output language).
    public var warnings: [String]?
    /// Calendar days from today to each due date (negative when overdue).
    public var daysLeft: DaysLeft?
    /// Which deadlines have passed: `preliminary`, `final`.
    public var overdue: [String]?
    /// When the assessment was recorded (ISO 8601 with offset) and its event number.
    public var assessedAt: String?
    public var assessmentSeq: Int64?
    /// The answers it was decided from.
    public var answers: [String: String]?

    public struct DaysLeft: Codable, Sendable, Equatable {
        public var preliminary: Int
        public var final: Int
    }

    public init(reportRequired: Bool, grounds: [String], awareOn: Day, preliminaryDue: Day, finalDue: Day, notifyIndividuals: Bool) {
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
