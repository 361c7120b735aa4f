import Foundation

/// What keeps an incident from closing (issue #23, item 10): mandatory steps
/// still open, systems not back in use, paper records waiting to be entered,
/// prevention measures open, and obligations with a legal deadline or owed by
/// the runbook (the MHLW follow-ups, a cadence, and the police, a
/// recommendation, do not hold it). A forced close with a reason goes over
/// them; a drill's end is never held.
public struct CloseHolds: Sendable, Equatable {
    /// `"7 recovery"`: number and id of each open mandatory step.
    public var steps: [String] = []
    /// Systems not back in use, with the stage each is at, in the plan's order.
    public var systems: [SystemAt] = []
    /// Departments with records waiting, with how many.
    public var reentry: [Waiting] = []
    /// Open prevention measures, by number.
    public var measures: [Int] = []
    /// Obligations still open that hold the close.
    public var obligations: [ObligationKind] = []

    public struct SystemAt: Sendable, Equatable {
        public var name: String
        public var stage: RecoveryStage
    }

    public struct Waiting: Sendable, Equatable {
        public var department: String
        public var pending: Int
    }

    public init() {}

    public var isEmpty: Bool { steps.isEmpty && onlySteps }
    /// Nothing but mandatory steps holds the close.
    public var onlySteps: Bool { systems.isEmpty && reentry.isEmpty && measures.isEmpty && obligations.isEmpty }

    /// What holds `s` as of `today` (facility date).
    public static func of(_ s: IncidentState, today: Day) -> CloseHolds {
        var h = CloseHolds()
        h.steps = s.openMandatorySteps.map { "\($0.number) \($0.id)" }
        let plan = RecoveryPlan.targets(for: s)
        h.systems = plan.ordered(s.recovery).filter { !$0.isBackInUse }.map { SystemAt(name: $0.name, stage: $0.stage) }
        h.reentry = s.recovery.departments.values.filter { $0.pending > 0 }.sorted { $0.name < $1.name }
            .map { Waiting(department: $0.name, pending: $0.pending) }
        h.measures = s.recovery.openMeasures.map(\.id)
        h.obligations = Obligations.holdingClose(Obligations.of(s, today: today, language: .ja)).map(\.kind)
        return h
    }

    /// The list in words, one item a line (`status`, the refusal).
    public func lines(_ l: Language) -> [String] {
        var out: [String] = []
        if !steps.isEmpty { out.append(l.pick(ja: "必須の手順: \(steps.joined(separator: ", "))", en: "mandatory steps: \(steps.joined(separator: ", "))")) }
        for sys in systems {
            out.append(l.pick(ja: "利用再開していないシステム: \(sys.name)（\(sys.stage.label(l))）", en: "system not back in use: \(sys.name) (\(sys.stage.label(l)))"))
        }
        for w in reentry {
            out.append(l.pick(ja: "未入力の紙の記録: \(w.department) \(w.pending)件", en: "paper records to enter: \(w.department) \(w.pending)"))
        }
        if !measures.isEmpty {
            let ids = measures.map { "#\($0)" }.joined(separator: ", ")
            out.append(l.pick(ja: "未完了の再発防止策: \(ids)", en: "open prevention measures: \(ids)"))
        }
        for o in obligations { out.append(l.pick(ja: "未提出: \(o.title(l))", en: "not submitted: \(o.title(l))")) }
        return out
    }
}

extension Obligations {
    /// The open obligations that hold the close: those with a legal deadline or
    /// owed by the runbook. A cadence (the MHLW 続報) and a recommendation (the
    /// police) do not.
    public static func holdingClose(_ obligations: [Obligation]) -> [Obligation] {
        obligations.filter { $0.isOpen && ![.mhlwFollowup, .police].contains($0.kind) }
    }
}
