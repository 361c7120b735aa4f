import Foundation

/// Each checklist item with its latest answer and what needs attention, as of
/// `today` in the facility's time zone: what `checklist` shows.
public struct ChecklistStatus: Sendable, Equatable {
    /// Why an item needs attention.
    public enum Flag: String, Sendable, Codable, CaseIterable {
        /// いいえ with no 目標日: the form asks for a target date for every いいえ.
        case noTarget = "no-target"
        /// The 目標日 has passed and the item is still いいえ.
        case targetPassed = "target-passed"
        /// 記入不要 on an item the form does not allow to be left blank (an older edition's answer).
        case blankNotAllowed = "blank-not-allowed"

        public func message(_ l: Language) -> String {
            switch self {
            case .noTarget: l.pick(ja: "いいえ なのに目標日がありません", en: "no, without a target date")
            case .targetPassed: l.pick(ja: "目標日を過ぎています", en: "the target date has passed")
            case .blankNotAllowed: l.pick(ja: "この項目は記入不要にできません", en: "this item cannot be left blank")
            }
        }
    }

    public struct Row: Sendable, Equatable {
        public var item: Checklist.Item
        public var entry: ReadinessLog.Entry?
        public var flags: [Flag]
        public var answer: ChecklistAnswer? { entry?.answer.answer }
    }

    public var checklist: Checklist
    public var rows: [Row]
    public var today: Day

    public init(checklist: Checklist, log: ReadinessLog, today: Day) {
        self.checklist = checklist
        self.today = today
        let answers = log.answers(of: checklist.id)
        rows = checklist.items.map { item in
            let entry = answers[item.id]
            var flags: [Flag] = []
            if let a = entry?.answer {
                if a.answer == .no && a.target == nil { flags.append(.noTarget) }
                if a.answer == .no, let t = a.target, t < today { flags.append(.targetPassed) }
                if a.answer == .na && !item.blankWithoutVendorContract { flags.append(.blankNotAllowed) }
            }
            return Row(item: item, entry: entry, flags: flags)
        }
    }

    public var answered: Int { rows.filter { $0.entry != nil }.count }
    public var total: Int { rows.count }
    /// Items not yet はい (or an allowed 記入不要): what is left to do this year.
    public var open: [Row] { rows.filter { $0.answer == nil || $0.answer == .no || !$0.flags.isEmpty } }
    public var flagged: [Row] { rows.filter { !$0.flags.isEmpty } }

    /// `checklist --json`: `{"items": [...], "answered", "total"}`.
    public struct JSON: Encodable, Sendable {
        public struct Item: Encodable, Sendable {
            public var id: String
            public var group: String
            public var text: String
            public var answer: ChecklistAnswer?
            public var checked: Day?
            public var target: Day?
            public var note: String?
            public var flags: [Flag]

            public func encode(to encoder: Encoder) throws {
                // Absent values are written as null: the contract lists every key.
                var c = encoder.container(keyedBy: Key.self)
                try c.encode(id, forKey: .id)
                try c.encode(group, forKey: .group)
                try c.encode(text, forKey: .text)
                try c.encode(answer, forKey: .answer)
                try c.encode(checked, forKey: .checked)
                try c.encode(target, forKey: .target)
                try c.encode(note, forKey: .note)
                try c.encode(flags, forKey: .flags)
            }
            enum Key: String, CodingKey { case id, group, text, answer, checked, target, note, flags }
        }
        public var items: [Item]
        public var answered: Int
        public var total: Int
    }

    public func json(_ l: Language) -> JSON {
        JSON(
            items: rows.map { r in
                let a = r.entry?.answer
                return .init(
                    id: r.item.id, group: r.item.group, text: r.item.text(l), answer: a?.answer, checked: a?.checked, target: a?.target,
                    note: a?.note, flags: r.flags)
            }, answered: answered, total: total)
    }
}
