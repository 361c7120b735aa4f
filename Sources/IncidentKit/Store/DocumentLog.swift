import Crypto
import Foundation
import GRDB

/// The chained log of facility documents: every import of the facility profile
/// and of the equipment ledger (and any document table listed in `documents`)
/// is vouched for by an entry holding the SHA-256 of the stored row, chained
/// like events. `verify --all` (and every read of the current profile or
/// ledger) recomputes it, so an edited, added or removed import is caught: the
/// next `declare` never embeds a forged police number.
///
/// Generic on purpose: a new kind of document (e.g. a BCP file kept in its own
/// table with an INTEGER `id`) is covered by adding its table to `documents` and
/// calling `append` after its insert.
enum DocumentLog {
    /// The id failures of this log carry.
    static let logID = "DOCUMENTS"

    /// The tables whose every row must have an entry: the kind recorded, and the table.
    static let documents: [(kind: String, table: String)] = [
        ("profile", "facility_profile"), ("ledger", "ledger_import"), ("copy", "copy_made"), ("bcp", "bcp_import"),
    ]

    /// Migration "v7-document-log": the table, its append-only triggers, and an
    /// entry for every import already there (vouched for from now on).
    static func migrate(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE document_log (
                    seq INTEGER PRIMARY KEY,
                    kind TEXT NOT NULL,
                    doc_table TEXT NOT NULL,
                    doc_id INTEGER NOT NULL,
                    recorded_at TEXT NOT NULL,
                    digest TEXT NOT NULL,
                    prev_hash TEXT NOT NULL,
                    hash TEXT NOT NULL
                );
                CREATE TRIGGER document_log_append_only_update BEFORE UPDATE ON document_log
                    BEGIN SELECT RAISE(ABORT, 'the document log is append-only'); END;
                CREATE TRIGGER document_log_append_only_delete BEFORE DELETE ON document_log
                    BEGIN SELECT RAISE(ABORT, 'the document log is append-only'); END;
                """)
        for (kind, table) in documents {
            guard try db.tableExists(table) else { continue }
            let hasTime = try db.columns(in: table).contains { $0.name == "imported_at" }
            for id in try Int64.fetchAll(db, sql: "SELECT id FROM \(table) ORDER BY id") {
                let at = hasTime ? try String.fetchOne(db, sql: "SELECT imported_at FROM \(table) WHERE id = ?", arguments: [id]) ?? "" : ""
                try append(db, kind: kind, table: table, id: id, at: at)
            }
        }
    }

    /// Appends the entry vouching for row `id` of `table` (just inserted), and
    /// reads it back in the same transaction.
    static func append(_ db: Database, kind: String, table: String, id: Int64, at: String) throws {
        let last = try Row.fetchOne(db, sql: "SELECT seq, hash FROM document_log ORDER BY seq DESC LIMIT 1")
        let seq = (last?["seq"] as Int64? ?? 0) + 1
        let previous = last?["hash"] as String? ?? HashChain.genesis
        guard let digest = try rowDigest(db, table: table, id: id) else { return }
        let hash = entryHash(previous: previous, seq: seq, kind: kind, table: table, id: id, at: at, digest: digest)
        try db.execute(
            sql: "INSERT INTO document_log (seq, kind, doc_table, doc_id, recorded_at, digest, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            arguments: [seq, kind, table, id, at, digest, previous, hash])
        guard try String.fetchOne(db, sql: "SELECT hash FROM document_log WHERE seq = ?", arguments: [seq]) == hash else {
            throw IncidentError.integrity(IntegrityFailure(incidentID: logID, seq: seq, reason: .notStored))
        }
    }

    /// What the log says: how many entries, the last hash, and the first problem.
    struct Report {
        var entries: Int64
        var lastHash: String
        var failure: IntegrityFailure?
        /// The rows vouched for by the entries before the first problem, by table.
        var covered: [String: Set<Int64>] = [:]
    }

    /// Checks the chain, each entry's row, and that every row of every document
    /// table has its entry. Nil before the store has the log (an older version).
    static func check(_ db: Database) throws -> Report? {
        guard try db.tableExists("document_log") else { return nil }
        var expected: Int64 = 1
        var previous = HashChain.genesis
        var covered: [String: Set<Int64>] = [:]
        func report(_ seq: Int64?, _ reason: IntegrityFailure.Reason, _ detail: String) -> Report {
            Report(
                entries: expected - 1, lastHash: previous, failure: IntegrityFailure(incidentID: logID, seq: seq, reason: reason, detail: detail),
                covered: covered)
        }
        for row in try Row.fetchAll(db, sql: "SELECT * FROM document_log ORDER BY seq") {
            let seq: Int64 = row["seq"]
            let (kind, table, id): (String, String, Int64) = (row["kind"], row["doc_table"], row["doc_id"])
            let (at, digest, prev, hash): (String, String, String, String) = (row["recorded_at"], row["digest"], row["prev_hash"], row["hash"])
            if seq != expected { return report(seq, .sequenceGap, "expected #\(expected)") }
            if prev != previous { return report(seq, .brokenLink, "") }
            if entryHash(previous: prev, seq: seq, kind: kind, table: table, id: id, at: at, digest: digest) != hash { return report(seq, .hashMismatch, "") }
            guard documents.contains(where: { $0.table == table }) else { return report(seq, .illegalEvent, "unknown table \(table)") }
            let stored = try rowDigest(db, table: table, id: id)
            if stored == nil { return report(seq, .truncated, "\(kind) import \(table) #\(id) removed") }
            if stored != digest { return report(seq, .hashMismatch, "\(kind) import \(table) #\(id) edited after it was imported") }
            covered[table, default: []].insert(id)
            expected += 1
            previous = hash
        }
        for (kind, table) in documents where try db.tableExists(table) {
            for id in try Int64.fetchAll(db, sql: "SELECT id FROM \(table) ORDER BY id") where !(covered[table]?.contains(id) ?? false) {
                return report(nil, .illegalEvent, "\(kind) import \(table) #\(id) added behind the tool's back")
            }
        }
        return Report(entries: expected - 1, lastHash: previous, failure: nil, covered: covered)
    }

    /// Throws the log's first problem, if any (before a profile or ledger is used).
    static func require(_ db: Database) throws {
        if let f = try check(db)?.failure { throw IncidentError.integrity(f) }
    }

    /// SHA-256 over every column of the row (names and typed values), nil when absent.
    static func rowDigest(_ db: Database, table: String, id: Int64) throws -> String? {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM \(table) WHERE id = ?", arguments: [id]) else { return nil }
        var fields: [String] = [table]
        for (column, value) in row {
            let typed: String =
                switch value.storage {
                case .null: "n"
                case .int64(let i): "i\(i)"
                case .double(let d): "d\(d)"
                case .string(let s): "s" + s
                case .blob(let b): "b" + HashChain.hex(b)
                }
            fields += [column, typed]
        }
        return fold("incident-document-row-v1", fields)
    }

    static func entryHash(previous: String, seq: Int64, kind: String, table: String, id: Int64, at: String, digest: String) -> String {
        fold("incident-document-v1", [previous, String(seq), kind, table, String(id), at, digest])
    }

    private static func fold(_ seed: String, _ fields: [String]) -> String {
        var hasher = SHA256()
        for field in [seed] + fields {
            let bytes = Array(field.utf8)
            hasher.update(data: Array("\(bytes.count):".utf8))
            hasher.update(data: bytes)
            hasher.update(data: [10])
        }
        return HashChain.hex(hasher.finalize())
    }
}

extension EventStore {
    /// The facility document log's check (see `DocumentLog`): nil when the store
    /// has none yet, or no entry in it.
    public func verifyDocuments() throws(IncidentError) -> (entries: Int64, lastHash: String, failure: IntegrityFailure?)? {
        try read { db in
            guard let r = try DocumentLog.check(db), r.entries > 0 || r.failure != nil else { return nil }
            return (r.entries, r.lastHash, r.failure)
        }
    }
}

/// A copy of the store made by `backup` or `export`, as recorded in the store
/// (chained in the document log like the profile and ledger imports).
public struct CopyRecord: Sendable, Equatable {
    public enum Kind: String, Sendable { case backup, export }
    public var madeAt: Date
    public var kind: Kind
    /// Where the copy was written.
    public var target: String
    /// SHA-256 of the backup file, or of an export's manifest.json.
    public var sha256: String
}

/// How old the newest copy of the store is, against the limit: a clinic's
/// likelier loss is the whole laptop, so a copy months old is a finding.
public struct CopyFreshness: Sendable, Equatable {
    public var newest: CopyRecord?
    /// Whole days since the newest copy (nil without any).
    public var ageDays: Int?
    /// The limit in days: 30 in peacetime, 1 while an incident is open, unless
    /// the facility profile sets others (`backup.maxAgeDays`).
    public var limitDays: Int
    public var stale: Bool { ageDays.map { $0 >= limitDays } ?? true }

    /// The defaults, when the profile sets no `backup.maxAgeDays`.
    public static let peacetimeLimitDays = 30
    public static let incidentLimitDays = 1

    public func message(_ l: Language, timeZone: TimeZone) -> String {
        guard let newest, let ageDays else {
            return l.pick(
                ja: "記録ファイルの複製（バックアップ・書き出し）の記録がありません。別の媒体に複製してください。",
                en: "No copy of the store (backup or export) is on record. Make one on another medium.")
        }
        let when = Timestamp.local(newest.madeAt, in: timeZone)
        let base = l.pick(
            ja: "最新の複製: \(ageDays) 日前（\(when)、\(newest.kind.rawValue)、\(newest.target)）",
            en: "Newest copy: \(ageDays) day(s) old (\(when), \(newest.kind.rawValue), \(newest.target))")
        guard stale else { return base }
        return base
            + l.pick(
                ja: "。\(limitDays) 日を過ぎています。別の媒体に複製してください。", en: ". Older than \(limitDays) day(s): make a fresh copy on another medium.")
    }
}

extension EventStore {
    /// Records a copy just made (when, where to, its SHA-256), chained in the document log.
    public func recordCopy(_ kind: CopyRecord.Kind, target: String, sha256: String) throws(IncidentError) {
        let target = URL(fileURLWithPath: target).standardizedFileURL.path
        try write { db in
            try DocumentLog.require(db)
            let at = Timestamp.utc(self.clock.now())
            try db.execute(
                sql: "INSERT INTO copy_made (made_at, kind, target, sha256) VALUES (?, ?, ?, ?)", arguments: [at, kind.rawValue, target, sha256])
            try DocumentLog.append(db, kind: "copy", table: "copy_made", id: db.lastInsertedRowID, at: at)
        }
    }

    /// The newest recorded copy and its age against the limit: the current
    /// facility profile's `backup.maxAgeDays.incident` while any real incident
    /// is open (default 1 day), else its `backup.maxAgeDays.peacetime` (default 30).
    public func copyFreshness() throws(IncidentError) -> CopyFreshness {
        let now = clock.now()
        let limits =
            try currentProfile()?.copyAgeLimits ?? (peacetime: CopyFreshness.peacetimeLimitDays, incident: CopyFreshness.incidentLimitDays)
        return try read { db in
            let open =
                try Bool.fetchOne(
                    db, sql: "SELECT EXISTS (SELECT 1 FROM incident WHERE status = 'open' AND id LIKE ?)", arguments: [DrillID.incidentPrefix + "%"]) ?? false
            let limit = open ? limits.incident : limits.peacetime
            guard try db.tableExists("copy_made"),
                let row = try Row.fetchOne(db, sql: "SELECT made_at, kind, target, sha256 FROM copy_made ORDER BY made_at DESC, id DESC LIMIT 1"),
                let at = Timestamp.parseUTC(row["made_at"]), let kind = CopyRecord.Kind(rawValue: row["kind"])
            else { return CopyFreshness(newest: nil, ageDays: nil, limitDays: limit) }
            let record = CopyRecord(madeAt: at, kind: kind, target: row["target"], sha256: row["sha256"])
            return CopyFreshness(newest: record, ageDays: max(0, Int(now.timeIntervalSince(at) / 86_400)), limitDays: limit)
        }
    }
}
