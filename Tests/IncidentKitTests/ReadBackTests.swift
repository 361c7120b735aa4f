import Foundation
import GRDB
import Testing

@testable import IncidentKit

/// An event said to be recorded is in the store: each append reads its row
/// back in the same transaction, so a trigger planted after the store was
/// opened (past the schema check) that silently discards it is caught.
@Suite struct ReadBackTests {
    @Test func anEventDiscardedByATriggerIsNeverSaidToBeRecorded() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("readback-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try EventStore(path: dir.appendingPathComponent("s.sqlite").path, create: true, clock: .fixed(Fixture.t0.addingTimeInterval(3600)))
        let (declared, _) = try store.declare(
            summary: "電子カルテが開かない", runbook: Fixture.runbook, awareAt: Fixture.t0, actor: "山田", timeZone: .facilityDefault)
        let id = declared.incidentID
        try store.append(EventDraft(actor: "山田", body: .note(.init(text: "残る"))), to: id)
        try store.dbQueue.write { db in
            try db.execute(sql: "CREATE TRIGGER swallow BEFORE INSERT ON event WHEN NEW.kind = 'note' BEGIN SELECT RAISE(IGNORE); END")
        }
        #expect {
            try store.append(EventDraft(actor: "山田", body: .note(.init(text: "消える"))), to: id)
        } throws: { error in
            guard case IncidentError.integrity(let f) = error else { return false }
            return f.reason == .notStored && f.seq == 3
        }
        // Nothing was committed: the head still ends at #2.
        #expect(try store.head(of: id).lastSeq == 2)
    }
}
