import Foundation
import GRDB

/// One incident as listed from the store's head table.
public struct IncidentHead: Sendable, Equatable {
    public var id: String
    public var summary: String
    public var awareAt: Date
    public var isOpen: Bool
    /// The facility time zone the incident was declared in.
    public var timeZone: TimeZone
    public var lastSeq: Int64
    public var lastHash: String
    /// Whether this is a drill (`DRILL-…`), kept apart from real incidents.
    public var isDrill: Bool { DrillID.isDrill(id) }
}

/// Which incidents a lookup considers: real ones (the default everywhere, so
/// that no command ever picks a drill by itself), drills, or both.
public enum IncidentScope: Sendable {
    case real, drills, all

    func includes(_ id: String) -> Bool {
        switch self {
        case .real: !DrillID.isDrill(id)
        case .drills: DrillID.isDrill(id)
        case .all: true
        }
    }
}

/// The `event` table's row exactly as stored, before decoding: what the chain
/// is computed over. The table and column names are read by examiners and
/// scripts straight from the SQLite file: never rename one.
struct EventRecord: Sendable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "event"

    var incidentID: String
    var seq: Int64
    var occurredAt: String
    var recordedAt: String
    var actor: String
    var kind: String
    var payload: String
    var prevHash: String
    var hash: String
    /// The key's MAC of `hash`, when a key is set (only written; `verify --key` reads it).
    var mac: String? = nil

    /// The row that stores `e` (times in the stored UTC form).
    init(_ e: Event, mac: String?) {
        (incidentID, seq, occurredAt, recordedAt) = (e.incidentID, e.seq, Timestamp.utc(e.occurredAt), Timestamp.utc(e.recordedAt))
        (actor, kind, payload, prevHash, hash, self.mac) = (e.actor, e.kind.rawValue, e.payload, e.prevHash, e.hash, mac)
    }

    func encode(to container: inout PersistenceContainer) {
        container["incident_id"] = incidentID
        container["seq"] = seq
        container["occurred_at"] = occurredAt
        container["recorded_at"] = recordedAt
        container["actor"] = actor
        container["kind"] = kind
        container["payload"] = payload
        container["prev_hash"] = prevHash
        container["hash"] = hash
        container["mac"] = mac
    }

    init(row: Row) {
        incidentID = row["incident_id"]
        seq = row["seq"]
        occurredAt = row["occurred_at"]
        recordedAt = row["recorded_at"]
        actor = row["actor"]
        kind = row["kind"]
        payload = row["payload"]
        prevHash = row["prev_hash"]
        hash = row["hash"]
    }

    var computedHash: String {
        HashChain.hash(
            previous: prevHash, incidentID: incidentID, seq: seq, occurredAt: occurredAt, recordedAt: recordedAt,
            actor: actor, kind: kind, payload: payload)
    }

    func decode() -> Event? {
        guard let kind = EventKind(rawValue: kind), let occurred = Timestamp.parseUTC(occurredAt),
            let recorded = Timestamp.parseUTC(recordedAt), let body = try? EventBody.decode(kind: kind, payload: payload)
        else { return nil }
        return Event(
            incidentID: incidentID, seq: seq, occurredAt: occurred, recordedAt: recorded, actor: actor, body: body,
            payload: payload, prevHash: prevHash, hash: hash)
    }
}

/// Checks a log read in sequence order: numbering, links, hashes, decoding and
/// replay through the state machine. Stops at the first bad event.
struct ChainCheck {
    let incidentID: String
    var expectedSeq: Int64 = 1
    var previous = HashChain.genesis
    var state: IncidentState?

    init(incidentID: String) { self.incidentID = incidentID }

    /// Continues from a snapshot instead of the first event.
    mutating func resume(from snapshot: StateSnapshot) {
        expectedSeq = snapshot.seq + 1
        previous = snapshot.hash
        state = snapshot.state
    }

