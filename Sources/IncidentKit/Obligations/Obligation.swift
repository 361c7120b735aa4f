import Foundation

/// A report or notice the facility owes someone after the first hour (DOMAIN.md §5).
/// The raw values are stored in `submitted` events and shown in JSON: never rename one.
public enum ObligationKind: String, Sendable, Codable, CaseIterable {
    case mhlw
    case mhlwFollowup = "mhlw-followup"
    case police
    case ppcPreliminary = "ppc-preliminary"
    case ppcFinal = "ppc-final"
    case individualNotice = "individual-notice"
    case publicNotice = "public-notice"
    case insurer

    public func title(_ l: Language) -> String {
        switch self {
        case .mhlw: l.pick(ja: "厚生労働省への第一報", en: "first contact to MHLW")
        case .mhlwFollowup: l.pick(ja: "厚生労働省への続報", en: "MHLW follow-up report")
        case .police: l.pick(ja: "警察への相談・被害届", en: "police consultation")
        case .ppcPreliminary: l.pick(ja: "個人情報保護委員会への速報", en: "PPC preliminary report")
        case .ppcFinal: l.pick(ja: "個人情報保護委員会への確報", en: "PPC final report")
        case .individualNotice: l.pick(ja: "本人への通知", en: "notice to individuals")
        case .publicNotice: l.pick(ja: "公表（ホームページ等）", en: "public notice (website)")
        case .insurer: l.pick(ja: "サイバー保険の事故通知", en: "cyber-insurance notice")
        }
    }

    /// Why it is owed, in a few words with the source.
    public func basis(_ l: Language) -> String {
        switch self {
        case .mhlw: l.pick(ja: "サイバー攻撃が疑われるときは速やかに（厚生労働省の通知・注意喚起）", en: "promptly once an attack is suspected (MHLW notices)")
        case .mhlwFollowup: l.pick(ja: "状況が変わるたびに終息まで（期限なし）", en: "as the situation develops, until closure (no fixed deadline)")
        case .police: l.pick(ja: "推奨（都道府県警察のサイバー犯罪相談窓口）", en: "recommended (prefectural police cyber-crime desk)")
        case .ppcPreliminary: l.pick(ja: "個人情報保護法第26条第1項、施行規則第8条第1項（速やかに）", en: "APPI Art. 26(1), Rules Art. 8(1) (promptly)")
        case .ppcFinal: l.pick(ja: "個人情報保護法第26条第1項、施行規則第8条第2項", en: "APPI Art. 26(1), Rules Art. 8(2)")
        case .individualNotice: l.pick(ja: "個人情報保護法第26条第2項、施行規則第10条（状況に応じて速やかに）", en: "APPI Art. 26(2), Rules Art. 10 (promptly, as the situation allows)")
        case .publicNotice: l.pick(ja: "本人への通知が困難な場合の代替措置（同法第26条第2項ただし書）", en: "substitute where notice is difficult (APPI Art. 26(2) proviso)")
        case .insurer: l.pick(ja: "保険契約の通知義務（施設プロファイル）", en: "the policy's notice duty (facility profile)")
        }
    }

    /// How a submission channel reads.
    public static func channelName(_ c: EventBody.Submitted.Channel, _ l: Language) -> String {
        switch c {
        case .form: l.pick(ja: "フォーム", en: "form")
        case .email: l.pick(ja: "メール", en: "e-mail")
        case .phone: l.pick(ja: "電話", en: "phone")
        case .post: l.pick(ja: "郵送", en: "post")
        case .web: l.pick(ja: "ウェブ掲載", en: "web")
        case .inPerson: l.pick(ja: "持参・対面", en: "in person")
        }
    }

    /// Parses a kind name, or refuses with the list.
    public static func named(_ name: String) throws(IncidentError) -> ObligationKind {
        guard let k = ObligationKind(rawValue: name) else {
            throw .unknownObligationKind(name, available: allCases.map(\.rawValue))
        }
        return k
    }
}

