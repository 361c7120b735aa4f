import Foundation

/// The after-action review of a drill or a real incident (`drill
/// review`, `review`): how long each step, contact and decision took
/// from the start, each target met or missed, what was skipped and why, the
/// timeline, questions for the review meeting and the improvements noted.
///
/// Times come from the log (`occurredAt`, as staff stated them). For a drill,
/// minutes are on the scenario clock: real minutes since the start times the
/// drill's speed, the clock the injects and targets are written in.
public struct ResponseReview: Sendable {
    public var id: String
    public var summary: String
    public var isDrill: Bool
    public var scenario: Scenario?
    public var speed: Double
    public var start: Date
    public var timeZone: TimeZone
    public var closedAt: Date?
    public var steps: [StepLine] = []
    public var contacts: [ContactLine] = []
    public var firstLeakDecision: Date?
    /// Each report or notice owed (issue: time to each obligation), with when it was first submitted.
    public var obligations: [ObligationLine] = []
    public var targets: [TargetLine] = []
    public var skipped: [String] = []
    public var timeline: [TimelineLine] = []
    public var improvements: [String] = []
    public var questions: [String] = []
    /// Step 7: each system's time to each recovery stage, against its target (issue #23).
    public var recovery: [RecoveryLine] = []

    public struct RecoveryLine: Sendable {
        public var system: String
        public var priority: Int?
        /// Minutes from the start to the first time each stage was reached (nil: not reached).
        public var stages: [(stage: RecoveryStage, minute: Double?)]
        /// The target for back in use, in minutes from the start; nil when none is set.
        public var targetMinute: Double?
        /// Back in use within the target; nil when no target is set.
        public var met: Bool?
        public var inUseMinute: Double? { stages.first { $0.stage == .inUse }?.minute ?? nil }
    }

    public struct StepLine: Sendable {
        public var number: Int
        public var title: String
        public var state: String
        public var startedMinute: Double?
        public var finishedMinute: Double?
    }

    public struct ObligationLine: Sendable {
        public var kind: String
        public var title: String
        /// Minutes from the start to the first submission; nil when not submitted.
        public var submittedMinute: Double?
        /// The due (or target) date, when the obligation has one (YYYY-MM-DD).
        public var due: String?
    }

    public struct ContactLine: Sendable {
        public var role: String
        public var title: String
        public var attempts: Int
        public var firstAttemptMinute: Double
        public var reachedMinute: Double?
    }

    public struct TargetLine: Sendable {
        public var id: String
        public var title: String
        public var within: Int?
        /// When it was achieved, in minutes from the start; nil when not achieved.
        public var achievedMinute: Double?
        public var met: Bool
        /// For a contact target: the first attempt to reach the role, reached or not
        /// (a call made and not answered is not 「行われず」).
        public var firstAttemptMinute: Double? = nil
    }

    public struct TimelineLine: Sendable {
        public var seq: Int64
        public var minute: Double
        public var at: Date
        public var actor: String
        public var kind: String
        public var text: String
    }

    /// Minutes from the start to `date` on the review's clock (scenario clock for a drill).
    public func minute(_ date: Date) -> Double { Self.minutes(from: start, to: date, speed: speed) }

    public static func minutes(from start: Date, to date: Date, speed: Double) -> Double {
        (date.timeIntervalSince(start) / 60) * speed
    }

    /// `+HH:MM` for a minute figure (rounded down to the whole minute), as scenarios write offsets.
    public static func offset(_ minute: Double?) -> String {
        guard let minute else { return "—" }
        return Scenario.offsetText(Int(max(0, minute).rounded(.down)))
    }

