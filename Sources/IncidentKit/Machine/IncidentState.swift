import Foundation

/// Where an incident stands, derived only by folding its events through
/// `IncidentMachine.evolve`. Nothing here is stored on its own.
///
/// The state stays small whatever the length of the log: one summary per
/// contact role and per impact target, the latest answer per question and fact
/// per key, counts instead of lists. Whatever needs the full history (reports,
/// the timeline) streams it from the log.
public struct IncidentState: Sendable, Equatable {
    public internal(set) var id: String
    public internal(set) var summary: String
    /// The runbook and profile the incident was declared under, as its
    /// declaration event carries them (parsed on first use, never by the fold).
    public internal(set) var documents: DeclaredDocuments
    public var runbook: Runbook { documents.runbook }
    /// The facility profile the incident was declared under, if any.
    public var profile: FacilityProfile? { documents.profile }
    /// The facility profile (YAML) the incident was declared under, if any.
    public var profileSource: String? { documents.profileSource }
    public internal(set) var timeZone: TimeZone
    /// When the facility became aware (the declaration's time; a correction may move it).
    public internal(set) var awareAt: Date
    public internal(set) var declaredBy: String
    /// The incident's lifecycle.
    public internal(set) var phase: Phase
    /// Progress of each runbook step, by the step id stored in the events.
    public internal(set) var steps: [String: StepProgress]
    /// The latest answer to each question, by question id.
    public internal(set) var answers: [String: Record<String>]
    /// Contact attempts, summarised per role.
    public internal(set) var contacts: [String: ContactSummary]
    /// Impact reports, summarised per target (compared without surrounding spaces).
    public internal(set) var impacts: [String: ImpactSummary]
    /// The latest PPC leak assessment, and how many were recorded.
    public internal(set) var leakAssessment: Record<EventBody.LeakAssessed>?
    public internal(set) var leakAssessmentCount: Int
    /// The latest value of each fact, by key.
    public internal(set) var facts: [String: Record<String>]
    /// How many `correction` events the log holds (the timeline streams which).
    public internal(set) var correctionCount: Int
    /// Acknowledged breaks of the hash chain (rare: each needs a person's reason).
    public internal(set) var chainBreaks: [Record<EventBody.ChainBreak>]
    public internal(set) var lastSeq: Int64
    public internal(set) var lastHash: String
    public internal(set) var lastOccurredAt: Date
    /// The earliest time recorded for any event after the declaration; the
    /// awareness time may not be corrected to after it. It never moves later
    /// (a correction that moves an event later keeps the earlier bound).
    public internal(set) var earliestEventAt: Date?
    /// Submissions of reports and notices, summarised per obligation kind.
    public internal(set) var submissions: [String: SubmissionSummary] = [:]
    /// Per question, the first answer of its current value and of the value before
    /// it (answering 「はい」 twice keeps the first time): when paper operation began,
    /// and when it ended.
    public internal(set) var answerRuns: [String: AnswerRuns] = [:]

    /// The runs of one question's answers: since when it has had its current value,
    /// and the run before (nil while the answer never changed).
    public struct AnswerRuns: Sendable, Equatable, Codable {
        /// The first answer with the current value.
        public var current: Record<String>
        /// The first answer with the value before.
        public var previous: Record<String>?
    }
    /// Step 7: systems' recovery, records to enter, measures, evidence, decisions, costs.
    public internal(set) var recovery = RecoveryRecord()
    /// The recovery priorities and target times of the facility's current BCP,
    /// attached by the store when it reads the state; not part of the record
    /// (a BCP is a facility document, imported at any time).
    public internal(set) var recoveryPlan = RecoveryPlan.none

    /// The lifecycle of an incident: open, or closed (possibly forced) at a time.
    public enum Phase: Sendable, Equatable, Codable {
        case open
        case closed(at: Date, reason: String?, forced: Bool)
    }

    /// A value recorded by an event, with that event's time and number.
    public struct Record<Value: Sendable & Equatable & Codable>: Sendable, Equatable, Codable {
        public var value: Value
        public var at: Date
        public var seq: Int64
        public var actor: String
    }

    public var isOpen: Bool { phase == .open }

    /// Whether this is a drill (an exercise), never a real incident.
    public var isDrill: Bool { DrillID.isDrill(id) }
    /// The drill's scenario and speed, as declared; nil for a real incident.
    public var drill: EventBody.Drill? { documents.drill }

    /// The progress of `step`; events of older versions may name a step by number.
    public func progress(of step: Runbook.Step) -> StepProgress { steps[step.id] ?? steps[String(step.number)] ?? .pending }

    /// The first answer of each question's current value, by question id: since when
    /// it has been so (「はい」 said again keeps the first time), for what drafts state as done.
    public var answersSince: [String: Record<String>] {
        answers.merging(answerRuns.mapValues(\.current)) { _, since in since }
    }

    /// Answer values by question id, as runbook conditions read them.
    public var answerValues: [String: String] { answers.mapValues(\.value) }