/// Every submission of one obligation kind, summarised (the state keeps no list).
public struct SubmissionSummary: Sendable, Equatable, Codable {
    public struct Entry: Sendable, Equatable, Codable {
        public var at: Date
        public var seq: Int64
        public var channel: EventBody.Submitted.Channel?
        public var ref: String?
        public var actor: String
        public var followUpRequested: Bool
    }

    public var kind: String
    public var count: Int
    /// The earliest submission (by occurrence, then number).
    public var first: Entry
    /// The latest submission (by occurrence, then number).
    public var last: Entry

    init(kind: String, entry: Entry) {
        self.kind = kind
        count = 1
        first = entry
        last = entry
    }

    mutating func add(_ e: Entry) {
        count += 1
        if (e.at, e.seq) < (first.at, first.seq) { first = e }
        if (e.at, e.seq) >= (last.at, last.seq) { last = e }
    }

    /// A correction moved event `seq` to `time`.
    mutating func move(_ seq: Int64, to time: Date) {
        if first.seq == seq { first.at = time }
        if last.seq == seq { last.at = time }
        if (last.at, last.seq) < (first.at, first.seq) { swap(&first, &last) }
    }
}

/// One obligation as `status --json` shows it (public contract).
public struct Obligation: Sendable, Equatable, Codable {
    public enum State: String, Sendable, Codable {
        case pending, submitted
        case followUpRequested = "follow-up-requested"
    }

    public var kind: ObligationKind
    public var title: String
    public var basis: String
    /// The legal due date, or the target date for a target such as the 速報 (YYYY-MM-DD).
    public var due: String?
    /// The unmoved 30th/60th day when `due` was moved past a closed day.
    public var target: String?
    /// The day reminders start.
    public var remindFrom: String?
    public var state: State
    public var submittedAt: String?
    public var channel: EventBody.Submitted.Channel?
    public var ref: String?
    /// `due` is a target to meet ("promptly"), not a legal due date.
    public var dueIsTarget: Bool
    /// Days from today to `due` (negative when past).
    public var daysLeft: Int?
    /// `due` in words, as `DeadlineText` writes it.
    public var dueText: String?

    enum CodingKeys: String, CodingKey {
        case kind, title, basis, due, target, remindFrom, state, submittedAt, channel, ref, dueIsTarget, daysLeft, dueText
    }

    public func encode(to encoder: Encoder) throws {
        // Absent values are null, never missing (public contract).
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(kind, forKey: .kind)
        try c.encode(title, forKey: .title)
        try c.encode(basis, forKey: .basis)
        try c.encode(due, forKey: .due)
        try c.encode(target, forKey: .target)
        try c.encode(remindFrom, forKey: .remindFrom)
        try c.encode(state, forKey: .state)
        try c.encode(submittedAt, forKey: .submittedAt)
        try c.encode(channel, forKey: .channel)
        try c.encode(ref, forKey: .ref)
        try c.encode(dueIsTarget, forKey: .dueIsTarget)
        try c.encode(daysLeft, forKey: .daysLeft)
        try c.encode(dueText, forKey: .dueText)
    }

    public var isOpen: Bool { state != .submitted }
}