    /// Checks `row` (numbering, link, hash, decoding) and folds it. The fold
    /// accepts any well-formed event: today's input rules are not re-run on history.
    mutating func accept(_ row: EventRecord) -> Result<Event, IntegrityFailure> {
        func fail(_ reason: IntegrityFailure.Reason, _ detail: String = "") -> Result<Event, IntegrityFailure> {
            .failure(IntegrityFailure(incidentID: incidentID, seq: row.seq, reason: reason, detail: detail))
        }
        if row.seq != expectedSeq {
            return fail(.sequenceGap, "expected #\(expectedSeq)")
        }
        if row.prevHash != previous { return fail(.brokenLink) }
        if row.computedHash != row.hash { return fail(.hashMismatch) }
        guard let event = row.decode() else { return fail(.unreadable) }
        if event.incidentID != incidentID { return fail(.illegalEvent, "event of another incident") }
        // The log's shape: a declaration first, and only first.
        if (state == nil) != (event.kind == .declared) {
            return fail(.illegalEvent, state == nil ? "the log does not begin with a declaration" : "a second declaration")
        }
        IncidentMachine.fold(event, into: &state)
        expectedSeq += 1
        previous = row.hash
        return .success(event)
    }

    /// Compares the end of the log with the incident's head record.
    func finish(head: IncidentHead?) -> IntegrityFailure? {
        guard let head else { return nil }
        return finish(lastSeq: head.lastSeq, lastHash: head.lastHash)
    }

    /// Compares the end of the log with the last event a head record (or a bundle's manifest) names.
    func finish(lastSeq: Int64, lastHash: String) -> IntegrityFailure? {
        if lastSeq != expectedSeq - 1 || lastHash != previous {
            return IntegrityFailure(
                incidentID: incidentID, seq: min(lastSeq, expectedSeq), reason: .truncated,
                detail: "head says #\(lastSeq), log ends at #\(expectedSeq - 1)")
        }
        if state == nil {
            return IntegrityFailure(incidentID: incidentID, seq: nil, reason: .truncated, detail: "no events")
        }
        return nil
    }
}

extension EventStore {
    static let eventColumns = "incident_id, seq, occurred_at, recorded_at, actor, kind, payload, prev_hash, hash"

    /// Every incident in `scope` (real incidents unless asked), newest first.
    public func incidents(_ scope: IncidentScope = .real) throws(IncidentError) -> [IncidentHead] {
        try read { db in
            // The readiness log keeps its head here too (the event table's key needs one) but is no incident.
            try IncidentRow.fetchAll(db, sql: "SELECT * FROM incident WHERE id <> ? ORDER BY aware_at DESC, id DESC", arguments: [Self.readinessLogID])
                .map(\.head).filter { scope.includes($0.id) }
        }
    }

    /// When incident `id` was declared, by the recording clock (its first event's
    /// recording time; a drill's awareness time is the scenario's, not the room's).
    public func startedAt(of id: String) throws(IncidentError) -> Date? {
        try read { db in
            try String.fetchOne(db, sql: "SELECT recorded_at FROM event WHERE incident_id = ? AND seq = 1", arguments: [id]).flatMap(Timestamp.parseUTC)
        }
    }

    func head(_ db: Database, _ id: String) throws -> IncidentHead? {
        try IncidentRow.fetchOne(db, key: id)?.head
    }

    /// The head record of incident `id`.
    public func head(of id: String) throws(IncidentError) -> IncidentHead {
        guard let h = try read({ db in try self.head(db, id) }) else { throw .unknownIncident(id) }
        return h
    }

    /// The incident to act on: `id` if given (a drill too: drills are named
    /// explicitly); else the only open incident in `scope`. With
    /// `fallbackToLatest`, when none is open, the most recent one (for reading,
    /// reopening). Without `id`, a drill is never chosen unless `scope` asks for drills.
    public func resolveIncident(_ id: String?, fallbackToLatest: Bool = false, scope: IncidentScope = .real) throws(IncidentError) -> String {
        if let id {
            let everything = try incidents(.all)
            guard let match = everything.first(where: { $0.id == id || $0.id.lowercased() == id.lowercased() }) else { throw .unknownIncident(id) }
            if scope == .drills, !match.isDrill { throw .notADrill(match.id) }
            return match.id
        }
        let all = try incidents(scope)
        if all.isEmpty {
            if scope == .drills { throw .notADrill(nil) }
            let drills = try incidents(.drills).filter(\.isOpen)
            throw drills.isEmpty ? .noIncident : .onlyDrills(drills.map(\.id))
        }
        let open = all.filter(\.isOpen)
        if open.count == 1 { return open[0].id }
        if open.count > 1 { throw .ambiguousIncident(open.map(\.id)) }
        if fallbackToLatest { return all[0].id }
        // Every incident is closed: say how to reopen the latest rather than "none".
        throw .incidentClosed(all[0].id)
    }

