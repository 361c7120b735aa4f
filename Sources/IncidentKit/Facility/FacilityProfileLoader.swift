import Foundation
import Yams

/// Loads and validates facility profiles, reporting every problem with file:line:column.
public enum FacilityProfileLoader {
    static let contactKeys: Set<String> = ["role", "name", "organization", "title", "phone", "mobile", "email", "hours", "note"]
    static let vendorKeys: Set<String> = [
        "id", "name", "systems", "contractScope", "person", "emergencyPhone", "phone", "email", "hours", "remoteAccess", "note",
    ]
    static let facilityKeys: Set<String> = [
        "name", "address", "phone", "email", "manager", "timeZone", "publicBody", "systems", "operator", "representative", "openingHours", "beds",
    ]
    static let insuranceKeys: Set<String> = ["insurer", "policy", "phone", "hours", "noticeDays"]

    /// Parses and checks `text`; `file` names the source in problems.
    public static func load(text: String, file: String) throws(IncidentError) -> FacilityProfile {
        let r = YAMLReader(file: file)
        let profile = read(text: text, reader: r)
        guard let profile, r.problems.isEmpty else {
            throw IncidentError.invalidFile(r.problems.sorted { ($0.line, $0.column) < ($1.line, $1.column) })
        }
        return profile
    }

    /// Reads a profile file from disk.
    public static func load(path: String) throws(IncidentError) -> FacilityProfile {
        try load(text: try readText(path: path), file: path)
    }

