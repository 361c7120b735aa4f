import Foundation
import IncidentBoard
import IncidentKit
import Testing

/// `incident-serve` beyond loopback: `--lan` on an isolated network only;
/// `--lan-force REASON` overrides and records the reason.
extension ServeBinaryTests {
    /// An IPv4 address of this machine on an interface carrying the default route, if any.
    static var routedAddress: String? {
        let routed = LANCheck.systemDefaultRouteInterfaces()
        return LANCheck.systemInterfaces().first { routed.contains($0.interface) && $0.network.address.isIPv4 }?.network.address.description
    }

    static func refusal(_ arguments: [String], _ f: BoardFixture) throws -> (Int32, String) {
        let (process, line, err) = try Self.start("incident-serve", arguments, environment: Self.environment(f))
        process.waitUntilExit()
        #expect(line.isEmpty, "nothing listened")
        return (process.terminationStatus, String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))
    }

    @Test func anAddressThisMachineDoesNotHaveIsRefusedEvenForced() throws {
        let f = try BoardFixture()
        defer { f.cleanUp() }
        let (status, message) = try Self.refusal(["--lan", "--listen", "192.0.2.1:0"], f)
        #expect(status == 64)
        #expect(message.contains("「192.0.2.1」というアドレスがありません"))
        #expect(message.contains("テザリング"), "it says the network must be isolated")
        let (forced, _) = try Self.refusal(["--lan-force", "試験", "--listen", "192.0.2.1:0"], f)
        #expect(forced == 64)
        let (wildcard, said) = try Self.refusal(["--lan", "--listen", "0.0.0.0:0"], f)
        #expect(wildcard == 64)
        #expect(said.contains("このパソコンのアドレス"))
    }

    @Test(.enabled(if: routedAddress != nil, "this machine has no IPv4 address on an interface with a default route"))
    func theDefaultRoutesNetworkIsRefusedUnlessForcedWithARecordedReason() async throws {
        let f = try BoardFixture()
        defer { f.cleanUp() }
        let id = try f.declare()
        let address = try #require(Self.routedAddress)
        let (plain, needs) = try Self.refusal(["--listen", "\(address):0"], f)
        #expect(plain == 64)
        #expect(needs.contains("--lan"))
        let (lan, routed) = try Self.refusal(["--lan", "--listen", "\(address):0"], f)
        #expect(lan == 64)
        #expect(routed.contains("既定の経路"))
        #expect(routed.contains("ポケットルーター"))

        let r = try Self.running(
            "incident-serve", ["--lan-force", "訓練で院内LANを使う", "--listen", "\(address):0"], environment: Self.environment(f))
        #expect(r.url.host == address)
        #expect(Self.stop(r) == 0)
        let store = try EventStore(path: f.dbPath, create: false, clock: BoardFixture.clock)
        let notes = try store.events(of: id).compactMap { e -> String? in
            if case .note(let n) = e.body { return n.text }
            return nil
        }
        #expect(notes.contains { $0.contains("訓練で院内LANを使う") && $0.contains("既定の経路") })
    }
}
