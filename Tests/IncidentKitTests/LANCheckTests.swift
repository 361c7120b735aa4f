import Foundation
import Testing

@testable import IncidentKit

/// Listening beyond loopback: only on an isolated network (no default route,
/// not one of the clinic's subnets), unless overridden with a reason.
@Suite struct LANCheckTests {
    static let hotspot = InterfaceAddress(interface: "wlan0", network: CIDR("10.42.0.1/24")!)
    static let clinicLAN = InterfaceAddress(interface: "eth0", network: CIDR("192.168.1.23/24")!)
    static let v6 = InterfaceAddress(interface: "wlan0", network: CIDR("fd42::1/64")!)
    static let interfaces = [hotspot, clinicLAN, v6, InterfaceAddress(interface: "lo", network: CIDR("127.0.0.1/8")!)]

    static func decide(_ host: String, lan: Bool = true, force: String? = nil, routes: Set<String> = [], subnets: [String] = [])
        -> LANCheck.Decision
    {
        LANCheck.decide(
            host: host, lan: lan, force: force, interfaces: interfaces, defaultRouteInterfaces: routes, clinicSubnets: subnets.map { CIDR($0)! })
    }

    @Test func theTable() {
        // Loopback never needs --lan.
        #expect(Self.decide("127.0.0.1", lan: false) == .loopback)
        #expect(Self.decide("::1", lan: false) == .loopback)
        #expect(Self.decide("localhost", lan: false) == .loopback)
        // An isolated hotspot, with --lan.
        #expect(Self.decide("10.42.0.1", routes: ["eth0"], subnets: ["192.168.1.0/24"]) == .isolated(interface: "wlan0"))
        #expect(Self.decide("fd42::1", routes: ["eth0"]) == .isolated(interface: "wlan0"))
        #expect(Self.decide("[fd42::1]") == .isolated(interface: "wlan0"))
        // Without --lan, even an isolated network is refused.
        #expect(Self.decide("10.42.0.1", lan: false) == .refused([.needsLAN(host: "10.42.0.1")]))
        // The default route: refused.
        #expect(Self.decide("192.168.1.23", routes: ["eth0"]) == .refused([.defaultRoute(interface: "eth0")]))
        #expect(Self.decide("fd42::1", routes: ["wlan0"]) == .refused([.defaultRoute(interface: "wlan0")]))
        // One of the clinic's own subnets (the interface's address inside, or its network overlapping).
        let subnet = CIDR("192.168.0.0/16")!
        #expect(Self.decide("192.168.1.23", subnets: ["192.168.0.0/16"]) == .refused([.clinicSubnet(interface: "eth0", subnet: subnet)]))
        #expect(
            Self.decide("192.168.1.23", subnets: ["192.168.1.128/25"])
                == .refused([.clinicSubnet(interface: "eth0", subnet: CIDR("192.168.1.128/25")!)]))
        #expect(Self.decide("fd42::1", subnets: ["fd42::/16"]) == .refused([.clinicSubnet(interface: "wlan0", subnet: CIDR("fd42::/16")!)]))
        #expect(Self.decide("10.42.0.1", subnets: ["192.168.0.0/16", "fd00::/8"]) == .isolated(interface: "wlan0"))
        // Both at once, each said.
        #expect(
            Self.decide("192.168.1.23", lan: false, routes: ["eth0"], subnets: ["192.168.1.0/24"])
                == .refused([
                    .needsLAN(host: "192.168.1.23"), .defaultRoute(interface: "eth0"), .clinicSubnet(interface: "eth0", subnet: CIDR("192.168.1.0/24")!),
                ]))
        // Every interface at once, or an address this machine does not have: never, even forced.
        #expect(Self.decide("0.0.0.0") == .refused([.notAnInterfaceAddress(host: "0.0.0.0")]))
        #expect(Self.decide("::", force: "x") == .refused([.notAnInterfaceAddress(host: "::")]))
        #expect(Self.decide("clinic.local") == .refused([.notAnInterfaceAddress(host: "clinic.local")]))
        #expect(Self.decide("10.9.9.9", force: "x") == .refused([.noSuchInterface(host: "10.9.9.9")]))
    }

    @Test func forcingKeepsTheReasonAndWhatWasOverridden() {
        #expect(
            Self.decide("192.168.1.23", lan: false, force: "院内LANしかない", routes: ["eth0"])
                == .forced(reason: "院内LANしかない", [.defaultRoute(interface: "eth0")]))
        #expect(Self.decide("10.42.0.1", force: "念のため") == .isolated(interface: "wlan0"), "nothing to override")
    }

    @Test func routesAreReadFromProc() {
        let ipv4 = """
            Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT
            eth0\t00000000\t0101A8C0\t0003\t0\t0\t100\t00000000\t0\t0\t0
            eth0\t0001A8C0\t00000000\t0001\t0\t0\t100\t00FFFFFF\t0\t0\t0
            wlan0\t002A0A0A\t00000000\t0001\t0\t0\t600\t00FFFFFF\t0\t0\t0
            """
        let ipv6 = """
            fd420000000000000000000000000000 40 00000000000000000000000000000000 00 00000000000000000000000000000000 00000100 00000001 00000000 00000001 wlan0
            00000000000000000000000000000000 00 00000000000000000000000000000000 00 fe800000000000000000000000000001 00000400 00000001 00000000 00000003 usb0
            00000000000000000000000000000000 00 00000000000000000000000000000000 00 00000000000000000000000000000000 ffffffff 00000001 00000000 00200200 lo
            """
        #expect(LANCheck.defaultRouteInterfaces(ipv4: ipv4, ipv6: ipv6) == ["eth0", "usb0"])
        #expect(LANCheck.defaultRouteInterfaces(ipv4: nil, ipv6: nil).isEmpty)
    }

    @Test func addressesAndNetworks() {
        #expect(IPAddress("192.168.1.2")?.bytes == [192, 168, 1, 2])
        #expect(IPAddress("fe80::1%wlan0")?.description == "fe80::1")
        #expect(IPAddress("256.1.1.1") == nil)
        #expect(CIDR("10.0.0.0/33") == nil)
        #expect(CIDR("10.0.0.0") == nil)
        #expect(CIDR("fd00::/8")?.contains(IPAddress("fd12::5")!) == true)
        #expect(CIDR("10.0.0.0/8")?.contains(IPAddress("::ffff:10.0.0.1")!) == false, "families never mix")
        // This machine's own interfaces include loopback.
        #expect(LANCheck.systemInterfaces().contains { $0.network.address.isLoopback })
    }

    @Test func theProfileListsTheClinicsSubnetsAndNamesABadOne() throws {
        let good = "facility:\n  name: A\nnetwork:\n  subnets:\n    - 192.168.1.0/24\n    - fd00::/8\n"
        let p = try FacilityProfileLoader.load(text: good, file: "f.yaml")
        #expect(p.network?.cidrs == [CIDR("192.168.1.0/24")!, CIDR("fd00::/8")!])
        let bad = "facility:\n  name: A\nnetwork:\n  subnets:\n    - 192.168.1.0/24\n    - 192.168.300.0/24\n"
        #expect {
            _ = try FacilityProfileLoader.load(text: bad, file: "f.yaml")
        } throws: { error in
            guard case IncidentError.invalidFile(let problems) = error, let first = problems.first else { return false }
            return first.file == "f.yaml" && first.line == 6 && first.message.ja.contains("192.168.300.0/24")
        }
        let unknownKey = "facility:\n  name: A\nnetwork:\n  subnet: 10.0.0.0/8\n"
        #expect(throws: (any Error).self) { try FacilityProfileLoader.load(text: unknownKey, file: "f.yaml") }
        // The built-in sample still loads (its network section is a comment to fill in).
        #expect(try FacilityProfileLoader.load(text: FacilityProfile.sampleText, file: "facility-sample.yaml").network == nil)
    }
}