    private static func read(text: String, reader r: YAMLReader) -> FacilityProfile? {
        guard let root = r.parse(text),
            let map = r.mapping(root, "profile", allowed: ["facility", "contacts", "vendors", "insurance", "onCall", "network", "backup"], depth: 0)
        else {
            return nil
        }
        var facility: FacilityProfile.Facility? = nil
        if let node = r.required(map, "facility", in: "profile", at: root), let fm = r.mapping(node, "facility", allowed: facilityKeys, depth: 1) {
            // An empty name is accepted so that the sample can be imported while being filled in; doctor reports it.
            let name = r.string(r.required(fm, "name", in: "facility", at: node), "facility.name", allowEmpty: true)
                .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            var systems: [String] = []
            if let sn = fm["systems"], let list = r.sequence(sn, "facility.systems", depth: 2) {
                systems = list.compactMap { r.string($0, "facility.systems") }.map { $0.trimmingCharacters(in: .whitespaces) }
            }
            let tzName = fm["timeZone"].flatMap { r.string($0, "facility.timeZone") } ?? "Asia/Tokyo"
            if TimeZone(identifier: tzName) == nil, let n = fm["timeZone"] {
                r.report(
                    n, ja: "facility.timeZone「\(tzName)」は時間帯名ではありません（例: Asia/Tokyo）。",
                    en: "facility.timeZone '\(tzName)' is not a time zone name (e.g. Asia/Tokyo).")
            }
            let hours = optional(fm, "openingHours", "facility", r)
            if let hours, OpeningHours(hours) == nil, let n = fm["openingHours"] {
                r.report(
                    n, ja: "facility.openingHours「\(hours)」を読めません（例: 月-金 08:30-18:00, 土 08:30-12:30）。",
                    en: "facility.openingHours '\(hours)' cannot be read (e.g. Mon-Fri 08:30-18:00, Sat 08:30-12:30).")
            }
            var beds: Int? = nil
            if let bn = fm["beds"], let text = r.string(bn, "facility.beds") {
                beds = Int(text.trimmingCharacters(in: .whitespaces))
                if beds == nil || beds! < 0 {
                    r.report(bn, ja: "facility.beds は病床数（0 以上の整数）で書いてください。", en: "facility.beds must be a number of beds (0 or more).")
                    beds = nil
                }
            }
            if let name {
                facility = .init(
                    name: name, address: optional(fm, "address", "facility", r), phone: optional(fm, "phone", "facility", r),
                    email: optional(fm, "email", "facility", r), manager: optional(fm, "manager", "facility", r), timeZone: tzName,
                    publicBody: fm["publicBody"].flatMap { r.bool($0, "facility.publicBody") } ?? false, systems: systems,
                    operatorName: optional(fm, "operator", "facility", r), representative: optional(fm, "representative", "facility", r),
                    openingHours: hours, beds: beds)
            }
        }
        var contacts: [FacilityProfile.Contact] = []
        if let node = map["contacts"], let items = r.sequence(node, "contacts", depth: 1) {
            for item in items {
                guard let cm = r.mapping(item, "contacts", allowed: contactKeys, depth: 2) else { continue }
                guard let role = r.string(r.required(cm, "role", in: "contact", at: item), "contact.role") else { continue }
                if !Role(role).isPersonRole || role != Role(role).id, let n = cm["role"] {
                    r.report(
                        n, ja: "役割「\(role)」は英小文字とハイフンで書いてください（例: security-officer）。業者は vendors に書きます。",
                        en: "Role '\(role)' must be lowercase with hyphens (e.g. security-officer); vendors go under vendors.")
                }
                let c = FacilityProfile.Contact(
                    role: role, name: optional(cm, "name", role, r), organization: optional(cm, "organization", role, r),
                    title: optional(cm, "title", role, r), phone: optional(cm, "phone", role, r), mobile: optional(cm, "mobile", role, r),
                    email: optional(cm, "email", role, r), hours: optional(cm, "hours", role, r), note: optional(cm, "note", role, r))
                if c.name == nil && c.organization == nil && c.title == nil {
                    r.report(item, ja: "連絡先（\(role)）に name・organization・title のどれかを書いてください。", en: "Contact '\(role)' needs a name, an organization or a title.")
                }
                contacts.append(c)
            }
        }
        var vendors: [FacilityProfile.Vendor] = []
        if let node = map["vendors"], let items = r.sequence(node, "vendors", depth: 1) {
            var seen: Set<String> = []
            for item in items {
                guard let vm = r.mapping(item, "vendors", allowed: vendorKeys, depth: 2) else { continue }
                let id = r.string(r.required(vm, "id", in: "vendor", at: item), "vendor.id")
                let name = r.string(r.required(vm, "name", in: "vendor", at: item), "vendor.name", allowEmpty: true)
                    .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
                if let id, !seen.insert(id).inserted, let n = vm["id"] {
                    r.report(n, ja: "業者の id「\(id)」が重複しています。", en: "Duplicate vendor id '\(id)'.")
                }
                if let id, id.contains(where: { $0 == " " || $0 == ":" }), let n = vm["id"] {
                    r.report(n, ja: "業者の id「\(id)」に空白やコロンは使えません。", en: "Vendor id '\(id)' must not contain spaces or colons.")
                }
                var systems: [String] = []
                if let sn = vm["systems"], let list = r.sequence(sn, "vendor.systems", depth: 3) {
                    systems = list.compactMap { r.string($0, "vendor.systems") }
                }
                guard let id, let name else { continue }
                let label = "vendor \(id)"
                vendors.append(
                    .init(
                        id: id, name: name, systems: systems, contractScope: optional(vm, "contractScope", label, r),
                        person: optional(vm, "person", label, r), emergencyPhone: optional(vm, "emergencyPhone", label, r),
                        phone: optional(vm, "phone", label, r), email: optional(vm, "email", label, r), hours: optional(vm, "hours", label, r),
                        remoteAccess: optional(vm, "remoteAccess", label, r), note: optional(vm, "note", label, r)))
            }
        }
        var insurance: FacilityProfile.Insurance? = nil
        if let node = map["insurance"], let im = r.mapping(node, "insurance", allowed: insuranceKeys, depth: 1) {
            var days: Int? = nil
            if let dn = im["noticeDays"], let text = r.string(dn, "insurance.noticeDays") {
                days = Int(text.trimmingCharacters(in: .whitespaces))
                if days == nil || days! < 1 {
                    r.report(dn, ja: "insurance.noticeDays は 1 以上の日数で書いてください（例: 30）。", en: "insurance.noticeDays must be a number of days ≥ 1 (e.g. 30).")
                    days = nil
                }
            }
            if let insurer = optional(im, "insurer", "insurance", r) {
                insurance = .init(
                    insurer: insurer, policy: optional(im, "policy", "insurance", r), phone: optional(im, "phone", "insurance", r),
                    hours: optional(im, "hours", "insurance", r), noticeDays: days)
            } else {
                r.report(node, ja: "insurance に保険会社名（insurer）を書いてください。", en: "insurance needs the insurer's name (insurer).")
            }
        }
        var onCall: [String]? = nil
        if let node = map["onCall"], let list = r.sequence(node, "onCall", depth: 1) {
            onCall = list.compactMap { item in
                guard let role = r.string(item, "onCall") else { return nil }
                if !Role(role).isWellFormed { r.report(item, ja: "onCall の役割「\(role)」の書き方が違います。", en: "onCall role '\(role)' is malformed.") }
                return Role(role).id
            }
        }
        var network: FacilityProfile.Network? = nil
        if let node = map["network"], let nm = r.mapping(node, "network", allowed: ["subnets"], depth: 1) {
            var subnets: [String] = []
            if let sn = nm["subnets"], let list = r.sequence(sn, "network.subnets", depth: 2) {
                for item in list {
                    guard let text = r.string(item, "network.subnets") else { continue }
                    let trimmed = text.trimmingCharacters(in: .whitespaces)
                    if CIDR(trimmed) == nil {
                        r.report(
                            item, ja: "network.subnets の「\(trimmed)」はネットワークの書き方ではありません（例: 192.168.1.0/24、fd00::/8）。",
                            en: "network.subnets: '\(trimmed)' is not a network (e.g. 192.168.1.0/24, fd00::/8).")
                    } else {
                        subnets.append(trimmed)
                    }
                }
            }
            network = .init(subnets: subnets)
        }
        var backup: FacilityProfile.Backup? = nil
        if let node = map["backup"], let bm = r.mapping(node, "backup", allowed: ["maxAgeDays"], depth: 1) {
            backup = .init()
            if let an = bm["maxAgeDays"], let am = r.mapping(an, "backup.maxAgeDays", allowed: ["peacetime", "incident"], depth: 2) {
                backup?.maxAgeDaysPeacetime = days(am, "peacetime", example: CopyFreshness.peacetimeLimitDays, r)
                backup?.maxAgeDaysIncident = days(am, "incident", example: CopyFreshness.incidentLimitDays, r)
            }
        }
        guard let facility else { return nil }
        return FacilityProfile(
            facility: facility, contacts: contacts, vendors: vendors, sourceText: text, insurance: insurance, onCall: onCall, network: network,
            backup: backup)
    }

