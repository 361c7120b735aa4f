import Foundation

/// Whom a step needs to reach, how far each call has come, and whom to call next.
///
/// Built from the roles a runbook step calls for, the profile the incident was
/// declared under, and the `contact` events recorded so far; nothing is stored.
/// Rules:
/// - `vendors` stands for every vendor of the profile, each called on its own (`vendor:ID`).
/// - A role `R-deputy` is the deputy of `R`: it is called only when `R` was
///   tried and not reached, and is not needed once `R` is reached. A deputy the
///   step does not list is added after its principal when the profile has one.
/// - Next to call: the first needed callee never tried, in the step's order;
///   when all were tried, the one tried longest ago that is still not reached.
public struct ContactPlan: Sendable, Equatable {
    /// Where one callee stands.
    public enum Status: String, Sendable, Equatable, Codable {
        /// 未連絡: never tried.
        case notContacted = "not-contacted"
        /// Tried (no answer, message left, e-mail sent) and not reached yet.
        case notReached = "not-reached"
        /// 連絡済み.
        case reached
        /// A deputy whose principal was reached: no call needed.
        case notNeeded = "not-needed"
        /// A deputy waiting: to be called only if the principal cannot be reached.
        case standby
        /// Not reached, but the deputy was: the role is covered.
        case covered
    }

    /// One callee: a role and the people the profile lists for it.
    public struct Entry: Sendable, Equatable {
        public var role: String
        /// The profile's people for the role, in order (empty without a profile).
        public var people: [FacilityProfile.Contact]
        /// The principal role when this entry is a deputy.
        public var deputyOf: String?
        public var status: Status
        public var attempts: Int
        public var lastOutcome: EventBody.Contact.Outcome?
        public var lastAt: Date?
        /// The name recorded with the last attempt, if any.
        public var lastName: String?

        /// Still to be reached for the step.
        public var isPending: Bool { status == .notContacted || status == .notReached }

        /// The name to show: the person, else the organization or title.
        public var displayName: String? {
            lastName ?? people.lazy.compactMap { $0.name ?? $0.organization ?? $0.title }.first
        }

        /// The numbers to dial, in order (phone, then mobile, for each person).
        public var phones: [String] {
            people.flatMap { [$0.phone, $0.mobile].compactMap { $0 } }
        }
    }

    /// Why `next` is the one to call.
    public enum Reason: Sendable, Equatable {
        /// The first in order.
        case first
        /// `principal` could not be reached: call the deputy.
        case deputy(principal: String)
        /// `previous` could not be reached: call the next one in order.
        case nextInOrder(previous: String)
        /// Everyone was tried: call again.
        case retry
    }

    public var entries: [Entry]
    /// The profile the plan was made with (for titles and numbers).
    public var profile: FacilityProfile?
    public var next: Entry?
    public var reason: Reason?

    /// The plan for `roles` (as a runbook step lists them). `vendors` expands to
    /// every vendor, those maintaining an `affected` system first.
    public init(roles: [String], profile: FacilityProfile?, contacts: [String: ContactSummary], affected: [String] = []) {
        self.profile = profile
        var list: [(role: String, deputyOf: String?)] = []
        func add(_ role: String, deputyOf: String?) {
            if !list.contains(where: { $0.role == role }) { list.append((role, deputyOf)) }
        }
        for role in roles {
            if Role(role).isEveryVendor, let profile, !profile.vendors.isEmpty {
                let keys = Set(affected.map { $0.trimmingCharacters(in: .whitespaces).lowercased() })
                let serves = { (v: FacilityProfile.Vendor) in v.systems.contains { keys.contains($0.trimmingCharacters(in: .whitespaces).lowercased()) } }
                // A company maintaining several systems is one call (its first entry names them all).
                var companies: Set<String> = []
                for v in profile.vendors.filter(serves) + profile.vendors.filter({ !serves($0) }) {
                    let company = v.name.trimmingCharacters(in: .whitespaces)
                    if !company.isEmpty, !companies.insert(company).inserted { continue }
                    add(v.role, deputyOf: nil)
                }
                continue
            }
            let principal = Role(role).principal?.id
            add(role, deputyOf: principal.flatMap { p in roles.contains(p) ? p : nil })
            let deputy = Role(role).deputy.id
            if principal == nil, let profile, !profile.contacts(for: deputy).isEmpty, !roles.contains(deputy) {
                add(deputy, deputyOf: role)
            }
        }
        var built: [Entry] = list.map { item in
            let summary = contacts[item.role]
            let last = summary?.last
            return Entry(
                role: item.role, people: profile?.contacts(for: item.role) ?? [], deputyOf: item.deputyOf,
                status: summary?.reached == true ? .reached : (summary == nil ? .notContacted : .notReached), attempts: summary?.attempts ?? 0,
                lastOutcome: last?.outcome, lastAt: last?.at, lastName: last?.name)
        }
        // Deputies and principals cover each other.
        for i in built.indices {
            guard let principal = built[i].deputyOf, let p = built.firstIndex(where: { $0.role == principal }) else { continue }
            if built[p].status == .reached, built[i].status != .reached {
                built[i].status = .notNeeded
            } else if built[i].status == .reached, built[p].status != .reached {
                built[p].status = .covered
            } else if built[p].status == .notContacted, built[i].status == .notContacted {
                built[i].status = .standby
            }
        }
        entries = built
        let pending = built.filter(\.isPending)
        if let fresh = pending.first(where: { $0.attempts == 0 }) {
            next = fresh
            let index = built.firstIndex { $0.role == fresh.role }!
            let failedBefore = built[..<index].last { $0.status == .notReached }
            if let principal = fresh.deputyOf {
                reason = .deputy(principal: principal)
            } else if let failedBefore {
                reason = .nextInOrder(previous: failedBefore.role)
            } else {
                reason = .first
            }
        } else if let retry = pending.min(by: { ($0.lastAt ?? .distantPast) < ($1.lastAt ?? .distantPast) }) {
            next = retry
            reason = .retry
        } else {
            next = nil
            reason = nil
        }
    }

