import Foundation
import GRDB

/// What `EventStore.salvage` copied into the new store, log by log.
public struct SalvageReport: Sendable, Equatable {
    public struct Log: Sendable, Equatable {
        /// The incident (or the readiness log).
        public var id: String
        /// Events copied as they were (hashes and key MACs unchanged).
        public var copied: Int64
        /// The unacknowledged break found in the damaged store; nil when the log was intact.
        public var failure: IntegrityFailure?
        /// The event that records the break in the new store.
        public var recordedAs: Int64?
    }

    /// Logs copied into the new store.
    public var logs: [Log]
    /// Logs with nothing that verifies (no readable declaration), left behind.
    public var leftBehind: [IntegrityFailure]
    /// Damage to the store as a whole (its schema, its document log), recorded
    /// in every log of the new store (the readiness log when it has none).
    public var storeWide: [IntegrityFailure] = []
    /// The logs of the new store that record `storeWide`.
    public var storeWideRecordedIn: [String] = []
}

extension EventStore {
    /// Copies every event of the store at `source` that still verifies into a
    /// new store at `out`, and records, in each log that was broken, the break
    /// as a `chainBreakAcknowledged` event (so `verify` on the new store lists
    /// it). Damage to the store as a whole (a table, trigger, index or view
    /// planted or removed; an edited document import) is recorded likewise in
    /// every log copied, naming what differed, after any break of the log itself
    /// (in a new readiness log when nothing else was copied). The damaged store
    /// is opened read-only and never changed, whatever its state: a damaged page,
    /// a forged schema or migration row, an impossible event number. Profile and
    /// ledger imports are copied as they are.
    ///
    /// Atomic: the new store is built under a temporary name beside `out` and
    /// renamed when complete; `out` must not exist.
    public static func salvage(from source: String, to out: String, actor: String, clock: Clock = .system, keyFile: String? = nil)
        throws(IncidentError) -> SalvageReport
    {
        var info = stat()
        guard stat(source, &info) == 0 else { throw .storeMissing(path: source) }
        guard (info.st_mode & S_IFMT) == S_IFREG else { throw .storeNotAFile(path: source) }
        if FileManager.default.fileExists(atPath: out) { throw .fileExists(out) }
        let damaged = try openDamaged(source)
        let ids = Self.logIDs(damaged)
        // Damage to the store as a whole: the schema, and the document log (whose
        // imports are copied below only as far as it still vouches for them).
        let vouched = try? damaged.read { db in try DocumentLog.check(db) }
        let storeWide = [schemaFailure(damaged, path: source), vouched?.failure].compactMap { $0 }

        try PrivateFile.makeParent(of: out)
        PrivateFile.removeAbandonedPartials(of: out)
        let temp = temporarySibling(of: out)
        for suffix in ["", "-wal", "-shm", "-journal"] { try? FileManager.default.removeItem(atPath: temp + suffix) }
        var report = SalvageReport(logs: [], leftBehind: [], storeWide: storeWide)
        do {
            let fresh = try EventStore(path: temp, create: true, clock: clock, keyFile: keyFile)
            let key = try fresh.signingKey()
            let reason = "salvage of \(source)"
            let now = truncated(clock.now())
            for id in ids {
                if id == readinessLogID {
                    let (rows, audit, failure) = collect(ChainAudit<ReadinessChainCheck>(incidentID: id), id, damaged, key: key)
                    guard !rows.isEmpty else { continue }
                    let head = try? damaged.read { db in try Row.fetchOne(db, sql: "SELECT aware_at, time_zone FROM incident WHERE id = ?", arguments: [id]) }
                    var log = SalvageReport.Log(id: id, copied: Int64(rows.count), failure: failure)
                    let ack = failure.flatMap { audit.acknowledgementEvent(of: $0, reason: reason, actor: actor, now: now) }
                    let end = ack.map { ($0.seq, $0.hash) } ?? (rows[rows.count - 1].seq, rows[rows.count - 1].hash)
                    let storeAcks = acknowledgements(of: storeWide, in: id, after: end, reason: reason, actor: actor, now: now)
                    let last = storeAcks.last.map { ($0.seq, $0.hash) } ?? end
                    try fresh.write { db in
                        // The head first: events refer to it.
                        try db.execute(
                            sql: "INSERT INTO incident (id, summary, aware_at, status, time_zone, last_seq, last_hash) VALUES (?, ?, ?, ?, ?, ?, ?)",
                            arguments: [
                                id, "readiness", (head?["aware_at"] as String?) ?? Timestamp.utc(now), readinessStatus,
                                (head?["time_zone"] as String?) ?? TimeZone.facilityDefault.identifier, last.0, last.1,
                            ])
                        for row in rows { try row.insert(db) }
                        if let ack {
                            try fresh.insert(ack, db, key: key)
                            log.recordedAs = ack.seq
                        }
                        for event in storeAcks { try fresh.insert(event, db, key: key) }
                    }
                    if !storeAcks.isEmpty { report.storeWideRecordedIn.append(id) }
                    report.logs.append(log)
                    continue
                }
                let (rows, audit, failure) = collect(ChainAudit<ChainCheck>(incidentID: id), id, damaged, key: key)
                guard !rows.isEmpty, var state = audit.state else {
                    report.leftBehind.append(failure ?? IntegrityFailure(incidentID: id, seq: nil, reason: .unreadable))
                    continue
                }
                var log = SalvageReport.Log(id: id, copied: Int64(rows.count), failure: failure)
                let ack = failure.flatMap { audit.acknowledgementEvent(of: $0, reason: reason, actor: actor, now: now) }
                if let ack { state = try IncidentMachine.apply(ack, to: state) }
                let end = ack.map { ($0.seq, $0.hash) } ?? (rows[rows.count - 1].seq, rows[rows.count - 1].hash)
                let storeAcks = acknowledgements(of: storeWide, in: id, after: end, reason: reason, actor: actor, now: now)
                for event in storeAcks { state = try IncidentMachine.apply(event, to: state) }
                try fresh.write { db in
                    // The head first: events refer to it.
                    try IncidentRow(state).insert(db)
                    for row in rows { try row.insert(db) }
                    if let ack {
                        try fresh.insert(ack, db, key: key)
                        log.recordedAs = ack.seq
                    }
                    for event in storeAcks { try fresh.insert(event, db, key: key) }
                    try StateSnapshot.save(state, db)
                }
                if !storeAcks.isEmpty { report.storeWideRecordedIn.append(id) }
                report.logs.append(log)
            }
            // Nothing copied to record the store's damage in: a readiness log holding only that.
            if !storeWide.isEmpty, report.storeWideRecordedIn.isEmpty {
                let id = readinessLogID
                let storeAcks = acknowledgements(of: storeWide, in: id, after: (0, HashChain.genesis), reason: reason, actor: actor, now: now)
                if let last = storeAcks.last {
                    try fresh.write { db in
                        try db.execute(
                            sql: "INSERT INTO incident (id, summary, aware_at, status, time_zone, last_seq, last_hash) VALUES (?, ?, ?, ?, ?, ?, ?)",
                            arguments: [id, "readiness", Timestamp.utc(now), readinessStatus, TimeZone.facilityDefault.identifier, last.seq, last.hash])
                        for event in storeAcks { try fresh.insert(event, db, key: key) }
                    }
                    report.storeWideRecordedIn.append(id)
                }
            }
            // Profile and ledger imports, as they were, each vouched for again in the new
            // store's document log: all of them from a store older than that log, else
            // those its log still vouches for (a damaged page may have taken some).
            var documentFailure: IntegrityFailure?
            try fresh.write { db in
                for (kind, table) in DocumentLog.documents {
                    let rows = (try? damaged.read { d in try Row.fetchAll(d, sql: "SELECT * FROM \(table) ORDER BY id") }) ?? []
                    for row in rows {
                        let id: Int64 = row["id"]
                        if let v = vouched, v.failure != nil, !(v.covered[table]?.contains(id) ?? false) { continue }
                        let known = Set(try db.columns(in: table).map(\.name))
                        let columns = row.columnNames.filter { $0 != "id" && known.contains($0) }
                        try db.execute(
                            sql: "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES (\(columns.map { _ in "?" }.joined(separator: ", ")))",
                            arguments: StatementArguments(columns.map { row[$0] as DatabaseValue }))
                        try DocumentLog.append(db, kind: kind, table: table, id: db.lastInsertedRowID, at: row["imported_at"] ?? Timestamp.utc(now))
                    }
                }
                documentFailure = vouched?.failure
            }
            if let documentFailure { report.logs.append(SalvageReport.Log(id: DocumentLog.logID, copied: 0, failure: documentFailure)) }
            try fresh.close()
            try? damaged.close()
            try PrivateFile.fsync(temp)
            try PrivateFile.publishFile(temp, as: out)
        } catch {
            for suffix in ["", "-wal", "-shm", "-journal"] { try? FileManager.default.removeItem(atPath: temp + suffix) }
            throw map(error, path: out)
        }
        for suffix in ["-wal", "-shm", "-journal"] { try? FileManager.default.removeItem(atPath: temp + suffix) }
        return report
    }

