import IncidentKit

extension LANCheck.Refusal {
    /// The refusal in words.
    public func message(_ l: Language) -> String {
        switch self {
        case .needsLAN(let host):
            l.pick(
                ja: "「\(host)」はこのパソコンの外から届くアドレスです。スマートフォンから使うときは --lan を付けてください。",
                en: "'\(host)' can be reached from outside this computer: add --lan to serve phones.")
        case .notAnInterfaceAddress(let host):
            l.pick(
                ja: "「\(host)」では待ち受けできません。スマートフォンをつなぐネットワークの、このパソコンのアドレス（例: 10.42.0.1）を指定してください。",
                en: "Cannot listen on '\(host)': give this computer's address on the phones' network (e.g. 10.42.0.1).")
        case .noSuchInterface(let host):
            l.pick(
                ja: "このパソコンには「\(host)」というアドレスがありません（ip addr で確かめてください）。",
                en: "This computer has no address '\(host)' (check with ip addr).")
        case .defaultRoute(let interface):
            l.pick(
                ja: "\(interface) はインターネットや院内LANにつながる経路（既定の経路）を持っています。攻撃者が同じネットワークにいるかもしれません。",
                en: "\(interface) carries the default route (to the Internet or the clinic's LAN); the attacker may be on that network.")
        case .clinicSubnet(let interface, let subnet):
            l.pick(
                ja: "\(interface) は院内のネットワーク \(subnet)（施設プロファイルの network.subnets）の中にあります。攻撃者が同じネットワークにいるかもしれません。",
                en: "\(interface) is on the clinic's own network \(subnet) (network.subnets in the facility profile); the attacker may be on it.")
        }
    }

    /// What to do instead, said once after the refusals.
    public static func advice(_ l: Language) -> String {
        l.pick(
            ja: "スマートフォンは、院内LANからもインターネットからも切り離されたネットワークでつないでください（このパソコン自身のテザリング・アクセスポイント、"
                + "またはインターネットにつないだことのないポケットルーター）。どうしても使う場合は --lan-force \"理由\" で理由を記録して開始できます。",
            en: "Connect the phones over a network isolated from the clinic's LAN and the Internet (this computer's own hotspot, "
                + "or a pocket router never connected to the Internet). To go ahead anyway, --lan-force \"REASON\" records the reason.")
    }
}