    /// The incident's state: the latest snapshot (checked against the event it
    /// follows) plus every event after it, each hash checked; `verify` checks the
    /// whole chain. A broken log is an `IncidentError.integrity`, never silently accepted.
    public func state(of id: String) throws(IncidentError) -> IncidentState {
        try read { db in try self.verifiedState(db, id) }
    }

    /// The checked state (see `checkedState`); an unacknowledged break is an
    /// `IncidentError.integrity`.
    func verifiedState(_ db: Database, _ id: String) throws -> IncidentState {
        // Through the process's cache of checked states (see `StateCache`).
        var state = try cachedCheckedState(db, id).state
        state.recoveryPlan = try cachedRecoveryPlan(db)
        return state
    }

    /// The incident's state and how many events were replayed to get it.
    ///
    /// Without `full`, starts from the latest snapshot when its event is still the
    /// one it was taken at (same hash, recomputed), with the runbook and profile
    /// from the hash-checked declaration, and checks every event after it (at
    /// most `StateSnapshot.interval` of them), and one window of the events
    /// before it (`SnapshotSweep`). Otherwise, or when anything read does not
    /// check out (including a break a person acknowledged), the whole log goes
    /// through the `ChainAudit`, which also compares the snapshot with the replay.
    func checkedState(_ db: Database, _ id: String, full: Bool) throws -> (state: IncidentState, replayed: Int64, snapshotSeq: Int64) {
        guard let head = try head(db, id) else { throw IncidentError.unknownIncident(id) }
        if !full, let snapshot = try StateSnapshot.load(db, id),
            let stored = try EventRecord.fetchOne(
                db, sql: "SELECT \(Self.eventColumns) FROM event WHERE incident_id = ? AND seq = ?", arguments: [id, snapshot.seq]),
            stored.hash == snapshot.hash, stored.computedHash == stored.hash
        {
            var check = ChainCheck(incidentID: id)
            check.resume(from: snapshot)
            var intact = true
            let cursor = try EventRecord.fetchCursor(
                db, sql: "SELECT \(Self.eventColumns) FROM event WHERE incident_id = ? AND seq > ? ORDER BY seq", arguments: [id, snapshot.seq])
            while intact, let row = try cursor.next() {
                if case .failure = check.accept(row) { intact = false }
            }
            if intact, check.finish(head: head) == nil, let state = check.state, Self.headDisagreement(head, state) == nil,
                try sweepIntact(db, id, snapshotSeq: snapshot.seq, turn: head.lastSeq)
            {
                return (state, check.expectedSeq - 1 - snapshot.seq, snapshot.seq)
            }
        }
        let (report, state, _) = try audit(db, id)
        if let f = report.failure {
            rememberBreak(id)
            throw IncidentError.integrity(f)
        }
        return (state!, Int64(report.rows), 0)
    }

    /// Remembers, beside the store (its local settings, never the store itself:
    /// reading never writes it), that a read found incident `id`'s log broken,
    /// so that the next write checks the whole chain and is refused until the
    /// break is acknowledged. Best effort: a read-only folder keeps nothing.
    func rememberBreak(_ id: String) {
        var settings = LocalSettings.load(store: path)
        guard !(settings.brokenIncidents ?? []).contains(id) else { return }
        settings.brokenIncidents = (settings.brokenIncidents ?? []) + [id]
        try? settings.save(store: path)
    }

    /// Whether a read found incident `id`'s log broken (see `rememberBreak`).
    func breakRemembered(_ id: String) -> Bool {
        LocalSettings.load(store: path).brokenIncidents?.contains(id) ?? false
    }