    /// The plan for one step of `state`, with the incident's own profile.
    public init(step: Runbook.Step, state: IncidentState) {
        // The vendors of what is still down or degraded are called first.
        let affected = ImpactPicture(state: state).items.filter { $0.status != .restored }.map(\.target)
        self.init(roles: Self.roles(of: step, state: state), profile: state.profile, contacts: state.contacts, affected: affected)
    }

    /// The roles `step` calls in `state`: outside opening hours with inpatients,
    /// the first step that calls anyone starts with the profile's on-call chain.
    public static func roles(of step: Runbook.Step, state: IncidentState) -> [String] {
        let roles = step.callees(profile: state.profile)
        guard let profile = state.profile, let chain = profile.onCall, !chain.isEmpty,
            profile.startsWithPatientSafety(at: state.awareAt, timeZone: state.timeZone),
            state.runbook.steps.first(where: { !$0.callees(profile: profile).isEmpty })?.id == step.id
        else { return roles }
        return chain + roles.filter { !chain.contains($0) }
    }

    /// Every callee is reached, covered or not needed.
    public var isComplete: Bool { !entries.contains(where: \.isPending) }

    /// Whom to call next, as a sentence with the number and, unless the caller
    /// is about to ask for the result itself (the guide: `record` nil), how to
    /// record it in the front end's words (`record`: the CLI quotes its command).
    public func nextText(_ l: Language, record: (any Wording)? = PlainWording()) -> String? {
        guard let next else { return nil }
        let who = Self.label(next, profile: profile, l)
        let phone = next.phones.first.map { l.pick(ja: "（☎ \($0)）", en: " (☎ \($0))") } ?? l.pick(ja: "（電話番号が未登録）", en: " (no phone number on file)")
        guard let record else {
            let lead: String =
                switch reason ?? .first {
                case .first: l.pick(ja: "次の連絡先", en: "Call next")
                case .deputy(let p):
                    // `who` names the deputy as such.
                    l.pick(
                        ja: "\(Role(p).title(profile: profile, l)) に連絡がつきません。次の連絡先",
                        en: "\(Role(p).title(profile: profile, l)) cannot be reached. Call next")
                // A fallback only where the profile defines one (the insurer's line, for when
                // the vendors cannot be reached); otherwise just the next callee of the step.
                case .nextInOrder(let p) where next.role == Role.insurer.id:
                    l.pick(
                        ja: "\(Role(p).title(profile: profile, l)) に連絡がつきません。次の連絡先", en: "\(Role(p).title(profile: profile, l)) cannot be reached. Call next")
                case .nextInOrder: l.pick(ja: "次の連絡先", en: "Call next")
                case .retry: l.pick(ja: "まだ連絡がついていません", en: "Not reached yet")
                }
            return l.pick(ja: "\(lead): \(who)\(phone)", en: "\(lead): \(who)\(phone)")
        }
        let command = record.command(.recordContact(role: next.role), l).map { "`\($0)`" }
        // 「… で記録」 with the front end's command, else a plain 「記録」.
        let with = command.map { l.pick(ja: "\($0) などで", en: ", e.g. \($0)") } ?? ""
        switch reason ?? .first {
        case .first:
            return l.pick(
                ja: "次の連絡先: \(who)\(phone)。かけたら\(command.map { " \($0) などで" } ?? "")結果を記録してください。",
                en: "Call next: \(who)\(phone). Then record the result\(with).")
        case .deputy(let principal):
            let principal = Role(principal).title(profile: profile, l)
            return l.pick(
                // `who` names the deputy as such (安全管理責任者の代理（…）).
                ja: "\(principal) に連絡がつきません。\(who)\(phone) に連絡し、\(with)記録してください。",
                en: "\(principal) cannot be reached. Call \(who)\(phone) and record it\(with).")
        case .nextInOrder(let previous) where next.role == Role.insurer.id:
            let previous = Role(previous).title(profile: profile, l)
            return l.pick(
                ja: "\(previous) に連絡がつきません。次の \(who)\(phone) に連絡し、\(with)記録してください。",
                en: "\(previous) cannot be reached. Call the next one, \(who)\(phone), and record it\(with).")
        case .nextInOrder:
            // The next callee is no fallback of the one not reached (only a deputy or the profile's insurer is): say so plainly.
            return l.pick(
                ja: "次の連絡先: \(who)\(phone)。かけたら\(command.map { " \($0) などで" } ?? "")結果を記録してください。",
                en: "Call next: \(who)\(phone). Then record the result\(with).")
        case .retry:
            return l.pick(
                ja: "まだ連絡がついていません: \(who)\(phone)。もう一度かけて\(command.map { " \($0) などで" } ?? "")記録してください。",
                en: "Not reached yet: \(who)\(phone). Call again and record it\(with).")
        }
    }