    /// Builds the review from the state and the log in timeline order.
    public init(state: IncidentState, events: [Event], language l: Language) {
        id = state.id
        summary = state.summary
        isDrill = state.isDrill
        speed = state.drill?.speed ?? 1
        start = state.awareAt
        timeZone = state.timeZone
        if case .closed(let at, _, _) = state.phase { closedAt = at }
        scenario = try? state.declaredScenario()
        let runbook = state.runbook
        let values = state.answerValues
        for step in runbook.steps {
            let progress = state.progress(of: step)
            var line = StepLine(number: step.number, title: step.title(l), state: EventDescription.stepState(progress, l))
            switch progress {
            case .pending: break
            case .active(let since, _): line.startedMinute = minute(since)
            case .done(let at, _, let startedAt): line.startedMinute = startedAt.map(minute); line.finishedMinute = minute(at)
            case .skipped(let at, _, let reason):
                line.finishedMinute = minute(at)
                skipped.append(
                    l.pick(
                        ja: "手順\(step.number)「\(step.title.ja)」: 省略（理由: \(reason)）", en: "Step \(step.number) \"\(step.title.en)\": skipped (reason: \(reason))"
                    ))
            }
            if case .pending = progress, step.isMandatory(answers: values) {
                skipped.append(
                    l.pick(ja: "手順\(step.number)「\(step.title.ja)」: 必須ですが未着手", en: "Step \(step.number) \"\(step.title.en)\": mandatory but not started"))
            } else if case .pending = progress {
                skipped.append(
                    l.pick(
                        ja: "手順\(step.number)「\(step.title.ja)」: 実施せず（この状況では任意）",
                        en: "Step \(step.number) \"\(step.title.en)\": not done (optional in this situation)"))
            }
            steps.append(line)
        }
        for c in state.contactsInOrder {
            contacts.append(
                ContactLine(
                    role: c.role, title: Role(c.role).title(profile: state.profile, l), attempts: c.attempts,
                    firstAttemptMinute: minute(c.first.at), reachedMinute: c.firstReached.map { minute($0.at) }))
        }
        // Obligations: every one that applies (as `status` lists them) and the first submission.
        let asOf = Timestamp.day(of: closedAt ?? events.map(\.occurredAt).max() ?? start, in: timeZone)
        let iso = ISO8601DateFormatter()
        for o in Obligations.of(state, today: asOf, language: l) {
            // The first submission; else what settled it (the MHLW reached by phone or e-mail, a final report first).
            // The earliest of the two: `status` may show an earlier call that settled it (the MHLW).
            let settled = o.state == .pending ? nil : o.submittedAt.flatMap { iso.date(from: $0) }
            let at = [state.submissions[o.kind.rawValue]?.first.at, settled].compactMap { $0 }.min()
            obligations.append(ObligationLine(kind: o.kind.rawValue, title: o.title, submittedMinute: at.map(minute), due: o.due))
        }
        // Targets: the first event (in timeline order) that achieves each one.
        var achieved: [String: Date] = [:]
        var answers: [String: String] = [:]
        var attempted: [String: Date] = [:]
        let targets = scenario?.targets ?? []
        for event in events {
            let text = EventDescription.text(event, runbook: runbook, timeZone: timeZone, l)
            timeline.append(
                TimelineLine(
                    seq: event.seq, minute: minute(event.occurredAt), at: event.occurredAt, actor: event.actor,
                    kind: EventDescription.label(event.kind, l), text: text))
            if case .answer(let a) = event.body { answers[a.question] = a.value }
            if case .leakAssessed = event.body, firstLeakDecision == nil { firstLeakDecision = event.occurredAt }
            if case .note(let n) = event.body, n.improvement == true { improvements.append(n.text) }
            for target in targets where attempted[target.id] == nil {
                if case .contact(let role, _) = target.expect,
                    Self.achieves(event, .contact(role: role, reached: false), answers: answers, runbook: runbook)
                {
                    attempted[target.id] = event.occurredAt
                }
            }
            for target in targets where achieved[target.id] == nil {
                if Self.achieves(event, target.expect, answers: answers, runbook: runbook) { achieved[target.id] = event.occurredAt }
            }
        }
        for target in targets {
            let at = achieved[target.id].map(minute)
            let met = at.map { m in target.within.map { m <= Double($0) } ?? true } ?? false
            self.targets.append(
                TargetLine(
                    id: target.id, title: target.title(l), within: target.within, achievedMinute: at, met: met,
                    firstAttemptMinute: attempted[target.id].map(minute)))
        }
        // Recovery: time to each stage per system, in the plan's order, against its target.
        let plan = RecoveryPlan.targets(for: state)
        for sys in plan.ordered(state.recovery) {
            let target = plan.target(for: sys.name)
            let stages = RecoveryStage.allCases.map { ($0, sys.reached($0).map(minute)) }
            let targetMinute = target.within.map { $0 / 60 * speed }
            let inUse = sys.reached(.inUse).map(minute)
            recovery.append(
                RecoveryLine(
                    system: sys.name, priority: target.priority, stages: stages, targetMinute: targetMinute,
                    met: targetMinute.map { t in inUse.map { $0 <= t } ?? false }))
        }
        // Questions: the scenario's own, then one per missed target and per skipped step.
        questions = scenario?.questions.map { $0(l) } ?? []
        for t in self.targets where !t.met {
            questions.append(
                t.achievedMinute == nil && t.firstAttemptMinute == nil
                    ? l.pick(ja: "「\(t.title)」ができなかったのはなぜか。次は誰が、何を見て行うか。", en: "Why was \"\(t.title)\" not done? Next time, who does it, prompted by what?")
                    : l.pick(ja: "「\(t.title)」が目標時間を過ぎたのはなぜか。何があれば間に合ったか。", en: "Why did \"\(t.title)\" miss its time? What would have made it in time?"))
        }
        for r in recovery where r.met == false {
            questions.append(
                l.pick(
                    ja: "「\(r.system)」の利用再開が目標時間に間に合わなかったのはなぜか。どの段階に時間がかかったか。",
                    en: "Why was \"\(r.system)\" not back in use by its target? Which stage took the time?"))
        }
        if let slow = contacts.first(where: { $0.reachedMinute == nil }) {
            questions.append(
                l.pick(ja: "\(slow.title)に連絡がつかなかった。代わりの連絡先は連絡表にあるか。", en: "\(slow.title) could not be reached. Does the contact list name an alternate?"))
        }
        questions.append(
            l.pick(
                ja: "手順書・連絡表・BCP で直すところはどこか（手順7: 規程と訓練の見直し）。",
                en: "What should change in the runbook, the contact list or the BCP (step 7: review of rules and drills)?"))
    }

