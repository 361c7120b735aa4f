import Foundation
import Synchronization

/// What this store remembers for the people using it, outside the record: the
/// current incident (`use ID`) and the operator's name (asked once by
/// `declare` and `guide`).
///
/// Kept in a small private file beside the store (`<store>.local.json`, 0600),
/// never in the hash-chained log: choosing which incident a terminal works on
/// is not an event of that incident. The file is replaced whole (a new file,
/// then a rename), and anything in it is checked on use: an unknown incident
/// is ignored, a name longer than 100 characters or with control characters is.
public struct LocalSettings: Codable, Equatable, Sendable {
    /// The incident commands act on when `--incident` and `INCIDENT_ID` are not given.
    public var currentIncident: String?
    /// The name recorded as `actor` when `--by` and `INCIDENT_ACTOR` are not given.
    public var operatorName: String?
    /// When a person chose `currentIncident` (`use`); nil when a declaration made it
    /// current. A choice made after a drill started settles which of the two
    /// open incidents a command acts on (`IncidentChoice`).
    public var currentChosenAt: Date?
    /// When `operatorName` was last given or confirmed: a name older than
    /// `operatorNameLifetime` is asked again on a terminal (shifts change).
    public var operatorNamedAt: Date?
    /// Incidents whose log a read found broken (and not yet acknowledged): their
    /// next write checks the whole chain, not only the tail after the snapshot,
    /// so that it is refused until the break is acknowledged.
    public var brokenIncidents: [String]?

    /// How long a remembered operator name is used without asking again (8 hours: one shift).
    public static let operatorNameLifetime: TimeInterval = 8 * 3600

    public init(currentIncident: String? = nil, operatorName: String? = nil, currentChosenAt: Date? = nil, operatorNamedAt: Date? = nil) {
        (self.currentIncident, self.operatorName) = (currentIncident, operatorName)
        (self.currentChosenAt, self.operatorNamedAt) = (currentChosenAt, operatorNamedAt)
    }

    /// Whether the remembered name is older than a shift at `now` (a name with no date is).
    public func operatorNameIsStale(now: Date) -> Bool {
        guard operatorName != nil else { return false }
        guard let at = operatorNamedAt else { return true }
        return now.timeIntervalSince(at) > Self.operatorNameLifetime
    }

    /// The settings file of the store at `storePath`.
    public static func path(forStore storePath: String) -> String { storePath + ".local.json" }

    /// The settings of the store at `storePath`; empty when there are none or the file is unreadable.
    public static func load(store storePath: String) -> LocalSettings {
        let path = path(forStore: storePath)
        // A long-running process (the board) reads the file again only when it changed.
        let stamp = StateCache.FileStamp(path: path)
        if let stamp, let known = loaded.withLock({ $0[path] }), known.stamp == stamp { return known.settings }
        let settings = read(path)
        if let stamp { loaded.withLock { $0[path] = (stamp, settings) } } else { loaded.withLock { $0[path] = nil } }
        return settings
    }

    /// The settings last read from each file, with the file's stamp then
    /// (replaced whole by a rename, so a new inode, whenever it is saved).
    private static let loaded = Mutex<[String: (stamp: StateCache.FileStamp, settings: LocalSettings)]>([:])

    private static func read(_ path: String) -> LocalSettings {
        // At most 4 KiB is read: a planted huge file cannot stall every command.
        guard let handle = FileHandle(forReadingAtPath: path) else { return LocalSettings() }
        defer { try? handle.close() }
        guard let data = try? handle.read(upToCount: 4097), data.count <= 4096,
            var s = try? JSONDecoder().decode(LocalSettings.self, from: data)
        else { return LocalSettings() }
        if let name = s.operatorName, !Self.isAcceptableName(name) { s.operatorName = nil }
        if let id = s.currentIncident, id.count > 64 || id.contains(where: { $0.isNewline || $0.isWhitespace }) { s.currentIncident = nil }
        return s
    }

    /// A name people may give as the operator: not empty, at most 64 characters
    /// (what a record takes as who did it), no control characters.
    public static func isAcceptableName(_ name: String) -> Bool {
        let t = name.trimmingCharacters(in: .whitespaces)
        return !t.isEmpty && t.count <= IncidentMachine.maxActorCharacters
            && !t.unicodeScalars.contains { $0.properties.generalCategory == .control || IncidentMachine.isBidiControl($0) }
    }

    /// Replaces the settings of the store at `storePath` (0600, written in full, then renamed into place).
    public func save(store storePath: String) throws(IncidentError) {
        let path = Self.path(forStore: storePath)
        let temporary = path + ".new-\(getpid())"
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        guard let data = try? encoder.encode(self) else { throw .fileUnwritable(path, reason: "encoding") }
        unlink(temporary)
        try PrivateFile.write(Array(data) + [10], toNew: temporary)
        if rename(temporary, path) != 0 {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw .fileUnwritable(path, reason: reason)
        }
    }
}