    /// Forgets a remembered break once the whole chain checked out (acknowledged).
    func forgetBreak(_ id: String) {
        var settings = LocalSettings.load(store: path)
        guard let list = settings.brokenIncidents, list.contains(id) else { return }
        settings.brokenIncidents = list.filter { $0 != id }
        if settings.brokenIncidents?.isEmpty == true { settings.brokenIncidents = nil }
        try? settings.save(store: path)
    }

    /// Recomputes the incident's whole chain (and checks the snapshot against
    /// it); nil when intact.
    public func verify(_ id: String) throws(IncidentError) -> IntegrityFailure? {
        try chainReport(of: id).failure
    }

    /// Events in sequence order (decoded; the log is verified first).
    public func events(of id: String) throws(IncidentError) -> [Event] {
        try read { db in
            _ = try self.checkedState(db, id, full: true)
            return try EventRecord.fetchAll(db, sql: "SELECT \(Self.eventColumns) FROM event WHERE incident_id = ? ORDER BY seq", arguments: [id])
                .compactMap { $0.decode() }
        }
    }

    /// Streams the incident's events in timeline order (by occurrence, then
    /// sequence) without holding them all in memory, after checking the whole
    /// chain in the same read transaction (so the rows shown are the rows
    /// checked: an edited event stops the command, as `verify` does).
    /// Returns the state the events fold into.
    @discardableResult
    public func forEachEventInTimelineOrder(of id: String, _ body: (IncidentState, Event) throws -> Void) throws(IncidentError) -> IncidentState {
        try read { db in
            let state = try self.checkedState(db, id, full: true).state
            let cursor = try EventRecord.fetchCursor(
                db, sql: "SELECT \(Self.eventColumns) FROM event WHERE incident_id = ? ORDER BY occurred_at, seq", arguments: [id])
            while let stored = try cursor.next() {
                guard let event = stored.decode() else {
                    throw IncidentError.integrity(IntegrityFailure(incidentID: id, seq: stored.seq, reason: .unreadable))
                }
                try body(state, event)
            }
            return state
        }
    }

    /// The last `count` events of the incident in timeline order (by occurrence,
    /// then sequence), read backwards from the end of the time index, so that the
    /// latest few cost the same at 10 and at 100,000 events; the log is checked
    /// first as by `forEachEventInTimelineOrder`.
    public func latestEventsInTimelineOrder(of id: String, count: Int) throws(IncidentError) -> [Event] {
        try read { db in
            _ = try self.verifiedState(db, id)
            let rows = try EventRecord.fetchAll(
                db, sql: "SELECT \(Self.eventColumns) FROM event WHERE incident_id = ? ORDER BY occurred_at DESC, seq DESC LIMIT ?",
                arguments: [id, max(0, count)])
            return try rows.reversed().map { stored in
                guard let event = stored.decode() else {
                    throw IncidentError.integrity(IntegrityFailure(incidentID: id, seq: stored.seq, reason: .unreadable))
                }
                return event
            }
        }
    }

    /// Declares a new incident; its ID is `INC-YYYYMMDD-N` from the awareness day,
    /// or `DRILL-YYYYMMDD-N` for a drill (numbered apart from real incidents).
    @discardableResult
    public func declare(
        summary: String, runbook: Runbook, awareAt: Date?, actor: String, timeZone: TimeZone, profile: FacilityProfile? = nil,
        drill: EventBody.Drill? = nil, actorIsOSAccount: Bool = false
    )
        throws(IncidentError) -> (Event, IncidentState)
    {
        let body = EventBody.declared(
            .init(
                summary: summary, runbook: runbook.id, runbookSource: runbook.sourceText,
                profileSource: profile?.sourceText, timeZone: timeZone.identifier, drill: drill, actorIsOSAccount: actorIsOSAccount))
        let key = try signingKey()
        return try write { db in
            let now = Self.truncated(self.clock.now())
            let day = Timestamp.day(of: awareAt ?? now, in: timeZone)
            let prefix = (drill == nil ? DrillID.incidentPrefix : DrillID.prefix) + "\(pad(day.year, 4))\(pad(day.month, 2))\(pad(day.day, 2))-"
            let taken = try String.fetchAll(db, sql: "SELECT id FROM incident WHERE id LIKE ?", arguments: [prefix + "%"])
            let n = (taken.compactMap { Int($0.dropFirst(prefix.count)) }.max() ?? 0) + 1
            let id = prefix + String(n)
            let event = Self.makeEvent(id: id, seq: 1, previous: HashChain.genesis, draft: EventDraft(occurredAt: awareAt, actor: actor, body: body), now: now)
            try IncidentMachine.decide(event, given: nil)
            let state = IncidentMachine.start(event, runbook: runbook, profile: profile)
            try IncidentRow(state).insert(db)
            try self.insert(event, db, key: key)
            // Every incident starts with a snapshot, so later commands check only a short tail.
            try StateSnapshot.save(state, db)
            return (event, state)
        }
    }

