import Foundation

/// Step 7 as `status --json` shows it under `recovery` (public contract:
/// `systems` [{name, stage, priority, target, since}], `reentryPending`,
/// `measuresOpen`; the other keys are extensions).
public struct RecoveryStatus: Codable, Sendable, Equatable {
    public struct System: Codable, Sendable, Equatable {
        public var name: String
        public var stage: RecoveryStage
        /// The recovery priority (1 first), null when the plan does not rank it.
        public var priority: Int?
        /// When it should be back in use (ISO 8601), null when no target is set.
        public var target: String?
        /// When it entered its current stage (ISO 8601).
        public var since: String
        /// The backup generation restored from, as last recorded, and whether it was offline.
        public var backup: String?
        public var offline: Bool?
        /// How many items of evidence are registered for it.
        public var evidence: Int
        /// Back in use after its target time, or still not back in use past it.
        public var late: Bool

        enum CodingKeys: String, CodingKey { case name, stage, priority, target, since, backup, offline, evidence, late }

        public func encode(to encoder: Encoder) throws {
            // Absent values are null, never missing (public contract).
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(name, forKey: .name)
            try c.encode(stage, forKey: .stage)
            try c.encode(priority, forKey: .priority)
            try c.encode(target, forKey: .target)
            try c.encode(since, forKey: .since)
            try c.encode(backup, forKey: .backup)
            try c.encode(offline, forKey: .offline)
            try c.encode(evidence, forKey: .evidence)
            try c.encode(late, forKey: .late)
        }
    }

    public struct Department: Codable, Sendable, Equatable {
        public var name: String
        public var pending: Int
        public var entered: Int
    }

    public struct Measure: Codable, Sendable, Equatable {
        public var id: Int
        public var text: String
        public var owner: String
        public var due: Day
        public var done: Bool
        public var doneAt: String?
        /// Days from today to `due` (negative when past).
        public var daysLeft: Int
    }

    public var systems: [System] = []
    /// Paper records still waiting to be entered, every department together.
    public var reentryPending = 0
    /// Prevention measures not done yet.
    public var measuresOpen = 0
    public var departments: [Department] = []
    public var measures: [Measure] = []
    public var evidence = 0
    public var decisions = 0
    /// Every cost recorded, in yen.
    public var costTotal = 0
    /// Patients whose care could not be billed, to settle later.
    public var unbilledPatients = 0

    public init() {}

    /// `now` is the clock's time: a system past its target is late even when
    /// nothing was recorded since (nil: the latest event's time, as a replay sees it).
    /// A closed incident is judged at its last event.
    public init(_ s: IncidentState, today: Day, now: Date? = nil, plan: RecoveryPlan? = nil) {
        let tz = s.timeZone
        let plan = plan ?? RecoveryPlan.targets(for: s)
        let r = s.recovery
        let now = s.isOpen ? max(now ?? s.lastOccurredAt, s.lastOccurredAt) : s.lastOccurredAt
        systems = plan.ordered(r).map { sys in
            let t = plan.target(for: sys.name)
            let due = plan.due(for: sys.name, awareAt: s.awareAt)
            let backInUse = sys.reached(.inUse)
            let late = due.map { d in sys.isBackInUse ? (backInUse ?? d) > d : now > d } ?? false
            let from = sys.restoredFrom
            return System(
                name: sys.name, stage: sys.stage, priority: t.priority, target: due.map { Timestamp.iso($0, in: tz) },
                since: Timestamp.iso(sys.since, in: tz), backup: from?.backup, offline: from?.offline,
                evidence: r.evidence.filter { RecoveryRecord.key($0.value.system) == RecoveryRecord.key(sys.name) }.count, late: late)
        }
        reentryPending = r.reentryPending
        measuresOpen = r.openMeasures.count
        departments = r.departments.values.sorted { $0.name < $1.name }.map { Department(name: $0.name, pending: $0.pending, entered: $0.entered) }
        measures = r.measures.sorted { $0.id < $1.id }.map { m in
            Measure(
                id: m.id, text: m.text, owner: m.owner, due: m.due, done: !m.isOpen, doneAt: m.doneAt.map { Timestamp.iso($0, in: tz) },
                daysLeft: today.days(until: m.due))
        }
        evidence = r.evidence.count
        decisions = r.decisions.count
        costTotal = r.costTotal
        unbilledPatients = r.unbilledPatients
    }

    public var isEmpty: Bool { systems.isEmpty && departments.isEmpty && measures.isEmpty && evidence == 0 && decisions == 0 && costTotal == 0 }
}
