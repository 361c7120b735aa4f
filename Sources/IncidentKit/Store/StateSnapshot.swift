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

    /// The snapshot of `id`, with the runbook and profile taken from the
    /// declaration event itself (its hash recomputed), never from the cache.
    /// Nil when missing, unreadable, or not matching the declaration.
    static func load(_ db: Database, _ id: String) throws -> StateSnapshot? {
        guard let row = try SnapshotRow.fetchOne(db, key: id), let documents = try declaredDocuments(db, id) else { return nil }
        guard let stored = try? decoder.decode(StoredState.self, from: row.state) else { return nil }
        let snapshot = StateSnapshot(seq: row.seq, hash: row.hash, state: stored.state(documents))
        guard snapshot.state.lastSeq == snapshot.seq, snapshot.state.lastHash == snapshot.hash, snapshot.state.id == id else { return nil }
        return snapshot
    }

    /// The runbook and profile as incident `id`'s declaration (event #1, chained
    /// from the genesis hash, its hash recomputed) carries them.
    static func declaredDocuments(_ db: Database, _ id: String) throws -> DeclaredDocuments? {
        guard let row = try EventRecord.fetchOne(db, sql: "SELECT \(EventStore.eventColumns) FROM event WHERE incident_id = ? AND seq = 1", arguments: [id])
        else { return nil }
        guard row.prevHash == HashChain.genesis, row.computedHash == row.hash, let event = row.decode(), let d = event.declared else { return nil }
        return DeclaredDocuments(incidentID: id, runbookID: d.runbook, runbookSource: d.runbookSource, profileSource: d.profileSource, drill: d.drill)
    }

    /// Whether `data` is a readable snapshot at all.
    static func decodes(_ data: Data) -> Bool { (try? decoder.decode(StoredState.self, from: data)) != nil }

    static func save(_ state: IncidentState, _ db: Database) throws {
        let data = try encoder.encode(StoredState(state))
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