    /// Appends one event after checking the log and the state machine's guards.
    /// Either the event is durably stored and returned, or nothing changes.
    @discardableResult
    public func append(_ draft: EventDraft, to id: String) throws(IncidentError) -> (Event, IncidentState) {
        try append(to: id) { _ in draft }
    }

    /// Appends the event `make` builds from the current state, inside the same
    /// transaction (so that, e.g., a step number is resolved against the state
    /// the event is checked against).
    @discardableResult
    public func append(to id: String, _ make: (IncidentState) throws -> EventDraft) throws(IncidentError) -> (Event, IncidentState) {
        let key = try signingKey()
        // After a read found the log broken, the whole chain is checked again.
        let full = breakRemembered(id)
        defer { if full, let report = try? self.chainReport(of: id), report.failure == nil { self.forgetBreak(id) } }
        let (event, next, snapshotSeq, before, after) = try write { db in
            // The kept state when nothing else touched the store (see `StateCache`), else checked as before.
            let before = full ? nil : try StateCache.stamp(db, path: self.path)
            var next: IncidentState
            var snapshotSeq: Int64
            if full { (next, _, snapshotSeq) = try self.checkedState(db, id, full: true) } else { (next, snapshotSeq) = try self.cachedCheckedState(db, id) }
            next.recoveryPlan = try self.cachedRecoveryPlan(db)
            let draft = try make(next)
            let event = Self.makeEvent(id: id, seq: next.lastSeq + 1, previous: next.lastHash, draft: draft, now: Self.truncated(self.clock.now()))
            try IncidentMachine.apply(event, to: &next)
            try self.insert(event, db, key: key)
            if next.lastSeq - snapshotSeq >= StateSnapshot.interval {
                try StateSnapshot.save(next, db)
                snapshotSeq = next.lastSeq
            }
            try IncidentRow(next).update(db)
            return (event, next, snapshotSeq, before, full ? nil : try StateCache.stamp(db, path: self.path))
        }
        // Kept once committed.
        keepAppended(next, snapshotSeq: snapshotSeq, before: before, after: after)
        return (event, next)
    }

    /// Appends many events in one transaction (imports, fixtures, benchmarks):
    /// each is checked by the state machine exactly as `append` would.
    @discardableResult
    public func appendBatch(_ drafts: [EventDraft], to id: String) throws(IncidentError) -> IncidentState {
        let key = try signingKey()
        let full = breakRemembered(id)
        return try write { db in
            var state = try self.checkedState(db, id, full: full).state
            for draft in drafts {
                let event = Self.makeEvent(id: id, seq: state.lastSeq + 1, previous: state.lastHash, draft: draft, now: Self.truncated(self.clock.now()))
                try IncidentMachine.apply(event, to: &state)
                try self.insert(event, db, key: key)
            }
            try IncidentRow(state).update(db)
            try StateSnapshot.save(state, db)
            return state
        }
    }

    /// Inserts `e` and reads it back by number in the same transaction: an
    /// event said to be recorded is in the store (a planted trigger that
    /// silently discards it is caught here, and nothing is committed).
    func insert(_ e: Event, _ db: Database, key: EventKey?) throws {
        try EventRecord(e, mac: key?.mac(ofHash: e.hash)).insert(db)
        let stored = try String.fetchOne(db, sql: "SELECT hash FROM event WHERE incident_id = ? AND seq = ?", arguments: [e.incidentID, e.seq])
        guard stored == e.hash else {
            throw IncidentError.integrity(
                IntegrityFailure(incidentID: e.incidentID, seq: e.seq, reason: .notStored, detail: stored == nil ? "no row" : "another row", file: path))
        }
    }

