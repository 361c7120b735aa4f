import Foundation

/// A self-assessment checklist (the MHLW's yearly cybersecurity checklist), read
/// from `Checklists/<id>.yaml`: groups of items with the form's ids and wording.
public struct Checklist: Sendable, Equatable {
    public struct Group: Sendable, Equatable {
        public var id: String
        public var title: LocalizedText
        public var items: [Item]
    }

    /// What the tool can show beside an item from what it already knows. It is
    /// shown and an answer suggested; it never answers the item.
    public enum Evidence: String, Sendable, Equatable, CaseIterable, Codable {
        case responsiblePerson = "responsible-person"
        case ledger
        case contacts
        case backups
        /// Whether a BCP is imported, complete against the BCP checklist, and rehearsed (item 3-③).
        case bcp
    }

    public struct Item: Sendable, Equatable {
        /// As printed on the form: `2-⑤`.
        public var id: String
        public var group: String
        /// The form's sub-heading (サーバ, 端末PC …), when it has one.
        public var section: LocalizedText?
        public var text: LocalizedText
        /// The form's "※事業者と契約していない場合には、記入不要": 記入不要 is allowed.
        public var blankWithoutVendorContract: Bool
        public var evidence: Evidence?
    }

    public var id: String
    public var edition: LocalizedText
    public var title: LocalizedText
    public var source: LocalizedText?
    public var groups: [Group]

    public var items: [Item] { groups.flatMap(\.items) }

    public func item(_ id: String) -> Item? { items.first { $0.id == id } }

    /// The item `text` names: the form's id (`2-⑤`), or the same with a plain
    /// number (`2-5`), full-width digits or another dash.
    public func resolve(_ text: String) -> Item? {
        guard let key = Self.canonicalID(text) else { return nil }
        return items.first { $0.id == key }
    }

    /// `2-5`, `２－５`, `2-⑤` → `2-⑤`; nil when it is not a group and an item number.
    public static func canonicalID(_ text: String) -> String? {
        var t = ""
        for scalar in text.trimmingCharacters(in: .whitespaces).unicodeScalars {
            switch scalar.value {
            case 0xFF10...0xFF19: t.unicodeScalars.append(Unicode.Scalar(scalar.value - 0xFF10 + 0x30)!)
            case 0x2010...0x2015, 0x2212, 0xFF0D, 0x30FC: t.append("-")
            default: t.unicodeScalars.append(scalar)
            }
        }
        let parts = t.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, let group = Int(parts[0]), group >= 0, String(group) == parts[0] else { return nil }
        let tail = String(parts[1])
        if let n = Int(tail), String(n) == tail, let circled = circled(n) { return "\(group)-\(circled)" }
        if tail.unicodeScalars.count == 1, let s = tail.unicodeScalars.first, circledNumber(s) != nil { return "\(group)-\(tail)" }
        return nil
    }

    /// ①…⑳ for 1…20.
    static func circled(_ n: Int) -> String? {
        guard (1...20).contains(n) else { return nil }
        return String(Unicode.Scalar(0x2460 + UInt32(n - 1))!)
    }

    static func circledNumber(_ s: Unicode.Scalar) -> Int? {
        (0x2460...0x2473).contains(s.value) ? Int(s.value - 0x2460 + 1) : nil
    }
}

/// An answer on the form: はい, いいえ, or 記入不要 (only where the form allows it).
public enum ChecklistAnswer: String, Sendable, Codable, CaseIterable {
    case yes, no, na

    /// `yes`/`no`/`na`, or the form's はい/いいえ/記入不要.
    public init?(input: String) {
        switch input.trimmingCharacters(in: .whitespaces).lowercased() {
        case "yes", "y", "はい": self = .yes
        case "no", "n", "いいえ": self = .no
        case "na", "n/a", "記入不要": self = .na
        default: return nil
        }
    }

    public func label(_ l: Language) -> String {
        switch self {
        case .yes: l.pick(ja: "はい", en: "yes")
        case .no: l.pick(ja: "いいえ", en: "no")
        case .na: l.pick(ja: "記入不要", en: "n/a")
        }
    }
}
