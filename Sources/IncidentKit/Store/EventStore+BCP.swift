import Foundation
import GRDB
import Synchronization

/// The last stored BCP text read, and its recovery plan.
private let parsedPlans = Mutex<(source: String, plan: RecoveryPlan)?>(nil)

extension EventStore {
    /// Stores `plan` (its file's text as read) as the facility's current BCP.
    /// Earlier imports are kept (the table only grows); the latest is current,
    /// as for the facility profile and the equipment ledger.
    public func importBCP(_ plan: BCPPlan, file: String) throws(IncidentError) {
        try write { db in
            // Appended to the document log, which must be intact first (as for the profile).
            try DocumentLog.require(db)
            let at = Timestamp.utc(self.clock.now())
            try db.execute(sql: "INSERT INTO bcp_import (imported_at, file, source) VALUES (?, ?, ?)", arguments: [at, file, plan.sourceText])
            try DocumentLog.append(db, kind: "bcp", table: "bcp_import", id: db.lastInsertedRowID, at: at)
        }
    }

    /// The recovery priorities and target times of the current BCP (none when
    /// no BCP was imported, or when its stored text no longer reads), for the
    /// state a read returns. The parsed plan is kept per source text: reading a
    /// state stays cheap.
    static func recoveryPlan(_ db: Database) throws -> RecoveryPlan {
        guard try db.tableExists("bcp_import"),
            let source = try String.fetchOne(db, sql: "SELECT source FROM bcp_import ORDER BY id DESC LIMIT 1")
        else { return .none }
        // Only an import the document log vouches for is used.
        try DocumentLog.require(db)
        return parsedPlans.withLock { cache in
            if let hit = cache, hit.source == source { return hit.plan }
            let plan = (try? BCPLoader.load(text: source, file: "bcp (stored)")).map(RecoveryPlan.init(bcp:)) ?? .none
            cache = (source, plan)
            return plan
        }
    }

    /// The current BCP (its latest import) and when it was imported, or nil when none was.
    public func currentBCPImport() throws(IncidentError) -> (plan: BCPPlan, importedAt: Date?, file: String)? {
        let row = try read { db in
            // Only an import the document log vouches for is used (a forged one is an integrity failure).
            try DocumentLog.require(db)
            return try Row.fetchOne(db, sql: "SELECT imported_at, file, source FROM bcp_import ORDER BY id DESC LIMIT 1")
                .map { (importedAt: $0["imported_at"] as String, file: $0["file"] as String, source: $0["source"] as String) }
        }
        guard let row else { return nil }
        let plan = try BCPLoader.load(text: row.source, file: "\(row.file) (stored)")
        return (plan, Timestamp.parseUTC(row.importedAt), row.file)
    }

    /// The current BCP, or nil when none was imported.
    public func currentBCP() throws(IncidentError) -> BCPPlan? { try currentBCPImport()?.plan }

    /// When the latest drill that has ended was started (by the recording clock), if any:
    /// a BCP counts as rehearsed when that was within the last 12 months.
    public func lastEndedDrill() throws(IncidentError) -> (id: String, startedAt: Date)? {
        var best: (String, Date)?
        for head in try incidents(.drills) where !head.isOpen {
            guard let at = try startedAt(of: head.id) else { continue }
            if best == nil || at > best!.1 { best = (head.id, at) }
        }
        return best.map { (id: $0.0, startedAt: $0.1) }
    }
}
