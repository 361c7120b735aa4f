import Foundation

/// The state machine of an incident: folds events into `IncidentState`,
/// refusing with a typed `IncidentError` any event that must never happen.
///
/// Guards (DESIGN.md): nothing but `reopened` after close; no time in the future
/// or before the awareness time; no double completion; a reason for skips,
/// forced closes and reopens; mandatory steps finished before a plain close.
/// Everything else is allowed, so steps may overlap and be done out of order.
/// The machine does no I/O: the store decides what to persist.
public enum IncidentMachine {
    /// Upper bound for any single text field, in UTF-8 bytes.
    public static let maxTextBytes = 64 * 1024

    /// The state after `event`, or the guard that refuses it.
    /// `state` is nil only before the first (`declared`) event.
    public static func apply(_ event: Event, to state: IncidentState?) throws(IncidentError) -> IncidentState {
        guard var s = state else {
            guard case .declared(let d) = event.body else { throw .notDeclared }
            return try declare(event, d)
        }
        try apply(event, to: &s)
        return s
    }

    /// Applies `event` in place: constant time per event, so replaying a long log
    /// stays linear. After a throw `s` may be partly changed and must be discarded.
    public static func apply(_ event: Event, to s: inout IncidentState) throws(IncidentError) {
        if event.occurredAt > event.recordedAt { throw .futureTime(event.occurredAt) }
        if event.occurredAt < s.awareAt { throw .beforeDeclaration(event.occurredAt, declaredAt: s.awareAt) }
        if case .closed = s.phase {
            // Acknowledging a broken chain is an audit record, allowed on a closed incident too.
            switch event.body {
            case .reopened, .chainBreakAcknowledged: break
            default: throw .incidentClosed(s.id)
            }
        }
        try checkText(event.actor, field: "--by")
        let at = event.occurredAt

        switch event.body {
        case .declared:
            throw .alreadyDeclared

        case .note(let note):
            try checkText(note.text, field: "text")

        case .stepStarted(let change):
            let step = try resolve(change.step, in: s)
            try checkOptional(change.note, field: "note")
            switch s.progress(of: step) {
            case .pending, .skipped: s.steps[step.id] = .active(since: at, seq: event.seq)
            case .active: throw .stepAlreadyActive(step.id)
            case .done: throw .stepAlreadyDone(step.id)
            }

        case .stepCompleted(let change):
            let step = try resolve(change.step, in: s)
            try checkOptional(change.note, field: "note")
            switch s.progress(of: step) {
            case .pending, .skipped: s.steps[step.id] = .done(at: at, seq: event.seq, startedAt: nil)
            case .active(let since, _): s.steps[step.id] = .done(at: at, seq: event.seq, startedAt: since)
            case .done: throw .stepAlreadyDone(step.id)
            }

        case .stepSkipped(let change):
            let step = try resolve(change.step, in: s)
            guard let reason = change.reason, !isBlank(reason) else { throw .reasonRequired(action: "skip") }
            try checkText(reason, field: "--reason")
            switch s.progress(of: step) {
            case .pending, .active: s.steps[step.id] = .skipped(at: at, seq: event.seq, reason: reason)
            case .done: throw .stepAlreadyDone(step.id)
            case .skipped: throw .stepAlreadySkipped(step.id)
            }

        case .correction(let c):
            try checkText(c.text, field: "--text")
            guard c.corrects >= 1, c.corrects <= s.lastSeq else { throw .unknownEvent(c.corrects) }
            if let newTime = c.occurredAt { try moveTime(of: c.corrects, to: newTime, in: &s, now: event.recordedAt) }
            s.corrections[c.corrects, default: []].append(event.seq)

        case .closed(let closed):
            try checkOptional(closed.reason, field: "--reason")
            if closed.forced {
                guard let reason = closed.reason, !isBlank(reason) else { throw .reasonRequired(action: "force-close") }
            } else {
                let open = s.openMandatorySteps
                if !open.isEmpty { throw .mandatoryStepsOpen(open.map { "\($0.number) \($0.id)" }) }
            }
            s.phase = .closed(at: at, reason: closed.reason, forced: closed.forced)

        case .reopened(let r):
            guard case .closed = s.phase else { throw .incidentNotClosed(s.id) }
            guard !isBlank(r.reason) else { throw .reasonRequired(action: "reopen") }
            try checkText(r.reason, field: "--reason")
            s.phase = .open

        case .answer(let a):
            guard let (_, question) = s.runbook.question(id: a.question) else { throw .unknownQuestion(a.question) }
            guard question.normalize(a.value) == a.value else {
                throw .invalidAnswer(question: a.question, value: a.value, expected: expectedAnswer(question))
            }
            try checkText(a.value, field: a.question)
            s.answers[a.question] = .init(value: a.value, at: at, seq: event.seq, actor: event.actor)

        case .contact(let c):
            try checkText(c.role, field: "role")
            try checkOptional(c.name, field: "name")
            try checkOptional(c.channel, field: "channel")
            try checkOptional(c.note, field: "--note")
            s.contacts.append(.init(value: c, at: at, seq: event.seq, actor: event.actor))

        case .impact(let i):
            try checkText(i.target, field: "system")
            try checkOptional(i.category, field: "category")
            try checkOptional(i.note, field: "--note")
            s.impacts.append(.init(value: i, at: at, seq: event.seq, actor: event.actor))

        case .leakAssessed(let l):
            for (key, value) in l.answers { try checkText(value, field: key) }
            _ = try LeakAnswers(l.answers)  // complete and valid, so the decision can always be derived
            try checkOptional(l.note, field: "note")
            s.leakAssessments.append(.init(value: l, at: at, seq: event.seq, actor: event.actor))

        case .fact(let f):
            try checkText(f.key, field: "key")
            try checkText(f.value, field: f.key)
            s.facts[f.key] = .init(value: f.value, at: at, seq: event.seq, actor: event.actor)

        case .chainBreakAcknowledged(let b):
            guard !isBlank(b.reason) else { throw .reasonRequired(action: "acknowledge") }
            try checkText(b.reason, field: "--reason")
            s.chainBreaks.append(.init(value: b, at: at, seq: event.seq, actor: event.actor))
        }

        s.lastSeq = event.seq
        s.lastHash = event.hash
        s.lastOccurredAt = max(s.lastOccurredAt, at)
        s.earliestEventAt = min(s.earliestEventAt ?? at, at)
    }

