import Foundation
import GRDB

/// The readiness log: the facility's peacetime self-assessments (checklist
/// answers), kept in the same store and the same hash-chained `event` table as
/// incidents, under the reserved log id `READINESS`, with its own chain.
///
/// - Its head row lives in the `incident` table with status `readiness` (the
///   event table's key refers to it); `incidents()` leaves it out, so it never
///   appears in `list` or in the choice of the current incident, and
///   `--incident READINESS` names no incident.
/// - It holds only `checklistAnswered` events (and the incident machine refuses
///   those in an incident's log) and `chainBreakAcknowledged` ones, needs no
///   declaration, and is created by its first answer: it works in a store that
///   has a profile and no incident.
/// - `verifyReadiness()` recomputes the whole chain against the head through the
///   same `ChainAudit` as an incident's log; `exportReadiness` writes a bundle
///   `verify --bundle` checks.
/// - A break is acknowledged as for an incident (`acknowledgeReadinessBreak`,
///   `verify --acknowledge --readiness`): the damage stays on record and the log
///   goes on. The folded log then keeps the answers before the break and after
///   the acknowledgement; answers in the damaged stretch between them are kept
///   as found but never used (an item answered only there reads as unanswered,
///   so it is asked again).
extension EventStore {
    /// The reserved id of the readiness log. Incident ids are `INC-…`, so it cannot collide.
    public static let readinessLogID = "READINESS"
    static let readinessStatus = "readiness"

    /// The readiness log's chain rules for `ChainAudit`: numbering, links,
    /// hashes, decoding, and only readiness events (answers and acknowledgements).
    struct ReadinessChainCheck: AuditedChain {
        let logID: String
        var expectedSeq: Int64 = 1
        var previous = HashChain.genesis
        /// Never nil: the log needs no declaration.
        var state: ReadinessLog? = ReadinessLog()

        init(logID: String = EventStore.readinessLogID) { self.logID = logID }

        mutating func accept(_ row: EventRecord) -> Result<Event, IntegrityFailure> {
            func fail(_ reason: IntegrityFailure.Reason, _ detail: String = "") -> Result<Event, IntegrityFailure> {
                .failure(IntegrityFailure(incidentID: logID, seq: row.seq, reason: reason, detail: detail))
            }
            if row.seq != expectedSeq { return fail(.sequenceGap, "expected #\(expectedSeq)") }
            if row.prevHash != previous { return fail(.brokenLink) }
            if row.computedHash != row.hash { return fail(.hashMismatch) }
            guard let event = row.decode() else { return fail(.unreadable) }
            if event.incidentID != logID { return fail(.illegalEvent, "event of another log") }
            switch event.body {
            case .checklistAnswered, .chainBreakAcknowledged: break
            default: return fail(.illegalEvent, "\(event.kind.rawValue) in the readiness log")
            }
            state?.fold(event)
            expectedSeq += 1
            previous = row.hash
            return .success(event)
        }

        func finish(lastSeq: Int64, lastHash: String) -> IntegrityFailure? {
            if lastSeq != expectedSeq - 1 || lastHash != previous {
                return IntegrityFailure(
                    incidentID: logID, seq: min(lastSeq, expectedSeq), reason: .truncated,
                    detail: "head says #\(lastSeq), log ends at #\(expectedSeq - 1)")
            }
            return nil
        }

        /// Answers in the damaged stretch are not trusted: none of them is used.
        static func salvage(_ row: EventRecord, into log: inout ReadinessLog) {}

        static func acknowledge(_ event: Event, into log: inout ReadinessLog) { log.fold(event) }

        static func chainBreaks(of log: ReadinessLog) -> [IncidentState.Record<EventBody.ChainBreak>] { log.chainBreaks }
    }

    /// The result of checking the readiness log.
    public struct ReadinessReport: Sendable, Equatable {
        /// Whether the store has a readiness log at all (no answer yet: no log).
        public var exists: Bool
        public var events: Int64
        public var lastHash: String
        /// The first unacknowledged break; nil when the log can be trusted up to its end.
        public var failure: IntegrityFailure?
        /// Breaks acknowledged in the log (still visible).
        public var acknowledged: [AcknowledgedBreak] = []
    }

    private func readinessHead(_ db: Database) throws -> (seq: Int64, hash: String)? {
        guard let row = try Row.fetchOne(db, sql: "SELECT last_seq, last_hash, status FROM incident WHERE id = ?", arguments: [Self.readinessLogID]) else {
            return nil
        }
        return (row["last_seq"], row["last_hash"])
    }

