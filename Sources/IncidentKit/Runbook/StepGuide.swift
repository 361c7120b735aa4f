import Foundation

/// What is left to do in one step: whom to call (with the incident's own
/// profile) and which questions are still unanswered. `incident guide` walks
/// through it; without a terminal it is printed as instructions.
public struct StepGuide: Sendable, Equatable {
    public var step: Runbook.Step
    public var progress: StepProgress
    public var plan: ContactPlan
    /// Questions of the step with no answer yet, in order.
    public var openQuestions: [Runbook.Question]
    /// The step is optional under the answers so far (it may be skipped with a reason).
    public var isOptional: Bool

    public init(step: Runbook.Step, state: IncidentState) {
        self.step = step
        progress = state.progress(of: step)
        plan = ContactPlan(step: step, state: state)
        openQuestions = step.questions.filter { state.answers[$0.id] == nil }
        isOptional = !step.isMandatory(answers: state.answerValues)
    }

    /// The step the runbook recommends now, or nil when every step is finished.
    public static func current(_ state: IncidentState) -> StepGuide? {
        state.nextAction.step.map { StepGuide(step: $0, state: state) }
    }
}

extension Runbook.Question {
    /// How an answer must be written, for prompts and error messages.
    public func expectedForm(_ l: Language) -> String {
        switch type {
        case .yesno: l.pick(ja: "はい / いいえ（y / n）", en: "yes / no (y / n)")
        case .count: l.pick(ja: "0 以上の数（例: 3）", en: "a whole number, 0 or more (e.g. 3)")
        case .text: l.pick(ja: "自由に記入", en: "free text")
        case .choice: choices.enumerated().map { "\($0.offset + 1)) \($0.element.label(l))" }.joined(separator: "  ")
        }
    }

    /// The command that records an answer (`incident answer ID VALUE`).
    public func answerCommand(_ l: Language) -> String {
        let value: String = switch type {
        case .yesno: "yes|no"
        case .count: l.pick(ja: "数", en: "N")
        case .text: l.pick(ja: "\"内容\"", en: "\"text\"")
        case .choice: choices.map(\.id).joined(separator: "|")
        }
        return "incident answer \(id) \(value)"
    }
}
