import Foundation
import IncidentKit

/// Reads the store for the board exactly as the CLI's read commands do:
/// the same incident choice, the same reports, the same JSON. It only reads.
struct BoardReader: Sendable {
    let configuration: BoardConfiguration
    private let opened = OpenedStore()

    init(configuration: BoardConfiguration) {
        self.configuration = configuration
    }

    /// What there is to show.
    enum Subject {
        /// No store yet (or one whose creation never finished): nothing was ever recorded.
        case noStore
        /// A store, but no incident to show.
        case noIncident
        /// The incident the CLI's read commands would pick.
        case incident(EventStore, String)
    }

    /// The store, opened once it exists (the server may start before the first `declare`).
    func store() throws(IncidentError) -> EventStore? {
        if let store = opened.store { return store }
        do {
            let store = try EventStore(path: configuration.dbPath, create: false, clock: configuration.clock)
            opened.store = store
            return store
        } catch {
            switch error {
            case .storeMissing, .storeEmpty, .storeIncomplete: return nil
            default: throw error
            }
        }
    }

    /// Makes the store (for a declaration through the board) and keeps it open.
    func createStore() throws(IncidentError) -> EventStore {
        let store = try EventStore(path: configuration.dbPath, create: true, clock: configuration.clock)
        opened.store = store
        return store
    }

    /// The incident to show, by the rule every front end shares (`IncidentChoice`):
    /// `INCIDENT_ID`, else the store's current incident while it is open, else
    /// the one open incident, else the latest.
    func subject() throws(IncidentError) -> Subject {
        guard let store = try store() else { return .noStore }
        do {
            let choice = IncidentChoice(environment: configuration.incidentID, settings: LocalSettings.load(store: configuration.dbPath))
            return .incident(store, try choice.resolve(in: store, for: .read).id)
        } catch {
            switch error {
            case .noIncident, .onlyDrills: return .noIncident
            default: throw error
            }
        }
    }

    func service(_ store: EventStore, language: Language) -> IncidentService {
        IncidentService(store: store, clock: configuration.clock, language: language)
    }

    /// The status report every front end shows for `id`.
    func status(_ store: EventStore, _ id: String, language: Language) throws(IncidentError) -> (StatusReport, IncidentState) {
        try service(store, language: language).status(of: id, templates: ReportTemplates(directory: configuration.templatesDirectory))
    }

    /// Exactly what `incident status --json` prints (off a terminal): sorted keys, slashes unescaped, one line.
    func statusJSON(_ store: EventStore, _ id: String, language: Language) throws -> String {
        let (report, _) = try status(store, id, language: language)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(report), as: UTF8.self) + "\n"
    }

    /// Exactly what `incident timeline --format json` prints.
    func timelineJSON(_ store: EventStore, _ id: String, language: Language) throws(IncidentError) -> String {
        var buffer = ""
        try service(store, language: language).timeline(of: id, format: .json) { buffer += $0 }
        return buffer
    }

    /// The last `count` events in timeline order (by occurrence, then sequence),
    /// read from the end of the log (the board's cost does not grow with it).
    func latestEvents(_ store: EventStore, _ id: String, count: Int) throws(IncidentError) -> [Event] {
        try store.latestEventsInTimelineOrder(of: id, count: count)
    }
}

/// The store once opened, kept for later requests (opening checks the file each time otherwise).
private final class OpenedStore: @unchecked Sendable {
    private let lock = NSLock()
    private var value: EventStore?

    var store: EventStore? {
        get { lock.withLock { value } }
        set { lock.withLock { value = newValue } }
    }
}
