import Foundation

/// The state machine of an incident, in two halves:
///
/// - `decide` checks a *new* event before it is stored: input limits, control
///   characters, answer normalisation, the leak answers, and every guard
///   (DESIGN.md): nothing but `reopened` after close; no time in the future or
///   before the awareness time; no double completion; a reason for skips,
///   forced closes and reopens; mandatory steps finished before a plain close.
/// - `evolve` folds any *stored*, well-formed event into the state. It never
///   refuses and never parses YAML: what a stored log says is the record, so a
///   later release that tightens an input rule cannot make an honest old log
///   unreadable or look forged.
///
/// Everything else is allowed, so steps may overlap and be done out of order.
/// The machine does no I/O: the store decides what to persist.
public enum IncidentMachine {
    /// Upper bound for any single text field, in UTF-8 bytes.
    public static let maxTextBytes = 64 * 1024

    /// Checks then folds a new event: the state after `event`, or the guard that
    /// refuses it. `state` is nil only before the first (`declared`) event.
    public static func apply(_ event: Event, to state: IncidentState?) throws(IncidentError) -> IncidentState {
        try decide(event, given: state)
        guard var s = state else { return start(event, event.declared!) }
        evolve(&s, event)
        return s
    }

    /// Checks then folds a new event in place; on a throw `s` is unchanged.
    public static func apply(_ event: Event, to s: inout IncidentState) throws(IncidentError) {
        try decide(event, given: s)
        evolve(&s, event)
    }

    /// Folds a stored log. Nil for an empty log or one that does not begin with a declaration.
    public static func replay<S: Sequence>(_ events: S) -> IncidentState? where S.Element == Event {
        var state: IncidentState?
        for event in events { fold(event, into: &state) }
        return state
    }

    /// Folds one stored event: a declaration starts the state; any other event
    /// before one is ignored (the chain check reports such a log).
    public static func fold(_ event: Event, into state: inout IncidentState?) {
        if state == nil {
            if let d = event.declared { state = start(event, d) }
            return
        }
        evolve(&state!, event)
    }

    // MARK: - Decide (new events only)

