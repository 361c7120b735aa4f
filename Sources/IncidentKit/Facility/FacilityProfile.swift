/// The facility and its contact directory: who to call, with which number, for
/// which role. Loaded from a YAML profile; each incident keeps the profile it
/// was declared under.
public struct FacilityProfile: Sendable, Equatable, Codable {
    public var facility: Facility
    public var contacts: [Contact]
    public var vendors: [Vendor]
    /// The YAML text it was loaded from.
    public var sourceText: String
    /// A cyber-insurance policy, when the facility holds one.
    public var insurance: Insurance? = nil
    /// Outside opening hours: the roles to call first, in order (the on-call chain).
    public var onCall: [String]? = nil
    /// The clinic's own networks (`network.subnets`): the board never listens on them.
    public var network: Network? = nil
    /// How old the newest copy of the store (`backup` or `export`) may get
    /// before `doctor`, `readiness` and `status` warn (`backup.maxAgeDays`).
    public var backup: Backup? = nil

    /// Limits on the age of the newest copy of the store, in whole days.
    public struct Backup: Sendable, Equatable, Codable {
        /// `backup.maxAgeDays.peacetime`: while no incident is open (nil: 30).
        public var maxAgeDaysPeacetime: Int?
        /// `backup.maxAgeDays.incident`: while an incident is open (nil: 1).
        public var maxAgeDaysIncident: Int?
    }

    /// The copy-age limits in days: the profile's, else 30 in peacetime and 1 during an incident.
    public var copyAgeLimits: (peacetime: Int, incident: Int) {
        (backup?.maxAgeDaysPeacetime ?? CopyFreshness.peacetimeLimitDays, backup?.maxAgeDaysIncident ?? CopyFreshness.incidentLimitDays)
    }

    /// The clinic's own networks, where the attacker may be.
    public struct Network: Sendable, Equatable, Codable {
        /// CIDR, as written (`192.168.1.0/24`); checked when loaded.
        public var subnets: [String]

        /// The subnets, parsed.
        public var cidrs: [CIDR] { subnets.compactMap { CIDR($0) } }
    }

    /// A cyber-insurance policy: whom to notify, and within how many days.
    public struct Insurance: Sendable, Equatable, Codable {
        public var insurer: String
        public var policy: String?
        public var phone: String?
        public var hours: String?
        /// The policy's notice period in days, counting the day of awareness as day 1.
        public var noticeDays: Int?
    }

    /// The institution itself.
    public struct Facility: Sendable, Equatable, Codable {
        /// Empty while the sample profile is still being filled in (`doctor` says so).
        public var name: String
        public var address: String?
        public var phone: String?
        public var email: String?
        /// 管理者 (the manager under the Medical Care Act).
        public var manager: String?
        /// IANA time zone; Asia/Tokyo when not given.
        public var timeZone: String
        /// A public body (行政機関等) follows other PPC rules (threshold 100, not 1,000).
        public var publicBody: Bool
        /// Systems the facility runs (電子カルテ, レセコン, ネットワーク, …); each should have a vendor.
        public var systems: [String] = []
        /// The business operator (開設者 / 法人名), when not the manager (a 医療法人).
        public var operatorName: String? = nil
        /// The operator's representative with title (理事長 山田 太郎).
        public var representative: String? = nil
        /// Opening hours (「月-金 08:30-18:00, 土 08:30-12:30」, `OpeningHours`).
        public var openingHours: String? = nil
        /// Inpatient beds (none for a clinic without a ward).
        public var beds: Int? = nil
    }

    /// A person or office reachable for a role (`security-officer`, `director`, `mhlw`, …).
    public struct Contact: Sendable, Equatable, Codable {
        public var role: String
        public var name: String?
        public var organization: String?
        public var title: String?
        public var phone: String?
        public var mobile: String?
        public var email: String?
        public var hours: String?
        public var note: String?
    }

    /// A maintenance vendor, reachable as role `vendor:ID`.
    public struct Vendor: Sendable, Equatable, Codable {
        public var id: String
        public var name: String
        /// Systems it maintains (電子カルテ, レセコン, network, PACS, オンライン資格確認端末, …).
        public var systems: [String]
        public var contractScope: String?
        public var person: String?
        public var emergencyPhone: String?
        public var phone: String?
        public var email: String?
        public var hours: String?
        /// Where the vendor's remote-maintenance line enters the network.
        public var remoteAccess: String?
        public var note: String?

        public var role: String { Role.vendor(id).id }
    }

    /// The contacts for `role`, in the order they should be tried. `vendors`
    /// means every vendor; `vendor:ID` one of them.
    public func contacts(for role: String) -> [Contact] {
        let r = Role(role)
        if r.isEveryVendor { return vendors.map(\.asContact) }
        if let key = r.vendorKey { return vendors.filter { $0.id == key || $0.name == key }.map(\.asContact) }
        let listed = contacts.filter { $0.role == role }
        // The cyber-insurer's incident line, from the policy, unless listed as a contact.
        if listed.isEmpty, role == Role.insurer.id, let i = insurance, i.phone != nil {
            return [
                Contact(
                    role: role, name: nil, organization: i.insurer, title: nil, phone: i.phone, mobile: nil, email: nil, hours: i.hours,
                    note: i.policy)
            ]
        }
        return listed
    }

    /// Every role that can be called, in profile order: the contacts' roles,
    /// then `vendor:ID` for each vendor.
    public var roles: [String] {
        var seen: Set<String> = []
        let insurer = insurance != nil ? [Role.insurer.id] : []
        return (contacts.map(\.role) + insurer + Role.common + vendors.map(\.role)).filter { seen.insert($0).inserted }
    }

    /// The stored form of `role` (`vendor:NAME` becomes `vendor:ID`), or nil
    /// when the profile has nobody for it. `vendors` is not one callee.
    public func canonicalRole(_ role: String) -> String? {
        let trimmed = Role(role).id
        if let key = Role(role).vendorKey {
            return vendors.first { $0.id == key }?.role ?? vendors.first { $0.name == key && !key.isEmpty }?.role
        }
        // A role the guide, a hint, the paper or a draft may name is always
        // accepted: the common ones (MHLW, MIST, …) and the insurer of the policy.
        if contacts.contains(where: { $0.role == trimmed }) || Role.common.contains(trimmed) { return trimmed }
        if trimmed == Role.insurer.id, insurance != nil { return trimmed }
        return nil
    }

    /// The role `typed` most likely meant (`emr` → `vendor:emr`, `insurance` → `insurer`), for 「もしかして」.
    public func suggestedRole(_ typed: String) -> String? {
        let t = Role(typed).id
        if Role(t).vendorKey == nil, let v = canonicalRole(Role.vendor(t).id) { return v }
        if let v = vendors.first(where: { !$0.name.isEmpty && ($0.name.contains(t) || t.contains($0.name)) }) { return v.role }
        return NearestWord.nearest(t, among: roles)
    }
}

extension FacilityProfile.Vendor {
    /// The vendor as a callable contact (emergency number first).
    public var asContact: FacilityProfile.Contact {
        FacilityProfile.Contact(
            role: role, name: person, organization: name, title: nil, phone: emergencyPhone ?? phone,
            mobile: nil, email: email, hours: hours, note: contractScope)
    }
}
