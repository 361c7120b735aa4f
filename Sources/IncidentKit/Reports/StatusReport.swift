import Foundation

/// Where an incident stands, shaped as `status --json` (public contract).
public struct StatusReport: Codable, Sendable, Equatable {
    public struct Step: Codable, Sendable, Equatable {
        public var number: Int
        public var id: String
        public var title: String
        public var state: StepState
        public var mandatory: Bool
        /// When the step entered its current state (ISO 8601 with offset), if it has.
        public var at: String?
        public var reason: String?
    }

    public struct Action: Codable, Sendable, Equatable {
        public var action: String
        public var step: Int?
        public var stepId: String?
        /// The obligation to submit, when `action` is `submit`.
        public var kind: ObligationKind? = nil
        /// The role to call, when `action` is `call`.
        public var role: String? = nil
        /// The system to move on, when `action` is `recover`.
        public var system: String? = nil
        /// The department whose paper records wait, when `action` is `enterRecords`.
        public var department: String? = nil
        /// The prevention measure's number, when `action` is `measure`.
        public var id: Int? = nil
        public var text: String
        /// The typed action (not encoded: a front end words it its own way).
        public var typed: NextAction? = nil

        enum CodingKeys: String, CodingKey { case action, step, stepId, kind, role, system, department, id, text }

        public init(action: String, step: Int? = nil, stepId: String? = nil, kind: ObligationKind? = nil, text: String) {
            (self.action, self.step, self.stepId, self.kind, self.text) = (action, step, stepId, kind, text)
        }
    }

    public struct Contact: Codable, Sendable, Equatable {
        public var role: String
        public var name: String?
        public var lastOutcome: EventBody.Contact.Outcome?
        public var at: String?
        public var attempts: Int
        /// First number to dial, from the incident's profile.
        public var phone: String?
        /// not-contacted | not-reached | reached | not-needed | standby | covered.
        public var state: ContactPlan.Status?
        /// The current step needs this role and it is not reached yet.
        public var pending: Bool = false
        /// The current step's number when it calls for this role.
        public var step: Int?
    }

    public struct Report: Codable, Sendable, Equatable {
        public var kind: String
        public var missing: [String]
    }

    public var id: String
    public var state: String
    public var summary: String
    public var declaredAt: String
    public var runbook: String
    public var timeZone: String
    public var steps: [Step]
    public var nextAction: Action
    public var contacts: [Contact]
    public var leak: LeakDecision?
    public var reports: [Report]
    public var events: Int64
    /// The head to copy onto paper, `#SEQ HEX16` (checked later with `verify --head`).
    public var head: String
    /// Whom to call next for the current step (nil when nobody is left).
    public var nextContact: NextContact?
    /// What is affected now (systems, terminals, departments, services).
    public var impacts: [Impact]
    /// For a drill only (absent from a real incident's JSON): the scenario clock
    /// and the cards due on it (`DrillStatus.init`).
    public var drill: DrillStatus?

    /// Where a drill stands on its scenario clock.
    public struct DrillStatus: Codable, Sendable, Equatable {
        public var scenario: String
        public var speed: Double
        /// Scenario minutes since the start (real minutes × speed; stops at the close).
        public var minute: Double
        /// Offsets (`+00:05`) of the cards already due.
        public var due: [String]
        /// The offset of the next card, if any.
        public var next: String?

        public init?(_ state: IncidentState, now: Date) {
            guard let drill = state.drill, let scenario = try? state.declaredScenario() else { return nil }
            let end: Date = if case .closed(let at, _, _) = state.phase { at } else { now }
            minute = ResponseReview.minutes(from: state.awareAt, to: end, speed: drill.speed)
            self.scenario = drill.scenario
            speed = drill.speed
            due = scenario.injects(dueBy: minute).map { Scenario.offsetText($0.offset) }
            next = scenario.injects.first { Double($0.offset) > minute }.map { Scenario.offsetText($0.offset) }
        }
    }
    /// Reports and notices owed, with their due dates and where each stands.
    public var obligations: [Obligation] = []
    /// Step 7: systems on their way back (in the recovery plan's order), paper
    /// records waiting, prevention measures open.
    public var recovery = RecoveryStatus()

