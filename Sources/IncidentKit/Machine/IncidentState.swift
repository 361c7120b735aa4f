import Foundation

/// Where an incident stands, derived only by folding its events through
/// `IncidentMachine`. Nothing here is stored on its own.
public struct IncidentState: Sendable, Equatable {
    public var id: String
    public var summary: String
    public var runbook: Runbook
    /// The facility profile (YAML) the incident was declared under, if any.
    public var profileSource: String? { profile?.sourceText }
    /// The facility profile the incident was declared under, parsed once at the declaration.
    public var profile: FacilityProfile?
    public var timeZone: TimeZone
    /// When the facility became aware (the declaration's time; a correction may move it).
    public var awareAt: Date
    public var declaredBy: String
    public var phase: Phase
    /// Progress of each runbook step, by step id.
    public var steps: [String: StepProgress]
    /// The latest answer to each question, by question id.
    public var answers: [String: Record<String>]
    public var contacts: [Record<EventBody.Contact>]
    public var impacts: [Record<EventBody.Impact>]
    public var leakAssessments: [Record<EventBody.LeakAssessed>]
    /// The latest value of each fact, by key.
    public var facts: [String: Record<String>]
    /// Events that later corrections amend: corrected seq → correcting seqs.
    public var corrections: [Int64: [Int64]]
    /// Acknowledged breaks of the hash chain.
    public var chainBreaks: [Record<EventBody.ChainBreak>]
    public var lastSeq: Int64
    public var lastHash: String
    public var lastOccurredAt: Date
    /// The earliest time recorded for any event after the declaration; the
    /// awareness time may not be corrected to after it. It never moves later
    /// (a correction that moves an event later keeps the earlier bound), so that
    /// the state stays small whatever the length of the log.
    public var earliestEventAt: Date?

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

    public func progress(of step: Runbook.Step) -> StepProgress { steps[step.id] ?? .pending }

    /// Answer values by question id, as runbook conditions read them.
    public var answerValues: [String: String] { answers.mapValues(\.value) }

    /// Mandatory steps (given the answers so far) that are neither done nor skipped.
    public var openMandatorySteps: [Runbook.Step] {
        let values = answerValues
        return runbook.steps.filter { $0.isMandatory(answers: values) && !progress(of: $0).isFinished }
    }

    /// The recommended next action: steps are followed in the runbook's order,
    /// but several may be in progress at once.
    public var nextAction: NextAction {
        if case .closed = phase { return .none }
        let values = answerValues
        for step in runbook.steps {
            switch progress(of: step) {
            case .done, .skipped: continue
            case .active: return .finish(step)
            case .pending: return step.isMandatory(answers: values) ? .start(step) : .consider(step)
            }
        }
        return .close
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

    public var name: String {
        switch self {
        case .pending: "pending"
        case .active: "active"
        case .done: "done"
        case .skipped: "skipped"
        }
    }
}

/// What the runbook suggests doing next.
public enum NextAction: Sendable, Equatable {
    /// Start this mandatory step.
    case start(Runbook.Step)
    /// This step is in progress: finish it.
    case finish(Runbook.Step)
    /// This step is optional under the answers so far: do it or skip it with a reason.
    case consider(Runbook.Step)
    /// Every step is finished: the incident can be closed.
    case close
    /// The incident is closed.
    case none

    public var step: Runbook.Step? {
        switch self {
        case .start(let s), .finish(let s), .consider(let s): s
        case .close, .none: nil
        }
    }

    public var code: String {
        switch self {
        case .start: "start"
        case .finish: "finish"
        case .consider: "consider"
        case .close: "close"
        case .none: "none"
        }
    }

    /// What to do, as a sentence with the command to type.
    public func text(_ l: Language) -> String {
        switch self {
        case .start(let s):
            l.pick(ja: "手順\(s.number)「\(s.title.ja)」を始めてください（`incident step start \(s.number)`、案内は `incident guide`）。",
                en: "Start step \(s.number) \"\(s.title.en)\" (`incident step start \(s.number)`; `incident guide` walks you through).")
        case .finish(let s):
            l.pick(ja: "手順\(s.number)「\(s.title.ja)」を進め、終わったら `incident step done \(s.number)` を実行してください。",
                en: "Carry on with step \(s.number) \"\(s.title.en)\"; when finished run `incident step done \(s.number)`.")
        case .consider(let s):
            l.pick(ja: "手順\(s.number)「\(s.title.ja)」は現在の回答では必須ではありません。行うか、`incident step skip \(s.number) --reason \"理由\"` で省略してください。",
                en: "Step \(s.number) \"\(s.title.en)\" is optional under the answers so far: do it, or skip it with `incident step skip \(s.number) --reason \"why\"`.")
        case .close:
            l.pick(ja: "すべての手順が終わりました。`incident close` で終了できます。", en: "All steps are finished; close with `incident close`.")
        case .none:
            l.pick(ja: "このインシデントは終了しています。", en: "This incident is closed.")
        }
    }
}