    /// The longest a copy-age limit may be: ten years.
    static let maxCopyAgeDays = 3650

    /// `backup.maxAgeDays.KEY`: a whole number of days from 1 to ten years, or nil (the default) when absent.
    private static func days(_ map: [String: Node], _ key: String, example: Int, _ r: YAMLReader) -> Int? {
        let field = "backup.maxAgeDays.\(key)"
        guard let node = map[key], let text = r.string(node, field) else { return nil }
        guard let days = Int(text.trimmingCharacters(in: .whitespaces)), (1...maxCopyAgeDays).contains(days) else {
            r.report(
                node, ja: "\(field) は 1〜\(maxCopyAgeDays) の日数で書いてください（例: \(example)）。「\(text)」は使えません。",
                en: "\(field) must be a number of days from 1 to \(maxCopyAgeDays) (e.g. \(example)), not '\(text)'.")
            return nil
        }
        return days
    }

    /// An optional string; blank counts as absent (placeholders in the sample are left empty).
    private static func optional(_ map: [String: Node], _ key: String, _ owner: String, _ r: YAMLReader) -> String? {
        // Notes, addresses and contract scopes may span lines; names and numbers may not.
        let multiline = ["note", "address", "contractScope", "remoteAccess"].contains(key)
        guard let node = map[key], let text = r.string(node, "\(owner).\(key)", allowEmpty: true, multiline: multiline) else { return nil }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty || trimmed == "~" ? nil : trimmed
    }
}
