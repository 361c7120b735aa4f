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

/// Columns packed for speed: strings joined by NUL (no stored text can hold a
/// control character: `IncidentMachine.checkText`), absent values as U+0001, and
/// numbers as raw little-endian bytes. A long outage has thousands of calls and
/// impact changes; this keeps reading a snapshot a matter of a few splits.
enum Packed {
    static let separator: Character = "\u{0}"
    static let absent = "\u{1}"

    static func strings(_ values: [String]) -> String { values.joined(separator: String(separator)) }

    static func optionals(_ values: [String?]) -> String { strings(values.map { $0 ?? absent }) }

    static func unpack(_ text: String, count: Int) throws -> [String] {
        if count == 0 { return [] }
        let parts = text.split(separator: separator, omittingEmptySubsequences: false).map(String.init)
        guard parts.count == count else { throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "packed column has \(parts.count) values, expected \(count)")) }
        return parts
    }

    static func unpackOptionals(_ text: String, count: Int) throws -> [String?] {
        try unpack(text, count: count).map { $0 == absent ? nil : $0 }
    }

    static func numbers<T: FixedWidthInteger>(_ values: [T]) -> Data {
        var data = Data(capacity: values.count * MemoryLayout<T>.size)
        for v in values { withUnsafeBytes(of: v.littleEndian) { data.append(contentsOf: $0) } }
        return data
    }

    static func unpackNumbers<T: FixedWidthInteger>(_ data: Data, count: Int) throws -> [T] {
        let size = MemoryLayout<T>.size
        guard data.count == count * size else { throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "packed numbers have the wrong length")) }
        return data.withUnsafeBytes { raw in (0..<count).map { T(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * size, as: T.self)) } }
    }

    static func dates(_ values: [Date]) -> Data { numbers(values.map { $0.timeIntervalSinceReferenceDate.bitPattern }) }

    static func unpackDates(_ data: Data, count: Int) throws -> [Date] {
        try (unpackNumbers(data, count: count) as [UInt64]).map { Date(timeIntervalSinceReferenceDate: Double(bitPattern: $0)) }
    }
}

/// Contact attempts stored column by column (see `Packed`).
struct ContactColumns: Codable {
    var count = 0
    var role = "", name = "", channel = "", outcome = "", note = "", actor = ""
    var at = Data(), seq = Data()

    init(_ records: [IncidentState.Record<EventBody.Contact>]) {
        count = records.count
        role = Packed.strings(records.map(\.value.role))
        name = Packed.optionals(records.map(\.value.name))
        channel = Packed.optionals(records.map(\.value.channel))
        outcome = Packed.strings(records.map(\.value.outcome.rawValue))
        note = Packed.optionals(records.map(\.value.note))
        actor = Packed.strings(records.map(\.actor))
        at = Packed.dates(records.map(\.at))
        seq = Packed.numbers(records.map(\.seq))
    }

    var records: [IncidentState.Record<EventBody.Contact>] {
        get throws {
            let (role, name, channel) = (try Packed.unpack(role, count: count), try Packed.unpackOptionals(name, count: count), try Packed.unpackOptionals(channel, count: count))
            let (outcome, note, actor) = (try Packed.unpack(outcome, count: count), try Packed.unpackOptionals(note, count: count), try Packed.unpack(actor, count: count))
            let at = try Packed.unpackDates(at, count: count)
            let seq: [Int64] = try Packed.unpackNumbers(seq, count: count)
            return try (0..<count).map { i in
                guard let o = EventBody.Contact.Outcome(rawValue: outcome[i]) else {
                    throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "bad outcome \(outcome[i])"))
                }
                return .init(value: .init(role: role[i], name: name[i], channel: channel[i], outcome: o, note: note[i]), at: at[i], seq: seq[i], actor: actor[i])
            }
        }
    }
}

/// Impact changes stored column by column (see `Packed`).
struct ImpactColumns: Codable {
    var count = 0
    var target = "", category = "", status = "", note = "", actor = ""
    var at = Data(), seq = Data()

    init(_ records: [IncidentState.Record<EventBody.Impact>]) {
        count = records.count
        target = Packed.strings(records.map(\.value.target))
        category = Packed.optionals(records.map(\.value.category))
        status = Packed.strings(records.map(\.value.status.rawValue))
        note = Packed.optionals(records.map(\.value.note))
        actor = Packed.strings(records.map(\.actor))
        at = Packed.dates(records.map(\.at))
        seq = Packed.numbers(records.map(\.seq))
    }

    var records: [IncidentState.Record<EventBody.Impact>] {
        get throws {
            let (target, category, status) = (try Packed.unpack(target, count: count), try Packed.unpackOptionals(category, count: count), try Packed.unpack(status, count: count))
            let (note, actor) = (try Packed.unpackOptionals(note, count: count), try Packed.unpack(actor, count: count))
            let at = try Packed.unpackDates(at, count: count)
            let seq: [Int64] = try Packed.unpackNumbers(seq, count: count)
            return try (0..<count).map { i in
                guard let st = EventBody.Impact.Status(rawValue: status[i]) else {
                    throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "bad status \(status[i])"))
                }
                return .init(value: .init(target: target[i], category: category[i], status: st, note: note[i]), at: at[i], seq: seq[i], actor: actor[i])
            }
        }
    }
}