    /// Replays and checks the whole readiness log (it is small: one event per
    /// answer) through the same `ChainAudit` as an incident's log. The audit is
    /// nil when there is no head record to continue from.
    private func checkReadiness(_ db: Database) throws -> (ReadinessReport, ReadinessLog, ChainAudit<ReadinessChainCheck>?) {
        guard let head = try readinessHead(db) else {
            // Events under the reserved id without a head would be a forged or truncated log.
            if try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM event WHERE incident_id = ?", arguments: [Self.readinessLogID]) ?? 0 > 0 {
                let f = IntegrityFailure(incidentID: Self.readinessLogID, seq: nil, reason: .headMismatch, detail: "events without a head record")
                return (ReadinessReport(exists: true, events: 0, lastHash: HashChain.genesis, failure: f), ReadinessLog(), nil)
            }
            return (ReadinessReport(exists: false, events: 0, lastHash: HashChain.genesis, failure: nil), ReadinessLog(), nil)
        }
        var audit = ChainAudit<ReadinessChainCheck>(incidentID: Self.readinessLogID)
        try Self.feed(&audit, rowsOf: Self.readinessLogID, db)
        let (chain, log) = audit.finish(head: (head.seq, head.hash))
        let report = ReadinessReport(
            exists: true, events: head.seq, lastHash: head.hash, failure: chain.failure, acknowledged: chain.acknowledged)
        return (report, log ?? ReadinessLog(), audit)
    }

    /// Recomputes the readiness log's chain; `exists` is false when nothing was ever answered.
    public func verifyReadiness() throws(IncidentError) -> ReadinessReport {
        try read { db in try self.checkReadiness(db).0 }
    }

    /// The folded readiness log, after checking its whole chain (a broken log
    /// is an `IncidentError.integrity`). Empty when nothing was answered yet.
    public func readinessLog() throws(IncidentError) -> ReadinessLog {
        try read { db in
            let (report, log, _) = try self.checkReadiness(db)
            if let f = report.failure { throw IncidentError.integrity(f) }
            return log
        }
    }

    /// Every event of the readiness log in order (after checking it).
    public func readinessEvents() throws(IncidentError) -> [Event] {
        try read { db in
            let (report, _, _) = try self.checkReadiness(db)
            if let f = report.failure { throw IncidentError.integrity(f) }
            return try EventRecord.fetchAll(
                db, sql: "SELECT \(Self.eventColumns) FROM event WHERE incident_id = ? ORDER BY seq", arguments: [Self.readinessLogID]
            )
            .compactMap { $0.decode() }
        }
    }

    /// Appends a checklist answer to the readiness log (creating the log with its
    /// first answer). Either it is durably chained, or nothing changes.
    @discardableResult
    public func recordChecklistAnswer(_ answer: EventBody.ChecklistAnswered, actor: String, timeZone: TimeZone) throws(IncidentError) -> (Event, ReadinessLog) {
        let key = try signingKey()
        return try write { db in
            let (report, log, _) = try self.checkReadiness(db)
            if let f = report.failure { throw IncidentError.integrity(f) }
            let now = Self.truncated(self.clock.now())
            let event = Self.makeEvent(
                id: Self.readinessLogID, seq: report.events + 1, previous: report.lastHash,
                draft: EventDraft(actor: actor, body: .checklistAnswered(answer)), now: now)
            try ReadinessLog.decide(event, today: Timestamp.day(of: now, in: timeZone))
            if report.exists {
                try db.execute(sql: "UPDATE incident SET last_seq = ?, last_hash = ? WHERE id = ?", arguments: [event.seq, event.hash, Self.readinessLogID])
            } else {
                try db.execute(
                    sql: "INSERT INTO incident (id, summary, aware_at, status, time_zone, last_seq, last_hash) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    arguments: [Self.readinessLogID, "readiness", Timestamp.utc(now), Self.readinessStatus, timeZone.identifier, event.seq, event.hash])
            }
            try self.insert(event, db, key: key)
            var next = log
            next.fold(event)
            return (event, next)
        }
    }

    /// Records that a person saw the readiness log's broken chain and chose to go
    /// on answering: a `chainBreakAcknowledged` event naming the first bad event,
    /// linked to the last stored row and sealing the damaged stretch, exactly as
    /// `acknowledgeBreak(of:)` does for an incident. Nothing is repaired.
    /// Throws `nothingToAcknowledge` when the log is intact or absent, and the
    /// integrity failure itself when there is no row to continue from.
    @discardableResult
    public func acknowledgeReadinessBreak(reason: String, actor: String) throws(IncidentError) -> (Event, IntegrityFailure) {
        let key = try signingKey()
        return try write { db in
            let (report, _, audit) = try self.checkReadiness(db)
            guard let failure = report.failure else { throw IncidentError.nothingToAcknowledge(Self.readinessLogID) }
            guard let audit, let event = audit.acknowledgementEvent(of: failure, reason: reason, actor: actor, now: Self.truncated(self.clock.now()))
            else { throw IncidentError.integrity(failure) }
            try ReadinessLog.decideAcknowledgement(event)
            try self.insert(event, db, key: key)
            try db.execute(sql: "UPDATE incident SET last_seq = ?, last_hash = ? WHERE id = ?", arguments: [event.seq, event.hash, Self.readinessLogID])
            return (event, failure)
        }
    }

    /// Writes the readiness log as a bundle folder (as `export` does for an incident).
    @discardableResult
    public func exportReadiness(to path: String, toolVersion: String, timeZone: TimeZone) throws(IncidentError)
        -> (manifest: EventBundle.Manifest, manifestHash: String)
    {
        let (rows, report) = try read { db in
            let (report, _, _) = try self.checkReadiness(db)
            if let f = report.failure { throw IncidentError.integrity(f) }
            if !report.exists { throw IncidentError.noReadinessLog }
            let rows = try EventRecord.fetchAll(
                db, sql: "SELECT \(Self.eventColumns) FROM event WHERE incident_id = ? ORDER BY seq", arguments: [Self.readinessLogID])
            return (rows, report)
        }
        // As for an incident: an unacknowledged break refuses the export; acknowledged ones go in the manifest.
        return try EventBundle.write(
            rows: rows, id: Self.readinessLogID, timeline: ReadinessLog.timeline(rows.compactMap { $0.decode() }, timeZone: timeZone),
            acknowledged: report.acknowledged, to: path, createdAt: Timestamp.iso(clock.now(), in: timeZone), toolVersion: toolVersion)
    }
}

