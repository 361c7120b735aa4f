import Foundation

/// The equipment ledger (機器台帳) and the backup register: what the clinic has,
/// where it is, who maintains it, what faces the outside, and what is backed up.
/// Kept in a companion file beside the facility profile (`equipment.yaml`, or CSV
/// exported from Excel), imported into the store with `ledger import`.
public struct EquipmentLedger: Sendable, Equatable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case server, terminal, network
        case onlineQualification = "online-qualification"
        case remoteMaintenance = "remote-maintenance"
        case other

        public func label(_ l: Language) -> String {
            switch self {
            case .server: l.pick(ja: "サーバ", en: "server")
            case .terminal: l.pick(ja: "端末PC", en: "terminal PC")
            case .network: l.pick(ja: "ネットワーク機器", en: "network device")
            case .onlineQualification: l.pick(ja: "オンライン資格確認端末", en: "online qualification terminal")
            case .remoteMaintenance: l.pick(ja: "リモート保守機器", en: "remote-maintenance device")
            case .other: l.pick(ja: "その他", en: "other")
            }
        }

        /// The value, or the Japanese label staff write in Excel.
        public init?(input: String) {
            let t = input.trimmingCharacters(in: .whitespaces)
            if let k = Kind(rawValue: t.lowercased()) { self = k; return }
            guard
                let k = Kind.allCases.first(where: { $0.label(.ja) == t || ($0 == .terminal && t == "端末") || ($0 == .remoteMaintenance && t == "リモートメンテナンス機器") }
                )
            else { return nil }
            self = k
        }
    }

    /// External connection: none, or the way in from outside.
    public enum Connection: String, Sendable, Codable, CaseIterable {
        case none, internet, vpn
        case remoteMaintenance = "remote-maintenance"

        public func label(_ l: Language) -> String {
            switch self {
            case .none: l.pick(ja: "なし", en: "none")
            case .internet: l.pick(ja: "インターネット", en: "internet")
            case .vpn: "VPN"
            case .remoteMaintenance: l.pick(ja: "リモート保守回線", en: "remote-maintenance line")
            }
        }

        public init?(input: String) {
            let t = input.trimmingCharacters(in: .whitespaces)
            if t.isEmpty { return nil }
            if let c = Connection(rawValue: t.lowercased()) { self = c; return }
            switch t {
            case "なし", "無", "無し", "no": self = .none
            case "インターネット": self = .internet
            case "リモート保守回線", "リモート保守", "リモートメンテナンス", "保守回線": self = .remoteMaintenance
            default: return nil
            }
        }
    }

    /// `YYYY-MM`, as the ledger keeps installation and support-end dates.
    public struct Month: Sendable, Hashable, Comparable, CustomStringConvertible {
        public var year: Int
        public var month: Int
        public init?(_ text: String) {
            let parts = text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "/", with: "-").split(
                separator: "-", omittingEmptySubsequences: false)
            guard parts.count == 2, parts[0].count == 4, (1...2).contains(parts[1].count), let y = Int(parts[0]), let m = Int(parts[1]), (1...12).contains(m)
            else { return nil }
            (year, month) = (y, m)
        }
        public init(year: Int, month: Int) { (self.year, self.month) = (year, month) }
        var index: Int { year * 12 + month - 1 }
        public func adding(months n: Int) -> Month { Month(year: (index + n) / 12, month: (index + n) % 12 + 1) }
        public static func < (a: Month, b: Month) -> Bool { a.index < b.index }
        public var description: String { "\(pad(year, 4))-\(pad(month, 2))" }
    }

    public struct Device: Sendable, Equatable {
        public var name: String
        public var kind: Kind
        public var location: String?
        public var purpose: String?
        /// The maintaining vendor's id in the facility profile (`vendors[].id`).
        public var vendor: String?
        public var installed: Month?
        public var supportEnd: Month?
        public var connection: Connection
        /// How it reaches the outside (line, router, VPN gateway, the vendor's access): needed for any connection but none.
        public var route: String?
        public var systems: [String]
        /// Where the entry is in its file, for messages.
        public var line: Int
    }

    public struct Backup: Sendable, Equatable {
        public var system: String
        public var what: String?
        public var frequency: String?
        public var generations: Int?
        public var media: String?
        public var place: String?
        public var offline: Bool?
        public var lastRestoreTest: Day?
        public var restoredBy: String?
        public var vendorRestoreTime: String?
        public var line: Int
    }

    public var devices: [Device]
    public var backups: [Backup]

    /// `Profiles/equipment-sample.yaml`, as embedded (no vendor numbers in it).
    public static var sampleYAML: String { EmbeddedResources.files["Profiles/equipment-sample.yaml"] ?? "" }

    public init(devices: [Device] = [], backups: [Backup] = []) { (self.devices, self.backups) = (devices, backups) }

    /// The devices that serve `system` (case-insensitive).
    public func devices(serving system: String) -> [Device] {
        let key = system.trimmingCharacters(in: .whitespaces).lowercased()
        return devices.filter { $0.systems.contains { $0.trimmingCharacters(in: .whitespaces).lowercased() == key } }
    }

    public func device(named name: String) -> Device? {
        let key = name.trimmingCharacters(in: .whitespaces).lowercased()
        return devices.first { $0.name.lowercased() == key }
    }

    /// Devices facing the outside first (remote maintenance, VPN, internet): the likely ways in.
    public var externallyConnected: [Device] {
        let order: [Connection] = [.remoteMaintenance, .vpn, .internet]
        return devices.filter { $0.connection != .none }.sorted { order.firstIndex(of: $0.connection)! < order.firstIndex(of: $1.connection)! }
    }

    /// For a name the ledger does not know (neither a device nor a system it or
    /// `systems` names): the nearest device or system name, when one is close.
    /// Nil when the name is known or nothing is near.
    public func suggestion(for name: String, also systems: [String] = []) -> String? {
        let key = name.trimmingCharacters(in: .whitespaces).lowercased()
        var names = devices.map(\.name)
        for s in devices.flatMap(\.systems) + systems + backups.map(\.system) where !names.contains(s) { names.append(s) }
        if names.contains(where: { $0.lowercased() == key }) { return nil }
        let scored = names.map { ($0, Self.distance(key, $0.lowercased())) }
        guard let best = scored.min(by: { ($0.1, $0.0.count) < ($1.1, $1.0.count) }) else { return nil }
        // Close: at most a third of the longer name differs, or one contains the other.
        let longer = max(key.count, best.0.count)
        if best.1 * 3 <= longer || best.0.lowercased().contains(key) || key.contains(best.0.lowercased()) { return best.0 }
        return nil
    }

    /// Edit distance in characters (names are short).
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        var row = Array(0...b.count)
        for i in 1...a.count {
            var previous = row[0]
            row[0] = i
            for j in 1...b.count {
                let current = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1))
                previous = current
            }
        }
        return row[b.count]
    }

    public func backup(of system: String) -> Backup? {
        let key = system.trimmingCharacters(in: .whitespaces).lowercased()
        return backups.first { $0.system.lowercased() == key }
    }
}
