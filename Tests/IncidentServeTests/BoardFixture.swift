import Foundation
import Hummingbird
import IncidentBoard
import IncidentKit

/// A store in a private temporary folder, made through IncidentKit's own API,
/// and a board configured to read it.
struct BoardFixture {
    static let token = SessionToken("test-token-0123456789_abcdefghijklmnop")!
    /// 2026-11-25 09:00 in Tokyo.
    static let t0 = Date(timeIntervalSince1970: 1_795_564_800)
    static let clock = Clock.fixed(t0.addingTimeInterval(3600))

    let directory: URL
    var dbPath: String { directory.appendingPathComponent("incident.sqlite").path }

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("incident-serve-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    }

    func cleanUp() { try? FileManager.default.removeItem(at: directory) }

    /// The facility profile of IncidentKit's own tests (contacts with phone numbers).
    static func profile() throws -> FacilityProfile {
        let path = packageRoot.appendingPathComponent("Tests/IncidentKitTests/Fixtures/profile.yaml").path
        return try FacilityProfileLoader.load(path: path)
    }

    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    static func scenarioSource() throws -> String {
        try String(contentsOf: packageRoot.appendingPathComponent("Scenarios/reception-ransomware.yaml"), encoding: .utf8)
    }

    /// Declares an incident (optionally a drill) with a note, an impact and a started step; returns its id.
    @discardableResult
    func declare(summary: String = "受付の電子カルテが開かない", drill: Bool = false) throws -> String {
        let store = try EventStore(path: dbPath, create: true, clock: Self.clock)
        let runbook = try RunbookCatalog().runbook(named: "initial-response")
        let drillBody = drill ? EventBody.Drill(scenario: "reception-ransomware", scenarioSource: try Self.scenarioSource(), speed: 1) : nil
        let (declared, _) = try store.declare(
            summary: summary, runbook: runbook, awareAt: Self.t0, actor: "山田", timeZone: TimeZone(identifier: "Asia/Tokyo")!,
            profile: try Self.profile(), drill: drillBody)
        let id = declared.incidentID
        try store.append(EventDraft(occurredAt: Self.t0.addingTimeInterval(300), actor: "山田", body: .note(.init(text: "3台で身代金要求画面 <b>"))), to: id)
        try store.append(
            EventDraft(occurredAt: Self.t0.addingTimeInterval(600), actor: "佐藤", body: .impact(.init(target: "電子カルテ", status: .down))), to: id)
        try store.append(EventDraft(occurredAt: Self.t0.addingTimeInterval(900), actor: "山田", body: .stepStarted(.init(step: "confirm-anomaly"))), to: id)
        return id
    }

    func configuration(port: Int = 80, language: Language = .ja) -> BoardConfiguration {
        BoardConfiguration(
            dbPath: dbPath, token: Self.token, listen: ListenAddress(host: "127.0.0.1", port: port), language: language, clock: Self.clock)
    }

    /// The board's application for in-process router tests (`app.test(.router)`).
    ///
    /// The router test client always sends `Host: localhost`; with port 80 that names
    /// the board's address (HTTP's default port), so requests pass the `Host` check.
    func application(port: Int = 80, language: Language = .ja) -> some ApplicationProtocol {
        let configuration = configuration(port: port, language: language)
        return Application(router: BoardRoutes.router(configuration, hosts: AcceptedHosts(configuration.listen)))
    }

    /// The library's own answers for the same store (what the CLI prints).
    func expectedStatusJSON(language: Language = .ja) throws -> String {
        let store = try EventStore(path: dbPath, create: false, clock: Self.clock)
        let id = try store.resolveIncident(nil, fallbackToLatest: true)
        let state = try store.state(of: id)
        let now = Self.clock.now()
        var report = StatusReport(state, language: language, today: Timestamp.day(of: now, in: state.timeZone), templates: ReportTemplates())
        report.drill = StatusReport.DrillStatus(state, now: now)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(report), as: UTF8.self) + "\n"
    }

    func expectedTimelineJSON(language: Language = .ja) throws -> String {
        let store = try EventStore(path: dbPath, create: false, clock: Self.clock)
        let id = try store.resolveIncident(nil, fallbackToLatest: true)
        let events = try store.events(of: id)
        let state = try store.state(of: id)
        var renderer = TimelineRenderer(format: .json, language: language, runbook: state.runbook, timeZone: state.timeZone)
        renderer.profile = state.profile
        var out = ""
        renderer.render(TimelineRenderer.ordered(events), header: state) { out += $0 }
        return out
    }
}
