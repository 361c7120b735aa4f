import Foundation

/// The recovery priority and target time of each system, as the BCP sets them
/// (checklist 4-1: restore in a priority set in advance, which need not follow
/// clinical importance). `status`, the next action and `review` read systems
/// through it, in priority order against their targets.
public struct RecoveryPlan: Sendable, Equatable {
    /// One system's place in the plan.
    public struct Target: Sendable, Equatable {
        /// 1 first; nil when the plan does not rank the system.
        public var priority: Int?
        /// How long after awareness it should be back in use; nil when not set.
        public var within: TimeInterval?
        public init(priority: Int? = nil, within: TimeInterval? = nil) { (self.priority, self.within) = (priority, within) }
    }

    /// Targets by `RecoveryRecord.key(_:)` of the system's name.
    public var targets: [String: Target]

    public init(targets: [String: Target] = [:]) { self.targets = targets }

    /// A plan with no targets: every system unranked.
    public static let none = RecoveryPlan()

    /// The target of `system` (unranked, no time when the plan does not name it).
    public func target(for system: String) -> Target { targets[RecoveryRecord.key(system)] ?? Target() }

    /// The plan of a BCP: each system it names, with its priority and target time.
    public init(bcp: BCPPlan) {
        var targets: [String: Target] = [:]
        for system in bcp.systems where targets[RecoveryRecord.key(system.name)] == nil {
            targets[RecoveryRecord.key(system.name)] = Target(priority: system.priority, within: system.target)
        }
        self.init(targets: targets)
    }

    /// The plan for incident `state`: the one place that knows where priorities
    /// and target times come from — the facility's current BCP (`bcp import`),
    /// which the store attaches to every state it reads.
    public static func targets(for state: IncidentState) -> RecoveryPlan { state.recoveryPlan }

    /// The systems of `record` in the plan's order: ranked ones by priority,
    /// then the rest in the order their recovery was first recorded.
    public func ordered(_ record: RecoveryRecord) -> [RecoveryRecord.System] {
        record.systems.values.sorted { a, b in
            let (pa, pb) = (target(for: a.name).priority ?? Int.max, target(for: b.name).priority ?? Int.max)
            return (pa, a.firstAt, a.name) < (pb, b.firstAt, b.name)
        }
    }

    /// When `system` should be back in use for an incident the facility became aware of at `awareAt`.
    public func due(for system: String, awareAt: Date) -> Date? {
        target(for: system).within.map { awareAt.addingTimeInterval($0) }
    }
}
