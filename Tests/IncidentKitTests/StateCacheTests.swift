import Foundation
import GRDB
import Testing

@testable import IncidentKit

/// The per-process cache of checked states (`StateCache`): a long-running
/// reader sees every write whoever made it, and a row edited between two reads
/// is caught exactly as it is without the cache.
@Suite struct StateCacheTests {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cache-\(UUID().uuidString)")
    var path: String { dir.appendingPathComponent("incident.sqlite").path }
    let clock = Clock.fixed(Fixture.t0.addingTimeInterval(86_400))

    /// A store with an incident of `count` events (a snapshot at the last).
    func populated(_ count: Int = 40) throws -> (EventStore, String) {
        let store = try EventStore(path: path, create: true, clock: clock)
        let (e, _) = try store.declare(summary: "キャッシュ", runbook: Fixture.runbook, awareAt: Fixture.t0, actor: "a", timeZone: .facilityDefault)
        let drafts = (1..<count).map { i in
            EventDraft(occurredAt: Fixture.t0.addingTimeInterval(Double(i)), actor: "a", body: .note(.init(text: "メモ \(i)")))
        }
        try store.appendBatch(drafts, to: e.incidentID)
        return (store, e.incidentID)
    }

    /// Another connection to the same file, as `sqlite3` or another process would open it.
    func otherConnection() throws -> DatabaseQueue { try DatabaseQueue(path: path) }

    func isIntegrity(_ error: any Error, _ reason: IntegrityFailure.Reason) -> Bool {
        guard case IncidentError.integrity(let f) = error else { return false }
        return f.reason == reason
    }

    @Test func aReadAfterReadsAndAppendsIsTheFullReplay() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let (store, id) = try populated()
        _ = try store.state(of: id)
        // Past the snapshot interval, through the kept state.
        for i in 0..<(Int(StateSnapshot.interval) + 5) {
            let (_, after) = try store.append(EventDraft(actor: "b", body: .note(.init(text: "追記 \(i)"))), to: id)
            #expect(try store.state(of: id) == after)
        }
        let full = try store.read { db in try store.checkedState(db, id, full: true) }
        #expect(try store.state(of: id) == full.state)
        #expect(full.state.lastSeq == 40 + Int64(StateSnapshot.interval) + 5)
        #expect(try store.verify(id) == nil)
        // The snapshot rows written through the kept state are the replay's.
        let fast = try store.read { db in try store.checkedState(db, id, full: false) }
        #expect(fast.state == full.state && fast.replayed < StateSnapshot.interval)
    }

    @Test func anAppendFromAnotherProcessIsSeenByTheNextRead() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let (board, id) = try populated()
        #expect(try board.state(of: id).lastSeq == 40)
        // The CLI in another process: its own store object, its own connection.
        let cli = try EventStore(path: path, create: false, clock: clock)
        try cli.append(EventDraft(actor: "CLI", body: .note(.init(text: "端末から"))), to: id)
        let seen = try board.state(of: id)
        #expect(seen.lastSeq == 41)
        #expect(try board.latestEventsInTimelineOrder(of: id, count: 1).last?.actor == "CLI")
        // An append through the reader after it continues the chain the other one left.
        let (event, _) = try board.append(EventDraft(actor: "board", body: .note(.init(text: "ボードから"))), to: id)
        #expect(event.seq == 42)
        #expect(try cli.state(of: id).lastSeq == 42)
        #expect(try board.verify(id) == nil)
    }

    @Test func aSnapshotEditedBetweenTwoReadsIsCaught() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let (store, id) = try populated()
        _ = try store.state(of: id)
        try otherConnection().write { db in try db.execute(sql: "UPDATE snapshot SET hash = 'x', seq = 3") }
        #expect {
            try store.state(of: id)
        } throws: { isIntegrity($0, .snapshotMismatch) }
        // An append is refused as well.
        #expect {
            try store.append(EventDraft(actor: "b", body: .note(.init(text: "x"))), to: id)
        } throws: { isIntegrity($0, .snapshotMismatch) }
    }

    @Test func aSnapshotEditedThroughTheReadersOwnConnectionIsCaught() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let (store, id) = try populated()
        try store.append(EventDraft(actor: "b", body: .note(.init(text: "追記"))), to: id)
        _ = try store.state(of: id)
        try store.dbQueue.write { db in try db.execute(sql: "UPDATE snapshot SET hash = 'x', seq = 3") }
        #expect {
            try store.state(of: id)
        } throws: { isIntegrity($0, .snapshotMismatch) }
    }

    @Test func anEventEditedBetweenTwoReadsIsCaught() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let (store, id) = try populated()
        // Two events past the snapshot: the tail a read checks.
        try store.append(EventDraft(actor: "b", body: .note(.init(text: "一"))), to: id)
        try store.append(EventDraft(actor: "b", body: .note(.init(text: "二"))), to: id)
        _ = try store.state(of: id)
        try otherConnection().write { db in
            try db.execute(sql: "DROP TRIGGER event_append_only_update")
            try db.execute(sql: "UPDATE event SET payload = '{\"text\":\"書き換え\"}' WHERE incident_id = ? AND seq = 41", arguments: [id])
        }
        #expect {
            try store.state(of: id)
        } throws: { error in
            guard case IncidentError.integrity(let f) = error else { return false }
            return f.seq == 41
        }
    }

    @Test func aBCPRowEditedBetweenTwoReadsIsCaught() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let (store, id) = try populated()
        try store.importBCP(try BCPLoader.load(text: "purpose: 本物\n", file: "bcp.yaml"), file: "bcp.yaml")
        _ = try store.state(of: id)
        _ = try store.state(of: id)
        try otherConnection().write { db in try db.execute(sql: "UPDATE bcp_import SET source = 'purpose: 偽物\n'") }
        #expect {
            try store.state(of: id)
        } throws: { isIntegrity($0, .hashMismatch) }
    }

    @Test func aProfileRowEditedBetweenTwoReadsIsCaught() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let (store, id) = try populated()
        try store.importProfile(try FacilityProfileLoader.load(text: FacilityProfile.sampleText, file: "profile.yaml"))
        try store.importBCP(try BCPLoader.load(text: "purpose: 本物\n", file: "bcp.yaml"), file: "bcp.yaml")
        _ = try store.state(of: id)
        // Also after an append of this process (which moves the kept plan along).
        try store.append(EventDraft(actor: "b", body: .note(.init(text: "追記"))), to: id)
        _ = try store.state(of: id)
        try otherConnection().write { db in try db.execute(sql: "UPDATE facility_profile SET source = source || '\n# 追記'") }
        #expect {
            try store.state(of: id)
        } throws: { isIntegrity($0, .hashMismatch) }
        #expect {
            try store.currentProfile()
        } throws: { isIntegrity($0, .hashMismatch) }
    }

    @Test func theHeadRowEditedBetweenTwoReadsIsCaught() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let (store, id) = try populated()
        _ = try store.state(of: id)
        try otherConnection().write { db in try db.execute(sql: "UPDATE incident SET summary = '別の概要' WHERE id = ?", arguments: [id]) }
        #expect {
            try store.state(of: id)
        } throws: { isIntegrity($0, .headMismatch) }
    }
}