/// The readiness log folded: the latest answer per checklist and item, and how
/// many answers were ever recorded. Small (one entry per item).
public struct ReadinessLog: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public var answer: EventBody.ChecklistAnswered
        public var recordedAt: Date
        public var seq: Int64
        public var actor: String
    }

    /// checklist id → item id → the latest answer.
    public private(set) var latest: [String: [String: Entry]] = [:]
    /// The seq of the latest answer folded.
    public private(set) var count: Int64 = 0
    /// Breaks of the log's chain acknowledged in it (the damage stays on record).
    public private(set) var chainBreaks: [IncidentState.Record<EventBody.ChainBreak>] = []

    public init() {}

    public func answers(of checklist: String) -> [String: Entry] { latest[checklist] ?? [:] }

    /// Folds any well-formed stored readiness event; never throws.
    mutating func fold(_ event: Event) {
        switch event.body {
        case .checklistAnswered(let a):
            latest[a.checklist, default: [:]][a.item] = Entry(answer: a, recordedAt: event.recordedAt, seq: event.seq, actor: event.actor)
            count = event.seq
        case .chainBreakAcknowledged(let b):
            chainBreaks.append(.init(value: b, at: event.occurredAt, seq: event.seq, actor: event.actor))
        default:
            break
        }
    }

    /// The input rules for a new readiness event (`today` in the facility's zone).
    static func decide(_ event: Event, today: Day) throws(IncidentError) {
        try IncidentMachine.checkText(event.actor, field: .actor)
        guard case .checklistAnswered(let a) = event.body else { throw .readinessEventInIncident }
        try IncidentMachine.checkText(a.checklist, field: .checklist)
        try IncidentMachine.checkText(a.item, field: .item)
        if a.checked > today { throw .checkedInFuture(a.checked.description) }
        if let note = a.note { try IncidentMachine.checkText(note, field: .note) }
    }

    /// The input rules for an acknowledgement (the same as in an incident's log).
    static func decideAcknowledgement(_ event: Event) throws(IncidentError) {
        try IncidentMachine.checkText(event.actor, field: .actor)
        guard case .chainBreakAcknowledged(let b) = event.body else { throw .readinessEventInIncident }
        guard !b.reason.allSatisfy(\.isWhitespace) else { throw .reasonRequired(action: .acknowledge) }
        try IncidentMachine.checkText(b.reason, field: .reason)
    }

    /// The Markdown timeline of an exported readiness log.
    static func timeline(_ events: [Event], timeZone: TimeZone) -> String {
        func text(_ e: Event) -> String {
            switch e.body {
            case .checklistAnswered(let c): EventDescription.checklistAnswer(c, .ja)
            case .chainBreakAcknowledged(let b): EventDescription.chainBreak(b, .ja)
            default: e.kind.rawValue
            }
        }
        var out = "# 平時の準備の記録 / readiness log\n\n"
        for e in events {
            out += "- #\(e.seq) \(Timestamp.local(e.recordedAt, in: timeZone)) \(e.actor): \(text(e))\n"
        }
        return out
    }
}
