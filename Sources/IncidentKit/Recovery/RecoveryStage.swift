import Foundation

/// Where one system stands on its way back (DOMAIN.md §8, recovery in practice):
/// isolate → investigate (preserve evidence) → rebuild or clean → restore from a
/// backup known clean → verify → back in use. Stages may be recorded out of
/// order or skipped; the raw values are stored in events and shown in JSON.
public enum RecoveryStage: String, Sendable, Codable, CaseIterable, Comparable {
    case isolated, investigated, rebuilt, restored, verified
    case inUse = "in-use"

    /// The stages in their usual order.
    var rank: Int { Self.allCases.firstIndex(of: self)! }

    public static func < (a: RecoveryStage, b: RecoveryStage) -> Bool { a.rank < b.rank }

    /// Moving to this stage puts data back onto a machine: evidence first (checklist 4-2).
    public var needsEvidence: Bool { self == .rebuilt || self == .restored }

    /// The stage after this one, nil when the system is back in use.
    public var next: RecoveryStage? { self == .inUse ? nil : Self.allCases[rank + 1] }

    public func label(_ l: Language) -> String {
        switch self {
        case .isolated: l.pick(ja: "隔離", en: "isolated")
        case .investigated: l.pick(ja: "調査済み", en: "investigated")
        case .rebuilt: l.pick(ja: "再構築", en: "rebuilt")
        case .restored: l.pick(ja: "データ復元", en: "restored")
        case .verified: l.pick(ja: "動作確認済み", en: "verified")
        case .inUse: l.pick(ja: "利用再開", en: "back in use")
        }
    }

    /// What to do to reach this stage, as a phrase (「調査する」).
    public func task(_ l: Language) -> String {
        switch self {
        case .isolated: l.pick(ja: "ネットワークから隔離する", en: "isolate it from the network")
        case .investigated: l.pick(ja: "原因と侵入経路を調査する（証拠を保全）", en: "investigate the cause and the way in (preserve evidence)")
        case .rebuilt: l.pick(ja: "再構築・駆除する", en: "rebuild or clean it")
        case .restored: l.pick(ja: "安全なバックアップから復元する", en: "restore it from a backup known clean")
        case .verified: l.pick(ja: "動作とデータを確認する", en: "verify it works and the data is right")
        case .inUse: l.pick(ja: "利用を再開する", en: "put it back in use")
        }
    }

    /// The value or its Japanese label (`隔離`, `利用再開`).
    public init?(input: String) {
        let t = input.trimmingCharacters(in: .whitespaces)
        if let s = RecoveryStage(rawValue: t.lowercased()) {
            self = s
            return
        }
        if t.lowercased() == "inuse" || t.lowercased() == "in_use" {
            self = .inUse
            return
        }
        guard let s = Self.allCases.first(where: { $0.label(.ja) == t }) else { return nil }
        self = s
    }
}