    /// Whether the PPC decision has been taken at least once.
    public var hasLeakAssessment: Bool { leakAssessment != nil }

    /// Contact summaries in the order roles were first tried.
    public var contactsInOrder: [ContactSummary] {
        contacts.values.sorted { ($0.first.at, $0.first.seq) < ($1.first.at, $1.first.seq) }
    }

    /// Mandatory steps (given the answers so far) that are neither done nor skipped.
    public var openMandatorySteps: [Runbook.Step] {
        let values = answerValues
        return runbook.steps.filter { $0.isMandatory(answers: values) && !progress(of: $0).isFinished }
    }

    /// The runbook's recommended next action: steps are followed in the
    /// runbook's order, but several may be in progress at once. What comes
    /// before it (a deadline, the leak decision) is `NextAction.of(_:today:)`.
    public var nextAction: NextAction {
        if case .closed = phase { return .none }
        let values = answerValues
        for step in runbook.steps {
            switch progress(of: step) {
            case .done, .skipped: continue
            case .active: return .finishStep(step)
            case .pending: return step.isMandatory(answers: values) ? .startStep(step) : .considerStep(step)
            }
        }
        return .close
    }
}

/// Every attempt to reach one role, summarised: how many, the first, the latest
/// (by occurrence, then number) and the first that reached someone.
public struct ContactSummary: Sendable, Equatable, Codable {
    public struct Attempt: Sendable, Equatable, Codable {
        public var at: Date
        public var seq: Int64
        public var outcome: EventBody.Contact.Outcome
        public var name: String?
        public var channel: String?
        public var note: String?
        public var actor: String
    }

    public var role: String
    public var attempts: Int
    public var first: Attempt
    public var last: Attempt
    public var firstReached: Attempt?
    /// The first attempt that reached someone or sent an e-mail (it settles a first contact).
    public var firstSent: Attempt?

    public var reached: Bool { firstReached != nil }

    /// The summaries that folding `records` (in log order) gives.
    public static func byRole(_ records: [IncidentState.Record<EventBody.Contact>]) -> [String: ContactSummary] {
        var out: [String: ContactSummary] = [:]
        for r in records.sorted(by: { $0.seq < $1.seq }) {
            let a = Attempt(
                at: r.at, seq: r.seq, outcome: r.value.outcome, name: r.value.name, channel: r.value.channel, note: r.value.note,
                actor: r.actor)
            if out[r.value.role] == nil { out[r.value.role] = ContactSummary(role: r.value.role, attempt: a) } else { out[r.value.role]!.add(a) }
        }
        return out
    }

    init(role: String, attempt: Attempt) {
        self.role = role
        attempts = 1
        first = attempt
        last = attempt
        firstReached = attempt.outcome == .reached ? attempt : nil
        firstSent = Self.sends(attempt) ? attempt : nil
    }

    static func sends(_ a: Attempt) -> Bool { a.outcome == .reached || a.outcome == .emailSent }

    mutating func add(_ a: Attempt) {
        attempts += 1
        if (a.at, a.seq) < (first.at, first.seq) { first = a }
        if (a.at, a.seq) >= (last.at, last.seq) { last = a }
        if a.outcome == .reached, firstReached.map({ (a.at, a.seq) < ($0.at, $0.seq) }) ?? true { firstReached = a }
        if Self.sends(a), firstSent.map({ (a.at, a.seq) < ($0.at, $0.seq) }) ?? true { firstSent = a }
    }

    /// A correction moved event `seq` to `time`.
    mutating func move(_ seq: Int64, to time: Date) {
        if first.seq == seq { first.at = time }
        if last.seq == seq { last.at = time }
        if firstReached?.seq == seq { firstReached?.at = time }
        if firstSent?.seq == seq { firstSent?.at = time }
    }
}

/// Every report about one impact target, summarised: where it stands now and
/// since when, the period it was affected and how badly at worst.
public struct ImpactSummary: Sendable, Equatable, Codable {
    public var target: String
    public var category: String?
    /// The latest status (by occurrence, then number).
    public var status: EventBody.Impact.Status
    /// When the target entered its latest status.
    public var since: Date
    /// When the target was first reported (any status).
    public var firstAt: Date
    /// When it was first reported down or degraded, if ever.
    public var affectedFrom: Date?
    /// The worst status reported: down over degraded over restored.
    public var worst: EventBody.Impact.Status
    public var note: String?
    public var updates: Int
    /// The latest report's time and number (it decides `status`).
    public var lastAt: Date
    public var lastSeq: Int64
    /// Every report in occurrence order (one per event: few per target), so that
    /// drafts keep periods apart: 「一部停止 09:30〜10:30、停止 10:30〜15:00」, each
    /// note on the period it was made in.
    public var reports: [Report]

