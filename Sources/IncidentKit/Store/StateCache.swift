import Foundation
import GRDB
import Synchronization

/// The checked state of each incident this process has read, kept with what
/// the store looked like when it was checked, so that a long-running reader
/// (the board) does not check the snapshot and the tail again at every request.
///
/// A kept state is used only while the store is exactly as this process left it:
/// - the same SQLite connection, whose `PRAGMA data_version` has not moved (it
///   moves with every commit by any other connection: the CLI, another process,
///   a person editing the file with `sqlite3`),
/// - whose own `total_changes()` has not moved since (it moves with every row this
///   connection changes; an append of this process, which checks what it writes,
///   keeps its new state with the count after its writes),
/// - the same `PRAGMA schema_version` (a trigger or table added or dropped), and
/// - the same store file (device, inode, size, modification time: a file
///   replaced or written behind SQLite's back).
/// Then a read costs two pragmas, a count, a `stat` and one query for the
/// incident's head, which must still be the kept state's. Anything else is read
/// the full way (snapshot, tail, document log), which names any break exactly
/// as before. A command-line process reads once: it pays the same three checks
/// more and keeps nothing of value.
final class StateCache: Sendable {
    /// What a read saw of the store besides its rows.
    struct Stamp: Equatable, Sendable {
        var connection: ObjectIdentifier
        var dataVersion: Int64
        var totalChanges: Int64
        var schemaVersion: Int64
        var file: FileStamp
    }

    /// The store file's identity and last change, from `stat`.
    struct FileStamp: Equatable, Sendable {
        var device: UInt64
        var inode: UInt64
        var size: Int64
        var modifiedSeconds: Int64
        var modifiedNanoseconds: Int64

        init?(path: String) {
            var info = stat()
            guard stat(path, &info) == 0 else { return nil }
            device = UInt64(info.st_dev)
            inode = UInt64(info.st_ino)
            size = Int64(info.st_size)
            modifiedSeconds = Int64(info.st_mtim.tv_sec)
            modifiedNanoseconds = Int64(info.st_mtim.tv_nsec)
        }
    }

    /// A checked state, and the sequence number of the incident's snapshot row then.
    struct Entry: Sendable {
        var stamp: Stamp
        var state: IncidentState
        var snapshotSeq: Int64
    }

    /// The recovery plan read (its BCP import vouched for by the document log),
    /// with the document log's head and the latest BCP import then.
    struct Documents: Sendable {
        var stamp: Stamp
        var logHead: String
        var plan: RecoveryPlan
    }

    private let entries = Mutex<[String: Entry]>([:])
    private let documents = Mutex<Documents?>(nil)

    /// The stamp of `db` now (inside the read's transaction).
    static func stamp(_ db: Database, path: String) throws -> Stamp? {
        guard let file = FileStamp(path: path) else { return nil }
        let version = try Int64.fetchOne(db, sql: "PRAGMA data_version") ?? 0
        let changes = try Int64.fetchOne(db, sql: "SELECT total_changes()") ?? 0
        let schema = try Int64.fetchOne(db, sql: "PRAGMA schema_version") ?? 0
        return Stamp(connection: ObjectIdentifier(db), dataVersion: version, totalChanges: changes, schemaVersion: schema, file: file)
    }

    func entry(_ id: String, _ stamp: Stamp) -> Entry? {
        entries.withLock { all in
            guard let e = all[id], e.stamp == stamp else { return nil }
            return e
        }
    }

    func keep(_ id: String, _ entry: Entry) {
        entries.withLock { $0[id] = entry }
    }

    func forget(_ id: String) {
        entries.withLock { $0[id] = nil }
    }

    func plan(_ stamp: Stamp, logHead: String) -> RecoveryPlan? {
        documents.withLock { d in
            guard let d, d.stamp == stamp, d.logHead == logHead else { return nil }
            return d.plan
        }
    }

