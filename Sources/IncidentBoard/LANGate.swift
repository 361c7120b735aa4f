import Foundation
import IncidentKit

/// Before listening beyond loopback: this machine's interfaces and routes, the
/// clinic's subnets from the store's facility profile, and `LANCheck`'s decision.
public enum LANGate {
    /// The decision for `address`, with `lan` (`--lan`) and `force` (`--lan-force REASON`).
    public static func decide(_ address: ListenAddress, lan: Bool, force: String?, dbPath: String) -> LANCheck.Decision {
        LANCheck.decide(
            host: address.host, lan: lan, force: force, interfaces: LANCheck.systemInterfaces(),
            defaultRouteInterfaces: LANCheck.systemDefaultRouteInterfaces(), clinicSubnets: clinicSubnets(dbPath: dbPath))
    }

    /// `network.subnets` of the facility profile imported into the store (none when there is no store or profile).
    public static func clinicSubnets(dbPath: String) -> [CIDR] {
        guard FileManager.default.fileExists(atPath: dbPath),
            let store = try? EventStore(path: dbPath, create: false, clock: .system),
            let profile = try? store.currentProfile()
        else { return [] }
        return profile.network?.cidrs ?? []
    }

    /// The refusal in words: each reason, then what to do instead.
    public static func refusal(_ refusals: [LANCheck.Refusal], _ l: Language) -> String {
        (refusals.map { $0.message(l) } + [LANCheck.Refusal.advice(l)]).joined(separator: "\n")
    }

    /// Records the override's reason on the incident writes go to; the incident's id, or nil when none is open.
    public static func recordOverride(
        reason: String, refusals: [LANCheck.Refusal], address: ListenAddress, configuration: BoardConfiguration, actor: String
    ) throws -> String? {
        guard FileManager.default.fileExists(atPath: configuration.dbPath) else { return nil }
        let store = try EventStore(path: configuration.dbPath, create: false, clock: configuration.clock)
        let choice = IncidentChoice(environment: configuration.incidentID, settings: LocalSettings.load(store: configuration.dbPath))
        guard let id = try? choice.resolve(in: store, for: .write).id else { return nil }
        let l = configuration.language
        let why = refusals.map { $0.message(l) }.joined(separator: " ")
        let text = l.pick(
            ja: "ボードを安全確認を省略して \(address.urlHost):\(address.port) で公開（--lan-force）。理由: \(reason)。省略した確認: \(why)",
            en: "Board opened on \(address.urlHost):\(address.port) overriding the network checks (--lan-force). Reason: \(reason). Checks overridden: \(why)")
        let service = IncidentService(store: store, clock: configuration.clock, language: l)
        _ = try service.record(.note(text), on: id, by: actor)
        return id
    }
}
