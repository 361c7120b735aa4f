import Crypto
import Foundation

/// A break of the hash chain that a person acknowledged with a
/// `chainBreakAcknowledged` event. It stays in every `verify` report: an
/// acknowledgement lets the log continue, it never repairs or hides the damage.
public struct AcknowledgedBreak: Sendable, Equatable, Codable {
    /// The first bad event when the break was found (nil when none could be named).
    public var firstBadSeq: Int64?
    /// What was wrong (`IntegrityFailure.Reason` and its detail), as recorded.
    public var detail: String
    /// The acknowledging event.
    public var acknowledgedSeq: Int64
    public var acknowledgedBy: String
    public var acknowledgedAt: Date
    /// Why the person chose to continue (`--reason`).
    public var reason: String

    /// The events between the first bad one and the acknowledgement: kept as
    /// found, but not to be trusted.
    public var untrustedSeqs: ClosedRange<Int64>? {
        guard let first = firstBadSeq, first >= 1, first < acknowledgedSeq else { return nil }
        return first...(acknowledgedSeq - 1)
    }

    public func message(_ l: Language, timeZone: TimeZone) -> String {
        let at = firstBadSeq.map { l.pick(ja: "記録番号 \($0)", en: "event #\($0)") } ?? l.pick(ja: "記録全体", en: "the log")
        let untrusted =
            untrustedSeqs.map { r in
                l.pick(
                    ja: "。記録番号 \(r.lowerBound)〜\(r.upperBound) は見つかったときのまま残しており、内容は信頼できません",
                    en: "; events #\(r.lowerBound)–#\(r.upperBound) are kept as found and cannot be trusted")
            } ?? ""
        return l.pick(
            ja:
                "確認済みの改ざん検知: \(at)（\(detail)）。#\(acknowledgedSeq) で \(acknowledgedBy) が \(Timestamp.local(acknowledgedAt, in: timeZone)) に確認、理由: \(reason)\(untrusted)",
            en:
                "Acknowledged break: \(at) (\(detail)); acknowledged in #\(acknowledgedSeq) by \(acknowledgedBy) at \(Timestamp.local(acknowledgedAt, in: timeZone)), reason: \(reason)\(untrusted)"
        )
    }

    private enum CodingKeys: String, CodingKey {
        case firstBadSeq, detail, acknowledgedSeq, acknowledgedBy, acknowledgedAt, reason, untrustedFrom, untrustedThrough
    }

    public init(firstBadSeq: Int64?, detail: String, acknowledgedSeq: Int64, acknowledgedBy: String, acknowledgedAt: Date, reason: String) {
        (self.firstBadSeq, self.detail, self.acknowledgedSeq, self.acknowledgedBy, self.acknowledgedAt, self.reason) =
            (firstBadSeq, detail, acknowledgedSeq, acknowledgedBy, acknowledgedAt, reason)
    }

    /// The break as its acknowledgement event recorded it.
    public init(_ r: IncidentState.Record<EventBody.ChainBreak>) {
        self.init(
            firstBadSeq: r.value.firstBadSeq, detail: r.value.detail, acknowledgedSeq: r.seq, acknowledgedBy: r.actor, acknowledgedAt: r.at,
            reason: r.value.reason)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            firstBadSeq: try c.decodeIfPresent(Int64.self, forKey: .firstBadSeq), detail: try c.decode(String.self, forKey: .detail),
            acknowledgedSeq: try c.decode(Int64.self, forKey: .acknowledgedSeq), acknowledgedBy: try c.decode(String.self, forKey: .acknowledgedBy),
            acknowledgedAt: Timestamp.parseUTC(try c.decode(String.self, forKey: .acknowledgedAt)) ?? .distantPast,
            reason: try c.decode(String.self, forKey: .reason))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(firstBadSeq, forKey: .firstBadSeq)
        try c.encode(detail, forKey: .detail)
        try c.encode(acknowledgedSeq, forKey: .acknowledgedSeq)
        try c.encode(acknowledgedBy, forKey: .acknowledgedBy)
        // ISO 8601 in UTC, whatever the encoder's date strategy.
        try c.encode(Timestamp.utc(acknowledgedAt), forKey: .acknowledgedAt)
        try c.encode(reason, forKey: .reason)
        try c.encode(untrustedSeqs?.lowerBound, forKey: .untrustedFrom)
        try c.encode(untrustedSeqs?.upperBound, forKey: .untrustedThrough)
    }
}

