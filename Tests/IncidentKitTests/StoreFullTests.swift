import Foundation
import GRDB
import Testing

@testable import IncidentKit

/// Disk full, simulated with SQLite's `max_page_count` on the store's own
/// connection: the append is refused as `storeFull` and nothing changes.
@Suite struct StoreFullTests {
    @Test func fullDiskRecordsNothing() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("incident-full-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try EventStore(path: dir.appendingPathComponent("s/incident.sqlite").path, create: true)
        let runbook = try RunbookCatalog().runbook(named: RunbookCatalog.defaultName)
        let (declared, _) = try store.declare(summary: "full", runbook: runbook, awareAt: nil, actor: "山田", timeZone: .facilityDefault)
        let id = declared.incidentID
        try store.append(EventDraft(actor: "山田", body: .note(.init(text: "before"))), to: id)
        let before = try store.head(of: id)
        try store.dbQueue.writeWithoutTransaction { db in
            let pages = try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0
            try db.execute(sql: "PRAGMA max_page_count = \(pages)")
        }
        #expect(throws: IncidentError.storeFull(path: store.path)) {
            try store.append(EventDraft(actor: "山田", body: .note(.init(text: String(repeating: "満", count: 20_000)))), to: id)
        }
        #expect(try store.head(of: id) == before)
        #expect(try store.verify(id) == nil)
        #expect(try store.events(of: id).count == 2)
    }
}
