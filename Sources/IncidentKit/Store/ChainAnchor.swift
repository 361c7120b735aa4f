import Foundation
import GRDB

/// Checks of the store against what was kept outside it: an exported bundle,
/// a backup file, a head written on paper, and the optional key.
///
/// A keyless chain proves only that the rows agree with each other: whoever has
/// the file can cut the tail, delete an incident or rewrite and re-chain events,
/// and the chain still checks out. An outside copy fixes what the log was at the
/// moment it was made: the store must still hold that log as an exact prefix.
public enum ChainAnchor {
    /// The outcome for one incident of the outside copy.
    public struct Finding: Sendable, Equatable, Encodable {
        public var incidentID: String
        /// Events of this incident in the outside copy.
        public var anchorEvents: Int64
        public var failure: IntegrityFailure?
    }

    /// A head as written on paper: `#SEQ HEX` (or `SEQ:HEX`), HEX at least 8
    /// hex digits of the event's hash.
    public struct HeadNote: Sendable, Equatable {
        public var seq: Int64
        public var hashPrefix: String

        public init?(_ text: String) {
            var t = text.trimmingCharacters(in: .whitespaces)
            if t.hasPrefix("#") { t.removeFirst() }
            let parts = t.split(whereSeparator: { $0 == ":" || $0 == " " }).filter { !$0.isEmpty }
            guard parts.count == 2, let seq = Int64(parts[0]), seq > 0 else { return nil }
            let hex = parts[1].lowercased().replacingOccurrences(of: "…", with: "")
            guard (8...64).contains(hex.count), hex.allSatisfy(\.isHexDigit) else { return nil }
            (self.seq, hashPrefix) = (seq, hex)
        }

        /// The form printed for copying: `#12 0123456789abcdef`.
        public static func text(seq: Int64, hash: String) -> String { "#\(seq) \(hash.prefix(16))" }
    }

    /// The fields in which two rows of the same event differ.
    static func differences(_ a: EventRecord, _ b: EventRecord) -> [String] {
        var d: [String] = []
        if a.occurredAt != b.occurredAt { d.append("occurred_at") }
        if a.recordedAt != b.recordedAt { d.append("recorded_at") }
        if a.actor != b.actor { d.append("actor") }
        if a.kind != b.kind { d.append("kind") }
        if a.payload != b.payload { d.append("payload") }
        if a.prevHash != b.prevHash { d.append("prev_hash") }
        if a.hash != b.hash { d.append("hash") }
        return d
    }

    /// Compares the outside copy's rows of one incident (in order, `total` of
    /// them) with the store's (a cursor in sequence order).
    static func compare(id: String, anchor: some Sequence<EventRecord>, total: Int64, store next: () throws -> EventRecord?) rethrows -> Finding {
        var seen: Int64 = 0
        for ref in anchor {
            guard let mine = try next() else {
                let missing = total - seen
                return Finding(
                    incidentID: id, anchorEvents: total,
                    failure: IntegrityFailure(
                        incidentID: id, seq: ref.seq, reason: .missingFromAnchor,
                        detail: "the store no longer has \(missing) of the copy's \(total) events (#\(ref.seq)–)"))
            }
            if mine.seq != ref.seq {
                return Finding(
                    incidentID: id, anchorEvents: total,
                    failure: IntegrityFailure(
                        incidentID: id, seq: ref.seq, reason: .divergesFromAnchor,
                        detail: "the store has #\(mine.seq) where the copy has #\(ref.seq)"))
            }
            let diff = differences(mine, ref)
            if !diff.isEmpty {
                return Finding(
                    incidentID: id, anchorEvents: total,
                    failure: IntegrityFailure(
                        incidentID: id, seq: ref.seq, reason: .divergesFromAnchor,
                        detail: "first divergence: " + diff.joined(separator: ", ")))
            }
            seen += 1
        }
        return Finding(incidentID: id, anchorEvents: total, failure: nil)
    }
}

extension EventStore {
    /// Checks that the store holds, for every incident in the bundle folder or
    /// backup file at `path`, that copy's log as an exact prefix. The copy is
    /// checked first (its own chain, and for a bundle its manifest); a broken
    /// copy is `anchorBroken`.
    public func check(against path: String) throws(IncidentError) -> [ChainAnchor.Finding] {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else { throw .fileUnreadable(path) }
        if isDir.boolValue { return try checkBundle(path) }
        return try checkBackup(path)
    }

