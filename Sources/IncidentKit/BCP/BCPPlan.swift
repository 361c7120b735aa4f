import Foundation

/// The clinic's cyber-BCP (サイバー攻撃を想定した事業継続計画) as data: what the
/// clinic fills in `bcp.yaml` (written by `BCPSample`, read by `BCPLoader`).
///
/// Every field may be missing: an incomplete plan is still a plan, imported and
/// printed with its gaps marked (`BCPReview` lists them against the MHLW BCP
/// checklist). The recovery priority of the systems need not follow clinical
/// importance (MHLW 手引き on 確認表 4-1; guideline Q&A 企Q-42).
public struct BCPPlan: Sendable, Equatable {
    /// 目的 (chapter 1 of the MHLW template).
    public var purpose: String?
    /// 適用範囲: which departments and systems the plan covers.
    public var scope: String?
    /// 想定する事象: what the plan assumes happens.
    public var assumedEvents: [String]
    public var roles: Roles
    /// The systems, each with its recovery priority, target time and alternative operation.
    public var systems: [BCPSystem]
    /// How care continues without the systems: booked patients, prescriptions, billing, orders, inpatients.
    public var continuity: Continuity
    /// What is kept as evidence before anything is restored (確認表 4-2).
    public var evidence: Evidence
    /// How the paper records made during the outage are entered after recovery.
    public var reentry: Arrangement
    /// After-action: prevention measures and who sees them through (確認表 5-2〜5-5).
    public var afterAction: Arrangement
    /// The downtime forms the plan uses (受付簿, 問診票 …), in print order; the
    /// systems' own `forms` are added after these when not listed here.
    public var forms: [String]
    public var approval: Approval
    /// The YAML as read (what the store keeps).
    public var sourceText: String

    public init(
        purpose: String? = nil, scope: String? = nil, assumedEvents: [String] = [], roles: Roles = Roles(), systems: [BCPSystem] = [],
        continuity: Continuity = Continuity(), evidence: Evidence = Evidence(), reentry: Arrangement = Arrangement(),
        afterAction: Arrangement = Arrangement(), forms: [String] = [], approval: Approval = Approval(), sourceText: String = ""
    ) {
        self.purpose = purpose
        self.scope = scope
        self.assumedEvents = assumedEvents
        self.roles = roles
        self.systems = systems
        self.continuity = continuity
        self.evidence = evidence
        self.reentry = reentry
        self.afterAction = afterAction
        self.forms = forms
        self.approval = approval
        self.sourceText = sourceText
    }

    /// Who does what (one person may hold several roles, as the template allows).
    public struct Roles: Sendable, Equatable {
        /// 判断する人: stops the systems, switches to paper, decides how care continues.
        public var decides: String?
        /// 承認する人: approves the plan and the decisions that carry liability.
        public var approves: String?
        /// 取りまとめ役 (the CSIRT role of a hospital).
        public var leads: String?
        /// 報告の経路: how damage noticed anywhere reaches the decision makers (確認表 2-3).
        public var reportRoute: String?
        public init(decides: String? = nil, approves: String? = nil, leads: String? = nil, reportRoute: String? = nil) {
            (self.decides, self.approves, self.leads, self.reportRoute) = (decides, approves, leads, reportRoute)
        }
    }

    /// An arrangement: how it is done, by whom, and where (each optional).
    public struct Arrangement: Sendable, Equatable {
        public var how: String?
        public var by: String?
        /// Where the paper or the list is kept, or how people are reached.
        public var place: String?
        public init(how: String? = nil, by: String? = nil, place: String? = nil) { (self.how, self.by, self.place) = (how, by, place) }
        /// Whether anything is written.
        public var isEmpty: Bool { how == nil && by == nil && place == nil }
    }

    /// How care continues without the systems (the seed's simple clinic BCP).
    public struct Continuity: Sendable, Equatable {
        /// Booked patients: how they are reached (`place`: the list with their numbers) and by whom.
        public var bookedPatients = Arrangement()
        public var prescriptions = Arrangement()
        public var billing = Arrangement()
        /// Lab and imaging orders.
        public var orders = Arrangement()
        /// Inpatients: medication, allergies and scheduled treatments first (DOMAIN §2). `none` for a clinic without beds.
        public var inpatients = Arrangement()
        public init() {}

