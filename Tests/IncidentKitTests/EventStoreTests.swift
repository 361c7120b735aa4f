import Foundation
import GRDB
import Testing

@testable import IncidentKit

/// The store against a real SQLite file: durability settings, privacy, the hash
/// chain and its verification.
@Suite struct EventStoreTests {
    let dir: URL
    let path: String
    let runbook = Fixture.runbook
    let clock = Clock.fixed(Fixture.t0.addingTimeInterval(3600))

    init() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("store-\(UUID().uuidString)")
        path = dir.appendingPathComponent("sub/incident.sqlite").path
    }

    func store() throws -> EventStore { try EventStore(path: path, create: true, clock: clock) }

    func declared(_ store: EventStore) throws -> String {
        let (event, _) = try store.declare(summary: "電子カルテが開かない", runbook: runbook, awareAt: Fixture.t0, actor: "山田", timeZone: .facilityDefault)
        return event.incidentID
    }

    @Test func theStoreIsPrivateDurableAndInWALMode() throws {
        let s = try store()
        defer { try? FileManager.default.removeItem(at: dir) }
        let attrs = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attrs[.posixPermissions] as? Int) == 0o600)
        let dirAttrs = try FileManager.default.attributesOfItem(atPath: (path as NSString).deletingLastPathComponent)
        #expect((dirAttrs[.posixPermissions] as? Int) == 0o700)
        let (mode, sync) = try s.dbQueue.read { db in
            (try String.fetchOne(db, sql: "PRAGMA journal_mode")!, try Int.fetchOne(db, sql: "PRAGMA synchronous")!)
        }
        #expect(mode == "wal")
        #expect(sync == 2)  // FULL
    }

    @Test func readingAMissingStoreDoesNotCreateIt() throws {
        #expect(throws: IncidentError.storeMissing(path: path)) { try EventStore(path: path, create: false) }
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func eventsAreChainedAndTheStateIsRebuiltFromThem() throws {
        let s = try store()
        defer { try? FileManager.default.removeItem(at: dir) }
        let id = try declared(s)
        #expect(id == "INC-20261125-1")
        try s.append(EventDraft(occurredAt: Fixture.t0.addingTimeInterval(60), actor: "山田", body: .note(.init(text: "3台"))), to: id)
        let (last, state) = try s.append(EventDraft(actor: "佐藤", body: .stepCompleted(.init(step: "confirm-anomaly"))), to: id)
        let events = try s.events(of: id)
        #expect(events.map(\.seq) == [1, 2, 3])
        #expect(events[0].prevHash == HashChain.genesis)
        #expect(events[1].prevHash == events[0].hash && events[2].prevHash == events[1].hash)
        #expect(events.allSatisfy { HashChain.hash(of: $0, previous: $0.prevHash) == $0.hash })
        #expect(last.occurredAt == Fixture.t0.addingTimeInterval(3600))  // "now" from the clock
        #expect(try s.state(of: id) == state)
        #expect(try s.verify(id) == nil)
        // A second incident the same day gets the next number.
        #expect(try declared(s) == "INC-20261125-2")
    }

    @Test func aRefusedEventLeavesTheStoreUntouched() throws {
        let s = try store()
        defer { try? FileManager.default.removeItem(at: dir) }
        let id = try declared(s)
        let before = try s.head(of: id)
        #expect(throws: IncidentError.stepAlreadyDone("confirm-anomaly")) {
            try s.append(EventDraft(actor: "a", body: .stepCompleted(.init(step: "confirm-anomaly"))), to: id)
            try s.append(EventDraft(actor: "a", body: .stepCompleted(.init(step: "confirm-anomaly"))), to: id)
        }
        #expect(try s.head(of: id).lastSeq == before.lastSeq + 1)
        #expect(try s.events(of: id).count == 2)
    }

    @Test func sqlTriggersRefuseUpdatesAndDeletes() throws {
        let s = try store()
        defer { try? FileManager.default.removeItem(at: dir) }
        let id = try declared(s)
        #expect(throws: DatabaseError.self) {
            try s.dbQueue.write { db in try db.execute(sql: "UPDATE event SET actor = 'x' WHERE incident_id = ?", arguments: [id]) }
        }
        #expect(throws: DatabaseError.self) { try s.dbQueue.write { db in try db.execute(sql: "DELETE FROM event") } }
    }

    /// Tampering as an attacker with SQL access would: drop the triggers, then edit.
    func tampered(_ sql: String) throws -> IntegrityFailure? {
        let s = try store()
        let id = try declared(s)
        for i in 1...4 {
            try s.append(EventDraft(occurredAt: Fixture.t0.addingTimeInterval(Double(i) * 60), actor: "山田", body: .note(.init(text: "note \(i)"))), to: id)
        }
        try s.dbQueue.write { db in
            try db.execute(sql: "DROP TRIGGER event_append_only_update; DROP TRIGGER event_append_only_delete")
            try db.execute(sql: sql)
        }
        let failure = try s.verify(id)
        // Appending on a broken chain is refused.
        #expect(throws: IncidentError.self) { try s.append(EventDraft(actor: "x", body: .note(.init(text: "more"))), to: id) }
        try? FileManager.default.removeItem(at: dir)
        return failure
    }

    @Test func editingARowIsDetectedAtThatRow() throws {
        let f = try tampered("UPDATE event SET payload = '{\"text\":\"note X\"}' WHERE seq = 3")
        #expect(f?.seq == 3 && f?.reason == .hashMismatch)
    }

    @Test func editingATimeIsDetected() throws {
        let f = try tampered("UPDATE event SET occurred_at = '2026-11-25T00:00:30.000Z' WHERE seq = 2")
        #expect(f?.seq == 2 && f?.reason == .hashMismatch)
    }

    @Test func deletingAMiddleRowIsDetected() throws {
        let f = try tampered("DELETE FROM event WHERE seq = 3")
        #expect(f?.seq == 4 && f?.reason == .sequenceGap)
    }

    @Test func deletingTheLastRowIsDetected() throws {
        let f = try tampered("DELETE FROM event WHERE seq = 5")
        #expect(f?.reason == .truncated)
    }

    @Test func reorderingRowsIsDetected() throws {
        let f = try tampered(
            """
            UPDATE event SET seq = 100 WHERE seq = 2; UPDATE event SET seq = 2 WHERE seq = 3; UPDATE event SET seq = 3 WHERE seq = 100;
            """)
        #expect(f?.seq == 2 && f?.reason == .brokenLink)
    }

    @Test func recomputingTheEditedHashStillBreaksTheNextLink() throws {
        // An attacker who edits a row and fixes its own hash still breaks the link of the next row.
        let s = try store()
        defer { try? FileManager.default.removeItem(at: dir) }
        let id = try declared(s)
        try s.append(EventDraft(actor: "a", body: .note(.init(text: "one"))), to: id)
        try s.append(EventDraft(actor: "a", body: .note(.init(text: "two"))), to: id)
        var forged = try s.events(of: id)[1]
        forged.payload = "{\"text\":\"forged\"}"
        let newHash = HashChain.hash(of: forged, previous: forged.prevHash)
        try s.dbQueue.write { db in
            try db.execute(sql: "DROP TRIGGER event_append_only_update")
            try db.execute(sql: "UPDATE event SET payload = ?, hash = ? WHERE seq = 2", arguments: [forged.payload, newHash])
        }
        let f = try s.verify(id)
        #expect(f?.seq == 3 && f?.reason == .brokenLink)
    }

    @Test func aStoreFromANewerVersionIsRefusedAndLeftAlone() throws {
        _ = try store()
        defer { try? FileManager.default.removeItem(at: dir) }
        let q = try DatabaseQueue(path: path)
        try q.write { db in try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99-future')") }
        try q.close()
        #expect(throws: IncidentError.storeFromNewerVersion(path: path)) { try EventStore(path: path, create: false) }
    }
}