    private func checkBundle(_ path: String) throws(IncidentError) -> [ChainAnchor.Finding] {
        let report = try EventBundle.verify(path: path)
        let id = report.chain.incidentID
        if let f = report.chain.failure {
            throw .integrity(IntegrityFailure(incidentID: id, seq: f.seq, reason: .anchorBroken, detail: "\(path): \(f.reason.rawValue) \(f.detail)"))
        }
        let rows = try EventBundle.rows(path: path)
        return try read { db in
            guard try head(db, id) != nil || (try Int.fetchOne(db, sql: "SELECT count(*) FROM event WHERE incident_id = ?", arguments: [id]) ?? 0) > 0 else {
                return [Self.deleted(id, count: Int64(rows.count))]
            }
            let cursor = try EventRecord.fetchCursor(db, sql: "SELECT \(Self.eventColumns) FROM event WHERE incident_id = ? ORDER BY seq", arguments: [id])
            return [try ChainAnchor.compare(id: id, anchor: rows, total: Int64(rows.count), store: { try cursor.next() })]
        }
    }

    static func deleted(_ id: String, count: Int64) -> ChainAnchor.Finding {
        ChainAnchor.Finding(
            incidentID: id, anchorEvents: count,
            failure: IntegrityFailure(
                incidentID: id, seq: 1, reason: .missingFromAnchor,
                detail: "the whole incident (\(count) events) is gone from the store"))
    }

    /// Feeds log `id` of a copy through `audit` and compares its end with the copy's head record.
    private static func auditCopy<Check: AuditedChain>(_ cdb: Database, _ id: String, _ audit: ChainAudit<Check>) throws -> (ChainReport, Int64) {
        var audit = audit
        var total: Int64 = 0
        let all = try EventRecord.fetchCursor(cdb, sql: "SELECT \(Self.eventColumns) FROM event WHERE incident_id = ? ORDER BY seq", arguments: [id])
        while let row = try all.next() {
            audit.feed(row)
            total += 1
        }
        let head = try IncidentRow.fetchOne(cdb, key: id)?.head
        return (audit.finish(head: head.map { ($0.lastSeq, $0.lastHash) }).0, total)
    }

    private func checkBackup(_ path: String) throws(IncidentError) -> [ChainAnchor.Finding] {
        var config = Configuration()
        config.readonly = true
        config.label = "incident-anchor"
        let copy: DatabaseQueue
        do { copy = try DatabaseQueue(path: path, configuration: config) } catch { throw Self.brokenCopy(error, path: path) }
        defer { try? copy.close() }
        do {
            return try copy.read { cdb in
                let ids = try String.fetchAll(cdb, sql: "SELECT id FROM incident UNION SELECT DISTINCT incident_id FROM event ORDER BY 1")
                if ids.isEmpty {
                    throw IncidentError.integrity(
                        IntegrityFailure(incidentID: "-", seq: nil, reason: .anchorBroken, detail: "\(path): no incident in the copy"))
                }
                var findings: [ChainAnchor.Finding] = []
                for id in ids {
                    // The copy must check out on its own (each log by its own chain rules) before it can vouch for the store.
                    let (report, total) =
                        id == Self.readinessLogID
                        ? try Self.auditCopy(cdb, id, ChainAudit<ReadinessChainCheck>(incidentID: id))
                        : try Self.auditCopy(cdb, id, ChainAudit<ChainCheck>(incidentID: id))
                    if let f = report.failure {
                        throw IncidentError.integrity(
                            IntegrityFailure(
                                incidentID: id, seq: f.seq, reason: .anchorBroken,
                                detail: "\(path): \(f.reason.rawValue) \(f.detail)"))
                    }
                    let finding = try self.read { db in
                        let exists =
                            try self.head(db, id) != nil
                            || (try Int.fetchOne(db, sql: "SELECT count(*) FROM event WHERE incident_id = ?", arguments: [id]) ?? 0) > 0
                        guard exists else { return Self.deleted(id, count: total) }
                        let anchor = try EventRecord.fetchAll(
                            cdb, sql: "SELECT \(Self.eventColumns) FROM event WHERE incident_id = ? ORDER BY seq", arguments: [id])
                        let mine = try EventRecord.fetchCursor(
                            db, sql: "SELECT \(Self.eventColumns) FROM event WHERE incident_id = ? ORDER BY seq", arguments: [id])
                        return try ChainAnchor.compare(id: id, anchor: anchor, total: total, store: { try mine.next() })
                    }
                    findings.append(finding)
                }
                return findings
            }
        } catch let e as IncidentError {
            throw e
        } catch {
            throw Self.brokenCopy(error, path: path)
        }
    }

    /// A copy SQLite cannot read is the copy's damage, never the store's: it is
    /// named as the outside copy (`anchorBroken`), not as the store file.
    private static func brokenCopy(_ error: any Error, path: String) -> IncidentError {
        let mapped = map(error, path: path)
        guard case .integrity(let f) = mapped, f.reason == .corruptStore else { return mapped }
        return .integrity(IntegrityFailure(incidentID: "-", seq: nil, reason: .anchorBroken, detail: f.detail, file: path))
    }