    func keep(_ d: Documents) {
        documents.withLock { $0 = d }
    }

    /// The recovery plan kept at `before` is kept at `after` (an append of this process in between).
    func moved(from before: Stamp, to after: Stamp) {
        documents.withLock { d in
            if d?.stamp == before { d?.stamp = after }
        }
    }
}

extension EventStore {
    /// The incident's checked state, as `checkedState(db, id, full: false)`
    /// returns it, through the process's `StateCache`; and the sequence number
    /// of the incident's snapshot row.
    func cachedCheckedState(_ db: Database, _ id: String) throws -> (state: IncidentState, snapshotSeq: Int64) {
        guard let stamp = try StateCache.stamp(db, path: path) else {
            let (state, _, snapshotSeq) = try checkedState(db, id, full: false)
            return (state, snapshotSeq)
        }
        // The head (one row by key): a kept state is used only while it is still the incident's.
        if let entry = stateCache.entry(id, stamp), let head = try head(db, id), head.lastSeq == entry.state.lastSeq,
            head.lastHash == entry.state.lastHash, Self.headDisagreement(head, entry.state) == nil
        {
            return (entry.state, entry.snapshotSeq)
        }
        // The full way (and any break named as before).
        stateCache.forget(id)
        let (state, _, snapshotSeq) = try checkedState(db, id, full: false)
        stateCache.keep(id, .init(stamp: stamp, state: state, snapshotSeq: snapshotSeq))
        return (state, snapshotSeq)
    }

    /// Keeps the state an append of this process committed: `before` was read at
    /// the start of its transaction, `after` once it had written (the append
    /// wrote only the event, the head and the snapshot rows, so a recovery plan
    /// kept at `before` stays good).
    func keepAppended(_ state: IncidentState, snapshotSeq: Int64, before: StateCache.Stamp?, after: StateCache.Stamp?) {
        guard let after else { return }
        stateCache.keep(state.id, .init(stamp: after, state: state, snapshotSeq: snapshotSeq))
        if let before { stateCache.moved(from: before, to: after) }
    }

    /// The recovery plan of the current BCP (`recoveryPlan(db)`), its document
    /// log check kept while the store is as it was (see `StateCache`) and the
    /// log's head and the latest BCP import are the same.
    func cachedRecoveryPlan(_ db: Database) throws -> RecoveryPlan {
        guard let stamp = try StateCache.stamp(db, path: path) else { return try Self.recoveryPlan(db) }
        var head = ""
        if try db.tableExists("document_log"), let row = try Row.fetchOne(db, sql: "SELECT seq, hash FROM document_log ORDER BY seq DESC LIMIT 1") {
            head = "\(row["seq"] as Int64? ?? 0) \(row["hash"] as String? ?? "")"
        }
        if try db.tableExists("bcp_import") {
            head += " bcp \(try Int64.fetchOne(db, sql: "SELECT max(id) FROM bcp_import") ?? 0)"
        }
        if let plan = stateCache.plan(stamp, logHead: head) { return plan }
        let plan = try Self.recoveryPlan(db)
        stateCache.keep(.init(stamp: stamp, logHead: head, plan: plan))
        return plan
    }
}

/// Declared documents by the hash of the declaration carrying them, so that the
/// runbook and profile of a declaration are parsed once per process (a few
/// incidents at most; the hash is recomputed by the caller before each use).
private let declaredByHash = Mutex<[String: DeclaredDocuments]>([:])

extension StateCache {
    static func declared(hash: String) -> DeclaredDocuments? {
        declaredByHash.withLock { $0[hash] }
    }

    /// Keeps `documents` for the declaration of hash `hash` and returns them.
    static func declared(hash: String, _ documents: DeclaredDocuments) -> DeclaredDocuments {
        declaredByHash.withLock { all in
            if all.count >= 64 { all.removeAll() }
            all[hash] = documents
            return documents
        }
    }
}