/// Which obligations apply to an incident, and where each stands. Driven by the
/// runbook's signals and the leak decision, never by question ids.
public enum Obligations {
    /// The obligations of `s` as of `today` (facility date), in a fixed order.
    public static func of(_ s: IncidentState, today: Day, language l: Language) -> [Obligation] {
        let tz = s.timeZone
        let answers = s.answerValues
        let attack = s.runbook.signal(.attackSuspected, answers: answers)
        let decision = LeakRules.decision(for: s, language: l)
        var out: [Obligation] = []

        func make(
            _ kind: ObligationKind, due: Day? = nil, target: Day? = nil, remindFrom: Day? = nil, dueIsTarget: Bool = false,
            dueText: String? = nil, settledBy other: SubmissionSummary.Entry? = nil
        ) -> Obligation {
            let publicBody = s.profile?.facility.publicBody ?? false
            let duty: PPCRules.Duty? =
                switch kind {
                case .ppcPreliminary: .preliminary
                case .ppcFinal: .final
                case .individualNotice: .notice
                default: nil
                }
            // Citations follow the body: a public body's duties rest on APPI Art. 68.
            let basis = duty.map { PPCRules.current.citation($0, publicBody: publicBody) }.map { l.pick(ja: $0.ja, en: $0.en) } ?? kind.basis(l)
            var o = Obligation(
                kind: kind, title: kind.title(l), basis: basis, due: due?.description,
                target: target?.description, remindFrom: remindFrom?.description, state: .pending, dueIsTarget: dueIsTarget,
                daysLeft: due.map { today.days(until: $0) }, dueText: dueText)
            if let sub = s.submissions[kind.rawValue], kind == .mhlw, let other, other.at < sub.first.at, !sub.last.followUpRequested {
                // The first report is the earliest: a call that reached the ministry (or an
                // e-mail) before the first `submit mhlw` is the first report (DOMAIN §5).
                o.state = .submitted
                o.submittedAt = Timestamp.iso(other.at, in: tz)
                o.channel = other.channel
            } else if let sub = s.submissions[kind.rawValue] {
                o.state = sub.last.followUpRequested ? .followUpRequested : .submitted
                o.submittedAt = Timestamp.iso(sub.last.at, in: tz)
                o.channel = sub.last.channel
                o.ref = sub.last.ref
            } else if let other {
                o.state = .submitted
                o.submittedAt = Timestamp.iso(other.at, in: tz)
                o.channel = other.channel
                o.ref = other.ref
            }
            return o
        }

        if attack || s.submissions[ObligationKind.mhlw.rawValue] != nil {
            // A call that reached the ministry, or an e-mail sent to it, is the first contact.
            let contact = s.contacts["mhlw"]?.firstSent.map { a in
                SubmissionSummary.Entry(
                    at: a.at, seq: a.seq, channel: a.outcome == .emailSent ? .email : .phone, ref: nil, actor: a.actor,
                    followUpRequested: false)
            }
            let first = make(.mhlw, settledBy: contact)
            out.append(first)
            if first.state != .pending {
                out.append(make(.mhlwFollowup))
            }
        }
        if attack || s.submissions[ObligationKind.police.rawValue] != nil {
            // A call that reached the police, or the runbook's answer that they were consulted, settles it.
            let reached = s.contacts["police"]?.firstReached.map { a in
                SubmissionSummary.Entry(at: a.at, seq: a.seq, channel: .phone, ref: nil, actor: a.actor, followUpRequested: false)
            }
            let consulted = s.runbook.signalRaisedAt(.policeConsulted, answers: s.answersSince).map { at in
                SubmissionSummary.Entry(at: at, seq: 0, channel: nil, ref: nil, actor: "", followUpRequested: false)
            }
            out.append(make(.police, settledBy: reached ?? consulted))
        }
        // A filed 速報 stays filed when the leak is later ruled out, and the 確報 stays
        // owed: it tells the PPC the outcome (DOMAIN §7).
        let filed = s.submissions[ObligationKind.ppcPreliminary.rawValue] != nil
        if let d = decision, d.reportRequired || filed,
            let dates = d.deadlines ?? (filed ? LeakRules.deadlines(awareOn: Timestamp.day(of: s.awareAt, in: tz), malicious: false) : nil)
        {
            let final = s.submissions[ObligationKind.ppcFinal.rawValue]
            // A final report submitted first also settles the preliminary (PPC guidelines 3-5-3-3).
            out.append(
                make(
                    .ppcPreliminary, due: dates.preliminaryTarget, remindFrom: dates.preliminaryRemindFrom, dueIsTarget: true,
                    dueText: DeadlineText.preliminary(dates, style: .short, l), settledBy: final?.first))
            out.append(
                make(
                    .ppcFinal, due: dates.finalDue, target: dates.finalTarget, remindFrom: dates.finalDue.adding(days: -7),
                    dueText: DeadlineText.final(dates, style: .short, l)))
        }
        if let d = decision, d.notifyIndividuals {
            let notice = make(.individualNotice)
            out.append(notice)
            // Publication substitutes for notice where notice is difficult: owed until notice is given.
            if notice.state == .pending || s.submissions[ObligationKind.publicNotice.rawValue] != nil {
                out.append(make(.publicNotice))
            }
        }
        if let days = s.profile?.insurance?.noticeDays, attack || decision?.reportRequired == true || s.submissions[ObligationKind.insurer.rawValue] != nil {
            let awareOn = Timestamp.day(of: s.awareAt, in: tz)
            let due: Day? = awareOn.adding(days: days - 1)
            out.append(
                make(
                    .insurer, due: due, remindFrom: due.map { $0.adding(days: -2) },
                    dueText: due.map {
                        l.pick(
                            ja: "期限 \(DeadlineText.date($0, weekday: true, style: .short, awareOn: awareOn, l))（保険契約）",
                            en: "due \(DeadlineText.date($0, weekday: true, style: .short, awareOn: awareOn, l)) (policy)")
                    }))
        }
        return out
    }

