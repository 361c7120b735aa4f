import Crypto
import Foundation
import GRDB

/// A saved `IncidentState` at some event, so that reading or appending to a long
/// incident replays only the events after it. A snapshot is a cache: it is
/// rebuilt from the log whenever it is missing or does not match the event it
/// claims to follow, and `verify` compares it with a full replay.
struct StateSnapshot {
    var seq: Int64
    var hash: String
    var state: IncidentState

    /// Events replayed past the last snapshot before a new one is written: small,
    /// so that every command checks a short tail whatever the length of the log.
    static let interval: Int64 = 32

    /// What the snapshot row of an incident holds.
    enum Loaded {
        /// No snapshot, or one written before snapshots carried a digest (read by a
        /// full replay, which compares it with the log).
        case none
        /// A snapshot whose digest matches its content and the event it follows.
        case valid(StateSnapshot)
        /// A snapshot whose content was edited after it was written (its digest no
        /// longer matches): an integrity failure at its event.
        case tampered(seq: Int64)
    }

    /// The snapshot of `id`, with the runbook and profile taken from the
    /// declaration event itself (its hash recomputed), never from the cache.
    /// Nil when missing, unreadable, edited, or not matching the declaration.
    static func load(_ db: Database, _ id: String) throws -> StateSnapshot? {
        if case .valid(let s) = try loadChecked(db, id) { return s }
        return nil
    }

    /// The snapshot of `id`, its digest checked (see `Loaded`).
    static func loadChecked(_ db: Database, _ id: String) throws -> Loaded {
        guard let row = try SnapshotRow.fetchOne(db, key: id) else { return .none }
        guard let body = Sealed.open(row.state) else { return .none }
        guard body.digest == digest(seq: row.seq, hash: row.hash, state: body.state) else { return .tampered(seq: row.seq) }
        // A declaration that does not check out is the audit's to name.
        guard let documents = try declaredDocuments(db, id) else { return .none }
        guard let stored = try? decoder.decode(StoredState.self, from: body.state) else { return .tampered(seq: row.seq) }
        let snapshot = StateSnapshot(seq: row.seq, hash: row.hash, state: stored.state(documents))
        guard snapshot.state.lastSeq == snapshot.seq, snapshot.state.lastHash == snapshot.hash, snapshot.state.id == id else {
            return .tampered(seq: row.seq)
        }
        return .valid(snapshot)
    }

    /// The digest a snapshot carries: SHA-256 over its content and the chain
    /// head (number and hash) it was taken at, so that neither can be edited alone.
    static func digest(seq: Int64, hash: String, state: Data) -> String {
        var hasher = SHA256()
        hasher.update(data: Array("incident-snapshot-v2\n\(seq)\n\(hash)\n".utf8))
        hasher.update(data: state)
        return HashChain.hex(hasher.finalize())
    }

    /// The versioned form of the `state` column: a header line naming the
    /// version and the digest, then the JSON. (Snapshots written before the
    /// digest are plain JSON: they are read as missing and rebuilt.)
    enum Sealed {
        static let prefix = Array("incident-snapshot-v2 ".utf8)

        static func seal(_ state: Data, seq: Int64, hash: String) -> Data {
            Data(prefix) + Data(digest(seq: seq, hash: hash, state: state).utf8) + Data([10]) + state
        }

        static func open(_ data: Data) -> (digest: String, state: Data)? {
            let bytes = [UInt8](data)
            guard bytes.count > prefix.count + 65, Array(bytes[0..<prefix.count]) == prefix, bytes[prefix.count + 64] == 10 else { return nil }
            let digest = String(decoding: bytes[prefix.count..<(prefix.count + 64)], as: UTF8.self)
            return (digest, Data(bytes[(prefix.count + 65)...]))
        }
    }

    /// The runbook and profile as incident `id`'s declaration (event #1, chained
    /// from the genesis hash, its hash recomputed) carries them.
    static func declaredDocuments(_ db: Database, _ id: String) throws -> DeclaredDocuments? {
        guard let row = try EventRecord.fetchOne(db, sql: "SELECT \(EventStore.eventColumns) FROM event WHERE incident_id = ? AND seq = 1", arguments: [id])
        else { return nil }
        guard row.prevHash == HashChain.genesis, row.computedHash == row.hash else { return nil }
        // Parsed once per process: the same declaration (its hash just recomputed) is the same documents.
        if let known = StateCache.declared(hash: row.hash) { return known }
        guard let event = row.decode(), let d = event.declared else { return nil }
        return StateCache.declared(
            hash: row.hash,
            DeclaredDocuments(incidentID: id, runbookID: d.runbook, runbookSource: d.runbookSource, profileSource: d.profileSource, drill: d.drill))
    }

