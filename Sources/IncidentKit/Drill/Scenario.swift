import Foundation

/// A tabletop exercise as data (`Scenarios/NAME.yaml`): the premise, when the
/// story starts, what the facilitator hands out at which minute (injects), and
/// what the team is expected to achieve by when (targets).
///
/// Targets name events, roles and runbook signals, never Swift code: the
/// scenario, like the runbook, is a facility's to edit.
public struct Scenario: Sendable, Equatable {
    /// The file name without `.yaml`.
    public var id: String
    public var title: LocalizedText
    public var premise: LocalizedText
    /// The summary the drill is declared with.
    public var summary: LocalizedText
    /// The runbook the drill runs under.
    public var runbook: String
    public var start: Start
    /// Planned length of the exercise on the scenario clock, in minutes.
    public var duration: Int
    public var injects: [Inject]
    public var targets: [Target]
    public var facilitator: LocalizedText
    /// Questions for the review meeting (振り返り).
    public var questions: [LocalizedText]
    /// The YAML as read, carried by the drill's declaration.
    public var sourceText: String

    /// When the story begins: a weekday (1 = Monday … 7 = Sunday) and a time of day.
    public struct Start: Sendable, Equatable {
        public var weekday: Int
        public var hour: Int
        public var minute: Int

        public func text(_ l: Language) -> String {
            let ja = ["月", "火", "水", "木", "金", "土", "日"], en = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
            let time = String(format: "%02d:%02d", hour, minute)
            return l.pick(ja: "\(ja[weekday - 1])曜日 \(time)", en: "\(en[weekday - 1]) \(time)")
        }
    }

    /// One piece of news handed to the players at `offset` minutes.
    public struct Inject: Sendable, Equatable {
        public var offset: Int
        public var text: LocalizedText
        /// The runbook answers this news implies (question id → value), in file order.
        public var answers: [Answer]
        /// A hint for the facilitator only.
        public var note: LocalizedText?
    }

    public struct Answer: Sendable, Equatable {
        public var question: String
        public var value: String
    }

    /// Something the team should achieve, optionally within `within` minutes of the start.
    public struct Target: Sendable, Equatable {
        public var id: String
        public var title: LocalizedText
        public var within: Int?
        public var expect: Expectation
    }

    /// What counts as achieving a target, in terms of the log.
    public enum Expectation: Sendable, Equatable {
        /// A contact with `role` reached someone (or, with `attempted`, any attempt was made).
        case contact(role: String, reached: Bool)
        /// The runbook step `id` is done.
        case stepDone(String)
        /// The runbook step `id` is done or skipped with a reason.
        case stepSettled(String)
        /// An answer raised the runbook signal.
        case signal(Runbook.Signal)
        /// The question was answered with one of `values`.
        case answer(question: String, values: [String])
        /// The PPC leak decision was recorded.
        case leakDecision
        /// The incident was closed.
        case closed
    }

    /// Injects due by `minute` on the scenario clock.
    public func injects(dueBy minute: Double) -> [Inject] { injects.filter { Double($0.offset) <= minute } }

    /// `+HH:MM` for an offset in minutes.
    public static func offsetText(_ minutes: Int) -> String {
        String(format: "+%02d:%02d", minutes / 60, minutes % 60)
    }
}