    /// A head written on paper, checked against a store with no incident left:
    /// the incident it vouches for is gone (never "no incident yet").
    public static func headWithoutIncident(_ note: ChainAnchor.HeadNote, path: String) -> IntegrityFailure {
        IntegrityFailure(
            incidentID: "-", seq: note.seq, reason: .missingFromAnchor,
            detail: "the paper note names event #\(note.seq) \(note.hashPrefix.prefix(16)), and the store holds no incident", file: path)
    }

    /// Checks a head written on paper against incident `id`: the store must
    /// still hold event `note.seq`, with a hash beginning with the noted digits.
    public func check(head note: ChainAnchor.HeadNote, of id: String) throws(IncidentError) -> IntegrityFailure? {
        try read { db in
            guard let head = try self.head(db, id) else { throw IncidentError.unknownIncident(id) }
            let hash = try String.fetchOne(db, sql: "SELECT hash FROM event WHERE incident_id = ? AND seq = ?", arguments: [id, note.seq])
            guard let hash else {
                let last = try Int64.fetchOne(db, sql: "SELECT max(seq) FROM event WHERE incident_id = ?", arguments: [id]) ?? 0
                return IntegrityFailure(
                    incidentID: id, seq: note.seq, reason: .missingFromAnchor,
                    detail:
                        "the note says #\(note.seq); the store ends at #\(min(last, head.lastSeq)): \(note.seq - min(last, head.lastSeq)) noted events are gone"
                )
            }
            if !hash.lowercased().hasPrefix(note.hashPrefix) {
                return IntegrityFailure(
                    incidentID: id, seq: note.seq, reason: .divergesFromAnchor,
                    detail: "the note says #\(note.seq) \(note.hashPrefix.prefix(16)), the store has \(hash.prefix(16)): rewritten at or before #\(note.seq)")
            }
            return nil
        }
    }

    /// What the key says about incident `id`'s events: the first whose MAC is
    /// wrong, and every event without one (as ranges).
    public func check(key: EventKey, of id: String) throws(IncidentError) -> KeyCheck {
        try read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT seq, hash, mac FROM event WHERE incident_id = ? ORDER BY seq", arguments: [id])
            var items: [(Int64, String, String?)] = []
            items.reserveCapacity(rows.count)
            for row in rows {
                let seq: Int64 = row["seq"]
                let hash: String = row["hash"]
                let mac: String? = row["mac"]
                items.append((seq, hash, mac))
            }
            return KeyCheck(items, key: key, incidentID: id)
        }
    }
}

/// The outcome of checking an incident's events with the key.
public struct KeyCheck: Sendable, Equatable, Encodable {
    /// Events whose MAC this key confirms.
    public var signed = 0
    /// Events whose MAC is wrong.
    public var bad = 0
    public var firstBad: Int64?
    /// Events without a MAC.
    public var unsigned: [ClosedRange<Int64>] = []
    public var failure: IntegrityFailure?
}

extension EventBundle {
    /// What the key says about a bundle's events (their `mac` fields), as
    /// `EventStore.check(key:of:)` does for the store.
    public static func check(key: EventKey, path: String) throws(IncidentError) -> KeyCheck {
        guard let data = FileManager.default.contents(atPath: (path as NSString).appendingPathComponent(eventsFile)) else {
            throw .fileUnreadable((path as NSString).appendingPathComponent(eventsFile))
        }
        let lines = data.split(separator: UInt8(ascii: "\n")).compactMap { try? decoder.decode(Line.self, from: Data($0)) }
        return KeyCheck(lines.map { ($0.seq, $0.hash, $0.mac) }, key: key, incidentID: lines.first?.incidentID ?? "-")
    }
}

extension KeyCheck {
    /// Folds (seq, hash, mac) rows in sequence order: the first wrong MAC, and
    /// every event without one (as ranges).
    init(_ rows: [(Int64, String, String?)], key: EventKey, incidentID id: String) {
        self.init()
        for (seq, hash, mac) in rows {
            guard let mac else {
                if let last = unsigned.last, last.upperBound == seq - 1 {
                    unsigned[unsigned.count - 1] = last.lowerBound...seq
                } else {
                    unsigned.append(seq...seq)
                }
                continue
            }
            if key.vouches(for: hash, mac: mac) {
                signed += 1
            } else {
                bad += 1
                if firstBad == nil { firstBad = seq }
            }
        }
        if let first = firstBad {
            failure = IntegrityFailure(
                incidentID: id, seq: first, reason: .macMismatch,
                detail: signed == 0 ? "no event matches this key: a different key?" : "\(bad) event(s) with a wrong MAC")
        } else if let first = unsigned.first {
            failure = IntegrityFailure(
                incidentID: id, seq: first.lowerBound, reason: .unsigned,
                detail: "no MAC on " + unsigned.map { $0.count == 1 ? "#\($0.lowerBound)" : "#\($0.lowerBound)–#\($0.upperBound)" }.joined(separator: ", "))
        }
    }
}
