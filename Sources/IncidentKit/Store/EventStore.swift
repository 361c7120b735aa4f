import Foundation
import GRDB
import Synchronization

/// The SQLite event store: append-only, hash-chained, durable.
///
/// - One write transaction per event (`BEGIN IMMEDIATE`): the event, its hash and
///   the incident's head move together or not at all.
/// - WAL with `synchronous=FULL`: an event acknowledged on screen survives a power cut.
/// - A busy timeout, so that several terminals logging at once all succeed.
/// - Triggers refuse UPDATE and DELETE on events; `verify` catches what SQL can still do.
/// - The file (and its WAL) is created 0600 in a 0700 folder.
public final class EventStore: Sendable {
    public let path: String
    /// The connection reads go through: read-only on the file (so reading never
    /// writes: no migration, no WAL folded in or removed), or a private
    /// in-memory copy, migrated, when the file is from an older version or
    /// cannot be opened in place (a read-only folder or medium).
    private let reader: DatabaseQueue
    /// The read-write connection, opened by the first write (which runs any
    /// migration the file needs); reads go through it from then on.
    private let writer: Mutex<DatabaseQueue?>
    private let configuration: Configuration
    let clock: Clock
    /// The store's file is from an older version: it is read as it is, and
    /// brought up to date by the first write.
    public let needsMigration: Bool

    /// The connection for reading now (the writer once there is one).
    var dbQueue: DatabaseQueue { writer.withLock { $0 } ?? reader }
    /// The key file that vouches for new events (see `EventKey`); read at each
    /// write, so a missing USB stick stops writes, not reads.
    public let keyFile: String?
    /// True when opening found a store whose creation had not completed (an
    /// interrupted first `init`/`declare`: no event, no profile, no completion
    /// mark) and finished making it, so the caller can say so.
    public let finishedIncompleteCreation: Bool
    /// The checked states this process read or appended (see `StateCache`).
    let stateCache = StateCache()

    /// How long a writer waits for another terminal's transaction.
    public static let busyTimeout: TimeInterval = 30