    /// The acknowledgements recording `failures` (damage to the whole store) at
    /// the end of log `id`, chained after `last`: each names no event (the log
    /// itself verifies) and says what differed.
    private static func acknowledgements(
        of failures: [IntegrityFailure], in id: String, after last: (seq: Int64, hash: String), reason: String, actor: String, now: Date
    ) -> [Event] {
        var previous = last
        var events: [Event] = []
        for failure in failures {
            guard previous.seq < Int64.max else { break }
            let detail = failure.detail.isEmpty ? failure.reason.rawValue : "\(failure.reason.rawValue): \(failure.detail)"
            let body = EventBody.chainBreakAcknowledged(
                .init(firstBadSeq: nil, reason: reason, detail: detail))
            let event = makeEvent(
                id: id, seq: previous.seq + 1, previous: previous.hash, draft: EventDraft(occurredAt: nil, actor: actor, body: body), now: now)
            events.append(event)
            previous = (event.seq, event.hash)
        }
        return events
    }

    /// The damaged store's schema difference (a table, trigger, index or view
    /// extra, missing or changed), or nil when its schema is as expected or
    /// cannot be read (the chain checks then say what is wrong).
    private static func schemaFailure(_ queue: DatabaseQueue, path: String) -> IntegrityFailure? {
        do throws(IncidentError) {
            try checkSchema(queue, path: path)
        } catch {
            if case .integrity(let failure) = error, failure.reason == .schemaMismatch { return failure }
        }
        return nil
    }

