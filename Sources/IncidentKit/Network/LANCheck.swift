import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An IPv4 or IPv6 address as its bytes (4 or 16).
public struct IPAddress: Sendable, Hashable, CustomStringConvertible {
    public let bytes: [UInt8]

    public init?(_ text: String) {
        var host = text
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        if let percent = host.firstIndex(of: "%") { host = String(host[..<percent]) }  // fe80::1%wlan0
        var v4 = in_addr()
        var v6 = in6_addr()
        if inet_pton(AF_INET, host, &v4) == 1 {
            bytes = withUnsafeBytes(of: &v4) { Array($0) }
        } else if inet_pton(AF_INET6, host, &v6) == 1 {
            bytes = withUnsafeBytes(of: &v6) { Array($0) }
        } else {
            return nil
        }
    }

    public init(bytes: [UInt8]) { self.bytes = bytes }

    public var isIPv4: Bool { bytes.count == 4 }
    public var isLoopback: Bool { isIPv4 ? bytes[0] == 127 : bytes == Array(repeating: 0, count: 15) + [1] }
    /// 0.0.0.0 or :: (every interface at once).
    public var isUnspecified: Bool { bytes.allSatisfy { $0 == 0 } }

    public var description: String {
        if isIPv4 { return bytes.map(String.init).joined(separator: ".") }
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        var raw = in6_addr()
        withUnsafeMutableBytes(of: &raw) { $0.copyBytes(from: bytes) }
        _ = inet_ntop(AF_INET6, &raw, &buffer, socklen_t(buffer.count))
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Whether the first `prefix` bits of both addresses agree (same family only).
    func sharesPrefix(_ other: IPAddress, _ prefix: Int) -> Bool {
        guard bytes.count == other.bytes.count else { return false }
        for bit in 0..<prefix {
            let mask = UInt8(0x80) >> UInt8(bit % 8)
            if bytes[bit / 8] & mask != other.bytes[bit / 8] & mask { return false }
        }
        return true
    }
}

/// A network as `ADDRESS/PREFIX` (`192.168.1.0/24`, `fd00::/8`).
public struct CIDR: Sendable, Hashable, CustomStringConvertible {
    public let address: IPAddress
    public let prefix: Int

    public init?(_ text: String) {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let address = IPAddress(String(parts[0])), let prefix = Int(parts[1]), parts[1].allSatisfy(\.isASCII),
            (0...address.bytes.count * 8).contains(prefix)
        else { return nil }
        self.address = address
        self.prefix = prefix
    }

    public init(address: IPAddress, prefix: Int) {
        self.address = address
        self.prefix = prefix
    }

    public func contains(_ ip: IPAddress) -> Bool { address.sharesPrefix(ip, prefix) }

    /// Whether the two networks share any address.
    public func overlaps(_ other: CIDR) -> Bool { address.sharesPrefix(other.address, min(prefix, other.prefix)) }

    public var description: String { "\(address)/\(prefix)" }
}

/// One address of a network interface, as `getifaddrs` reports it.
public struct InterfaceAddress: Sendable, Equatable {
    public var interface: String
    public var network: CIDR

    public init(interface: String, network: CIDR) {
        self.interface = interface
        self.network = network
    }
}

/// Whether the board may listen on an address. Phones reach it over Wi-Fi, but
/// the attacker may be on the clinic's LAN: only a network that is isolated (the
/// laptop's own hotspot, a pocket router never connected to the Internet) is
/// accepted — not one with the default route, not one of the clinic's subnets.
public enum LANCheck {
    /// Why listening on an address is refused.
    public enum Refusal: Sendable, Equatable {
        /// Not a loopback address, and `lan` was not asked for.
        case needsLAN(host: String)
        /// 0.0.0.0 or ::, or a name: the interface must be named by its address.
        case notAnInterfaceAddress(host: String)
        /// No interface of this machine has the address.
        case noSuchInterface(host: String)
        /// The interface carries the default route: it reaches other networks (the clinic's, the Internet).
        case defaultRoute(interface: String)
        /// The interface's network is one of the clinic's own subnets (`network.subnets`).
        case clinicSubnet(interface: String, subnet: CIDR)
    }

    public enum Decision: Sendable, Equatable {
        /// Loopback: only this computer can reach it.
        case loopback
        /// An isolated network.
        case isolated(interface: String)
        /// Refused, unless forced with a reason.
        case refused([Refusal])
        /// Refused but overridden (`force`): the reason is recorded as an event.
        case forced(reason: String, [Refusal])
    }

