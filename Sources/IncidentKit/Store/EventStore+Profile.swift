import Foundation
import GRDB

extension EventStore {
    /// Stores `profile` as the facility's current profile. Earlier versions are
    /// kept (the table only grows); incidents keep the copy they were declared under.
    public func importProfile(_ profile: FacilityProfile) throws(IncidentError) {
        try write { db in
            try db.execute(sql: "INSERT INTO facility_profile (imported_at, source) VALUES (?, ?)",
                arguments: [Timestamp.utc(self.clock.now()), profile.sourceText])
        }
    }

    /// The facility's current profile, if one was imported.
    public func currentProfile() throws(IncidentError) -> FacilityProfile? {
        let source = try read { db in
            try String.fetchOne(db, sql: "SELECT source FROM facility_profile ORDER BY id DESC LIMIT 1")
        }
        guard let source else { return nil }
        return try FacilityProfileLoader.load(text: source, file: "facility profile (stored)")
    }
}


