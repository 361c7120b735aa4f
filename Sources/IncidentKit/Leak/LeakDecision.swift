/// The PPC leak-report decision, shaped as `leak assess --json` and `status.leak`
/// (public contract).
public struct LeakDecision: Codable, Sendable, Equatable {
    public var reportRequired: Bool
    /// Grounds of APPI Rules Art. 7 that apply: `sensitive`, `financial`, `malicious`, `over1000`.
    public var grounds: [String]
    public var awareOn: Day
    public var preliminaryDue: Day
    public var finalDue: Day
    public var notifyIndividuals: Bool
}
