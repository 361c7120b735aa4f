import Foundation
import Testing

@testable import IncidentKit

/// Text over 1 MB cannot reach the CLI (Linux limits one argument to 128 KiB),
/// so the library's own refusal is checked here: nothing is stored.
@Suite struct HugeTextTests {
    @Test(arguments: [64 * 1024 + 1, 1_100_000, 10_000_000])
    func hugeTextIsRefused(bytes: Int) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("incident-huge-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try EventStore(path: dir.appendingPathComponent("s/incident.sqlite").path, create: true)
        let runbook = try RunbookCatalog().runbook(named: RunbookCatalog.defaultName)
        let (declared, _) = try store.declare(summary: "huge", runbook: runbook, awareAt: nil, actor: "山田", timeZone: .facilityDefault)
        let before = try store.head(of: declared.incidentID)
        #expect(throws: IncidentError.textTooLong(field: .text, limit: IncidentMachine.maxTextBytes)) {
            try store.append(EventDraft(actor: "山田", body: .note(.init(text: String(repeating: "a", count: bytes)))), to: declared.incidentID)
        }
        #expect(throws: IncidentError.textTooLong(field: .summary, limit: IncidentMachine.maxTextBytes)) {
            try store.declare(summary: String(repeating: "a", count: bytes), runbook: runbook, awareAt: nil, actor: "山田", timeZone: .facilityDefault)
        }
        #expect(try store.head(of: declared.incidentID) == before)
        #expect(try store.incidents().count == 1)
    }
}
