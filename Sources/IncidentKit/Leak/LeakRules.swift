/// The PPC leak-report decision (APPI Art. 26; Enforcement Rules Art. 7, 8, 10)
/// as pure functions of the answers, the awareness date and the reporter's kind.
public enum LeakRules {
    /// The four grounds of Rules Art. 7, in the order the rule lists them.
    public enum Ground: String, Sendable, CaseIterable {
        case sensitive, financial, malicious, over1000

        /// What the ground means, citing the rule.
        public func explanation(threshold: Int, _ l: Language) -> String {
            switch self {
            case .sensitive:
                l.pick(ja: "要配慮個人情報（病歴・診療記録など）が含まれる（個人情報保護法施行規則第7条第1号）",
                    en: "special-care-required personal information (medical history, records) is involved (APPI Enforcement Rules Art. 7(1))")
            case .financial:
                l.pick(ja: "不正に利用されると財産的被害が生じるおそれがある（施行規則第7条第2号）",
                    en: "misuse could cause financial damage (Rules Art. 7(2))")
            case .malicious:
                l.pick(ja: "不正の目的をもって行われたおそれがある行為（不正アクセス・ランサムウェア等）による（施行規則第7条第3号）",
                    en: "caused by an act that may have had an improper purpose (unauthorized access, ransomware, …) (Rules Art. 7(3))")
            case .over1000:
                l.pick(ja: "本人の数が\(threshold.formatted3)人を超える（施行規則第7条第4号）",
                    en: "more than \(threshold.formatted3) individuals are concerned (Rules Art. 7(4))")
            }
        }

        public func label(_ l: Language) -> String {
            switch self {
            case .sensitive: l.pick(ja: "要配慮個人情報", en: "special-care data")
            case .financial: l.pick(ja: "財産的被害のおそれ", en: "financial damage")
            case .malicious: l.pick(ja: "不正の目的によるおそれ", en: "improper purpose")
            case .over1000: l.pick(ja: "本人の数が閾値超", en: "over the people threshold")
            }
        }
    }

    /// Due dates of the preliminary and final reports.
    public struct Deadlines: Sendable, Equatable {
        public var preliminaryFrom: Day
        public var preliminaryDue: Day
        public var finalDue: Day
        public var finalDays: Int
    }

    /// The due dates counted from `awareOn`, the facility-time-zone date of awareness.
    ///
    /// Civil Code Art. 140: the first day (the day of awareness) is not counted,
    /// so "within N days" ends at the end of `awareOn + N` calendar days; weekends
    /// and holidays are counted and due dates are not moved (Art. 142 not applied:
    /// to confirm). Rules Art. 8(2): 60 days when `malicious` applies, alone or with
    /// other grounds; otherwise 30. Preliminary: "promptly", about 3–5 days (PPC guidelines).
    /// Example: aware 2026-04-10 → final 2026-05-10 (30) or 2026-06-09 (60).
    public static func deadlines(awareOn: Day, malicious: Bool, rules: PPCRules = .current) -> Deadlines {
        let finalDays = malicious ? rules.finalDaysMalicious : rules.finalDays
        return Deadlines(preliminaryFrom: awareOn.adding(days: rules.preliminaryFromDays),
            preliminaryDue: awareOn.adding(days: rules.preliminaryDueDays),
            finalDue: awareOn.adding(days: finalDays), finalDays: finalDays)
    }

    /// The grounds of Rules Art. 7 that apply.
    ///
    /// "Suspected" counts as a leak (Art. 7: "has occurred or may have occurred").
    /// Strong encryption of the institution's own removes every ground; the
    /// attacker's encryption is answered as `encrypted: no` (it is the damage).
    public static func grounds(_ a: LeakAnswers, publicBody: Bool, rules: PPCRules = .current) -> [Ground] {
        guard a.leak != .no, !a.encrypted else { return [] }
        var grounds: [Ground] = []
        if a.sensitive { grounds.append(.sensitive) }
        if a.financial { grounds.append(.financial) }
        if a.malicious { grounds.append(.malicious) }
        if a.people > rules.threshold(publicBody: publicBody) { grounds.append(.over1000) }
        return grounds
    }

