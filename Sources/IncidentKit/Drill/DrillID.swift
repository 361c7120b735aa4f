/// How drills are told apart from real incidents: by their ID, which every
/// event row carries and the hash chain covers (`DRILL-YYYYMMDD-N`), and by the
/// drill marking of their declaration; the state machine refuses a declaration
/// where the two disagree.
public enum DrillID {
    public static let prefix = "DRILL-"
    /// The prefix of real incidents' IDs.
    public static let incidentPrefix = "INC-"

    public static func isDrill(_ id: String) -> Bool { id.uppercased().hasPrefix(prefix) }

    /// Allowed `--speed` values: real time up to one hour of scenario per minute.
    public static let speeds: ClosedRange<Double> = 1...60
}