    /// Whether `event` achieves `expect`, given the answers recorded up to it.
    static func achieves(_ event: Event, _ expect: Scenario.Expectation, answers: [String: String], runbook: Runbook) -> Bool {
        switch (expect, event.body) {
        case (.contact(let role, let reached), .contact(let c)):
            let matches = c.role == role || (Role(role).isEveryVendor && Role(c.role).vendorKey != nil)
            return matches && (!reached || c.outcome == .reached)
        case (.stepDone(let id), .stepCompleted(let c)):
            return c.step == id || runbook.step(id: id).map { String($0.number) == c.step } == true
        case (.stepSettled(let id), .stepCompleted(let c)), (.stepSettled(let id), .stepSkipped(let c)):
            return c.step == id || runbook.step(id: id).map { String($0.number) == c.step } == true
        case (.signal(let signal), .answer):
            return runbook.signal(signal, answers: answers)
        case (.answer(let question, let values), .answer(let a)):
            return a.question == question && values.contains(a.value)
        case (.leakDecision, .leakAssessed): return true
        case (.closed, .closed(let c)): return !c.forced  // `drill end` forces; a target means a proper close
        default: return false
        }
    }
}

extension IncidentState {
    /// The scenario a drill was declared with, read from its declaration (checked
    /// against the runbook the drill runs under, not today's files); nil for a real incident.
    public func declaredScenario() throws(IncidentError) -> Scenario? {
        guard let drill else { return nil }
        return try ScenarioLoader.load(declared: drill.scenarioSource, id: drill.scenario, catalog: RunbookCatalog(fixed: runbook))
    }
}
