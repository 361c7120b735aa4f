import Foundation

/// Where an incident stands, shaped as `incident status --json` (public contract).
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
        public var kind: String? = nil
        public var text: String
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

    /// Builds the report of `state`, with text in `language`; `today` (facility date)
    /// gives the leak deadlines their days left, `templates` the reports' missing fields.
    public init(_ s: IncidentState, language l: Language, today: Day? = nil, templates: ReportTemplates = .init()) {
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
        let next = s.nextAction
        nextAction = Action(action: next.code, step: next.step?.number, stepId: next.step?.id, text: next.text(l))
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
                !settled.contains($0 == "preliminary" ? ObligationKind.ppcPreliminary.rawValue : ObligationKind.ppcFinal.rawValue)
            }
        }
        if let action = Self.overridingAction(s, next: next, leak: leak, obligations: obligations, l) { nextAction = action }
    }

    /// The next action alone, as `status` words it (for the line after each recorded event).
    public static func nextAction(of s: IncidentState, today: Day, language l: Language) -> Action {
        let next = s.nextAction
        let leak = LeakRules.decision(for: s, language: l, today: today)
        let obligations = Obligations.of(s, today: today, language: l)
        return overridingAction(s, next: next, leak: leak, obligations: obligations, l)
            ?? Action(action: next.code, step: next.step?.number, stepId: next.step?.id, text: next.text(l))
    }

    /// What comes before the runbook's next step, or after its last (nil: the step stands).
    ///
    /// In order: an obligation due (or targeted) within 2 days; the leak decision
    /// once a leak is suspected and not yet assessed; the runbook's steps; then any
    /// other open obligation.
    static func overridingAction(_ s: IncidentState, next: NextAction, leak: LeakDecision?, obligations: [Obligation], _ l: Language)
        -> Action?
    {
        guard s.isOpen else { return nil }
        func submit(_ o: Obligation) -> Action {
            Action(action: "submit", kind: o.kind, text: Obligations.nextText(o, l))
        }
        if let urgent = Obligations.urgent(obligations) { return submit(urgent) }
        let answers = s.answerValues
        if leak == nil, s.runbook.signal(.leakSuspected, answers: answers) {
            return Action(
                action: "assessLeak",
                text: l.pick(
                    ja: "漏えいのおそれがあります。個人情報保護委員会への報告が要るかを `incident leak assess` で判定してください（速報の目安は認知日を1日目として5日目）。",
                    en:
                        "A leak is suspected: decide whether the PPC must be told with `incident leak assess` (the preliminary target is day 5, counting the day of awareness as day 1)."
                ))
        }
        guard next == .close else { return nil }
        // Every step can be finished before anyone has taken the PPC decision; a
        // possible leak must not be closed over (DOMAIN §2: analyse at once).
        if leak == nil, s.runbook.signal(.attackSuspected, answers: answers) {
            return Action(
                action: "assessLeak",
                text: l.pick(
                    ja: "手順はすべて終わりましたが、漏えい等報告の判定がまだです。閉じる前に `incident leak assess` で判定してください。",
                    en: "All steps are finished, but the leak-report decision has not been made: run `incident leak assess` before closing."))
        }
        // A cadence (the 続報) and a recommendation (the police) do not hold up the close.
        let open = obligations.filter { $0.isOpen && ![ObligationKind.mhlwFollowup.rawValue, ObligationKind.police.rawValue].contains($0.kind) }
        if let first = open.min(by: { ($0.daysLeft ?? Int.max) < ($1.daysLeft ?? Int.max) }) { return submit(first) }
        return nil
    }
}

extension StatusReport {
    private enum EncodingKeys: String, CodingKey {
        case id, state, summary, declaredAt, runbook, timeZone, steps, nextAction, contacts, leak, reports, events, head, nextContact, impacts, drill,
            obligations
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
    }
}