    /// Opens the store at `path`. Only `init` and `declare` (and a profile
    /// import) pass `create`: they make the store (and its folder) if missing,
    /// and finish one whose creation was interrupted. Without `create`, a
    /// missing, empty or unfinished store is `storeMissing`/`storeEmpty`/
    /// `storeIncomplete` and the file is left as it is: no command silently
    /// makes an empty store that then looks healthy.
    public init(path: String, create: Bool, clock: Clock = .system, keyFile: String? = nil) throws(IncidentError) {
        self.path = path
        self.clock = clock
        self.keyFile = keyFile
        var info = stat()
        var created = false
        if stat(path, &info) == 0, (info.st_mode & S_IFMT) != S_IFREG { throw .storeNotAFile(path: path) }
        if stat(path, &info) != 0 {
            guard create else { throw .storeMissing(path: path) }
            created = try PrivateFile.create(at: path)
        } else if info.st_size == 0, !create, !Self.hasJournal(path) {
            throw .storeEmpty(path: path)
        } else {
            try Self.refuseEmptiedStore(at: path, info: info, now: clock.now())
        }
        var config = Configuration()
        // WAL is a property of the file, set once when the store is made (below);
        // leaving GRDB's journal mode at its default spares the write its WAL
        // set-up makes at every open whenever the -wal file is missing, which it
        // is after every clean close.
        config.busyMode = .timeout(Self.busyTimeout)
        config.label = "incident"
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            try db.execute(sql: "PRAGMA trusted_schema = OFF")
        }
        configuration = config
        if create {
            // The commands that make stores write at once: one read-write connection.
            let queue: DatabaseQueue
            do { queue = try DatabaseQueue(path: path, configuration: config) } catch { throw Self.map(error, path: path) }
            // Before anything is written: another application's file is never adopted.
            try Self.checkSchema(queue, path: path)
            let complete: Bool
            do { complete = try queue.read(Self.creationCompleted) } catch { throw Self.map(error, path: path) }
            finishedIncompleteCreation = !complete && !created
            do {
                try queue.writeWithoutTransaction { db in
                    // A store made now (or left empty by an interrupted first declare) becomes WAL.
                    // Only the commands that make stores do this: opening a backup (a single
                    // file in rollback-journal mode, see `backup(to:)`) to read it must leave
                    // its bytes, and so its SHA-256, as they were. Writes to such a copy are
                    // as durable in that mode (synchronous=FULL).
                    let mode = try String.fetchOne(db, sql: "PRAGMA journal_mode")
                    if created || mode != "wal" { try db.execute(sql: "PRAGMA journal_mode = WAL") }
                    try db.execute(sql: "PRAGMA synchronous = FULL")
                }
            } catch {
                throw Self.map(error, path: path)
            }
            try Self.migrate(queue, path: path)
            if !complete {
                do {
                    try queue.write { db in
                        try db.execute(sql: "INSERT INTO store_created (created_at) VALUES (?)", arguments: [Timestamp.utc(clock.now())])
                    }
                } catch { throw Self.map(error, path: path) }
            }
            reader = queue
            writer = Mutex(queue)
            needsMigration = false
            return
        }
        // Every other command reads the file without changing it or its folder: it
        // is written only by a write.
        var readOnly = config
        readOnly.readonly = true
        var queryOnly = config
        queryOnly.prepareDatabase { db in try db.execute(sql: "PRAGMA query_only = ON") }
        var queue: DatabaseQueue
        do {
            switch Self.readAccess(path) {
            case .readOnly: queue = try DatabaseQueue(path: path, configuration: readOnly)
            case .cleanWAL: queue = try DatabaseQueue(path: path, configuration: queryOnly)
            case .privateCopy:
                do { queue = try Self.privateCopy(of: path, configuration: config) } catch {
                    // The files changed while being copied: someone is writing now, so
                    // the -wal and -shm are theirs. Read in place, read-only.
                    queue = try DatabaseQueue(path: path, configuration: readOnly)
                }
            }
            _ = try queue.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") }
        } catch {
            // A read-only folder or medium (no room for the WAL's index beside it):
            // read a private copy of the file instead.
            if case .integrity = Self.map(error, path: path) { throw Self.map(error, path: path) }
            queue = try Self.privateCopy(of: path, configuration: config)
        }
        // Another application's file is named as such before anything else.
        try Self.checkSchema(queue, path: path)
        let complete: Bool
        do { complete = try queue.read(Self.creationCompleted) } catch { throw Self.map(error, path: path) }
        if !complete { throw .storeIncomplete(path: path) }
        finishedIncompleteCreation = false
        let pending: Bool
        do {
            let migrator = Self.migrator
            let (superseded, done) = try queue.read { db in (try migrator.hasBeenSuperseded(db), try migrator.hasCompletedMigrations(db)) }
            if superseded { throw IncidentError.storeFromNewerVersion(path: path) }
            pending = !done
        } catch let e as IncidentError {
            throw e
        } catch {
            throw Self.map(error, path: path)
        }
        if pending {
            // An older version's file is read as it is: through a migrated copy in memory.
            do {
                let memory = try DatabaseQueue(configuration: config)
                try queue.backup(to: memory)
                try? queue.close()
                try Self.migrator.migrate(memory)
                queue = memory
            } catch {
                throw Self.map(error, path: path)
            }
        }
        reader = queue
        writer = Mutex(nil)
        needsMigration = pending
    }

    /// How a read opens the store so that the folder is left as it was found:
    /// no file added, none removed, none changed (SQLite's WAL mode adds a
    /// `-wal` and a `-shm` beside any store it reads, and a read-only connection
    /// cannot remove them: SQLite's WAL documentation, "Read-Only Databases").
    enum ReadAccess: Equatable {
        /// Read-only, in place: a file in rollback-journal mode (a backup), which
        /// reading adds nothing beside; or a store other connections have open
        /// (its -wal and -shm are there already, and theirs).
        case readOnly
        /// A WAL store with nothing beside it (no connection has it open), in a
        /// folder this process may write: a read-write connection that cannot
        /// write (`PRAGMA query_only`). SQLite makes the -wal and -shm for the read
        /// and, closing as the last connection, removes them. The read writes no
        /// WAL frame, so that closing checkpoint copies nothing into the file.
        case cleanWAL
        /// A -wal without its -shm (a copy of the store and its WAL, or files
        /// left behind; no connection has it open), or a WAL store this process
        /// may not write beside: read from a private copy, so that no -shm is
        /// made beside it and the WAL is neither folded in nor removed.
        case privateCopy
    }

    /// How `path` is read (see `ReadAccess`).
    static func readAccess(_ path: String) -> ReadAccess {
        // The header's read and write versions are 2 in WAL mode (SQLite file format, offsets 18–19).
        guard let handle = FileHandle(forReadingAtPath: path) else { return .readOnly }
        let header = [UInt8]((try? handle.read(upToCount: 20)) ?? Data())
        try? handle.close()
        guard header.count == 20, header[18] == 2 || header[19] == 2 else { return .readOnly }
        func exists(_ suffix: String) -> Bool { access(path + suffix, F_OK) == 0 }
        if exists("-journal") { return .readOnly }
        switch (exists("-wal"), exists("-shm")) {
        case (true, false): return .privateCopy
        case (false, false):
            let folder = PathText.folder(of: path)
            return access(path, W_OK) == 0 && access(folder.isEmpty ? "." : folder, W_OK) == 0 ? .cleanWAL : .privateCopy
        default: return .readOnly
        }
    }

    /// A private in-memory copy of the store at `path`, for reading a file that
    /// cannot be opened in place: the file (and any WAL beside it) is copied to a
    /// private temporary folder, read from there, and the folder removed. Fails
    /// if either file changed during the copy (a writer came).
    private static func privateCopy(of path: String, configuration: Configuration) throws(IncidentError) -> DatabaseQueue {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("incident-read-\(getpid())-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            let copy = PathText.join(folder, "store.sqlite")
            let before = (StateCache.FileStamp(path: path), StateCache.FileStamp(path: path + "-wal"))
            try FileManager.default.copyItem(atPath: path, toPath: copy)
            if FileManager.default.fileExists(atPath: path + "-wal") { try FileManager.default.copyItem(atPath: path + "-wal", toPath: copy + "-wal") }
            guard StateCache.FileStamp(path: path) == before.0, StateCache.FileStamp(path: path + "-wal") == before.1 else {
                throw IncidentError.storeUnavailable(path: path, reason: "the store changed while it was being read; try again")
            }
            let source = try DatabaseQueue(path: copy, configuration: configuration)
            let memory = try DatabaseQueue(configuration: configuration)
            try source.backup(to: memory)
            try source.close()
            return memory
        } catch {
            throw map(error, path: path)
        }
    }

    /// The read-write connection, opened (and the file migrated) by the first write.
    private func writeQueue() throws(IncidentError) -> DatabaseQueue {
        do {
            return try writer.withLock { current throws -> DatabaseQueue in
                if let current { return current }
                let queue = try DatabaseQueue(path: path, configuration: configuration)
                try queue.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
                try Self.migrate(queue, path: path)
                current = queue
                return queue
            }
        } catch {
            throw Self.map(error, path: path)
        }
    }

    /// Closes the store's connections (the file is complete on disk afterwards).
    func close() throws {
        try writer.withLock { current in
            try current?.close()
            current = nil
        }
        try reader.close()
    }

    /// Whether a rollback journal or a non-empty WAL sits beside the store: an
    /// empty store file with one is an interrupted creation, which SQLite recovers.
    static func hasJournal(_ path: String) -> Bool {
        var s = stat()
        if stat(path + "-journal", &s) == 0 { return true }
        return stat(path + "-wal", &s) == 0 && s.st_size > 0
    }

    /// The completion mark, or any event or profile (stores made before the mark existed).
    static func creationCompleted(_ db: Database) throws -> Bool {
        let tables = Set(try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'"))
        if tables.contains("store_created"), try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM store_created)") == true { return true }
        if tables.contains("event"), try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM event)") == true { return true }
        if tables.contains("facility_profile"), try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM facility_profile)") == true { return true }
        return false
    }

    /// A store file cut down to nothing is a destroyed log, not a fresh one to
    /// start over in. (A file created empty moments ago by another terminal's
    /// first `declare` is left alone.)
    private static func refuseEmptiedStore(at path: String, info: stat, now: Date) throws(IncidentError) {
        guard info.st_size == 0, now.timeIntervalSince1970 - Double(info.st_mtim.tv_sec) > 10 else { return }
        // With a journal beside it, it is an interrupted creation: SQLite recovers it
        // and the completion mark tells whether anything was ever recorded.
        if hasJournal(path) { return }
        throw .integrity(
            IntegrityFailure(
                incidentID: "-", seq: nil, reason: .corruptStore,
                detail: "the store file is empty (truncated); keep it aside as evidence and start a new store elsewhere", file: path))
    }

    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        // Shipped migrations are never edited; add new ones below.
        m.registerMigration("v1-events") { db in
            try db.execute(
                sql: """
                    -- The head of each incident's log: a projection rebuilt from the events
                    -- and checked against them by verify. Updated with every append.
                    CREATE TABLE incident (
                        id TEXT PRIMARY KEY NOT NULL,
                        summary TEXT NOT NULL,
                        aware_at TEXT NOT NULL,
                        status TEXT NOT NULL,
                        time_zone TEXT NOT NULL,
                        last_seq INTEGER NOT NULL,
                        last_hash TEXT NOT NULL
                    );
                    CREATE TABLE event (
                        incident_id TEXT NOT NULL REFERENCES incident(id),
                        seq INTEGER NOT NULL,
                        occurred_at TEXT NOT NULL,
                        recorded_at TEXT NOT NULL,
                        actor TEXT NOT NULL,
                        kind TEXT NOT NULL,
                        payload TEXT NOT NULL,
                        prev_hash TEXT NOT NULL,
                        hash TEXT NOT NULL,
                        PRIMARY KEY (incident_id, seq)
                    ) WITHOUT ROWID;
                    CREATE INDEX event_by_time ON event(incident_id, occurred_at, seq);
                    CREATE TRIGGER event_append_only_update BEFORE UPDATE ON event
                        BEGIN SELECT RAISE(ABORT, 'events are append-only: record a correction instead'); END;
                    CREATE TRIGGER event_append_only_delete BEFORE DELETE ON event
                        BEGIN SELECT RAISE(ABORT, 'events are append-only: record a correction instead'); END;
                    CREATE TABLE facility_profile (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        imported_at TEXT NOT NULL,
                        source TEXT NOT NULL
                    );
                    """)
        }
        m.registerMigration("v2-snapshots") { db in
            // A cache of folded state (see StateSnapshot); never a source of truth.
            try db.execute(
                sql: """
                    CREATE TABLE snapshot (
                        incident_id TEXT PRIMARY KEY NOT NULL REFERENCES incident(id),
                        seq INTEGER NOT NULL,
                        hash TEXT NOT NULL,
                        state BLOB NOT NULL
                    );
                    """)
        }
        m.registerMigration("v3-readiness") { db in
            // From here on the store may hold the readiness log (a head row
            // `READINESS` with status 'readiness', its events in the event table;
            // see EventStore+Readiness): older versions must refuse such a store
            // rather than list that log as an incident. And the equipment ledger
            // and backup register, kept like the profile: every import as imported.
            try db.execute(
                sql: """
                    CREATE TABLE ledger_import (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        register TEXT NOT NULL,
                        imported_at TEXT NOT NULL,
                        file TEXT NOT NULL,
                        source TEXT NOT NULL
                    );
                    """)
        }
        m.registerMigration("v4-event-mac") { db in
            // HMAC-SHA256 of the event's hash under the facility's key (see
            // EventKey); NULL for events written without a key.
            try db.execute(sql: "ALTER TABLE event ADD COLUMN mac TEXT")
        }
        m.registerMigration("v5-creation-mark") { db in
            // Written once, after every migration, by the command that creates
            // the store: a store without it (and without any event or profile)
            // is an interrupted creation, not an empty log.
            try db.execute(sql: "CREATE TABLE store_created (created_at TEXT NOT NULL)")
        }
        m.registerMigration("v6-bcp") { db in
            // The clinic's BCP (bcp.yaml), kept like the profile and the ledger:
            // every import as imported, the latest is current (EventStore+BCP).
            try db.execute(
                sql: """
                    CREATE TABLE bcp_import (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        imported_at TEXT NOT NULL,
                        file TEXT NOT NULL,
                        source TEXT NOT NULL
                    );
                    """)
        }
        m.registerMigration("v7-document-log") { db in
            // Every profile and ledger import vouched for by a chained entry (see DocumentLog).
            try DocumentLog.migrate(db)
        }
        m.registerMigration("v8-copies") { db in
            // Every backup and export made (when, where to, SHA-256), chained in the document log.
            try db.execute(
                sql: """
                    CREATE TABLE copy_made (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        made_at TEXT NOT NULL,
                        kind TEXT NOT NULL,
                        target TEXT NOT NULL,
                        sha256 TEXT NOT NULL
                    );
                    """)
        }
        return m
    }

    /// The key new events are signed with, read now; nil without a key file.
    func signingKey() throws(IncidentError) -> EventKey? {
        guard let keyFile else { return nil }
        return try EventKey.load(keyFile)
    }

    /// The schema is part of the evidence: the store's tables, triggers, indexes
    /// and views must be exactly those its recorded migrations make (replayed on
    /// an empty in-memory database). Anything extra or missing is an integrity
    /// failure that names it; a SQLite file without our migrations but with
    /// tables is another application's, never adopted.
    static func checkSchema(_ queue: DatabaseQueue, path: String) throws(IncidentError) {
        do {
            let (applied, actual) = try queue.read { db -> ([String]?, [String: String]) in
                let objects = try Self.schemaObjects(db)
                guard objects["table grdb_migrations"] != nil else { return (nil, objects) }
                return (try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations"), objects)
            }
            guard let applied else {
                let tables = actual.keys.filter { $0.hasPrefix("table ") }.map { String($0.dropFirst(6)) }.sorted()
                if !tables.isEmpty { throw IncidentError.storeForeign(path: path, tables: tables) }
                return
            }
            let known = migrator.migrations
            // A migration this version does not know is a newer store (refused by `migrate`).
            guard Set(applied).isSubset(of: known), let last = known.last(where: applied.contains) else { return }
            let reference = try DatabaseQueue()
            try migrator.migrate(reference, upTo: last)
            let expected = try reference.read(schemaObjects)
            var problems: [String] = []
            for key in actual.keys.sorted() where expected[key] == nil { problems.append("extra \(key)") }
            for key in expected.keys.sorted() where actual[key] == nil { problems.append("missing \(key)") }
            // (GRDB's own bookkeeping table is compared by name only: its SQL is the library's.)
            for key in expected.keys.sorted() where actual[key] != nil && actual[key] != expected[key] && !key.contains("grdb_migrations") {
                problems.append("changed \(key)")
            }
            if !problems.isEmpty {
                throw IncidentError.integrity(
                    IntegrityFailure(incidentID: "-", seq: nil, reason: .schemaMismatch, detail: problems.joined(separator: ", "), file: path))
            }
        } catch let e as IncidentError {
            throw e
        } catch {
            throw map(error, path: path)
        }
    }

    /// "type name" → its SQL, for every object in sqlite_master but SQLite's statistics.
    static func schemaObjects(_ db: Database) throws -> [String: String] {
        var out: [String: String] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_stat%'") {
            let type: String = row["type"]
            let name: String = row["name"]
            out["\(type) \(name)"] = row["sql"] ?? ""
        }
        return out
    }

    private static func migrate(_ queue: DatabaseQueue, path: String) throws(IncidentError) {
        do {
            let (superseded, done) = try queue.read { db in (try migrator.hasBeenSuperseded(db), try migrator.hasCompletedMigrations(db)) }
            if superseded { throw IncidentError.storeFromNewerVersion(path: path) }
            if !done { try migrator.migrate(queue) }
        } catch let e as IncidentError {
            throw e
        } catch {
            throw map(error, path: path)
        }
    }

    /// Translates SQLite failures into what the user can act on.
    static func map(_ error: any Error, path: String) -> IncidentError {
        if let e = error as? IncidentError { return e }
        guard let db = error as? DatabaseError else {
            return .storeUnavailable(path: path, reason: "\(error)")
        }
        switch db.resultCode {
        case .SQLITE_READONLY, .SQLITE_PERM, .SQLITE_AUTH: return .storeReadOnly(path: path)
        case .SQLITE_FULL: return .storeFull(path: path)
        case .SQLITE_CORRUPT, .SQLITE_NOTADB:
            return .integrity(IntegrityFailure(incidentID: "-", seq: nil, reason: .corruptStore, detail: db.message ?? "\(db.resultCode)", file: path))
        case .SQLITE_CANTOPEN:
            // WAL needs its -wal and -shm files beside the store: a read-only folder cannot hold them.
            let dir = PathText.folder(of: path)
            if access(dir.isEmpty ? "." : dir, W_OK) != 0 || access(path, W_OK) != 0 { return .storeReadOnly(path: path) }
            return .storeUnavailable(path: path, reason: "cannot open")
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return .storeUnavailable(path: path, reason: "another terminal held the store for over \(Int(busyTimeout)) s; try again")
        default: return .storeUnavailable(path: path, reason: db.message ?? "\(db.resultCode)")
        }
    }

    func read<T>(_ body: (Database) throws -> T) throws(IncidentError) -> T {
        do { return try dbQueue.read(body) } catch { throw Self.map(error, path: path) }
    }

    /// Runs `body` in one IMMEDIATE transaction (the write lock is taken at once,
    /// so concurrent writers queue on the busy timeout instead of failing).
    func write<T>(_ body: (Database) throws -> T) throws(IncidentError) -> T {
        let queue = try writeQueue()
        do {
            return try queue.writeWithoutTransaction { db in
                var result: T?
                try db.inTransaction(.immediate) {
                    result = try body(db)
                    return .commit
                }
                return result!
            }
        } catch {
            throw Self.map(error, path: path)
        }
    }
}