/// The fast path (snapshot + tail) must always agree with a full replay.
@Suite struct SnapshotTests {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("snap-\(UUID().uuidString)")
    var path: String { dir.appendingPathComponent("incident.sqlite").path }

    func populated(_ count: Int) throws -> (EventStore, String) {
        let store = try EventStore(path: path, create: true, clock: .fixed(Fixture.t0.addingTimeInterval(86_400)))
        let (e, _) = try store.declare(summary: "大量の記録", runbook: Fixture.runbook, awareAt: Fixture.t0, actor: "a", timeZone: .facilityDefault)
        var drafts: [EventDraft] = []
        for i in 1..<count {
            let body: EventBody =
                switch i % 7 {
                case 0:
                    i % 3 == 0
                        ? .contact(.init(role: "director", outcome: i % 2 == 0 ? .reached : .noAnswer))
                        : .contact(.init(role: "vendor:ehr", name: "保守 \(i)", channel: "電話", outcome: .messageLeft, note: "折り返し待ち"))
                case 1:
                    i % 3 == 0
                        ? .impact(.init(target: "端末\(i % 5)", status: .down))
                        : .impact(.init(target: "電子カルテ", category: "system", status: .degraded, note: "参照のみ可"))
                case 2: .answer(.init(question: "terminals-affected", value: String(i)))
                case 3: .fact(.init(key: "cause", value: "調査中 \(i)"))
                default: .note(.init(text: "メモ \(i)"))
                }
            drafts.append(EventDraft(occurredAt: Fixture.t0.addingTimeInterval(Double(i)), actor: "a", body: body))
        }
        try store.appendBatch(drafts, to: e.incidentID)
        return (store, e.incidentID)
    }

    /// The state keeps summaries, not lists: a log ten times longer (same roles,
    /// targets and keys) gives a snapshot of the same size, and a small one.
    @Test func theSnapshotDoesNotGrowWithTheLog() throws {
        let small = try populatedElsewhere(1_000)
        let large = try populatedElsewhere(10_000)
        #expect(large > 0 && small > 0)
        #expect(large <= small + 64, "snapshot grew from \(small) to \(large) bytes")
        #expect(large < 20_000, "snapshot is \(large) bytes")
    }

