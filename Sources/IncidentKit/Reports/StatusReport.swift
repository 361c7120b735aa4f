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
            return Step(number: step.number, id: step.id, title: step.title(l), state: p.state,
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
        // Every step can be finished before anyone has taken the PPC decision; a
        // possible leak must not be closed over (DOMAIN §2: analyse at once).
        let suspicion = [Runbook.Signal.leakSuspected, .attackSuspected].contains { s.runbook.signal($0, answers: answers) }
        if next == .close, leak == nil, suspicion {
            nextAction.text = l.pick(
                ja: "手順はすべて終わりましたが、漏えい等報告の判定がまだです。閉じる前に `incident leak assess` で判定してください。",
                en: "All steps are finished, but the leak-report decision has not been made: run `incident leak assess` before closing.")
            nextAction.action = "assessLeak"
        }
    }
}
