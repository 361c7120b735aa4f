import Foundation

/// The decisions of `guide`, as a state machine without a terminal:
/// what to ask next given the incident's state and what was already asked in
/// this walk, and what an answer means (an event to record, moving on, asking
/// again, leaving). The CLI only shows prompts and reads lines.
///
/// Rules:
/// - Steps follow the runbook's recommendation (`StepGuide.current`). An
///   optional step is offered first (do it, or skip it with a reason); a
///   pending step is started as soon as it is walked.
/// - Calls: whom the step's `ContactPlan` names next, each callee asked once
///   per walk (Enter = "later"); then every unanswered question, once per walk
///   (Enter = skip). Then the step is offered as done; while a callee is
///   not reached (or the terminals are not cut off) Enter keeps it open and
///   only an explicit yes completes it.
/// - Invalid input asks again; `q` or end of input leaves, losing nothing
///   (every answer is recorded as it is given).
public struct GuideFlow: Sendable {
    /// What the walk asks now.
    public enum Prompt: Sendable, Equatable {
        /// The step is optional under the answers so far: do it or skip it?
        case offerOptional(Runbook.Step)
        /// Record that the step starts (no question to ask).
        case start(Runbook.Step)
        /// Call this callee and give the outcome. `advice` explains why it is
        /// this one (a principal or the previous one could not be reached).
        case call(Runbook.Step, callee: ContactPlan.Entry, advice: String?)
        case question(Runbook.Step, Runbook.Question)
        /// Everything was asked: is the step done? `unreached` are callees still
        /// pending; `notContained` when the step's answers say the affected
        /// terminals are still on the network (then Enter means "not yet").
        case confirmDone(Runbook.Step, unreached: [ContactPlan.Entry], notContained: Bool)
        /// No step is left to walk: the runbook's next action says what remains.
        case finished(NextAction)
    }

    /// What the user typed at a prompt.
    public enum Input: Sendable, Equatable {
        case text(String)
        case empty
        case quit
    }

    /// What an input means.
    public enum Decision: Sendable, Equatable {
        /// Record this intent, then ask again (`IncidentService.record`).
        case record(Intent)
        /// Nothing to record; ask the next thing.
        case next
        /// The input was not understood: say so, ask the same again.
        case invalid(LocalizedText)
        /// Needs a reason for skipping: ask it with `reasonPrompt`.
        case askSkipReason(Runbook.Step)
        /// The step stays in progress: the walk ends here.
        case notYet(Runbook.Step)
        case leave
    }

    /// The outcomes offered for a call, in menu order (1…4).
    public static let outcomes: [EventBody.Contact.Outcome] = [.reached, .noAnswer, .messageLeft, .emailSent]

    private var asked: Set<String> = []
    private var questionsAsked: Set<String> = []
    private var offered: Set<String> = []
    private var stepID: String?
    private let language: Language

    public init(language: Language) { self.language = language }

    /// What to ask next, given the incident as it stands now.
    public mutating func next(_ state: IncidentState) -> Prompt {
        guard let guide = StepGuide.current(state) else { return .finished(state.nextAction) }
        let s = guide.step
        if stepID != s.id {
            (stepID, asked, questionsAsked) = (s.id, [], [])
        }
        if guide.isOptional, guide.progress == .pending, !offered.contains(s.id) { return .offerOptional(s) }
        if guide.progress == .pending { return .start(s) }
        let plan = guide.plan
        let pending = plan.entries.filter { $0.isPending && !asked.contains($0.role) }
        if let callee = plan.next.flatMap({ asked.contains($0.role) ? nil : $0 }) ?? pending.first {
            var advice: String?
            // Advice only for a real fallback (a deputy): the next vendor is no fallback of the last.
            if plan.next?.role == callee.role, let reason = plan.reason, Self.isFallback(reason, to: callee.role) {
                advice = plan.nextText(language, record: nil)
            }
            return .call(s, callee: callee, advice: advice)
        }
        if let q = s.questions.first(where: { state.answers[$0.id] == nil && !questionsAsked.contains($0.id) }) {
            return .question(s, q)
        }
        // The runbook's notContained signal, from this step's own answers.
        let stepAnswers = state.answerValues.filter { key, _ in s.questions.contains { $0.id == key } }
        let notContained =
            s.questions.contains { q in q.signals.contains { $0.name == .notContained } } && state.runbook.signal(.notContained, answers: stepAnswers)
        return .confirmDone(s, unreached: plan.entries.filter(\.isPending), notContained: notContained)
    }

    /// A reason that names a fallback: a deputy, or the profile's insurer line after the vendors.
    static func isFallback(_ reason: ContactPlan.Reason, to role: String) -> Bool {
        switch reason {
        case .deputy: true
        case .nextInOrder: role == Role.insurer.id
        case .first, .retry: false
        }
    }

    /// What `input` at `prompt` means; remembers what was asked in this walk.
    public mutating func decide(_ prompt: Prompt, _ input: Input) -> Decision {
        if input == .quit { return .leave }
        switch prompt {
        case .finished:
            return .leave
        case .start(let s):
            return .record(.startStep(s.id))
        case .offerOptional(let s):
            offered.insert(s.id)
            if case .text(let t) = input, ["s", "skip", "省略", "n", "no", "いいえ"].contains(t.lowercased()) { return .askSkipReason(s) }
            return .next
        case .call(_, let callee, _):
            guard case .text(let t) = input else {
                asked.insert(callee.role)
                return .next
            }
            guard let n = Int(TimeInput.normalize(t)), Self.outcomes.indices.contains(n - 1) else {
                return .invalid(.init(ja: "1〜4 の番号で答えてください。", en: "Answer with a number from 1 to 4."))
            }
            asked.insert(callee.role)
            // The person and the channel (phone, or e-mail when sent) are the intent's rule.
            return .record(.contact(role: callee.role, outcome: Self.outcomes[n - 1]))
        case .question(_, let q):
            guard case .text(let raw) = input else {
                questionsAsked.insert(q.id)
                return .next
            }
            guard q.normalize(raw) != nil else {
                return .invalid(.init(ja: "「\(raw)」は使えません。答え方: \(q.expectedForm(.ja))", en: "'\(raw)' is not valid. Expected: \(q.expectedForm(.en))"))
            }
            questionsAsked.insert(q.id)
            return .record(.answer(question: q.id, value: raw))
        case .confirmDone(let s, let unreached, let notContained):
            switch input {
            // A step whose calls did not reach anyone is never done by default: only an explicit yes.
            case .empty where notContained || !unreached.isEmpty: return .notYet(s)
            case .text(let t) where !["y", "yes", "はい", "完了", "done"].contains(t.lowercased()): return .notYet(s)
            default: return .record(.finishStep(s.id))
            }
        }
    }

    /// The event that skips `step` with the reason given (Enter: the default reason).
    public func skip(_ step: Runbook.Step, reason input: Input) -> Decision {
        switch input {
        case .quit: return .leave
        case .text(let r): return .record(.skipStep(step.id, reason: r))
        case .empty:
            return .record(.skipStep(step.id, reason: language.pick(ja: "回答により必須ではないため", en: "not required by the answers")))
        }
    }
}
