import Foundation
import GRDB

extension EventStore {
    /// Reads incident `id`'s rows in sequence order through a `ChainAudit`.
    /// A row that SQLite cannot read (a damaged page) ends the audit there.
    func audit(_ db: Database, _ id: String) throws -> (ChainReport, IncidentState?, ChainAudit<ChainCheck>) {
        guard let head = try head(db, id) else { throw IncidentError.unknownIncident(id) }
        var audit = ChainAudit<ChainCheck>(incidentID: id)
        let loaded = try StateSnapshot.loadChecked(db, id)
        var snapshot: StateSnapshot?
        if case .valid(let s) = loaded { snapshot = s }
        audit.capture = snapshot?.seq
        try Self.feed(&audit, rowsOf: id, db)
        var (report, state) = audit.finish(head: (head.lastSeq, head.lastHash))
        if report.failure == nil, let state, let detail = Self.headDisagreement(head, state) {
            report.failure = IntegrityFailure(incidentID: id, seq: nil, reason: .headMismatch, detail: detail)
        }
        // The snapshot is a cache of the replay at its event: it must be exactly
        // that, acknowledged breaks or not.
        if report.failure == nil, let snapshot, audit.captured != snapshot.state {
            report.failure = IntegrityFailure(incidentID: id, seq: snapshot.seq, reason: .snapshotMismatch)
        }
        // A snapshot edited after it was written no longer matches its own digest.
        if report.failure == nil, case .tampered(let seq) = loaded {
            report.failure = IntegrityFailure(incidentID: id, seq: seq, reason: .snapshotMismatch, detail: "snapshot digest")
        }
        return (report, state, audit)
    }

    /// Stored events that today's input rules would refuse, each with the rule:
    /// not integrity failures (an older version may have written them, and the
    /// log stays the record), but worth a look, since a forged event made
    /// without the key is also one way to get there. Replays the log once.
    public func ruleNotices(of id: String) throws(IncidentError) -> [RuleNotice] {
        try read { db in
            var notices: [RuleNotice] = []
            var state: IncidentState?
            let cursor = try EventRecord.fetchCursor(db, sql: "SELECT \(Self.eventColumns) FROM event WHERE incident_id = ? ORDER BY seq", arguments: [id])
            while let row = try cursor.next() {
                guard let event = row.decode() else { continue }
                do throws(IncidentError) {
                    try IncidentMachine.decide(event, given: state)
                } catch {
                    notices.append(RuleNotice(seq: event.seq, problem: error))
                }
                IncidentMachine.fold(event, into: &state)
            }
            return notices
        }
    }

    /// What the head record says that the events do not (it is only a projection of them).
    static func headDisagreement(_ head: IncidentHead, _ state: IncidentState) -> String? {
        var diffs: [String] = []
        if head.summary != state.summary { diffs.append("summary") }
        if head.isOpen != state.isOpen { diffs.append("status") }
        if Timestamp.utc(head.awareAt) != Timestamp.utc(state.awareAt) { diffs.append("aware_at") }
        if head.timeZone.identifier != state.timeZone.identifier { diffs.append("time_zone") }
        return diffs.isEmpty ? nil : "head " + diffs.joined(separator: ", ")
    }

    /// The chain report of incident `id`: the first unacknowledged break, if any,
    /// and every acknowledged one. Never changes the store.
    public func chainReport(of id: String) throws(IncidentError) -> ChainReport {
        try read { db in try self.audit(db, id).0 }
    }

    /// Records that a person saw incident `id`'s broken chain and chose to go on
    /// recording: a `chainBreakAcknowledged` event naming the first bad event,
    /// linked to the last stored row and sealing the damaged stretch. Nothing is
    /// repaired; `verify` keeps reporting the break as acknowledged.
    /// Throws `nothingToAcknowledge` when the chain is intact.
    public func acknowledgeBreak(of id: String, reason: String, actor: String) throws(IncidentError)
        -> (Event, IncidentState, IntegrityFailure)
    {
        let key = try signingKey()
        // The acknowledged log is whole again: writes go back to checking the tail.
        defer { if let report = try? self.chainReport(of: id), report.failure == nil { self.forgetBreak(id) } }
        return try write { db in
            let (report, state, audit) = try self.audit(db, id)
            guard let failure = report.failure else { throw IncidentError.nothingToAcknowledge(id) }
            guard let state,
                let event = audit.acknowledgementEvent(of: failure, reason: reason, actor: actor, now: Self.truncated(self.clock.now()))
            else {
                // Without a readable declaration there is no incident to continue.
                throw IncidentError.integrity(failure)
            }
            let next = try IncidentMachine.apply(event, to: state)
            try self.insert(event, db, key: key)
            // The head is a projection: rewrite all of it from the events (the acknowledgement keeps what it said).
            try IncidentRow(next).update(db)
            // Start the fast path after the damage: later reads need not audit the whole log again.
            try StateSnapshot.save(next, db)
            return (event, next, failure)
        }
    }

    /// Feeds every stored row of log `id` to `audit`, in order. A database that
    /// cannot be read any further ends the log there, as the audit's `unreadable`.
    static func feed<Check: AuditedChain>(_ audit: inout ChainAudit<Check>, rowsOf id: String, _ db: Database) throws {
        let cursor = try EventRecord.fetchCursor(db, sql: "SELECT \(eventColumns) FROM event WHERE incident_id = ? ORDER BY seq", arguments: [id])
        while true {
            do {
                guard let row = try cursor.next() else { break }
                audit.feed(row)
            } catch let error as DatabaseError where [.SQLITE_CORRUPT, .SQLITE_NOTADB, .SQLITE_IOERR].contains(error.resultCode) {
                audit.unreadable(error.message ?? "\(error.resultCode)")
                break
            }
        }
    }
}

/// A stored event that today's input rules would refuse (see `EventStore.ruleNotices`).
public struct RuleNotice: Sendable, Equatable, Encodable {
    public var seq: Int64
    public var problem: IncidentError

    public func message(_ l: Language) -> String {
        l.pick(
            ja: "記録番号 \(seq): 現在の入力規則では受け付けない内容です（\(problem.message(.ja))）。古い版で記録されたものか、鍵なしで作られた偽の記録の可能性があります。",
            en:
                "event #\(seq): today's input rules would refuse it (\(problem.message(.en))). An older version may have written it, or it was forged without the key."
        )
    }

    private enum CodingKeys: String, CodingKey { case seq, problem }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(seq, forKey: .seq)
        try c.encode(problem.message(.en), forKey: .problem)
    }

}
