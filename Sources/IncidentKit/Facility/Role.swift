import Foundation

/// A contact role as runbooks, profiles and `contact` events name it: a person's
/// role (`security-officer`), its deputy (`security-officer-deputy`), one vendor
/// (`vendor:ID`), or every vendor (`vendors`, in runbooks only). The one place
/// that knows these forms; events keep the plain string.
public struct Role: Hashable, Sendable, CustomStringConvertible {
    public let id: String

    public init(_ id: String) { self.id = id.trimmingCharacters(in: .whitespaces) }

    public var description: String { id }

    /// Roles every facility may call, whether or not its profile lists them: the
    /// runbook and the drafts name them, so `contact` always accepts them.
    public static let common = ["security-officer", "director", "office-manager", "mhlw", "police", "ppc", "mist"]

    /// The cyber-insurer's incident line (the profile's `insurance`, or a contact with this role).
    public static let insurer = Role("insurer")
    /// `vendors`: every vendor of the profile, each called on its own.
    public static let everyVendor = Role("vendors")
    static let vendorPrefix = "vendor:"
    /// The suffix naming a deputy role.
    public static let deputySuffix = "-deputy"

    /// The role of vendor `id`.
    public static func vendor(_ id: String) -> Role { Role(vendorPrefix + id) }

    /// The vendor's id or name for `vendor:X`, else nil.
    public var vendorKey: String? { id.hasPrefix(Self.vendorPrefix) ? String(id.dropFirst(Self.vendorPrefix.count)) : nil }

    public var isEveryVendor: Bool { self == .everyVendor }

    /// Help offered rather than a call owed in the first hour (DOMAIN §5, §7): the
    /// police (recommended), MIST, the insurer's line and the optional public
    /// desks. The next action never waits for them.
    public var isAdvisory: Bool {
        ["police", "mist", "insurer", "jma", "prefecture", "public-health-center"].contains(principal?.id ?? id)
    }

    /// The principal of a deputy role (`security-officer` for `security-officer-deputy`).
    public var principal: Role? { id.hasSuffix(Self.deputySuffix) ? Role(String(id.dropLast(Self.deputySuffix.count))) : nil }

    /// This role's deputy.
    public var deputy: Role { Role(id + Self.deputySuffix) }

    /// A person's role as a profile writes it: lowercase words joined by hyphens.
    public var isPersonRole: Bool { Self.isKebabIdentifier(id) }

    /// `^[a-z0-9]+(-[a-z0-9]+)*$`, checked byte by byte (a Swift `Regex` costs
    /// far more, and runbooks and profiles are read on every command).
    public static func isKebabIdentifier(_ text: String) -> Bool {
        var previousWasHyphen = true  // no leading hyphen
        var any = false
        for b in text.utf8 {
            switch b {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): previousWasHyphen = false
            case UInt8(ascii: "-"):
                if previousWasHyphen { return false }
                previousWasHyphen = true
            default: return false
            }
            any = true
        }
        return any && !previousWasHyphen
    }

    /// Any form a runbook step or a `contact` may name (a person's role or `vendor:X`).
    public var isWellFormed: Bool {
        if let key = vendorKey { return !key.isEmpty && !key.contains(where: \.isNewline) }
        return isPersonRole
    }

    /// The role as people read it: the usual title of the common roles, a
    /// vendor's company name, or the title the profile gives a facility's own
    /// role; the id only when nothing else is known.
    public func title(profile: FacilityProfile?, _ l: Language) -> String {
        if let key = vendorKey, let v = profile?.contacts(for: id).first?.organization {
            // One company maintaining several systems is one call naming them all.
            let systems = (profile?.vendors ?? []).filter { $0.name == v && !v.isEmpty }.flatMap(\.systems)
            guard (profile?.vendors ?? []).filter({ $0.name == v }).count > 1, !systems.isEmpty, key != v else { return v }
            return l.pick(ja: "\(v)（\(systems.joined(separator: "・"))）", en: "\(v) (\(systems.joined(separator: ", ")))")
        }
        switch id {
        case "security-officer": return l.pick(ja: "医療情報システム安全管理責任者", en: "security officer")
        case "security-officer-deputy": return l.pick(ja: "安全管理責任者の代理", en: "deputy security officer")
        case "director": return l.pick(ja: "院長", en: "director")
        case "office-manager": return l.pick(ja: "事務長", en: "office manager")
        case "mhlw": return l.pick(ja: "厚生労働省", en: "MHLW")
        case "police": return l.pick(ja: "警察", en: "police")
        case "ppc": return l.pick(ja: "個人情報保護委員会", en: "PPC")
        case "mist": return "MIST"
        case "insurer": return l.pick(ja: "サイバー保険の事故受付窓口", en: "cyber-insurance incident line")
        case "jma": return l.pick(ja: "日本医師会 サイバーセキュリティ支援窓口", en: "JMA cyber-security hotline")
        case "prefecture": return l.pick(ja: "都道府県の医療政策担当課", en: "prefectural medical-policy desk")
        case "public-health-center": return l.pick(ja: "保健所", en: "public health centre")
        default:
            // A facility's own role: the title its profile gives, else the id.
            if let p = profile?.contacts.first(where: { $0.role == id })?.title, !p.isEmpty { return p }
            if let principal { return principal.title(profile: profile, l) + l.pick(ja: "の代理", en: " (deputy)") }
            return vendorKey ?? id
        }
    }
}
