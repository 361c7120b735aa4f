import Foundation

extension StatusReport {
    /// Whom to call next, as in `status --json` `nextContact`.
    public struct NextContact: Codable, Sendable, Equatable {
        public var role: String
        public var name: String?
        public var phone: String?
        /// first | deputy | next-in-order | retry
        public var reason: String
        /// The role that could not be reached, for deputy and next-in-order.
        public var after: String?
        public var text: String
    }

    /// One affected target, as in `status --json` `impacts`.
    public struct Impact: Codable, Sendable, Equatable {
        public var target: String
        public var category: String?
        /// down | degraded | restored
        public var status: String
        /// When it entered its current status.
        public var since: String
        public var firstAt: String
        public var note: String?
    }

    /// The current step's callees (pending or not), then every other role contacted so far.
    static func contacts(of s: IncidentState, language l: Language) -> ([Contact], NextContact?) {
        let tz = s.timeZone
        var result: [Contact] = []
        var next: NextContact? = nil
        if let step = s.nextAction.step {
            let plan = ContactPlan(step: step, state: s)
            for e in plan.entries {
                result.append(
                    Contact(
                        role: e.role, name: e.displayName, lastOutcome: e.lastOutcome,
                        at: e.lastAt.map { Timestamp.iso($0, in: tz) }, attempts: e.attempts, phone: e.phones.first,
                        state: e.status, pending: e.isPending, step: step.number))
            }
            if let n = plan.next, let reason = plan.reason {
                let (code, after): (String, String?) =
                    switch reason {
                    case .first: ("first", nil)
                    case .deputy(let p): ("deputy", p)
                    case .nextInOrder(let p): ("next-in-order", p)
                    case .retry: ("retry", nil)
                    }
                next = NextContact(
                    role: n.role, name: n.displayName, phone: n.phones.first, reason: code, after: after,
                    text: plan.nextText(l) ?? "")
            }
        }
        // Roles contacted outside the current step keep the contract's shape.
        let others = ContactPlan(roles: s.contactsInOrder.map(\.role), profile: s.profile, contacts: s.contacts)
        for e in others.entries where !result.contains(where: { $0.role == e.role }) && e.attempts > 0 {
            result.append(
                Contact(
                    role: e.role, name: e.displayName, lastOutcome: e.lastOutcome,
                    at: e.lastAt.map { Timestamp.iso($0, in: tz) }, attempts: e.attempts, phone: e.phones.first,
                    state: e.status == .reached ? .reached : .notReached, pending: false, step: nil))
        }
        return (result, next)
    }

    static func impacts(of s: IncidentState) -> [Impact] {
        ImpactPicture(state: s).items.map { i in
            Impact(
                target: i.target, category: i.category, status: i.status.rawValue, since: Timestamp.iso(i.since, in: s.timeZone),
                firstAt: Timestamp.iso(i.firstAt, in: s.timeZone), note: i.note)
        }
    }
}

extension StatusReport.Contact {
    private enum Keys: String, CodingKey {
        case role, name, lastOutcome, at, attempts, phone, state, pending, step
    }

    /// The contract's keys (role, name, lastOutcome, at) are always present, null when unknown.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(role, forKey: .role)
        try c.encode(name, forKey: .name)
        try c.encode(lastOutcome, forKey: .lastOutcome)
        try c.encode(at, forKey: .at)
        try c.encode(attempts, forKey: .attempts)
        try c.encode(phone, forKey: .phone)
        try c.encodeIfPresent(state, forKey: .state)
        try c.encode(pending, forKey: .pending)
        try c.encodeIfPresent(step, forKey: .step)
    }
}
