import Foundation

/// What the clinic has done, as the record shows it, and what it still owes: the
/// lines a draft may state under 「当院の対応」 (DOMAIN §7: every statement of fact
/// traces to a record; what is planned is worded as planned).
///
/// Built from runbook signals (`isolated`, `policeConsulted`), contact outcomes
/// (reached or e-mailed), submissions and open obligations; never from question ids.
public struct RecordedActions: Sendable, Equatable {
    /// One action done, with when.
    public struct Done: Sendable, Equatable {
        public var at: Date
        public var text: String
    }

    /// Actions done, in time order.
    public var done: [Done]
    /// What is owed and not yet done, worded as planned.
    public var planned: [String]

    /// The actions of `s`: isolation, bodies reached or told, reports filed,
    /// vendors reached; `obligations` gives what is still owed.
    public static func of(_ s: IncidentState, obligations: [Obligation], language l: Language) -> RecordedActions {
        var done: [Done] = []
        if let at = s.runbook.signalRaisedAt(.isolated, answers: s.answersSince) {
            done.append(Done(at: at, text: l.pick(ja: "異常のある端末をネットワークから切り離しました。", en: "We disconnected the affected terminals from the network.")))
        }
        // A body counts as told once a call reached it or an e-mail was sent to it.
        let bodies: [(role: String, ja: String, en: String)] = [
            ("mhlw", "厚生労働省", "the Ministry of Health, Labour and Welfare"),
            ("ppc", "個人情報保護委員会", "the Personal Information Protection Commission"),
            ("police", "警察", "the police"),
        ]
        var told: Set<String> = []
        for b in bodies {
            let kinds: [ObligationKind] =
                switch b.role {
                case "mhlw": [.mhlw, .mhlwFollowup]
                case "ppc": [.ppcPreliminary, .ppcFinal]
                default: [.police]
                }
            let submitted = kinds.compactMap { s.submissions[$0.rawValue]?.first.at }.min()
            let contacted = s.contacts[b.role]?.firstSent?.at
            let consulted = b.role == "police" ? s.runbook.signalRaisedAt(.policeConsulted, answers: s.answersSince) : nil
            guard let at = [submitted, contacted, consulted].compactMap({ $0 }).min() else { continue }
            told.insert(b.role)
            let text =
                b.role == "police"
                ? l.pick(ja: "警察に相談しました。", en: "We consulted the police.")
                : l.pick(ja: "\(b.ja)に報告しました。", en: "We reported to \(b.en).")
            done.append(Done(at: at, text: text))
        }
        // Vendors reached: named, as recorded (an investigation is claimed only by a recorded fact).
        for c in s.contactsInOrder where Role(c.role).vendorKey != nil || Role(c.role).isEveryVendor {
            guard let reached = c.firstReached else { continue }
            let name = Role(c.role).title(profile: s.profile, l)
            done.append(Done(at: reached.at, text: l.pick(ja: "保守業者（\(name)）に連絡し、対応を依頼しました。", en: "We contacted our maintenance vendor (\(name)).")))
        }
        done.sort { $0.at < $1.at }

        var planned: [String] = []
        for o in obligations where o.isOpen {
            switch o.kind {
            case .mhlw where !told.contains("mhlw"):
                planned.append(l.pick(ja: "厚生労働省に報告する予定です。", en: "We will report to the Ministry of Health, Labour and Welfare."))
            case .ppcPreliminary where !told.contains("ppc"):
                planned.append(l.pick(ja: "個人情報保護委員会に報告する予定です。", en: "We will report to the Personal Information Protection Commission."))
            case .police where !told.contains("police"):
                planned.append(l.pick(ja: "警察に相談する予定です。", en: "We will consult the police."))
            default: break
            }
        }
        return RecordedActions(done: done, planned: planned)
    }

    /// The Mustache lists: `actionsDone` [{at, text}], `actionsPlanned` [{text}].
    func values(timeZone tz: TimeZone, _ l: Language) -> [String: Any] {
        [
            "actionsDone": done.map { ["at": ReportContext.time($0.at, tz, l), "text": $0.text] as [String: Any] },
            "actionsPlanned": planned.map { ["text": $0] as [String: Any] },
        ]
    }
}