    /// Whether `event` may be appended to a log whose state is `state`
    /// (nil before the declaration). Pure: `event.recordedAt` is *now*.
    public static func decide(_ event: Event, given state: IncidentState?) throws(IncidentError) {
        if event.occurredAt > event.recordedAt { throw future(event.occurredAt, now: event.recordedAt) }
        try checkText(event.actor, field: .actor)
        if event.actor.count > maxActorCharacters { throw .nameTooLong(field: .actor, limit: maxActorCharacters) }
        guard let s = state else {
            guard let d = event.declared else { throw .notDeclared }
            try checkText(d.summary, field: .summary)
            // A drill is never a real incident, nor a real incident a drill: the
            // marking in the payload and the ID's prefix must agree.
            if (d.drill != nil) != DrillID.isDrill(event.incidentID) { throw .drillMismatch(event.incidentID) }
            if let drill = d.drill, !(DrillID.speeds.contains(drill.speed)) { throw .invalidSpeed(drill.speed) }
            return
        }
        if event.occurredAt < s.awareAt, !movesAwarenessBack(event) {
            // An awareness time later than now: declared while the computer's clock ran ahead.
            if s.awareAt.timeIntervalSince(event.recordedAt) > clockTolerance { throw .awarenessAfterNow(s.awareAt, now: event.recordedAt) }
            throw .beforeDeclaration(event.occurredAt, declaredAt: s.awareAt)
        }
        if case .closed = s.phase {
            // Acknowledging a broken chain is an audit record, allowed on a closed incident too.
            switch event.body {
            case .reopened, .chainBreakAcknowledged: break
            default: throw .incidentClosed(s.id)
            }
        }

        switch event.body {
        case .declared:
            throw .alreadyDeclared

        case .note(let note):
            try checkText(note.text, field: .text)

        case .stepStarted(let change):
            let step = try resolve(change.step, in: s)
            try checkOptional(change.note, field: .note)
            switch s.progress(of: step) {
            case .pending, .skipped: break
            case .active: throw .stepAlreadyActive(step.id)
            case .done: throw .stepAlreadyDone(step.id)
            }

        case .stepCompleted(let change):
            let step = try resolve(change.step, in: s)
            try checkOptional(change.note, field: .note)
            if case .done = s.progress(of: step) { throw .stepAlreadyDone(step.id) }

        case .stepSkipped(let change):
            let step = try resolve(change.step, in: s)
            guard let reason = change.reason, !isBlank(reason) else { throw .reasonRequired(action: .skip) }
            try checkText(reason, field: .reason)
            switch s.progress(of: step) {
            case .pending, .active: break
            case .done: throw .stepAlreadyDone(step.id)
            case .skipped: throw .stepAlreadySkipped(step.id)
            }

        case .correction(let c):
            try checkText(c.text, field: .correctionText)
            guard c.corrects >= 1, c.corrects <= s.lastSeq else { throw .unknownEvent(c.corrects) }
            if let newTime = c.occurredAt { try checkMove(of: c.corrects, to: newTime, in: s, now: event.recordedAt) }

        case .closed(let closed):
            try checkOptional(closed.reason, field: .reason)
            if closed.forced {
                // The tool's own reason (a drill's time is up) stands in for a person's.
                if closed.code == nil, closed.reason.map(isBlank) ?? true { throw .reasonRequired(action: .forceClose) }
            } else if closed.code != .drillEnded {
                // A drill ends when its time is up, whatever is left; an incident
                // closes once nothing holds it (issue #23: recovery, records,
                // measures, obligations with a legal deadline).
                let holds = CloseHolds.of(s, today: Timestamp.day(of: event.recordedAt, in: s.timeZone))
                if !holds.isEmpty { throw holds.onlySteps ? .mandatoryStepsOpen(holds.steps) : .closeHeld(holds) }
            }

        case .reopened(let r):
            guard case .closed = s.phase else { throw .incidentNotClosed(s.id) }
            guard !isBlank(r.reason) else { throw .reasonRequired(action: .reopen) }
            try checkText(r.reason, field: .reason)

        case .answer(let a):
            guard let (_, question) = s.runbook.question(id: a.question) else { throw .unknownQuestion(a.question) }
            guard question.normalize(a.value) == a.value else {
                throw .invalidAnswer(question: a.question, value: a.value, expected: expectedAnswer(question))
            }
            try checkText(a.value, field: .answer(a.question))

        case .contact(let c):
            try checkText(c.role, field: .role)
            try checkOptional(c.name, field: .name)
            try checkOptional(c.channel, field: .channel)
            try checkOptional(c.note, field: .note)

        case .impact(let i):
            try checkText(i.target, field: .system)
            try checkOptional(i.category, field: .category)
            try checkOptional(i.note, field: .note)

        case .leakAssessed(let l):
            for (key, value) in l.answers { try checkText(value, field: .answer(key)) }
            _ = try LeakAnswers(l.answers)  // complete and valid, so the decision can always be derived
            try checkOptional(l.note, field: .note)

        case .fact(let f):
            try checkText(f.key, field: .key)
            try checkText(f.value, field: .answer(f.key))

        case .checklistAnswered:
            throw .readinessEventInIncident

        case .chainBreakAcknowledged(let b):
            guard !isBlank(b.reason) else { throw .reasonRequired(action: .acknowledge) }
            try checkText(b.reason, field: .reason)

        case .submitted(let sub):
            _ = try ObligationKind.named(sub.kind)
            try checkOptional(sub.ref, field: .ref)
            try checkOptional(sub.note, field: .note)

        case .recoveryStaged(let r):
            try checkText(r.system, field: .system)
            try checkOptional(r.backup, field: .backup)
            if let reason = r.withoutEvidence {
                try checkText(reason, field: .reason)
            } else if r.stage.needsEvidence, !s.recovery.hasEvidence(for: r.system) {
                // Checklist 4-2: keep the evidence before restoring (半田病院: wiped before the logs were kept).
                throw .evidenceRequired(system: r.system.trimmingCharacters(in: .whitespacesAndNewlines), stage: r.stage)
            }

        case .reentry(let r):
            try checkText(r.department, field: .department)
            switch (r.pending, r.entered) {
            case (let p?, nil):
                if p < 0 { throw .invalidCount(field: .count, value: p, minimum: 0) }
            case (nil, let n?):
                if n < 1 { throw .invalidCount(field: .count, value: n, minimum: 1) }
                let waiting = s.recovery.departments[RecoveryRecord.key(r.department)]?.pending ?? 0
                if n > waiting { throw .moreEnteredThanPending(department: r.department, pending: waiting, entered: n) }
            default:
                throw .reentryNeedsOneCount
            }

        case .measureAdded(let m):
            try checkText(m.text, field: .text)
            try checkText(m.owner, field: .owner)
            if s.recovery.measure(m.id) != nil { throw .measureExists(m.id) }
            if m.id < 1 { throw .invalidCount(field: .count, value: m.id, minimum: 1) }

        case .measureDone(let m):
            guard let measure = s.recovery.measure(m.id) else { throw .unknownMeasure(m.id, available: s.recovery.measures.map(\.id)) }
            if !measure.isOpen { throw .measureAlreadyDone(m.id) }

        case .evidence(let e):
            try checkText(e.system, field: .system)
            try checkText(e.text, field: .text)
            try checkOptional(e.file, field: .file)
            try checkOptional(e.keptAt, field: .keptAt)
            if let digest = e.sha256, !Self.isSHA256(digest) { throw .invalidDigest(digest) }

        case .decision(let d):
            try checkText(d.text, field: .text)
            try checkText(d.decidedBy, field: .decidedBy)
            if d.decidedBy.count > maxActorCharacters { throw .nameTooLong(field: .decidedBy, limit: maxActorCharacters) }
            try checkOptional(d.advisedBy, field: .advisedBy)
            try checkText(d.why, field: .why)

        case .cost(let c):
            if c.amount < 1 { throw .invalidCount(field: .amount, value: c.amount, minimum: 1) }
            if let p = c.patients, p < 1 { throw .invalidCount(field: .patients, value: p, minimum: 1) }
            try checkText(c.category, field: .category)
            try checkText(c.payee, field: .payee)
            try checkOptional(c.ref, field: .ref)
        }
    }