    /// Folds a whole log. Throws the first refusal.
    public static func replay<S: Sequence>(_ events: S) throws(IncidentError) -> IncidentState? where S.Element == Event {
        var iterator = events.makeIterator()
        guard let first = iterator.next() else { return nil }
        var state = try apply(first, to: nil)
        while let event = iterator.next() { try apply(event, to: &state) }
        return state
    }

    private static func declare(_ event: Event, _ d: EventBody.Declared) throws(IncidentError) -> IncidentState {
        if event.occurredAt > event.recordedAt { throw .futureTime(event.occurredAt) }
        try checkText(d.summary, field: "summary")
        try checkText(event.actor, field: "--by")
        let runbook = try RunbookLoader.load(text: d.runbookSource, file: "runbook \(d.runbook)")
        let profile = try d.profileSource.map { (source) throws(IncidentError) in
            try FacilityProfileLoader.load(text: source, file: "facility profile (incident \(event.incidentID))")
        }
        return IncidentState(
            id: event.incidentID, summary: d.summary, runbook: runbook, profile: profile,
            timeZone: TimeZone(identifier: d.timeZone) ?? .facilityDefault, awareAt: event.occurredAt,
            declaredBy: event.actor, phase: .open, steps: [:], answers: [:], contacts: [], impacts: [],
            leakAssessments: [], facts: [:], corrections: [:], chainBreaks: [], lastSeq: event.seq,
            lastHash: event.hash, lastOccurredAt: event.occurredAt, earliestEventAt: nil)
    }

    /// A correction that moves an event's time: the declaration (awareness time)
    /// may only move to no later than the first other event.
    private static func moveTime(of seq: Int64, to newTime: Date, in s: inout IncidentState, now: Date) throws(IncidentError) {
        if newTime > now { throw .futureTime(newTime) }
        // The declaration is always event #1.
        if seq == 1 {
            if let earliest = s.earliestEventAt, newTime > earliest {
                throw .correctionConflicts(
                    "the awareness time cannot move after event times already recorded (\(Timestamp.local(earliest, in: s.timeZone)))")
            }
            s.awareAt = newTime
        } else {
            if newTime < s.awareAt { throw .beforeDeclaration(newTime, declaredAt: s.awareAt) }
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
        for key in s.facts.keys where s.facts[key]?.seq == seq { s.facts[key]?.at = newTime }
        for i in s.contacts.indices where s.contacts[i].seq == seq { s.contacts[i].at = newTime }
        for i in s.impacts.indices where s.impacts[i].seq == seq { s.impacts[i].at = newTime }
        for i in s.leakAssessments.indices where s.leakAssessments[i].seq == seq { s.leakAssessments[i].at = newTime }
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
    public static func checkText(_ text: String, field: String) throws(IncidentError) {
        if isBlank(text) { throw .emptyText(field: field) }
        if text.utf8.count > maxTextBytes { throw .textTooLong(field: field, limit: maxTextBytes) }
        for scalar in text.unicodeScalars {
            let v = scalar.value
            if (v < 0x20 && v != 0x0A && v != 0x09) || (0x7F...0x9F).contains(v) || v == 0xFFFD {
                throw .invalidCharacters(field: field)
            }
        }
    }

    private static func checkOptional(_ text: String?, field: String) throws(IncidentError) {
        if let text { try checkText(text, field: field) }
    }
}
