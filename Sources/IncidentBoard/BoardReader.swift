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

    /// The incident to show: `INCIDENT_ID`, else the store's current incident
    /// (`incident use`, or the latest `declare`) while it is open, else the one
    /// open incident, else the latest (GlobalOptions.readIncident in the CLI).
    func subject() throws(IncidentError) -> Subject {
        guard let store = try store() else { return .noStore }
        do {
            return .incident(store, try store.resolveIncident(try chosenIncident(store), fallbackToLatest: true))
        } catch {
            switch error {
            case .noIncident, .onlyDrills: return .noIncident
            default: throw error
            }
        }
    }

    private func chosenIncident(_ store: EventStore) throws(IncidentError) -> String? {
        if let id = configuration.incidentID?.trimmingCharacters(in: .whitespaces), !id.isEmpty { return id }
        guard let id = LocalSettings.load(store: configuration.dbPath).currentIncident else { return nil }
        guard let head = try store.incidents().first(where: { $0.id == id }), head.isOpen else { return nil }
        return head.id
    }

    /// The status report `incident status` builds for `id` (StatusCommand).
    func status(_ store: EventStore, _ id: String, language: Language) throws(IncidentError) -> (StatusReport, IncidentState) {
        let state = try store.state(of: id)
        let now = configuration.clock.now()
        let today = Timestamp.day(of: now, in: state.timeZone)
        var report = StatusReport(state, language: language, today: today, templates: ReportTemplates(directory: configuration.templatesDirectory))
        report.drill = StatusReport.DrillStatus(state, now: now)
        return (report, state)
    }

    /// Exactly what `incident status --json` prints (off a terminal): sorted keys, slashes unescaped, one line.
    func statusJSON(_ store: EventStore, _ id: String, language: Language) throws -> String {
        let (report, _) = try status(store, id, language: language)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(report), as: UTF8.self) + "\n"
    }

    /// Exactly what `incident timeline --format json` prints (TimelineCommand).
    func timelineJSON(_ store: EventStore, _ id: String, language: Language) throws(IncidentError) -> String {
        var renderer: TimelineRenderer? = nil
        var buffer = ""
        var first = true
        let corrections = try store.corrections(of: id)
        let state = try store.forEachEventInTimelineOrder(of: id) { state, event in
            if renderer == nil {
                renderer = TimelineRenderer(format: .json, language: language, runbook: state.runbook, timeZone: state.timeZone)
                renderer!.correctedBy = corrections
                renderer!.profile = state.profile
                renderer!.header(state) { buffer += $0 }
            }
            buffer += renderer!.line(event, first: first)
            first = false
        }
        renderer?.footer(state, empty: first) { buffer += $0 }
        return buffer
    }

    /// The last `count` events in timeline order (by occurrence, then sequence), streamed.
    func latestEvents(_ store: EventStore, _ id: String, count: Int) throws(IncidentError) -> [Event] {
        var latest: [Event] = []
        latest.reserveCapacity(count + 1)
        try store.forEachEventInTimelineOrder(of: id) { _, event in
            latest.append(event)
            if latest.count > count { latest.removeFirst() }
        }
        return latest
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