    /// Builds the report of `state`, with text in `language`; `today` (facility date)
    /// gives the leak deadlines their days left, `now` (the clock) tells which
    /// systems are past their recovery target, `templates` the reports' missing fields.
    public init(_ s: IncidentState, language l: Language, today: Day? = nil, now: Date? = nil, templates: ReportTemplates = .init()) {
        let tz = s.timeZone
        id = s.id
        state = s.isOpen ? "open" : "closed"
        summary = s.summary
        declaredAt = Timestamp.iso(s.awareAt, in: tz)
        runbook = s.runbook.id
        timeZone = tz.identifier
        let answers = s.answerValues
        steps = s.runbook.steps.map { step in
            let p = s.progress(of: step)
            var at: Date? = nil
            var reason: String? = nil
            switch p {
            case .pending: break
            case .active(let since, _): at = since
            case .done(let d, _, _): at = d
            case .skipped(let d, _, let r): (at, reason) = (d, r)
            }
            return Step(
                number: step.number, id: step.id, title: step.title(l), state: p.state,
                mandatory: step.isMandatory(answers: answers), at: at.map { Timestamp.iso($0, in: tz) }, reason: reason)
        }
        nextAction = Action(s.nextAction, l)
        (contacts, nextContact) = Self.contacts(of: s, language: l)
        impacts = Self.impacts(of: s)
        leak = LeakRules.decision(for: s, language: l, today: today)
        reports = templates.missing(state: s, today: today ?? Timestamp.day(of: s.lastOccurredAt, in: tz))
        events = s.lastSeq
        head = ChainAnchor.HeadNote.text(seq: s.lastSeq, hash: s.lastHash)
        let day = today ?? Timestamp.day(of: s.lastOccurredAt, in: tz)
        obligations = Obligations.of(s, today: day, language: l)
        // A deadline met is never overdue.
        let settled = Set(obligations.filter { !$0.isOpen }.map(\.kind))
        if let overdue = leak?.overdue {
            leak?.overdue = overdue.filter {
                !settled.contains($0 == "preliminary" ? ObligationKind.ppcPreliminary : ObligationKind.ppcFinal)
            }
        }
        nextAction = Action(NextAction.of(s, leak: leak, obligations: obligations, today: day), l)
        recovery = RecoveryStatus(s, today: day, now: now)
    }

    /// The next action alone, as `status --json` shows it (for the line after each recorded event).
    public static func nextAction(of s: IncidentState, today: Day, language l: Language) -> Action {
        Action(NextAction.of(s, today: today, language: l), l)
    }
}

extension StatusReport.Action {
    /// The JSON form of a typed next action: its code, step or obligation kind, and sentence.
    public init(_ next: NextAction, _ l: Language) {
        self.init(action: next.code, step: next.step?.number, stepId: next.step?.id, kind: next.obligation?.kind, text: next.text(l))
        role = next.role?.id
        switch next {
        case .recover(let name, _, _): system = name
        case .enterRecords(let name, _): department = name
        case .measure(let number, _, _, _): id = number
        default: break
        }
        typed = next
    }
}

extension StatusReport {
    private enum EncodingKeys: String, CodingKey {
        case id, state, summary, declaredAt, runbook, timeZone, steps, nextAction, contacts, leak, reports, events, head, nextContact, impacts, drill,
            obligations, recovery
    }

    /// As synthesized, except that `leak` is always present: `null` until the
    /// PPC decision is taken (DESIGN.md: `"leak": null | <decision>`).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: EncodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(state, forKey: .state)
        try c.encode(summary, forKey: .summary)
        try c.encode(declaredAt, forKey: .declaredAt)
        try c.encode(runbook, forKey: .runbook)
        try c.encode(timeZone, forKey: .timeZone)
        try c.encode(steps, forKey: .steps)
        try c.encode(nextAction, forKey: .nextAction)
        try c.encode(contacts, forKey: .contacts)
        try c.encode(leak, forKey: .leak)
        try c.encode(reports, forKey: .reports)
        try c.encode(events, forKey: .events)
        try c.encode(head, forKey: .head)
        try c.encodeIfPresent(nextContact, forKey: .nextContact)
        try c.encode(impacts, forKey: .impacts)
        try c.encodeIfPresent(drill, forKey: .drill)
        try c.encode(obligations, forKey: .obligations)
        try c.encode(recovery, forKey: .recovery)
    }
}