    /// The open obligation with a due date or target within `days` (or past),
    /// earliest first; the first thing to do when there is one.
    public static func urgent(_ obligations: [Obligation], within days: Int = 2) -> Obligation? {
        obligations.filter { $0.isOpen && ($0.daysLeft.map { $0 <= days } ?? false) }
            .min { ($0.daysLeft ?? 0, $0.kind.rawValue) < ($1.daysLeft ?? 0, $1.kind.rawValue) }
    }

    /// One line for `status`: 「速やかに（目安: 遅くとも 11/29）あと4日」, 「提出済 11/26 10:00（フォーム） 受付番号 …」.
    public static func line(_ o: Obligation, _ l: Language) -> String {
        switch o.state {
        case .submitted:
            let via = o.channel.map { l.pick(ja: "（\(ObligationKind.channelName($0, l))）", en: " (\(ObligationKind.channelName($0, l)))") } ?? ""
            let at = o.submittedAt.map { String($0.prefix(16)).replacingOccurrences(of: "T", with: " ") } ?? ""
            let ref = o.ref.map { l.pick(ja: " 受付番号等 \($0)", en: " ref \($0)") } ?? ""
            let prefix = o.kind == .mhlwFollowup ? l.pick(ja: "前回 ", en: "last ") : l.pick(ja: "提出済 ", en: "submitted ")
            return prefix + at + via + ref
        case .pending, .followUpRequested:
            var text = o.state == .followUpRequested ? l.pick(ja: "追加の報告を求められています。", en: "further information requested. ") : ""
            if o.kind == .mhlwFollowup {
                return text + l.pick(ja: "状況が変わったら", en: "when the situation changes")
            }
            text += o.dueText ?? openText(o.kind, l)
            if let left = o.daysLeft {
                if left < 0 {
                    text +=
                        o.dueIsTarget
                        ? l.pick(ja: " 目安を\(-left)日過ぎています", en: " \(-left) day(s) past the target")
                        : l.pick(ja: " 期限超過（\(-left)日）", en: " OVERDUE (\(-left) day(s))")
                } else if left == 0 {
                    text += l.pick(ja: " 本日", en: " today")
                } else {
                    text += l.pick(ja: " あと\(left)日", en: " \(left) day(s) left")
                }
            }
            return text
        }
    }

    /// Where an open obligation without a date stands, in words.
    static func openText(_ k: ObligationKind, _ l: Language) -> String {
        switch k {
        case .mhlw: l.pick(ja: "未連絡（速やかに）", en: "not yet (promptly)")
        case .police: l.pick(ja: "未相談（推奨）", en: "not yet (recommended)")
        case .individualNotice: l.pick(ja: "未通知（状況に応じて速やかに）", en: "not yet (promptly, as the situation allows)")
        case .publicNotice: l.pick(ja: "未掲載（本人への通知が困難な場合は必要）", en: "not yet (needed where notice is difficult)")
        default: l.pick(ja: "未提出", en: "not yet submitted")
        }
    }
}