    /// The decision for `answers`, with reasons and warnings in `language`.
    public static func decide(answers a: LeakAnswers, awareOn: Day, publicBody: Bool, rules: PPCRules = .current,
        language l: Language = .ja) -> LeakDecision
    {
        let grounds = grounds(a, publicBody: publicBody, rules: rules)
        let required = !grounds.isEmpty
        let dates = deadlines(awareOn: awareOn, malicious: grounds.contains(.malicious), rules: rules)
        let threshold = rules.threshold(publicBody: publicBody)
        var d = LeakDecision(reportRequired: required, grounds: grounds.map(\.rawValue), awareOn: awareOn,
            preliminaryDue: dates.preliminaryDue, finalDue: dates.finalDue,
            notifyIndividuals: rules.notifyIndividuals(reportRequired: required))
        d.preliminaryFrom = dates.preliminaryFrom
        d.finalDays = dates.finalDays
        d.peopleThreshold = threshold
        d.encryptionExemption = a.leak != .no && a.encrypted
        d.answers = a.recorded

        var reasons: [String] = []
        if a.leak == .no {
            reasons.append(l.pick(ja: "個人データの漏えい等は発生しておらず、そのおそれもないため、報告・本人通知は不要です（個人情報保護法第26条）。状況が変わったら再判定してください。",
                en: "No leak, loss or damage of personal data has occurred or may have occurred: no report or notice (APPI Art. 26). Reassess if that changes."))
        } else if a.encrypted {
            reasons.append(l.pick(ja: "高度な暗号化等で本人の権利利益が保護されているため、施行規則第7条各号のすべてから除かれ、報告は不要です。攻撃者による暗号化は該当しません。鍵が漏れていないことを確認してください。",
                en: "Strong encryption protects the individuals' rights, which takes the case out of every item of Rules Art. 7: no report. The attacker's encryption does not count; make sure the key is safe."))
        } else if grounds.isEmpty {
            reasons.append(l.pick(ja: "漏えい等（またはそのおそれ）はありますが、施行規則第7条のいずれにも当たらないため、個人情報保護委員会への報告義務はありません（任意の報告は可能）。",
                en: "A leak (or a possible one) exists but none of Rules Art. 7's cases applies: no duty to report to the PPC (a voluntary report is possible)."))
        } else {
            if a.leak == .suspected {
                reasons.append(l.pick(ja: "漏えい等の「おそれ」の段階でも報告対象です（施行規則第7条「発生し、又は発生したおそれがある事態」）。",
                    en: "A possible leak counts as a leak (Rules Art. 7: \"has occurred or may have occurred\")."))
            }
            for g in grounds { reasons.append("・" + g.explanation(threshold: threshold, l)) }
            reasons.append(l.pick(
                ja: "個人情報保護委員会への報告が必要です（個人情報保護法第26条第1項）。速報は速やかに（目安 \(dates.preliminaryFrom)〜\(dates.preliminaryDue)）、確報は\(dates.finalDays)日以内（\(dates.finalDue)まで、施行規則第8条第2項）。",
                en: "A report to the PPC is required (APPI Art. 26(1)). Preliminary promptly (about \(dates.preliminaryFrom) to \(dates.preliminaryDue)); final within \(dates.finalDays) days (by \(dates.finalDue), Rules Art. 8(2))."))
            if d.notifyIndividuals {
                reasons.append(l.pick(ja: "本人への通知も必要です（同法第26条第2項、施行規則第10条）。通知が困難な場合は公表と問い合わせ窓口の設置で代えられます。",
                    en: "Individuals must be notified too (APPI Art. 26(2), Rules Art. 10); where notice is difficult, publication with an enquiry desk may substitute."))
            }
        }
        d.reasons = reasons

        var warnings: [String] = []
        if required {
            for (what, day) in [(l.pick(ja: "速報の目安", en: "preliminary target"), dates.preliminaryDue), (l.pick(ja: "確報の期限", en: "final due date"), dates.finalDue)] {
                if let why = nonWorkingDay(day, rules: rules, l) {
                    warnings.append(l.pick(ja: "\(what) \(day) は\(why)です。翌開庁日に延びるか（民法第142条）は未確認のため、この日までに提出してください。",
                        en: "The \(what) \(day) falls on \(why). Whether it moves to the next business day (Civil Code Art. 142) is unconfirmed: submit by this date."))
                }
            }
        }
        if a.leak != .no && a.encrypted && a.malicious {
            warnings.append(l.pick(ja: "暗号化による除外は、施設側が高度な暗号化をかけ、鍵が漏れていない場合に限ります。ランサムウェア（攻撃者）による暗号化は除外になりません。確かでなければ --encrypted no で再判定してください。",
                en: "The encryption exemption only covers the institution's own strong encryption with a safe key. Encryption by ransomware (the attacker) never exempts. If unsure, reassess with --encrypted no."))
        }
        if publicBody {
            warnings.append(l.pick(ja: "行政機関等（公的病院など）は行政機関等向けの規定（個人情報保護法第68条等）に従います。ここに示した規則がそのまま当てはまらない場合があります。",
                en: "Public bodies follow the rules for administrative organs (APPI Art. 68 etc.); the rules shown here may not apply as is."))
        }
        d.warnings = warnings
        return d
    }

    /// The name of the weekend day or holiday `day` falls on, if it is one.
    public static func nonWorkingDay(_ day: Day, rules: PPCRules = .current, _ l: Language) -> String? {
        if let holiday = rules.holidays[day] { return l.pick(ja: "祝日（\(holiday)）", en: "a public holiday (\(holiday))") }
        switch day.weekday {
        case 0: return l.pick(ja: "日曜日", en: "a Sunday")
        case 6: return l.pick(ja: "土曜日", en: "a Saturday")
        default: return nil
        }
    }

    /// The decision of the incident's latest assessment (a reassessment supersedes the
    /// earlier ones, which stay in the timeline), or nil when none was made.
    public static func decision(for s: IncidentState, language l: Language = .ja, today: Day? = nil) -> LeakDecision? {
        guard let record = s.leakAssessment, let answers = try? LeakAnswers(record.value.answers) else { return nil }
        var d = decide(answers: answers, awareOn: Timestamp.day(of: s.awareAt, in: s.timeZone),
            publicBody: s.profile?.facility.publicBody ?? false, language: l)
        d.assessedAt = Timestamp.iso(record.at, in: s.timeZone)
        d.assessmentSeq = record.seq
        return today.map { d.asOf($0) } ?? d
    }
}

extension Int {
    /// `2300` → `2,300`.
    var formatted3: String {
        let digits = String(Swift.abs(self))
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return (self < 0 ? "-" : "") + out
    }
}