    // MARK: - Evolve (any stored event)

    /// Folds a stored event into `s`. Total: it accepts whatever a well-formed
    /// stored event says, in constant time per event.
    public static func evolve(_ s: inout IncidentState, _ event: Event) {
        let at = event.occurredAt
        switch event.body {
        case .declared:
            break  // a second declaration changes nothing (the chain check names it)

        case .note:
            break

        case .stepStarted(let change):
            switch s.steps[change.step] ?? .pending {
            case .done: break
            default: s.steps[change.step] = .active(since: at, seq: event.seq)
            }

        case .stepCompleted(let change):
            switch s.steps[change.step] ?? .pending {
            case .active(let since, _): s.steps[change.step] = .done(at: at, seq: event.seq, startedAt: since)
            case .done: break
            default: s.steps[change.step] = .done(at: at, seq: event.seq, startedAt: nil)
            }

        case .stepSkipped(let change):
            if case .done = s.steps[change.step] ?? .pending { break }
            s.steps[change.step] = .skipped(at: at, seq: event.seq, reason: change.reason ?? "")

        case .correction(let c):
            if let newTime = c.occurredAt { move(c.corrects, to: newTime, in: &s) }
            s.correctionCount += 1

        case .closed(let closed):
            s.phase = .closed(at: at, reason: closed.reason, forced: closed.forced)

        case .reopened:
            s.phase = .open

        case .answer(let a):
            let record = IncidentState.Record(value: a.value, at: at, seq: event.seq, actor: event.actor)
            if let runs = s.answerRuns[a.question] {
                if runs.current.value != a.value { s.answerRuns[a.question] = .init(current: record, previous: runs.current) }
            } else {
                s.answerRuns[a.question] = .init(current: record, previous: nil)
            }
            s.answers[a.question] = record

        case .contact(let c):
            let attempt = ContactSummary.Attempt(
                at: at, seq: event.seq, outcome: c.outcome, name: c.name, channel: c.channel,
                note: c.note, actor: event.actor)
            if s.contacts[c.role] == nil {
                s.contacts[c.role] = ContactSummary(role: c.role, attempt: attempt)
            } else {
                s.contacts[c.role]!.add(attempt)
            }

        case .impact(let i):
            let key = ImpactPicture.trimmed(i.target)
            if s.impacts[key] == nil {
                s.impacts[key] = ImpactSummary(target: key, impact: i, at: at, seq: event.seq)
            } else {
                s.impacts[key]!.add(i, at: at, seq: event.seq)
            }

        case .leakAssessed(let l):
            s.leakAssessment = .init(value: l, at: at, seq: event.seq, actor: event.actor)
            s.leakAssessmentCount += 1

        case .fact(let f):
            s.facts[f.key] = .init(value: f.value, at: at, seq: event.seq, actor: event.actor)

        case .checklistAnswered:
            break  // belongs to the readiness log; decide refuses it in an incident

        case .chainBreakAcknowledged(let b):
            s.chainBreaks.append(.init(value: b, at: at, seq: event.seq, actor: event.actor))

        case .submitted(let sub):
            let entry = SubmissionSummary.Entry(
                at: at, seq: event.seq, channel: sub.channel, ref: sub.ref, actor: event.actor,
                followUpRequested: sub.followUpRequested ?? false)
            if s.submissions[sub.kind] == nil {
                s.submissions[sub.kind] = SubmissionSummary(kind: sub.kind, entry: entry)
            } else {
                s.submissions[sub.kind]!.add(entry)
            }

        case .recoveryStaged, .reentry, .measureAdded, .measureDone, .evidence, .decision, .cost:
            s.recovery.fold(event.body, at: at, seq: event.seq, actor: event.actor)
        }

        s.lastSeq = event.seq
        s.lastHash = event.hash
        s.lastOccurredAt = max(s.lastOccurredAt, at)
        s.earliestEventAt = min(s.earliestEventAt ?? at, at)
    }

