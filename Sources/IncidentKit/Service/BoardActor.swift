import Foundation

/// Who wrote an event through the web board: the person's name and the
/// device's label, recorded in the event's `actor` as 「田中（受付iPhone・ボード）」.
///
/// The actor is one of the fields the hash chain covers, so the name, the
/// device and the board origin are covered too, and the store's format (and
/// every earlier hash) is unchanged: no new payload field, nothing absent from
/// CLI events to tell apart. `・ボード）` closes the string; a name or device
/// label may hold no parenthesis, so the string reads back unambiguously.
public struct BoardActor: Sendable, Equatable {
    public var name: String
    public var device: String

    /// What ends every board actor: the origin.
    public static let originMark = "・ボード）"

    /// A person and a device as typed, trimmed and checked: neither empty, no
    /// control characters, no parentheses (which delimit the device).
    public init(name: String, device: String) throws(IncidentError) {
        let n = name.trimmingCharacters(in: .whitespacesAndNewlines)
        let d = device.trimmingCharacters(in: .whitespacesAndNewlines)
        try Self.check(n, field: .actor)
        try Self.check(d, field: .device)
        (self.name, self.device) = (n, d)
    }

    /// The longest name or device label, in characters.
    public static let maxLength = 40

    static func check(_ text: String, field: InputField) throws(IncidentError) {
        try IncidentMachine.checkText(text, field: field)
        if text.count > maxLength { throw .textTooLong(field: field, limit: maxLength) }
        if text.contains(where: { "()（）\n\t".contains($0) }) { throw .invalidCharacters(field: field) }
    }

    /// The event's `actor`: 「田中（受付iPhone・ボード）」.
    public var recorded: String { "\(name)（\(device)\(Self.originMark)" }

    /// The board actor an event's `actor` names, or nil when it was written elsewhere.
    public static func parse(_ actor: String) -> BoardActor? {
        guard actor.hasSuffix(originMark), let open = actor.firstIndex(of: "（") else { return nil }
        let name = String(actor[..<open])
        let device = String(actor[actor.index(after: open)..<actor.index(actor.endIndex, offsetBy: -originMark.count)])
        return try? BoardActor(name: name, device: device)
    }
}
