import Foundation
import GRDB

extension EventStore {
    /// Stores `profile` as the facility's current profile. Earlier versions are
    /// kept (the table only grows); incidents keep the copy they were declared under.
    public func importProfile(_ profile: FacilityProfile) throws(IncidentError) {
        try write { db in
            // Appended to the document log, which must be intact first (as events are).
            try DocumentLog.require(db)
            let at = Timestamp.utc(self.clock.now())
            try db.execute(sql: "INSERT INTO facility_profile (imported_at, source) VALUES (?, ?)", arguments: [at, profile.sourceText])
            try DocumentLog.append(db, kind: "profile", table: "facility_profile", id: db.lastInsertedRowID, at: at)
        }
    }

    /// The facility's current profile, if one was imported.
    public func currentProfile() throws(IncidentError) -> FacilityProfile? {
        let source = try read { db in
            // Only an import the document log vouches for is used (a forged one is an integrity failure).
            try DocumentLog.require(db)
            return try String.fetchOne(db, sql: "SELECT source FROM facility_profile ORDER BY id DESC LIMIT 1")
        }
        guard let source else { return nil }
        return try FacilityProfileLoader.load(text: source, file: "facility profile (stored)")
    }
}

extension EventStore {
    /// Stores the registers `present` in `ledger`'s source file (the file's text
    /// as read, so the stored copy can be read again the same way). Earlier
    /// imports are kept; the latest per register is current.
    public func importLedger(source: String, file: String, registers: Set<EquipmentLedgerLoader.Register>) throws(IncidentError) {
        try write { db in
            try DocumentLog.require(db)
            let at = Timestamp.utc(self.clock.now())
            for register in registers.sorted(by: { $0.rawValue < $1.rawValue }) {
                try db.execute(
                    sql: "INSERT INTO ledger_import (register, imported_at, file, source) VALUES (?, ?, ?, ?)",
                    arguments: [register.rawValue, at, file, source])
                try DocumentLog.append(db, kind: "ledger", table: "ledger_import", id: db.lastInsertedRowID, at: at)
            }
        }
    }

    /// The current equipment ledger and backup register (each from its latest
    /// import), or nil when neither was ever imported.
    public func currentLedger() throws(IncidentError) -> EquipmentLedger? {
        let rows = try read { db in
            try DocumentLog.require(db)
            return try Row.fetchAll(
                db,
                sql: """
                    SELECT register, file, source FROM ledger_import WHERE id IN (SELECT MAX(id) FROM ledger_import GROUP BY register)
                    """
            ).map { (register: $0["register"] as String, file: $0["file"] as String, source: $0["source"] as String) }
        }
        guard !rows.isEmpty else { return nil }
        var ledger = EquipmentLedger()
        for row in rows {
            let stored = "\(row.file) (stored)"
            let (read, _) =
                row.file.lowercased().hasSuffix(".csv")
                ? try EquipmentLedgerLoader.loadCSV(text: row.source, file: stored)
                : try EquipmentLedgerLoader.loadYAML(text: row.source, file: stored)
            if row.register == EquipmentLedgerLoader.Register.devices.rawValue { ledger.devices = read.devices } else { ledger.backups = read.backups }
        }
        return ledger
    }
}