    /// `title（name）` (医療情報システム安全管理責任者（山田 一郎）), or the title alone:
    /// roles in words, as staff know them; ids only where a command is to be typed.
    public static func label(_ e: Entry, profile: FacilityProfile? = nil, _ l: Language = .ja) -> String {
        let title = Role(e.role).title(profile: profile, l)
        guard let name = e.displayName, name != title else { return title }
        // 「MIST（一般社団法人ソフトウェア協会）」 already names the role: never 「MIST（MIST（…））」.
        if name.contains(title) { return name }
        if title.contains(name) { return title }
        return l.pick(ja: "\(title)（\(name)）", en: "\(title) (\(name))")
    }

    /// The entry's state in words (未連絡 / 連絡したがつながらない（N分前） / 連絡済み …); `now` gives the minutes.
    public static func statusText(_ e: Entry, now: Date, timeZone: TimeZone, profile: FacilityProfile? = nil, _ l: Language) -> String {
        // The principal in words (安全管理責任者), not its id.
        let principal = e.deputyOf.map { Role($0).title(profile: profile, l) } ?? ""
        func ago(_ d: Date?) -> String {
            guard let d else { return "" }
            let minutes = max(0, Int(now.timeIntervalSince(d) / 60))
            return l.pick(ja: "\(minutes)分前", en: "\(minutes) min ago")
        }
        switch e.status {
        case .notContacted:
            return l.pick(ja: "未連絡", en: "not contacted")
        case .notReached:
            let how = e.lastOutcome.map { EventDescription.outcome($0, l) } ?? ""
            return l.pick(
                ja: "連絡したがつながらない（\(how)、\(ago(e.lastAt))、\(e.attempts)回）",
                en: "tried, not reached (\(how), \(ago(e.lastAt)), \(e.attempts)×)")
        case .reached:
            let at = e.lastAt.map { Timestamp.local($0, in: timeZone) } ?? ""
            return l.pick(ja: "連絡済み（\(at)）", en: "reached (\(at))")
        case .notNeeded:
            return l.pick(ja: "不要（\(principal) に連絡済み）", en: "not needed (\(principal) reached)")
        case .standby:
            return l.pick(ja: "待機（\(principal) につながらないとき）", en: "standby (if \(principal) cannot be reached)")
        case .covered:
            return l.pick(ja: "つながらないが代理者に連絡済み", en: "not reached, deputy reached")
        }
    }
}

extension ContactPlan {
    /// The role to store for `role` typed by staff, and the first person the
    /// profile lists for it. With a profile, only its roles are accepted
    /// (`vendor:NAME` becomes `vendor:ID`); without one, any well-formed role.
    public static func callee(_ role: String, profile: FacilityProfile?) throws(IncidentError) -> (role: String, person: FacilityProfile.Contact?) {
        let trimmed = role.trimmingCharacters(in: .whitespaces)
        guard let profile else {
            guard !Role(trimmed).isEveryVendor, Role(trimmed).isWellFormed else {
                throw .unknownRole(trimmed, available: [])
            }
            return (trimmed, nil)
        }
        guard let canonical = profile.canonicalRole(trimmed) else {
            throw .unknownRole(trimmed, available: profile.roles)
        }
        return (canonical, profile.contacts(for: canonical).first)
    }
}