    /// The start of a span in one status: when, its event number, and the notes made
    /// in it. Consecutive reports of the same status are merged (and at most
    /// `maxNotes` notes kept), so the state stays bounded however long the log.
    public struct Report: Sendable, Equatable, Codable {
        public var status: EventBody.Impact.Status
        public var at: Date
        public var seq: Int64
        public var notes: [String]
    }

    static let maxNotes = 5

    /// Sorted by occurrence, consecutive same-status entries merged.
    static func merged(_ reports: [Report]) -> [Report] {
        var out: [Report] = []
        for r in reports.sorted(by: { ($0.at, $0.seq) < ($1.at, $1.seq) }) {
            if let last = out.last, last.status == r.status {
                for n in r.notes where !out[out.count - 1].notes.contains(n) && out[out.count - 1].notes.count < maxNotes {
                    out[out.count - 1].notes.append(n)
                }
            } else {
                out.append(r)
            }
        }
        return out
    }

    /// A span in one status: from `from` until `until` (the next change), with the notes made in it.
    public struct Period: Sendable, Equatable {
        public var status: EventBody.Impact.Status
        public var from: Date
        public var until: Date?
        public var notes: [String]
    }

    /// The reports folded into periods: consecutive reports of the same status
    /// make one period; a restoration ends the period before it (restored spans
    /// are not periods, but their notes are kept on a restored entry).
    public var periods: [Period] {
        var out: [Period] = []
        for r in Self.merged(reports) {
            if !out.isEmpty { out[out.count - 1].until = r.at }
            out.append(Period(status: r.status, from: r.at, until: nil, notes: r.notes))
        }
        return out
    }

    /// The summaries that folding `records` (in log order) gives.
    public static func byTarget(_ records: [IncidentState.Record<EventBody.Impact>]) -> [String: ImpactSummary] {
        var out: [String: ImpactSummary] = [:]
        for r in records.sorted(by: { $0.seq < $1.seq }) {
            let key = ImpactPicture.trimmed(r.value.target)
            if out[key] == nil {
                out[key] = ImpactSummary(target: key, impact: r.value, at: r.at, seq: r.seq)
            } else {
                out[key]!.add(r.value, at: r.at, seq: r.seq)
            }
        }
        return out
    }

    static func notes(_ note: String?) -> [String] { note.map { $0.isEmpty ? [] : [$0] } ?? [] }

    /// When the target was restored: `since` when restored, else nil.
    public var restoredAt: Date? { status == .restored ? since : nil }

    static func rank(_ s: EventBody.Impact.Status) -> Int {
        switch s {
        case .down: 0
        case .degraded: 1
        case .restored: 2
        }
    }

    init(target: String, impact i: EventBody.Impact, at: Date, seq: Int64) {
        self.target = target
        category = i.category
        status = i.status
        since = at
        firstAt = at
        affectedFrom = i.status == .restored ? nil : at
        worst = i.status
        note = i.note
        updates = 1
        lastAt = at
        lastSeq = seq
        reports = [Report(status: i.status, at: at, seq: seq, notes: Self.notes(i.note))]
    }

    mutating func add(_ i: EventBody.Impact, at: Date, seq: Int64) {
        updates += 1
        reports = Self.merged(reports + [Report(status: i.status, at: at, seq: seq, notes: Self.notes(i.note))])
        firstAt = min(firstAt, at)
        if i.status != .restored { affectedFrom = min(affectedFrom ?? at, at) }
        if Self.rank(i.status) < Self.rank(worst) { worst = i.status }
        if (at, seq) >= (lastAt, lastSeq) {
            if i.status != status { since = at }
            status = i.status
            (lastAt, lastSeq) = (at, seq)
            category = i.category ?? category
            note = i.note ?? note
        } else {
            // A back-dated report older than the latest: it only widens the period.
            category = category ?? i.category
            note = note ?? i.note
        }
    }

    /// A correction moved event `seq` to `time`.
    mutating func move(_ seq: Int64, to time: Date) {
        if reports.contains(where: { $0.seq == seq }) {
            for k in reports.indices where reports[k].seq == seq { reports[k].at = time }
            reports = Self.merged(reports)
        }
        if lastSeq == seq {
            if since == lastAt { since = time }
            lastAt = time
        }
        firstAt = min(firstAt, time)
    }
}

/// How far one step has come.
public enum StepProgress: Sendable, Equatable, Codable {
    case pending
    case active(since: Date, seq: Int64)
    case done(at: Date, seq: Int64, startedAt: Date?)
    case skipped(at: Date, seq: Int64, reason: String)

    public var isFinished: Bool {
        switch self {
        case .done, .skipped: true
        case .pending, .active: false
        }
    }

    /// The state's name in `status --json`.
    public var state: StepState {
        switch self {
        case .pending: .pending
        case .active: .active
        case .done: .done
        case .skipped: .skipped
        }
    }

    public var name: String { state.rawValue }
}

/// A step's state as `status --json` names it.
public enum StepState: String, Sendable, Codable, CaseIterable {
    case pending, active, done, skipped
}