    /// The decision for listening on `host`, given this machine's interfaces,
    /// the interfaces carrying a default route, and the clinic's own subnets.
    public static func decide(
        host: String, lan: Bool, force: String?, interfaces: [InterfaceAddress], defaultRouteInterfaces: Set<String>, clinicSubnets: [CIDR]
    ) -> Decision {
        let name = host.lowercased()
        if name == "localhost" { return .loopback }
        guard let ip = IPAddress(host) else { return refuse([.notAnInterfaceAddress(host: host)], force) }
        if ip.isLoopback { return .loopback }
        var refusals: [Refusal] = []
        if !lan && force == nil { refusals.append(.needsLAN(host: host)) }
        if ip.isUnspecified { return refuse(refusals + [.notAnInterfaceAddress(host: host)], force) }
        guard let owner = interfaces.first(where: { $0.network.address == ip }) else {
            return refuse(refusals + [.noSuchInterface(host: host)], force)
        }
        if defaultRouteInterfaces.contains(owner.interface) { refusals.append(.defaultRoute(interface: owner.interface)) }
        for subnet in clinicSubnets where subnet.contains(ip) || subnet.overlaps(owner.network) {
            refusals.append(.clinicSubnet(interface: owner.interface, subnet: subnet))
        }
        if refusals.isEmpty { return .isolated(interface: owner.interface) }
        return refuse(refusals, force)
    }

    private static func refuse(_ refusals: [Refusal], _ force: String?) -> Decision {
        // An address this machine does not have cannot be listened on, forced or not.
        if let force, !refusals.contains(where: \.isFatal) {
            return .forced(reason: force, refusals.filter { if case .needsLAN = $0 { false } else { true } })
        }
        return .refused(refusals)
    }

    // MARK: - This machine

    /// Interfaces carrying a default route: `/proc/net/route` (IPv4) and
    /// `/proc/net/ipv6_route` (IPv6) on Linux; empty elsewhere.
    public static func defaultRouteInterfaces(ipv4: String?, ipv6: String?) -> Set<String> {
        var result: Set<String> = []
        // Iface Destination Gateway Flags RefCnt Use Metric Mask …: destination and mask 00000000.
        for line in (ipv4 ?? "").split(separator: "\n").dropFirst() {
            let f = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            if f.count >= 8, f[1] == "00000000", f[7] == "00000000", let flags = Int(f[3], radix: 16), flags & 1 == 1 { result.insert(String(f[0])) }
        }
        // dest prefix src prefix next-hop metric refcnt use flags iface: ::/0, not the unreachable route.
        for line in (ipv6 ?? "").split(separator: "\n") {
            let f = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            if f.count >= 10, f[0].allSatisfy({ $0 == "0" }), f[1] == "00", let flags = Int(f[8], radix: 16), flags & 0x200 == 0, f[9] != "lo" {
                result.insert(String(f[9]))
            }
        }
        return result
    }

    /// This machine's default-route interfaces, read from /proc (Linux).
    public static func systemDefaultRouteInterfaces() -> Set<String> {
        defaultRouteInterfaces(
            ipv4: try? String(contentsOfFile: "/proc/net/route", encoding: .utf8),
            ipv6: try? String(contentsOfFile: "/proc/net/ipv6_route", encoding: .utf8))
    }

    /// This machine's interface addresses (`getifaddrs`).
    public static func systemInterfaces() -> [InterfaceAddress] {
        var first: UnsafeMutablePointer<ifaddrs>?
        guard getifaddrs(&first) == 0, let head = first else { return [] }
        defer { freeifaddrs(head) }
        var result: [InterfaceAddress] = []
        var cursor: UnsafeMutablePointer<ifaddrs>? = head
        while let entry = cursor {
            defer { cursor = entry.pointee.ifa_next }
            guard let address = entry.pointee.ifa_addr, let netmask = entry.pointee.ifa_netmask else { continue }
            let family = Int32(address.pointee.sa_family)
            let name = String(cString: entry.pointee.ifa_name)
            func bytes(_ sa: UnsafeMutablePointer<sockaddr>) -> [UInt8] {
                if family == AF_INET {
                    return sa.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { p in withUnsafeBytes(of: p.pointee.sin_addr) { Array($0) } }
                }
                return sa.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { p in withUnsafeBytes(of: p.pointee.sin6_addr) { Array($0) } }
            }
            guard family == AF_INET || family == AF_INET6 else { continue }
            let prefix = bytes(netmask).reduce(0) { $0 + $1.nonzeroBitCount }
            result.append(InterfaceAddress(interface: name, network: CIDR(address: IPAddress(bytes: bytes(address)), prefix: prefix)))
        }
        return result
    }
}

extension LANCheck.Refusal {
    /// A refusal no reason can override: there is nothing to listen on.
    var isFatal: Bool {
        switch self {
        case .notAnInterfaceAddress, .noSuchInterface: true
        default: false
        }
    }

}
