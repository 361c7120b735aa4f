import Foundation
import GRDB

/// The `incident` table's row: the head of each incident's log, a projection
/// of its events (checked against them by `verify`), written with every append.
struct IncidentRow: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "incident"

    var id: String
    var summary: String
    /// The awareness time, in the stored UTC form.
    var awareAt: String
    /// `open` or `closed`.
    var status: String
    var timeZone: String
    var lastSeq: Int64
    var lastHash: String

    enum CodingKeys: String, CodingKey {
        case id, summary, status
        case awareAt = "aware_at", timeZone = "time_zone", lastSeq = "last_seq", lastHash = "last_hash"
    }

    /// The head as `state` (after its last event) says it is.
    init(_ state: IncidentState) {
        (id, summary, awareAt, status) = (state.id, state.summary, Timestamp.utc(state.awareAt), state.isOpen ? "open" : "closed")
        (timeZone, lastSeq, lastHash) = (state.timeZone.identifier, state.lastSeq, state.lastHash)
    }

    var head: IncidentHead {
        IncidentHead(
            id: id, summary: summary, awareAt: Timestamp.parseUTC(awareAt) ?? .distantPast, isOpen: status == "open",
            timeZone: TimeZone(identifier: timeZone) ?? .facilityDefault, lastSeq: lastSeq, lastHash: lastHash)
    }
}

/// The `snapshot` table's row: a cache of an incident's folded state at one event.
struct SnapshotRow: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "snapshot"

    var incidentID: String
    var seq: Int64
    var hash: String
    /// `StoredState` as JSON.
    var state: Data

    enum CodingKeys: String, CodingKey {
        case seq, hash, state
        case incidentID = "incident_id"
    }
}