    /// Whether `data` is a readable snapshot at all.
    static func decodes(_ data: Data) -> Bool {
        guard let body = Sealed.open(data) else { return false }
        return (try? decoder.decode(StoredState.self, from: body.state)) != nil
    }

    static func save(_ state: IncidentState, _ db: Database) throws {
        let data = Sealed.seal(try encoder.encode(StoredState(state)), seq: state.lastSeq, hash: state.lastHash)
        try SnapshotRow(incidentID: state.id, seq: state.lastSeq, hash: state.lastHash, state: data).insert(db, onConflict: .replace)
    }

    /// The encoded size of `state` as a snapshot, in bytes (benchmarks, tests).
    static func size(of state: IncidentState) -> Int { (try? encoder.encode(StoredState(state)).count) ?? 0 }

    private static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = .sortedKeys
        return e
    }()
    private static let decoder = JSONDecoder()
}

/// `IncidentState` as a snapshot stores it: plain `Codable`, everything but the
/// declared runbook and profile (those come from the declaration event).
struct StoredState: Codable {
    var id: String
    var summary: String
    var timeZone: String
    var awareAt: Date
    var declaredBy: String
    var phase: IncidentState.Phase
    var steps: [String: StepProgress]
    var answers: [String: IncidentState.Record<String>]
    /// Required: a snapshot written before answers kept their runs is rebuilt from the log.
    var answerRuns: [String: IncidentState.AnswerRuns]
    var contacts: [String: ContactSummary]
    var impacts: [String: ImpactSummary]
    var leakAssessment: IncidentState.Record<EventBody.LeakAssessed>?
    var leakAssessmentCount: Int
    var facts: [String: IncidentState.Record<String>]
    /// Absent in snapshots written before submissions were recorded.
    var submissions: [String: SubmissionSummary]?
    /// Absent in snapshots written before recovery was recorded (and while nothing is).
    var recovery: RecoveryRecord?
    var correctionCount: Int
    var chainBreaks: [IncidentState.Record<EventBody.ChainBreak>]
    var lastSeq: Int64
    var lastHash: String
    var lastOccurredAt: Date
    var earliestEventAt: Date?

    init(_ s: IncidentState) {
        (id, summary, timeZone, awareAt, declaredBy, phase) = (s.id, s.summary, s.timeZone.identifier, s.awareAt, s.declaredBy, s.phase)
        (steps, answers, answerRuns, contacts, impacts) = (s.steps, s.answers, s.answerRuns, s.contacts, s.impacts)
        (leakAssessment, leakAssessmentCount, facts, correctionCount, chainBreaks) =
            (s.leakAssessment, s.leakAssessmentCount, s.facts, s.correctionCount, s.chainBreaks)
        (lastSeq, lastHash, lastOccurredAt, earliestEventAt) = (s.lastSeq, s.lastHash, s.lastOccurredAt, s.earliestEventAt)
        submissions = s.submissions.isEmpty ? nil : s.submissions
        recovery = s.recovery.isEmpty ? nil : s.recovery
    }

    func state(_ documents: DeclaredDocuments) -> IncidentState {
        IncidentState(
            id: id, summary: summary, documents: documents, timeZone: TimeZone(identifier: timeZone) ?? .facilityDefault,
            awareAt: awareAt, declaredBy: declaredBy, phase: phase, steps: steps, answers: answers, contacts: contacts, impacts: impacts,
            leakAssessment: leakAssessment, leakAssessmentCount: leakAssessmentCount, facts: facts, correctionCount: correctionCount,
            chainBreaks: chainBreaks, lastSeq: lastSeq, lastHash: lastHash, lastOccurredAt: lastOccurredAt, earliestEventAt: earliestEventAt,
            submissions: submissions ?? [:], answerRuns: answerRuns, recovery: recovery ?? RecoveryRecord())
    }
}

extension EventStore {
    /// The stored size of incident `id`'s snapshot, in bytes (0 when none).
    public func snapshotBytes(of id: String) throws(IncidentError) -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT length(state) FROM snapshot WHERE incident_id = ?", arguments: [id]) ?? 0 }
    }
}