    private static func start(_ event: Event, _ d: EventBody.Declared) -> IncidentState {
        IncidentState(
            id: event.incidentID, summary: d.summary,
            documents: DeclaredDocuments(
                incidentID: event.incidentID, runbookID: d.runbook, runbookSource: d.runbookSource,
                profileSource: d.profileSource, drill: d.drill),
            timeZone: TimeZone(identifier: d.timeZone) ?? .facilityDefault, awareAt: event.occurredAt,
            declaredBy: event.actor, phase: .open, steps: [:], answers: [:], contacts: [:], impacts: [:],
            leakAssessment: nil, leakAssessmentCount: 0, facts: [:], correctionCount: 0, chainBreaks: [], lastSeq: event.seq,
            lastHash: event.hash, lastOccurredAt: event.occurredAt, earliestEventAt: nil)
    }

    /// The state right after a declaration whose runbook and profile the caller
    /// has already parsed (saves parsing them again in the same process).
    static func start(_ event: Event, runbook: Runbook, profile: FacilityProfile?) -> IncidentState {
        var s = start(event, event.declared!)
        s.documents = DeclaredDocuments(incidentID: event.incidentID, runbook: runbook, profile: profile, drill: event.declared?.drill)
        return s
    }

    /// How far ahead of the clock a time may be before the message suggests
    /// checking the computer's clock rather than a typing slip.
    public static let clockTolerance: TimeInterval = 300

    static func future(_ time: Date, now: Date) -> IncidentError {
        time.timeIntervalSince(now) > clockTolerance ? .futureTimeCheckClock(time, now: now) : .futureTime(time)
    }

    /// A correction moving the awareness time (#1) back to no later than now:
    /// the way out when the declaration was made with the clock running ahead,
    /// so it is accepted although *now* is still before the old awareness time.
    private static func movesAwarenessBack(_ event: Event) -> Bool {
        if case .correction(let c) = event.body, c.corrects == 1, let t = c.occurredAt, t <= event.recordedAt { return true }
        return false
    }

    /// Whether a correction may move event `seq` to `newTime`: the declaration
    /// (awareness time) may only move to no later than the first other event.
    private static func checkMove(of seq: Int64, to newTime: Date, in s: IncidentState, now: Date) throws(IncidentError) {
        if newTime > now { throw future(newTime, now: now) }
        if seq == 1 {
            if let earliest = s.earliestEventAt, newTime > earliest {
                throw .correctionConflicts(
                    "the awareness time cannot move after event times already recorded (\(Timestamp.local(earliest, in: s.timeZone)))")
            }
        } else if newTime < s.awareAt {
            throw .beforeDeclaration(newTime, declaredAt: s.awareAt)
        }
    }

