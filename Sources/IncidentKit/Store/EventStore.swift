import Foundation
import GRDB

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
    let dbQueue: DatabaseQueue
    let clock: Clock
    /// The key file that vouches for new events (see `EventKey`); read at each
    /// write, so a missing USB stick stops writes, not reads.
    public let keyFile: String?
    /// True when opening found a store whose creation had not completed (an
    /// interrupted first `init`/`declare`: no event, no profile, no completion
    /// mark) and finished making it, so the caller can say so.
    public let finishedIncompleteCreation: Bool

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
        do {
            dbQueue = try DatabaseQueue(path: path, configuration: config)
        } catch {
            // A store that cannot be written (read-only file or folder) can still be read;
            // every write then fails with storeReadOnly, recording nothing.
            guard !create, case .storeReadOnly = Self.map(error, path: path) else { throw Self.map(error, path: path) }
            config.readonly = true
            do { dbQueue = try DatabaseQueue(path: path, configuration: config) } catch { throw Self.map(error, path: path) }
        }
        let readonly = config.readonly
        // Creation writes a mark last; a store with neither the mark nor any
        // event or profile was never finished.
        let complete: Bool
        do { complete = try dbQueue.read(Self.creationCompleted) } catch { throw Self.map(error, path: path) }
        if !complete && !create { throw .storeIncomplete(path: path) }
        finishedIncompleteCreation = !complete && !created
        do {
            try dbQueue.writeWithoutTransaction { db in
                // A store made now (or left empty by an interrupted first declare) becomes WAL.
                // Only the commands that make stores do this: opening a backup (a single
                // file in rollback-journal mode, see `backup(to:)`) to read it must leave
                // its bytes, and so its SHA-256, as they were. Writes to such a copy are
                // as durable in that mode (synchronous=FULL).
                let mode = try String.fetchOne(db, sql: "PRAGMA journal_mode")
                if !readonly, create, created || mode != "wal" { try db.execute(sql: "PRAGMA journal_mode = WAL") }
                // An acknowledged event must survive a power cut: FULL, set again
                // after any set-up that could have changed it.
                try db.execute(sql: "PRAGMA synchronous = FULL")
            }
        } catch {
            throw Self.map(error, path: path)
        }
        try migrate()
        if create && !complete {
            do {
                try dbQueue.write { db in
                    try db.execute(sql: "INSERT INTO store_created (created_at) VALUES (?)", arguments: [Timestamp.utc(clock.now())])
                }
            } catch { throw Self.map(error, path: path) }
        }
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
        return m
    }

    /// The key new events are signed with, read now; nil without a key file.
    func signingKey() throws(IncidentError) -> EventKey? {
        guard let keyFile else { return nil }
        return try EventKey.load(keyFile)
    }

    private func migrate() throws(IncidentError) {
        do {
            let migrator = Self.migrator
            let (superseded, done) = try dbQueue.read { db in (try migrator.hasBeenSuperseded(db), try migrator.hasCompletedMigrations(db)) }
            if superseded { throw IncidentError.storeFromNewerVersion(path: path) }
            if !done { try migrator.migrate(dbQueue) }
        } catch let e as IncidentError {
            throw e
        } catch {
            throw Self.map(error, path: path)
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
        do {
            return try dbQueue.writeWithoutTransaction { db in
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