/// The outcome of checking one incident's chain.
public struct ChainReport: Sendable, Equatable {
    public var incidentID: String
    /// Rows read.
    public var rows: Int
    /// The first unacknowledged break; nil when the log can be trusted up to its end.
    public var failure: IntegrityFailure?
    /// Breaks found earlier and acknowledged in the log (still visible).
    public var acknowledged: [AcknowledgedBreak]
    /// The number and stored hash of the last row read.
    public var lastSeq: Int64?
    public var lastHash: String?
}

/// A running SHA-256 over every stored field of the rows from the first bad event
/// on, starting from the hash of the last good event. A `chainBreakAcknowledged`
/// event records it, so the damaged stretch is frozen as it was acknowledged.
enum ChainSeal {
    static func start(lastGoodHash: String) -> String {
        fold("incident-seal-v1", [lastGoodHash])
    }

    static func next(_ seal: String, _ row: EventRecord) -> String {
        fold(seal, [row.incidentID, String(row.seq), row.occurredAt, row.recordedAt, row.actor, row.kind, row.payload, row.prevHash, row.hash])
    }

    private static func fold(_ seed: String, _ fields: [String]) -> String {
        var hasher = SHA256()
        for field in [seed] + fields {
            let bytes = Array(field.utf8)
            hasher.update(data: Array("\(bytes.count):".utf8))
            hasher.update(data: bytes)
        }
        return HashChain.hex(hasher.finalize())
    }
}

/// A hash-chained log that `ChainAudit` can check: an incident's (`ChainCheck`)
/// or the readiness log (`EventStore.ReadinessChainCheck`). The chain rules are
/// the log's own; what happens around a break (the seal, the acknowledgement,
/// the resumption) is `ChainAudit`'s, the same for every log.
protocol AuditedChain {
    associatedtype State: Sendable & Equatable
    init(logID: String)
    var expectedSeq: Int64 { get set }
    var previous: String { get set }
    /// The folded log (nil while an incident has no declaration).
    var state: State? { get set }
    /// Checks `row` (numbering, link, hash, decoding, the log's own shape) and folds it.
    mutating func accept(_ row: EventRecord) -> Result<Event, IntegrityFailure>
    /// Compares the end of the log with its head record (or a bundle's manifest).
    func finish(lastSeq: Int64, lastHash: String) -> IntegrityFailure?
    /// Folds a row of the damaged stretch (between a break and its acknowledgement)
    /// into the state salvaged at the break, as far as the log trusts such rows.
    static func salvage(_ row: EventRecord, into state: inout State)
    /// Folds a valid acknowledgement of the current break.
    static func acknowledge(_ event: Event, into state: inout State)
    /// The acknowledgements folded into `state`, in order.
    static func chainBreaks(of state: State) -> [IncidentState.Record<EventBody.ChainBreak>]
}

extension ChainCheck: AuditedChain {
    init(logID: String) { self.init(incidentID: logID) }

    /// An incident goes on after a break: rows of the damaged stretch that decode
    /// are applied (never a second declaration), so the response can continue.
    static func salvage(_ row: EventRecord, into s: inout IncidentState) {
        let highest = max(s.lastSeq, row.seq)
        if let event = row.decode(), event.kind != .declared { IncidentMachine.evolve(&s, event) }
        s.lastSeq = highest
        s.lastHash = row.hash
    }

    static func acknowledge(_ event: Event, into s: inout IncidentState) { IncidentMachine.evolve(&s, event) }

    static func chainBreaks(of s: IncidentState) -> [IncidentState.Record<EventBody.ChainBreak>] { s.chainBreaks }
}

/// Verifies a log fed row by row (from SQLite or from an exported bundle): the
/// chain itself through the log's `AuditedChain` check, plus acknowledged breaks.
///
/// After the first bad row the log is untrusted until a valid acknowledgement:
/// a `chainBreakAcknowledged` event that names that first bad event, links to the
/// row stored just before it, has a correct hash and carries the seal of the
/// damaged stretch. From there the chain is checked normally again. The state is
/// salvaged across the damage (as far as the log's `salvage` trusts such rows),
/// so that the log can go on being recorded.
struct ChainAudit<Check: AuditedChain> {
    typealias State = Check.State
    let incidentID: String
    private(set) var check: Check
    /// The first bad event, while not (yet) acknowledged.
    private(set) var failure: IntegrityFailure?
    private var salvage: State?
    private(set) var seal: String = ""
    private(set) var last: (seq: Int64, hash: String)?
    private(set) var rows = 0
    /// Keep the replayed state at this seq (to compare a snapshot with).
    var capture: Int64?
    private(set) var captured: State?