    /// The snapshot size of `populated(count)` in a store of its own.
    func populatedElsewhere(_ count: Int) throws -> Int {
        let other = SnapshotTests()
        defer { try? FileManager.default.removeItem(at: other.dir) }
        let (store, id) = try other.populated(count)
        return try store.snapshotBytes(of: id)
    }

    @Test func theFastPathAgreesWithAFullReplay() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let (store, id) = try populated(700)
        // Appends after the snapshot are replayed on top of it; a new snapshot follows every `interval` events.
        for i in 0..<300 {
            try store.append(EventDraft(actor: "b", body: i == 5 ? .stepCompleted(.init(step: "confirm-anomaly")) : .note(.init(text: "追記 \(i)"))), to: id)
        }
        let fast = try store.read { db in try store.checkedState(db, id, full: false) }
        let full = try store.read { db in try store.checkedState(db, id, full: true) }
        #expect(fast.state == full.state)
        #expect(fast.replayed < StateSnapshot.interval)
        #expect(full.replayed == 1000)
        #expect(fast.state.lastSeq == 1000)
        #expect(try store.verify(id) == nil)
        // The replay with the public reducer gives the same state too.
        #expect(IncidentMachine.replay(try store.events(of: id)) == full.state)
    }

    @Test func aSnapshotRoundTripsExactly() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let (store, id) = try populated(50)
        let state = try store.state(of: id)
        let data = try JSONEncoder().encode(StoredState(state))
        #expect(try JSONDecoder().decode(StoredState.self, from: data).state(state.documents) == state)
    }

    @Test func anEditedSnapshotIsCaughtByVerify() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let (store, id) = try populated(300)
        var forged = try store.state(of: id)
        forged.summary = "書き換えられた概要"
        // Even with its digest made anew (a rewrite that knows the format), the replay disagrees.
        let sealed = StateSnapshot.Sealed.seal(try JSONEncoder().encode(StoredState(forged)), seq: forged.lastSeq, hash: forged.lastHash)
        try store.dbQueue.write { db in
            try db.execute(sql: "UPDATE snapshot SET state = ? WHERE incident_id = ?", arguments: [sealed, id])
        }
        let failure = try store.verify(id)
        #expect(failure?.reason == .snapshotMismatch)
    }

    /// A runbook today's loader refuses (as an older version may have accepted it)
    /// leaves the record readable and verifiable; the problem is said, not hidden.
    @Test func aDeclaredRunbookThisVersionCannotReadLeavesTheRecordReadable() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try EventStore(path: path, create: true, clock: .fixed(Fixture.t0.addingTimeInterval(86_400)))
        var runbook = Fixture.runbook
        runbook.sourceText = "id: initial-response\nsteps: [unknown-form-of-a-later-version"
        let (e, _) = try store.declare(summary: "古い手順書", runbook: runbook, awareAt: Fixture.t0, actor: "a", timeZone: .facilityDefault)
        try store.append(EventDraft(actor: "a", body: .note(.init(text: "メモ"))), to: e.incidentID)
        #expect(try store.verify(e.incidentID) == nil)
        let state = try store.state(of: e.incidentID)  // parsed afresh in this process, from the declaration
        #expect(state.documents.loadError != nil)
        #expect(state.runbook.steps.isEmpty)
        #expect(state.lastSeq == 2)
    }

    /// A store from the previous release keeps snapshots in another shape (with
    /// the runbook inside and packed columns): read as a cache that does not fit,
    /// ignored (never reported as tampering), and replaced by the next append.
    @Test func aSnapshotFromAnOlderVersionIsIgnoredThenReplaced() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let (store, id) = try populated(100)
        let expected = try store.state(of: id)
        let old = #"{"id":"x","runbook":{"id":"initial-response"},"contacts":{"count":0,"role":""},"lastSeq":100}"#
        try store.dbQueue.write { db in try db.execute(sql: "UPDATE snapshot SET state = ?", arguments: [Data(old.utf8)]) }
        #expect(try store.verify(id) == nil)
        #expect(try store.state(of: id) == expected)
        let (_, after) = try store.append(EventDraft(actor: "b", body: .note(.init(text: "新版で追記"))), to: id)
        let data = try store.dbQueue.read { db in try Data.fetchOne(db, sql: "SELECT state FROM snapshot WHERE incident_id = ?", arguments: [id]) }
        #expect(data.map(StateSnapshot.decodes) == true)  // replaced in the current shape
        #expect(try store.state(of: id) == after)
        #expect(try store.verify(id) == nil)
    }

    /// A snapshot moved to another event no longer matches its digest: an
    /// integrity failure at the event it names, never silently used or ignored.
    @Test func aSnapshotThatNoLongerMatchesItsEventIsAnIntegrityFailure() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let (store, id) = try populated(300)
        try store.dbQueue.write { db in try db.execute(sql: "UPDATE snapshot SET hash = 'x', seq = 3") }
        #expect {
            try store.state(of: id)
        } throws: { error in
            guard case IncidentError.integrity(let f) = error else { return false }
            return f.reason == .snapshotMismatch && f.seq == 3
        }
    }
}