    /// The damaged store, read-only, with no check of its schema or migrations.
    private static func openDamaged(_ path: String) throws(IncidentError) -> DatabaseQueue {
        var config = Configuration()
        config.readonly = true
        config.label = "incident-salvage"
        do { return try DatabaseQueue(path: path, configuration: config) } catch { throw map(error, path: path) }
    }

    /// Every log the damaged store names, in its event table or its head table
    /// (as far as either can still be read).
    private static func logIDs(_ db: DatabaseQueue) -> [String] {
        var ids = Set<String>()
        for sql in ["SELECT DISTINCT incident_id FROM event", "SELECT id FROM incident"] {
            if let found = try? db.read({ db in try String.fetchAll(db, sql: sql) }) { ids.formUnion(found) }
        }
        return ids.sorted()
    }

    /// The rows of log `id` that still verify (acknowledged stretches included,
    /// as the chain vouches for them), the audit as it stood after the last of
    /// them, and the first unacknowledged break (nil when the log is intact).
    /// With a key, an event it does not vouch for (no MAC, or a wrong one) does
    /// not verify either: the copy stops before it.
    private static func collect<Check: AuditedChain>(_ audit: ChainAudit<Check>, _ id: String, _ damaged: DatabaseQueue, key: EventKey?)
        -> ([EventRecord], ChainAudit<Check>, IntegrityFailure?)
    {
        var keyFailure: IntegrityFailure?
        var audit = audit
        var all: [EventRecord] = []
        var trusted = 0
        var trustedAudit = audit
        var readError: String?
        let head = try? damaged.read { db in try Row.fetchOne(db, sql: "SELECT last_seq, last_hash FROM incident WHERE id = ?", arguments: [id]) }
        _ = try? damaged.read { db in
            let hasMAC = (try? db.columns(in: "event").contains { $0.name == "mac" }) ?? false
            let cursor = try Row.fetchCursor(
                db, sql: "SELECT \(eventColumns)\(hasMAC ? ", mac" : "") FROM event WHERE incident_id = ? ORDER BY seq", arguments: [id])
            while true {
                do {
                    guard let row = try cursor.next() else { break }
                    var record = EventRecord(row: row)
                    if hasMAC { record.mac = row["mac"] }
                    if let key, audit.failure == nil, !(record.mac.map { key.vouches(for: record.hash, mac: $0) } ?? false) {
                        keyFailure = IntegrityFailure(
                            incidentID: id, seq: record.seq, reason: record.mac == nil ? .unsigned : .macMismatch, detail: "not vouched for by the key")
                        break
                    }
                    audit.feed(record)
                    all.append(record)
                    if audit.failure == nil {
                        trusted = all.count
                        trustedAudit = audit
                    }
                } catch {
                    readError = "\(error)"
                    break
                }
            }
        }
        if let readError { audit.unreadable(readError) }
        let lastSeq: Int64? = head?["last_seq"]
        let lastHash: String? = head?["last_hash"]
        let (report, _) = audit.finish(head: lastSeq.flatMap { s in lastHash.map { (s, $0) } })
        var failure = keyFailure ?? report.failure
        // Events with no head record to end them.
        if failure == nil, head == nil, !all.isEmpty {
            failure = IntegrityFailure(incidentID: id, seq: nil, reason: .headMismatch, detail: "events without a head record")
        }
        return (Array(all.prefix(trusted)), trustedAudit, failure)
    }
}
