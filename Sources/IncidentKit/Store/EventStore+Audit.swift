import Foundation
import GRDB

extension EventStore {
    /// Reads incident `id`'s rows in sequence order through a `ChainAudit`.
    /// A row that SQLite cannot read (a damaged page) ends the audit there.
    func audit(_ db: Database, _ id: String) throws -> (ChainReport, IncidentState?, ChainAudit) {
        guard let head = try head(db, id) else { throw IncidentError.unknownIncident(id) }
        var audit = ChainAudit(incidentID: id)
        let cursor = try Row.fetchCursor(db, sql: "SELECT \(Self.eventColumns) FROM event WHERE incident_id = ? ORDER BY seq", arguments: [id])
        while true {
            do {
                guard let row = try cursor.next() else { break }
                audit.feed(StoredRow(row: row))
            } catch let error as DatabaseError where [.SQLITE_CORRUPT, .SQLITE_NOTADB, .SQLITE_IOERR].contains(error.resultCode) {
                audit.unreadable(error.message ?? "\(error.resultCode)")
                break
            }
        }
        let (report, state) = audit.finish(head: (head.lastSeq, head.lastHash))
        return (report, state, audit)
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
        try write { db in
            let (report, state, audit) = try self.audit(db, id)
            guard let failure = report.failure else { throw IncidentError.nothingToAcknowledge(id) }
            guard let state,
                let event = audit.acknowledgementEvent(of: failure, reason: reason, actor: actor, now: Self.truncated(self.clock.now()))
            else {
                // Without a readable declaration there is no incident to continue.
                throw IncidentError.integrity(failure)
            }
            let next = try IncidentMachine.apply(event, to: state)
            try self.insert(event, db)
            try db.execute(sql: "UPDATE incident SET summary = ?, aware_at = ?, status = ?, last_seq = ?, last_hash = ? WHERE id = ?",
                arguments: [next.summary, Timestamp.utc(next.awareAt), next.isOpen ? "open" : "closed", event.seq, event.hash, id])
            return (event, next, failure)
        }
    }
}
