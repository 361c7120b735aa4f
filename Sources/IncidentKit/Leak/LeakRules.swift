/// The PPC leak-report decision (APPI Art. 26; Enforcement Rules Art. 7, 8, 10)
/// as pure functions of the answers, the awareness date and the reporter's kind.
public enum LeakRules {
    /// The four grounds of Rules Art. 7, in the order the rule lists them.
    public enum Ground: String, Sendable, Codable, CaseIterable {
        case sensitive, financial, malicious, over1000

        /// What the ground means, citing the rule.
        public func explanation(threshold: Int, _ l: Language) -> String {
            switch self {
            case .sensitive:
                l.pick(
                    ja: "要配慮個人情報（病歴・診療記録など）が含まれる（個人情報保護法施行規則第7条第1号）",
                    en: "special-care-required personal information (medical history, records) is involved (APPI Enforcement Rules Art. 7(1))")
            case .financial:
                l.pick(
                    ja: "不正に利用されると財産的被害が生じるおそれがある（施行規則第7条第2号）",
                    en: "misuse could cause financial damage (Rules Art. 7(2))")
            case .malicious:
                l.pick(
                    ja: "不正の目的をもって行われたおそれがある行為（不正アクセス・ランサムウェア等）による（施行規則第7条第3号）",
                    en: "caused by an act that may have had an improper purpose (unauthorized access, ransomware, …) (Rules Art. 7(3))")
            case .over1000:
                l.pick(
                    ja: "本人の数が\(threshold.formatted3)人を超える（施行規則第7条第4号）",
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

    /// When the preliminary and final reports are due, counted from `awareOn`.
    public struct Deadlines: Sendable, Equatable {
        /// Day 1 of the count: the facility-time-zone date of awareness.
        public var awareOn: Day
        /// Reminders for the preliminary report start here (day 3).
        public var preliminaryRemindFrom: Day
        /// The preliminary target (day 5): a target, "promptly", never moved to an open day.
        public var preliminaryTarget: Day
        /// 30, or 60 when `malicious` applies.
        public var finalDays: Int
        /// The 30th (60th) day, counting the awareness day as day 1, before any move.
        public var finalDay: Day
        /// The legal due date: `finalDay`, or the next day that is not a 行政機関の休日.
        public var finalDue: Day
        /// Why `finalDay` is closed, when `finalDue` was moved past it.
        public var finalMovedBecause: AdministrativeCalendar.Closure?
        /// Years the move looked at whose national holidays are not in the table
        /// (only weekends and the year-end closure were seen there).
        public var yearsWithoutHolidays: [Int]

        /// The unmoved day, recommended as the target when the due date was moved; else nil.
        public var finalTarget: Day? { finalMovedBecause == nil ? nil : finalDay }
    }

    /// The due dates counted from `awareOn`, the facility-time-zone date of awareness:
    /// the one function behind `leak assess`, `status` and the report drafts.
    ///
    /// The PPC counts the awareness day as day 1 (guidelines 通則編 3-5-3-4: *to
    /// confirm*), so day N is `awareOn + (N - 1)`; this replaces Civil Code Art. 140.
    /// - Preliminary (速報): "promptly"; the guidelines' "about 3–5 days" is a target,
    ///   day 5, with reminders from day 3. A target is not moved for closed days.
    /// - Final (確報), Rules Art. 8(2): day 30, or day 60 when `malicious` applies
    ///   (alone or with other grounds). When that day is a 行政機関の休日 (Saturday,
    ///   Sunday, national holiday, 12/29–1/3), the deadline moves to the next day that
    ///   is not one (行政機関の休日に関する法律 Art. 2).
    ///
    /// Example: aware 2026-04-10 → preliminary target 2026-04-14; final (30): day 30 is
    /// Saturday 2026-05-09 → due Monday 2026-05-11; final (60): 2026-06-08.
    public static func deadlines(awareOn: Day, malicious: Bool, rules: PPCRules = .current) -> Deadlines {
        let finalDays = malicious ? rules.finalDaysMalicious : rules.finalDays
        let finalDay = awareOn.adding(days: finalDays - 1)
        var due = finalDay
        var unknownYears: [Int] = []
        while true {
            if !rules.calendar.knowsHolidays(in: due.year), !unknownYears.contains(due.year) { unknownYears.append(due.year) }
            guard rules.calendar.closure(of: due) != nil else { break }
            due = due.adding(days: 1)
        }
        return Deadlines(
            awareOn: awareOn,
            preliminaryRemindFrom: awareOn.adding(days: rules.preliminaryRemindDay - 1),
            preliminaryTarget: awareOn.adding(days: rules.preliminaryTargetDay - 1),
            finalDays: finalDays, finalDay: finalDay, finalDue: due,
            finalMovedBecause: due == finalDay ? nil : rules.calendar.closure(of: finalDay),
            yearsWithoutHolidays: unknownYears)
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
    public static func decide(
        answers a: LeakAnswers, awareOn: Day, publicBody: Bool, rules: PPCRules = .current,
        language l: Language = .ja
    ) -> LeakDecision {
        let grounds = grounds(a, publicBody: publicBody, rules: rules)
        let required = !grounds.isEmpty
        let dates = deadlines(awareOn: awareOn, malicious: grounds.contains(.malicious), rules: rules)
        let threshold = rules.threshold(publicBody: publicBody)
        var d = LeakDecision(
            reportRequired: required, grounds: grounds, awareOn: awareOn,
            preliminaryDue: dates.preliminaryTarget, finalDue: dates.finalDue,
            notifyIndividuals: rules.notifyIndividuals(reportRequired: required))
        d.preliminaryRemindFrom = dates.preliminaryRemindFrom
        d.finalDays = dates.finalDays
        d.finalTarget = dates.finalTarget
        d.deadlines = dates
        d.peopleThreshold = threshold
        d.encryptionExemption = a.leak != .no && a.encrypted
        d.answers = a.recorded

        var reasons: [String] = []
        if a.leak == .no {
            reasons.append(
                l.pick(
                    ja: "個人データの漏えい等は発生しておらず、そのおそれもないため、報告・本人通知は不要です（個人情報保護法第26条）。状況が変わったら再判定してください。",
                    en:
                        "No leak, loss or damage of personal data has occurred or may have occurred: no report or notice (APPI Art. 26). Reassess if that changes."
                ))
        } else if a.encrypted {
            reasons.append(
                l.pick(
                    ja: "高度な暗号化等で本人の権利利益が保護されているため、施行規則第7条各号のすべてから除かれ、報告は不要です。攻撃者による暗号化は該当しません。鍵が漏れていないことを確認してください。",
                    en:
                        "Strong encryption protects the individuals' rights, which takes the case out of every item of Rules Art. 7: no report. The attacker's encryption does not count; make sure the key is safe."
                ))
        } else if grounds.isEmpty {
            reasons.append(
                l.pick(
                    ja: "漏えい等（またはそのおそれ）はありますが、施行規則第7条のいずれにも当たらないため、個人情報保護委員会への報告義務はありません（任意の報告は可能）。",
                    en:
                        "A leak (or a possible one) exists but none of Rules Art. 7's cases applies: no duty to report to the PPC (a voluntary report is possible)."
                ))
        } else {
            if a.leak == .suspected {
                reasons.append(
                    l.pick(
                        ja: "漏えい等の「おそれ」の段階でも報告対象です（施行規則第7条「発生し、又は発生したおそれがある事態」）。",
                        en: "A possible leak counts as a leak (Rules Art. 7: \"has occurred or may have occurred\")."))
            }
            for g in grounds { reasons.append("・" + g.explanation(threshold: threshold, l)) }
            if publicBody {
                // An administrative organ's duties rest on APPI Art. 68 and Rules Art. 43–45 (DOMAIN §7).
                let report = rules.citation(.final, publicBody: true), notice = rules.citation(.notice, publicBody: true)
                reasons.append(
                    l.pick(
                        ja:
                            "個人情報保護委員会への報告が必要です（\(report.ja)）。速報は\(DeadlineText.preliminary(dates, style: .short, l))。確報は認知日を1日目として\(dates.finalDays)日以内: \(DeadlineText.final(dates, style: .short, l))。",
                        en:
                            "A report to the PPC is required (\(report.en)). Preliminary: \(DeadlineText.preliminary(dates, style: .short, l)). Final: within \(dates.finalDays) days counting the day of awareness as day 1, \(DeadlineText.final(dates, style: .short, l))."
                    ))
                if d.notifyIndividuals {
                    reasons.append(
                        l.pick(
                            ja: "本人への通知も必要です（\(notice.ja)）。通知が困難な場合は公表と問い合わせ窓口の設置で代えられます。",
                            en: "Individuals must be notified too (\(notice.en)); where notice is difficult, publication with an enquiry desk may substitute."))
                }
            } else {
                reasons.append(
                    l.pick(
                        ja:
                            "個人情報保護委員会への報告が必要です（個人情報保護法第26条第1項）。速報は\(DeadlineText.preliminary(dates, style: .short, l))。確報は認知日を1日目として\(dates.finalDays)日以内（施行規則第8条第2項）: \(DeadlineText.final(dates, style: .short, l))。",
                        en:
                            "A report to the PPC is required (APPI Art. 26(1)). Preliminary: \(DeadlineText.preliminary(dates, style: .short, l)). Final: within \(dates.finalDays) days counting the day of awareness as day 1 (Rules Art. 8(2)), \(DeadlineText.final(dates, style: .short, l))."
                    ))
                if d.notifyIndividuals {
                    reasons.append(
                        l.pick(
                            ja: "本人への通知も必要です（同法第26条第2項、施行規則第10条）。通知が困難な場合は公表と問い合わせ窓口の設置で代えられます。",
                            en:
                                "Individuals must be notified too (APPI Art. 26(2), Rules Art. 10); where notice is difficult, publication with an enquiry desk may substitute."
                        ))
                }
            }
        }
        d.reasons = reasons

        var warnings: [String] = []
        if required, let unknown = DeadlineText.unknownHolidays(dates, rules: rules, l) { warnings.append(unknown) }
        if a.leak != .no && a.encrypted && a.malicious {
            warnings.append(
                l.pick(
                    ja: "暗号化による除外は、施設側が高度な暗号化をかけ、鍵が漏れていない場合に限ります。ランサムウェア（攻撃者）による暗号化は除外になりません。確かでなければ「暗号化で保護」を「いいえ」として再判定してください。",
                    en:
                        "The encryption exemption only covers the institution's own strong encryption with a safe key. Encryption by ransomware (the attacker) never exempts. If unsure, reassess answering no to the encryption question."
                ))
        }
        if publicBody {
            warnings.append(
                l.pick(
                    ja: "行政機関等（公的病院など）は行政機関等向けの規定（個人情報保護法第68条等）に従います。ここに示した規則がそのまま当てはまらない場合があります。",
                    en: "Public bodies follow the rules for administrative organs (APPI Art. 68 etc.); the rules shown here may not apply as is."))
        }
        d.warnings = warnings
        return d
    }

    /// The decision of the incident's latest assessment (a reassessment supersedes the
    /// earlier ones, which stay in the timeline), or nil when none was made.
    public static func decision(for s: IncidentState, language l: Language = .ja, today: Day? = nil) -> LeakDecision? {
        guard let record = s.leakAssessment, let answers = try? LeakAnswers(record.value.answers) else { return nil }
        var d = decide(
            answers: answers, awareOn: Timestamp.day(of: s.awareAt, in: s.timeZone),
            publicBody: s.profile?.facility.publicBody ?? false, language: l)
        d.assessedAt = Timestamp.iso(record.at, in: s.timeZone)
        d.assessmentSeq = record.seq
        d.basis = record.value.basis
        // Ransomware operators commonly copy data before encrypting it: while an attack
        // is suspected, "no leak" settles nothing without a recorded basis (DOMAIN §7).
        if answers.leak == .no, record.value.basis == nil, s.runbook.signal(.attackSuspected, answers: s.answerValues) {
            d.basisMissing = true
            d.warnings =
                (d.warnings ?? []) + [
                    l.pick(
                        ja: "根拠未記録: サイバー攻撃が疑われる間は、「漏えいなし」には根拠（誰が、どのログを調べ、何がわかったか）の記録が必要です。記録するまで判定は未了として扱います。",
                        en:
                            "Basis not recorded: while an attack is suspected, \"no leak\" needs a recorded basis (who investigated, which logs, what was found). Until then the assessment stays owed."
                    )
                ]
        }
        guard let today else { return d }
        d = d.asOf(today)
        // Nothing submitted is ever called overdue (a final report first settles the preliminary too).
        let final = s.submissions[ObligationKind.ppcFinal.rawValue] != nil
        if final || s.submissions[ObligationKind.ppcPreliminary.rawValue] != nil { d.overdue?.removeAll { $0 == "preliminary" } }
        if final { d.overdue?.removeAll { $0 == "final" } }
        return d
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
