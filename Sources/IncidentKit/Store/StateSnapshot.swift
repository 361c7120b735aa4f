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

    /// Events replayed past the last snapshot before a new one is written.
    static let interval: Int64 = 256

    static func load(_ db: Database, _ id: String) throws -> StateSnapshot? {
        guard let row = try Row.fetchOne(db, sql: "SELECT seq, hash, state FROM snapshot WHERE incident_id = ?", arguments: [id]) else { return nil }
        let data: Data = row["state"]
        guard let state = try? decoder.decode(IncidentState.self, from: data) else { return nil }
        let snapshot = StateSnapshot(seq: row["seq"], hash: row["hash"], state: state)
        guard snapshot.state.lastSeq == snapshot.seq, snapshot.state.lastHash == snapshot.hash, snapshot.state.id == id else { return nil }
        return snapshot
    }

    static func save(_ state: IncidentState, _ db: Database) throws {
        let data = try encoder.encode(state)
        try db.execute(sql: "INSERT OR REPLACE INTO snapshot (incident_id, seq, hash, state) VALUES (?, ?, ?, ?)",
            arguments: [state.id, state.lastSeq, state.lastHash, data])
    }

    private static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = .sortedKeys
        return e
    }()
    private static let decoder = JSONDecoder()
}

extension IncidentState: Codable {
    enum CodingKeys: String, CodingKey {
        case id, summary, runbook, profile, timeZone, awareAt, declaredBy, phase, steps, answers, contacts
        case impacts, leakAssessments, facts, corrections, chainBreaks, lastSeq, lastHash, lastOccurredAt, earliestEventAt
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        summary = try c.decode(String.self, forKey: .summary)
        // Parsed forms, so that reading a snapshot never parses YAML again.
        runbook = try c.decode(Runbook.self, forKey: .runbook)
        profile = try c.decodeIfPresent(FacilityProfile.self, forKey: .profile)
        timeZone = TimeZone(identifier: try c.decode(String.self, forKey: .timeZone)) ?? .facilityDefault
        awareAt = try c.decode(Date.self, forKey: .awareAt)
        declaredBy = try c.decode(String.self, forKey: .declaredBy)
        phase = try c.decode(Phase.self, forKey: .phase)
        steps = try c.decode([String: StepProgress].self, forKey: .steps)
        answers = try c.decode([String: Record<String>].self, forKey: .answers)
        contacts = try c.decode(ContactColumns.self, forKey: .contacts).records
        impacts = try c.decode(ImpactColumns.self, forKey: .impacts).records
        leakAssessments = try c.decode([Record<EventBody.LeakAssessed>].self, forKey: .leakAssessments)
        facts = try c.decode([String: Record<String>].self, forKey: .facts)
        corrections = try c.decode([Int64: [Int64]].self, forKey: .corrections)
        chainBreaks = try c.decode([Record<EventBody.ChainBreak>].self, forKey: .chainBreaks)
        lastSeq = try c.decode(Int64.self, forKey: .lastSeq)
        lastHash = try c.decode(String.self, forKey: .lastHash)
        lastOccurredAt = try c.decode(Date.self, forKey: .lastOccurredAt)
        earliestEventAt = try c.decodeIfPresent(Date.self, forKey: .earliestEventAt)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(summary, forKey: .summary)
        try c.encode(runbook, forKey: .runbook)
        try c.encodeIfPresent(profile, forKey: .profile)
        try c.encode(timeZone.identifier, forKey: .timeZone)
        try c.encode(awareAt, forKey: .awareAt)
        try c.encode(declaredBy, forKey: .declaredBy)
        try c.encode(phase, forKey: .phase)
        try c.encode(steps, forKey: .steps)
        try c.encode(answers, forKey: .answers)
        try c.encode(ContactColumns(contacts), forKey: .contacts)
        try c.encode(ImpactColumns(impacts), forKey: .impacts)
        try c.encode(leakAssessments, forKey: .leakAssessments)
        try c.encode(facts, forKey: .facts)
        try c.encode(corrections, forKey: .corrections)
        try c.encode(chainBreaks, forKey: .chainBreaks)
        try c.encode(lastSeq, forKey: .lastSeq)
        try c.encode(lastHash, forKey: .lastHash)
        try c.encode(lastOccurredAt, forKey: .lastOccurredAt)
        try c.encodeIfPresent(earliestEventAt, forKey: .earliestEventAt)
    }
}

/// Contact attempts stored column by column: arrays of plain values decode many
/// times faster than arrays of objects, and a long outage has thousands of calls.
struct ContactColumns: Codable {
    var role: [String] = [], name: [String?] = [], channel: [String?] = [], outcome: [String] = [], note: [String?] = []
    var at: [Double] = [], seq: [Int64] = [], actor: [String] = []

    init(_ records: [IncidentState.Record<EventBody.Contact>]) {
        for r in records {
            role.append(r.value.role); name.append(r.value.name); channel.append(r.value.channel)
            outcome.append(r.value.outcome.rawValue); note.append(r.value.note)
            at.append(r.at.timeIntervalSinceReferenceDate); seq.append(r.seq); actor.append(r.actor)
        }
    }

    var records: [IncidentState.Record<EventBody.Contact>] {
        get throws {
            let n = role.count
            guard [name.count, channel.count, outcome.count, note.count, at.count, seq.count, actor.count].allSatisfy({ $0 == n }) else {
                throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "contact columns differ in length"))
            }
            return try (0..<n).map { i in
                guard let o = EventBody.Contact.Outcome(rawValue: outcome[i]) else {
                    throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "bad outcome \(outcome[i])"))
                }
                return .init(value: .init(role: role[i], name: name[i], channel: channel[i], outcome: o, note: note[i]),
                    at: Date(timeIntervalSinceReferenceDate: at[i]), seq: seq[i], actor: actor[i])
            }
        }
    }
}

/// Impact changes stored column by column (see `ContactColumns`).
struct ImpactColumns: Codable {
    var target: [String] = [], category: [String?] = [], status: [String] = [], note: [String?] = []
    var at: [Double] = [], seq: [Int64] = [], actor: [String] = []

    init(_ records: [IncidentState.Record<EventBody.Impact>]) {
        for r in records {
            target.append(r.value.target); category.append(r.value.category); status.append(r.value.status.rawValue)
            note.append(r.value.note); at.append(r.at.timeIntervalSinceReferenceDate); seq.append(r.seq); actor.append(r.actor)
        }
    }

    var records: [IncidentState.Record<EventBody.Impact>] {
        get throws {
            let n = target.count
            guard [category.count, status.count, note.count, at.count, seq.count, actor.count].allSatisfy({ $0 == n }) else {
                throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "impact columns differ in length"))
            }
            return try (0..<n).map { i in
                guard let st = EventBody.Impact.Status(rawValue: status[i]) else {
                    throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "bad status \(status[i])"))
                }
                return .init(value: .init(target: target[i], category: category[i], status: st, note: note[i]),
                    at: Date(timeIntervalSinceReferenceDate: at[i]), seq: seq[i], actor: actor[i])
            }
        }
    }
}