        /// The arrangements in print order, with their field name.
        public var all: [(key: String, value: Arrangement)] {
            [("bookedPatients", bookedPatients), ("prescriptions", prescriptions), ("billing", billing), ("orders", orders), ("inpatients", inpatients)]
        }
    }

    public struct Evidence: Sendable, Equatable {
        /// What is kept (disk images, log exports, a photo of the ransom screen, the VPN device's log …).
        public var preserve: [String] = []
        public var by: String?
        public var keptAt: String?
        public init(preserve: [String] = [], by: String? = nil, keptAt: String? = nil) { (self.preserve, self.by, self.keptAt) = (preserve, by, keptAt) }
    }

    public struct Approval: Sendable, Equatable {
        public var approvedOn: Day?
        public var approvedBy: String?
        /// When the plan is next reviewed (the checklist asks for regular review).
        public var nextReview: Day?
        public init(approvedOn: Day? = nil, approvedBy: String? = nil, nextReview: Day? = nil) {
            (self.approvedOn, self.approvedBy, self.nextReview) = (approvedOn, approvedBy, nextReview)
        }
    }

    /// The systems in recovery order: by priority (1 first), those without one last, then in file order.
    public var systemsByPriority: [BCPSystem] {
        systems.enumerated().sorted { a, b in
            switch (a.element.priority, b.element.priority) {
            case (let x?, let y?) where x != y: return x < y
            case (.some, nil): return true
            case (nil, .some): return false
            default: return a.offset < b.offset
            }
        }.map(\.element)
    }

    /// The system called `name` (case-insensitive, spaces trimmed).
    public func system(named name: String) -> BCPSystem? {
        let key = name.trimmingCharacters(in: .whitespaces).lowercased()
        return systems.first { $0.name.lowercased() == key }
    }

    /// Every form the plan names: `forms`, then the systems' forms not listed there.
    public var allForms: [String] {
        var out: [String] = []
        for f in forms + systems.flatMap(\.forms) where !out.contains(f) { out.append(f) }
        return out
    }
}

/// One system in the BCP: its recovery priority and target time, and how work
/// goes on without it.
public struct BCPSystem: Sendable, Equatable {
    public var name: String
    /// Recovery priority, 1 first (set in advance; 確認表 4-1).
    public var priority: Int?
    /// Target time to restore it, in hours from the start of the outage.
    public var targetHours: Int?
    /// The alternative operation in words (紙カルテ, 参照用端末 …).
    public var alternative: String?
    /// The forms used meanwhile.
    public var forms: [String]
    /// Who switches to the alternative operation.
    public var switchedBy: String?
    /// Where the forms are kept.
    public var formsKeptAt: String?
    /// Where the entry is in its file, for messages.
    public var line: Int

    public init(
        name: String, priority: Int? = nil, targetHours: Int? = nil, alternative: String? = nil, forms: [String] = [], switchedBy: String? = nil,
        formsKeptAt: String? = nil, line: Int = 0
    ) {
        self.name = name
        self.priority = priority
        self.targetHours = targetHours
        self.alternative = alternative
        self.forms = forms
        self.switchedBy = switchedBy
        self.formsKeptAt = formsKeptAt
        self.line = line
    }

    /// The target as a duration, when set.
    public var target: TimeInterval? { targetHours.map { TimeInterval($0) * 3600 } }

    /// `24時間` / `3日` (whole days from 48 hours on) for the target.
    public func targetText(_ l: Language) -> String? {
        guard let h = targetHours else { return nil }
        if h >= 48 && h % 24 == 0 { return l.pick(ja: "\(h / 24)日以内", en: "within \(h / 24) days") }
        return l.pick(ja: "\(h)時間以内", en: "within \(h) hours")
    }
}

/// Loads the plan the store holds, for a front end or another part of the library.
public enum BCPStore {
    /// The store's current BCP (its latest import), or nil when none was imported.
    public static func current(in store: EventStore) throws(IncidentError) -> BCPPlan? { try store.currentBCP() }
}