    /// A correction moved event `seq` to `newTime` (the declaration, #1, moves the awareness time).
    private static func move(_ seq: Int64, to newTime: Date, in s: inout IncidentState) {
        if seq == 1 {
            s.awareAt = newTime
        } else {
            s.earliestEventAt = min(s.earliestEventAt ?? newTime, newTime)
        }
        for (id, progress) in s.steps {
            switch progress {
            case .active(_, let q) where q == seq: s.steps[id] = .active(since: newTime, seq: q)
            case .done(_, let q, let started) where q == seq: s.steps[id] = .done(at: newTime, seq: q, startedAt: started)
            case .skipped(_, let q, let reason) where q == seq: s.steps[id] = .skipped(at: newTime, seq: q, reason: reason)
            default: break
            }
        }
        for key in s.answers.keys where s.answers[key]?.seq == seq { s.answers[key]?.at = newTime }
        for key in s.answerRuns.keys {
            if s.answerRuns[key]?.current.seq == seq { s.answerRuns[key]?.current.at = newTime }
            if s.answerRuns[key]?.previous?.seq == seq { s.answerRuns[key]?.previous?.at = newTime }
        }
        for key in s.facts.keys where s.facts[key]?.seq == seq { s.facts[key]?.at = newTime }
        for key in s.contacts.keys { s.contacts[key]!.move(seq, to: newTime) }
        for key in s.impacts.keys { s.impacts[key]!.move(seq, to: newTime) }
        for key in s.submissions.keys { s.submissions[key]!.move(seq, to: newTime) }
        s.recovery.move(seq, to: newTime)
        if s.leakAssessment?.seq == seq { s.leakAssessment?.at = newTime }
    }

    private static func resolve(_ reference: String, in s: IncidentState) throws(IncidentError) -> Runbook.Step {
        guard let step = s.runbook.step(matching: reference) else {
            throw .unknownStep(reference, available: s.runbook.steps.map { "\($0.number) \($0.id)" })
        }
        return step
    }

    static func expectedAnswer(_ q: Runbook.Question) -> String {
        switch q.type {
        case .yesno: "yes / no（はい / いいえ）"
        case .count: "0 以上の整数 / a whole number ≥ 0"
        case .text: "text"
        case .choice: q.choices.map(\.id).joined(separator: " / ")
        }
    }

    private static func isBlank(_ text: String) -> Bool {
        text.allSatisfy { $0.isWhitespace }
    }

    /// Text must be non-blank, at most `maxTextBytes`, and free of control
    /// characters other than newline and tab.
    public static func checkText(_ text: String, field: InputField) throws(IncidentError) {
        if isBlank(text) { throw .emptyText(field: field) }
        if text.utf8.count > maxTextBytes { throw .textTooLong(field: field, limit: maxTextBytes) }
        for scalar in text.unicodeScalars {
            let v = scalar.value
            if (v < 0x20 && v != 0x0A && v != 0x09) || (0x7F...0x9F).contains(v) || v == 0xFFFD || isBidiControl(scalar) {
                throw .invalidCharacters(field: field)
            }
        }
    }

    /// The longest name recorded as who did it, in characters.
    public static let maxActorCharacters = 64

    /// Bidirectional embedding, override and isolate controls (U+202A–U+202E,
    /// U+2066–U+2069): they make a record read differently from what it holds
    /// (a name or note that shows reversed in a terminal, a CSV or a page).
    public static func isBidiControl(_ s: Unicode.Scalar) -> Bool {
        (0x202A...0x202E).contains(s.value) || (0x2066...0x2069).contains(s.value)
    }

    /// 64 hexadecimal digits, lower case (as `EvidenceFile` writes them).
    static func isSHA256(_ text: String) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }

    private static func checkOptional(_ text: String?, field: InputField) throws(IncidentError) {
        if let text { try checkText(text, field: field) }
    }
}