    init(incidentID: String) {
        self.incidentID = incidentID
        check = Check(logID: incidentID)
    }

    /// The state to continue from: the replayed state, or the salvaged one after a break.
    var state: State? { failure == nil ? check.state : salvage }

    /// The seq the next row should carry, for naming a row that could not be read.
    var nextSeq: Int64 { (last?.seq ?? 0) &+ 1 }

    mutating func feed(_ row: EventRecord) {
        defer {
            last = (row.seq, row.hash)
            rows += 1
        }
        if failure == nil {
            guard case .failure(let f) = check.accept(row) else {
                if row.seq == capture { captured = check.state }
                return
            }
            failure = f
            salvage = check.state
            seal = ChainSeal.start(lastGoodHash: check.previous)
            absorb(row)
            return
        }
        if let resumed = acknowledgement(row) {
            var c = Check(logID: incidentID)
            c.expectedSeq = row.seq &+ 1
            c.previous = row.hash
            c.state = resumed
            check = c
            failure = nil
            salvage = nil
            if row.seq == capture { captured = resumed }
            return
        }
        absorb(row)
    }

    /// A row that cannot even be read (e.g. a damaged page): the log is untrusted from here.
    mutating func unreadable(_ detail: String) {
        if failure == nil {
            failure = IntegrityFailure(incidentID: incidentID, seq: nextSeq, reason: .corruptStore, detail: detail)
            salvage = check.state
        }
    }

    /// The report once every row was fed; `head` is the store's head record (or
    /// the bundle's manifest) to compare the end of the log with.
    func finish(head: (lastSeq: Int64, lastHash: String)?) -> (ChainReport, State?) {
        var failure = self.failure
        if failure == nil, let head {
            failure = check.finish(lastSeq: head.lastSeq, lastHash: head.lastHash)
        } else if failure == nil, check.state == nil {
            failure = IntegrityFailure(incidentID: incidentID, seq: nil, reason: .truncated, detail: "no events")
        }
        let acknowledged = (state.map(Check.chainBreaks) ?? []).map(AcknowledgedBreak.init)
        let report = ChainReport(
            incidentID: incidentID, rows: rows, failure: failure, acknowledged: acknowledged,
            lastSeq: last?.seq, lastHash: last?.hash)
        return (report, state)
    }

    /// The acknowledgement event for the current failure, made by `actor` at `now`,
    /// chained after the last stored row. Nil when there is nothing to continue from.
    func acknowledgementEvent(of failure: IntegrityFailure, reason: String, actor: String, now: Date) -> Event? {
        // A forged row numbered Int64.max leaves no number to continue with.
        guard let last, state != nil, last.seq < Int64.max else { return nil }
        let seal = self.failure == nil ? ChainSeal.start(lastGoodHash: last.hash) : self.seal
        let detail = failure.detail.isEmpty ? failure.reason.rawValue : "\(failure.reason.rawValue): \(failure.detail)"
        let body = EventBody.chainBreakAcknowledged(.init(firstBadSeq: failure.seq, reason: reason, detail: detail, seal: seal))
        return EventStore.makeEvent(
            id: incidentID, seq: last.seq + 1, previous: last.hash,
            draft: EventDraft(occurredAt: nil, actor: actor, body: body), now: now)
    }

    // MARK: - Damaged stretch

    private mutating func absorb(_ row: EventRecord) {
        seal = ChainSeal.next(seal, row)
        guard var s = salvage else { return }
        Check.salvage(row, into: &s)
        salvage = s
    }

    /// The state after `row` if it validly acknowledges the current failure.
    private func acknowledgement(_ row: EventRecord) -> State? {
        guard let failure, let last, let state = salvage, row.kind == EventKind.chainBreakAcknowledged.rawValue,
            row.seq == last.seq &+ 1, last.seq < Int64.max, row.prevHash == last.hash, row.computedHash == row.hash,
            let event = row.decode(), case .chainBreakAcknowledged(let b) = event.body,
            b.firstBadSeq == failure.seq, b.seal == seal
        else { return nil }
        var s = state
        Check.acknowledge(event, into: &s)
        return s
    }
}
