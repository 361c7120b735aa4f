import Foundation

/// Step 7 as the state keeps it: each system's way back, the paper records
/// waiting per department, the prevention measures, and the evidence,
/// decisions and costs recorded. Entries are typed by people one at a time
/// (tens per incident, not thousands), so the lists stay small; the close
/// guard, the next action, `status`, the reports and the bundle all read them
/// from here without streaming the log.
public struct RecoveryRecord: Sendable, Equatable, Codable {
    /// One system on its way back: every stage recorded, in occurrence order.
    public struct System: Sendable, Equatable, Codable {
        public struct Mark: Sendable, Equatable, Codable {
            public var stage: RecoveryStage
            public var at: Date
            public var seq: Int64
            public var backup: String?
            public var offline: Bool?
            public var withoutEvidence: String?
            public var actor: String
        }
        /// The name as first recorded.
        public var name: String
        public var marks: [Mark]

        /// The latest mark (by occurrence, then number): where the system stands.
        public var current: Mark { marks.max { ($0.at, $0.seq) < ($1.at, $1.seq) }! }
        public var stage: RecoveryStage { current.stage }
        /// When it entered its current stage.
        public var since: Date { current.at }
        /// When the system first reached `stage`, if it did.
        public func reached(_ stage: RecoveryStage) -> Date? { marks.filter { $0.stage == stage }.map(\.at).min() }
        /// When recovery work on it was first recorded.
        public var firstAt: Date { marks.map(\.at).min()! }
        /// The backup it was restored from, as last recorded.
        public var restoredFrom: Mark? { marks.filter { $0.backup != nil }.max { ($0.at, $0.seq) < ($1.at, $1.seq) } }
        public var isBackInUse: Bool { stage == .inUse }
    }

    /// Paper records of one department waiting to be entered.
    public struct Department: Sendable, Equatable, Codable {
        public var name: String
        public var pending: Int
        public var entered: Int
        public var at: Date
    }

    /// A prevention measure, open or done.
    public struct Measure: Sendable, Equatable, Codable {
        public var id: Int
        public var text: String
        public var owner: String
        public var due: Day
        public var addedAt: Date
        public var doneAt: Date?
        public var doneSeq: Int64?
        public var seq: Int64
        public var isOpen: Bool { doneAt == nil }
    }

    /// Systems by `key(_:)`.
    public var systems: [String: System] = [:]
    /// Departments by `key(_:)`.
    public var departments: [String: Department] = [:]
    public var measures: [Measure] = []
    public var evidence: [IncidentState.Record<EventBody.Evidence>] = []
    public var decisions: [IncidentState.Record<EventBody.Decision>] = []
    public var costs: [IncidentState.Record<EventBody.Cost>] = []

    public init() {}

    public var isEmpty: Bool {
        systems.isEmpty && departments.isEmpty && measures.isEmpty && evidence.isEmpty && decisions.isEmpty && costs.isEmpty
    }

    /// Names compare without surrounding spaces and case (`電子カルテ`, ` EMR `).
    public static func key(_ name: String) -> String { name.trimmingCharacters(in: .whitespacesAndNewlines).lowercased() }

    /// Whether evidence has been registered for `system`.
    public func hasEvidence(for system: String) -> Bool {
        let k = Self.key(system)
        return evidence.contains { Self.key($0.value.system) == k }
    }

    /// Paper records still waiting to be entered, every department.
    public var reentryPending: Int { departments.values.reduce(0) { $0 + $1.pending } }
    public var openMeasures: [Measure] { measures.filter(\.isOpen) }
    /// Systems not back in use.
    public var systemsNotInUse: [System] { systems.values.filter { !$0.isBackInUse }.sorted { $0.firstAt < $1.firstAt } }
    /// The measure numbered `id`.
    public func measure(_ id: Int) -> Measure? { measures.first { $0.id == id } }
    /// The number the next measure gets.
    public var nextMeasureID: Int { (measures.map(\.id).max() ?? 0) + 1 }
    /// Patients whose care could not be billed, to settle later (counted).
    public var unbilledPatients: Int { costs.reduce(0) { $0 + ($1.value.patients ?? 0) } }

    /// Every cost, in yen.
    public var costTotal: Int { costs.reduce(0) { $0 + $1.value.amount } }
    /// Totals per category, in the order categories were first used.
    public var costTotalsByCategory: [(category: String, amount: Int)] {
        var order: [String] = []
        var sums: [String: Int] = [:]
        for c in costs.sorted(by: { ($0.at, $0.seq) < ($1.at, $1.seq) }) {
            if sums[c.value.category] == nil { order.append(c.value.category) }
            sums[c.value.category, default: 0] += c.value.amount
        }
        return order.map { ($0, sums[$0]!) }
    }

    // MARK: - Folding (IncidentMachine.evolve)

    mutating func fold(_ body: EventBody, at: Date, seq: Int64, actor: String) {
        switch body {
        case .recoveryStaged(let r):
            let k = Self.key(r.system)
            let mark = System.Mark(
                stage: r.stage, at: at, seq: seq, backup: r.backup, offline: r.offline, withoutEvidence: r.withoutEvidence, actor: actor)
            if systems[k] == nil {
                systems[k] = System(name: r.system.trimmingCharacters(in: .whitespacesAndNewlines), marks: [mark])
            } else {
                systems[k]!.marks.append(mark)
            }
        case .reentry(let r):
            let k = Self.key(r.department)
            var d = departments[k] ?? Department(name: r.department.trimmingCharacters(in: .whitespacesAndNewlines), pending: 0, entered: 0, at: at)
            if let p = r.pending { d.pending = max(0, p) }
            if let n = r.entered {
                d.entered += max(0, n)
                d.pending = max(0, d.pending - max(0, n))
            }
            d.at = at
            departments[k] = d
        case .measureAdded(let m):
            guard measure(m.id) == nil else { return }
            measures.append(Measure(id: m.id, text: m.text, owner: m.owner, due: m.due, addedAt: at, doneAt: nil, doneSeq: nil, seq: seq))
        case .measureDone(let m):
            guard let i = measures.firstIndex(where: { $0.id == m.id }), measures[i].doneAt == nil else { return }
            (measures[i].doneAt, measures[i].doneSeq) = (at, seq)
        case .evidence(let e):
            evidence.append(.init(value: e, at: at, seq: seq, actor: actor))
        case .decision(let d):
            decisions.append(.init(value: d, at: at, seq: seq, actor: actor))
        case .cost(let c):
            costs.append(.init(value: c, at: at, seq: seq, actor: actor))
        default:
            break
        }
    }

    /// A correction moved event `seq` to `time`.
    mutating func move(_ seq: Int64, to time: Date) {
        for k in systems.keys {
            for i in systems[k]!.marks.indices where systems[k]!.marks[i].seq == seq { systems[k]!.marks[i].at = time }
        }
        for i in measures.indices {
            if measures[i].seq == seq { measures[i].addedAt = time }
            if measures[i].doneSeq == seq { measures[i].doneAt = time }
        }
        for i in evidence.indices where evidence[i].seq == seq { evidence[i].at = time }
        for i in decisions.indices where decisions[i].seq == seq { decisions[i].at = time }
        for i in costs.indices where costs[i].seq == seq { costs[i].at = time }
    }
}