    /// Times are kept to the millisecond, as stored.
    static func truncated(_ date: Date) -> Date {
        Date(timeIntervalSince1970: Double(CivilTime.milliseconds(date)) / 1000)
    }

    static func makeEvent(id: String, seq: Int64, previous: String, draft: EventDraft, now: Date) -> Event {
        let occurred = truncated(draft.occurredAt ?? now)
        var event = Event(
            incidentID: id, seq: seq, occurredAt: occurred, recordedAt: now, actor: draft.actor, body: draft.body,
            payload: draft.body.encodedPayload(), prevHash: previous, hash: "")
        event.hash = HashChain.hash(of: event, previous: previous)
        return event
    }
}

extension EventStore {
    /// The incident's state (checked as by `state(of:)`) and every contact
    /// attempt, in occurrence order, with times as corrections moved them;
    /// streamed from the log in the same read (the state keeps only a summary per role).
    public func stateAndContactHistory(of id: String) throws(IncidentError) -> (IncidentState, [IncidentState.Record<EventBody.Contact>]) {
        try read { db in
            // Every contact attempt is read: the whole chain is checked first.
            let state = try self.checkedState(db, id, full: true).state
            let moved = try self.movedTimes(db, id)
            var calls: [IncidentState.Record<EventBody.Contact>] = []
            let cursor = try EventRecord.fetchCursor(
                db,
                sql: "SELECT \(Self.eventColumns) FROM event WHERE incident_id = ? AND kind = ? ORDER BY seq", arguments: [id, EventKind.contact.rawValue])
            while let row = try cursor.next() {
                guard let event = row.decode(), case .contact(let c) = event.body else { continue }
                calls.append(.init(value: c, at: moved[event.seq] ?? event.occurredAt, seq: event.seq, actor: event.actor))
            }
            return (state, calls.sorted { ($0.at, $0.seq) < ($1.at, $1.seq) })
        }
    }

    /// Corrected event → the events correcting it, for the timeline to flag
    /// an amended event where it stands.
    public func corrections(of id: String) throws(IncidentError) -> [Int64: [Int64]] {
        try read { db in
            var map: [Int64: [Int64]] = [:]
            for (seq, c) in try self.correctionEvents(db, id) { map[c.corrects, default: []].append(seq) }
            return map
        }
    }

    /// Event → the time the latest correction moved it to.
    func movedTimes(_ db: Database, _ id: String) throws -> [Int64: Date] {
        var moved: [Int64: Date] = [:]
        for (_, c) in try correctionEvents(db, id) { if let t = c.occurredAt { moved[c.corrects] = t } }
        return moved
    }

    private func correctionEvents(_ db: Database, _ id: String) throws -> [(Int64, EventBody.Correction)] {
        try EventRecord.fetchAll(
            db, sql: "SELECT \(Self.eventColumns) FROM event WHERE incident_id = ? AND kind = ? ORDER BY seq",
            arguments: [id, EventKind.correction.rawValue]
        ).compactMap { row in
            guard let e = row.decode(), case .correction(let c) = e.body else { return nil }
            return (e.seq, c)
        }
    }
}

extension EventStore {
    /// What incident `id` recorded as happening after `time`, in occurrence order:
    /// the facts, answers, impacts, contacts, assessments, notes, corrections and
    /// submissions (a 続報 lists every report filed since the last one, PPC filings
    /// included) a later report must say changed; steps are not changes of the
    /// situation. Streamed from the log, which is checked first.
    public func changes(of id: String, after time: Date) throws(IncidentError) -> [Event] {
        var out: [Event] = []
        try forEachEventInTimelineOrder(of: id) { _, event in
            guard event.occurredAt > time else { return }
            switch event.kind {
            case .fact, .answer, .impact, .contact, .leakAssessed, .note, .correction, .submitted: out.append(event)
            // Step 7: a system's stage, a decision, a measure promised or done (issue #23).
            case .recoveryStaged, .decision, .measureAdded, .measureDone: out.append(event)
            default: break
            }
        }
        return out
    }
}
