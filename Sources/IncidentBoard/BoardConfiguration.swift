import Foundation
import IncidentKit

/// What one running board serves: which store, which session token, which
/// address it answers on, and the clock and language it reads with.
public struct BoardConfiguration: Sendable {
    /// The SQLite store (it may not exist yet: pages then say so).
    public var dbPath: String
    /// The secret that opens a session (`?token=` once, or `Authorization: Bearer`).
    public var token: SessionToken
    /// The address the server listens on; the `Host` header must name it.
    public var listen: ListenAddress
    /// The language of pages without `?lang=` (`--lang`, else `INCIDENT_LANG`, else ja).
    public var language: Language
    /// `INCIDENT_ID`: the incident read commands act on, as for the CLI.
    public var incidentID: String?
    /// `INCIDENT_TEMPLATES`: a facility's report templates (for `status`'s missing fields).
    public var templatesDirectory: String?
    /// The one clock: the machine's, or a fixed one in tests.
    public var clock: Clock

    public init(
        dbPath: String, token: SessionToken, listen: ListenAddress, language: Language = .ja, incidentID: String? = nil,
        templatesDirectory: String? = nil, clock: Clock = .system
    ) {
        self.dbPath = dbPath
        self.token = token
        self.listen = listen
        self.language = language
        self.incidentID = incidentID
        self.templatesDirectory = templatesDirectory
        self.clock = clock
    }

    /// The store's default path, as the CLI chooses it: `INCIDENT_DB`, else
    /// `$XDG_DATA_HOME/incident/incident.sqlite`, else `~/.local/share/incident/incident.sqlite`.
    public static func defaultDBPath(environment: [String: String]) -> String {
        if let env = environment["INCIDENT_DB"], !env.isEmpty { return env }
        let base =
            environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (NSHomeDirectory() as NSString).appendingPathComponent(".local/share")
        return (base as NSString).appendingPathComponent("incident/incident.sqlite")
    }
}

/// `HOST:PORT` the board listens on: loopback, or with `--lan` an address of an
/// isolated network (checked by `LANCheck` before the server starts).
public struct ListenAddress: Sendable, Equatable {
    public var host: String
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Why a `--listen` value is refused.
    public enum Problem: Error, Equatable, Sendable {
        case malformed(String)
        case notLoopback(String)

        public func message(_ l: Language) -> String {
            switch self {
            case .malformed(let text):
                l.pick(
                    ja: "--listen の値「\(text)」が読めません。HOST:PORT の形で指定してください（例: 127.0.0.1:8080、空いているポートを使うなら 127.0.0.1:0）。",
                    en: "Cannot read --listen value '\(text)': give HOST:PORT (e.g. 127.0.0.1:8080, or 127.0.0.1:0 for any free port).")
            case .notLoopback(let host):
                l.pick(
                    ja: "「\(host)」はこのパソコンの外から届くアドレスです。スマートフォンから使うときは --lan を付けてください"
                        + "（院内LANから切り離したネットワークに限ります）。このパソコンだけで使うなら 127.0.0.1 を指定します。",
                    en: "'\(host)' can be reached from outside this computer: add --lan to serve phones (on an isolated network only). "
                        + "For this computer alone, use 127.0.0.1.")
            }
        }
    }

    /// Parses `HOST:PORT` (`[::1]:PORT` for IPv6); port 0 asks for any free port.
    public static func parse(_ text: String) throws(Problem) -> ListenAddress {
        try parse(text, lan: false)
    }

    /// Parses `HOST:PORT`; with `lan`, any host (`LANCheck` decides before listening).
    public static func parse(_ text: String, lan: Bool) throws(Problem) -> ListenAddress {
        guard let colon = text.lastIndex(of: ":") else { throw .malformed(text) }
        var host = String(text[..<colon])
        let portText = text[text.index(after: colon)...]
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty, let port = Int(portText), (0...65535).contains(port), portText.allSatisfy(\.isASCII) else {
            throw .malformed(text)
        }
        guard lan || isLoopback(host) else { throw .notLoopback(host) }
        return ListenAddress(host: host, port: port)
    }

    /// Whether only this computer can reach the address.
    public var isLoopbackAddress: Bool { Self.isLoopback(host) }

    static func isLoopback(_ host: String) -> Bool {
        let h = host.lowercased()
        if h == "localhost" || h == "::1" { return true }
        let parts = h.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { UInt8($0) != nil }
    }

    /// The host as written in a URL or a `Host` header (`[::1]` for IPv6).
    public var urlHost: String { host.contains(":") ? "[\(host)]" : host }

    /// The address to open, with the session token: the first line the server prints.
    public func startURL(token: SessionToken) -> String {
        "http://\(urlHost):\(port)/?token=\(token.value)"
    }

    /// Every `Host` header value that names this address: `host:port`, also
    /// `localhost:port` when bound to a loopback address, and the bare host
    /// when the port is HTTP's default. Lowercased.
    public var acceptedHosts: Set<String> {
        var names: Set<String> = [urlHost.lowercased()]
        if Self.isLoopback(host) { names.insert("localhost") }
        var hosts = Set(names.map { "\($0):\(port)" })
        if port == 80 { hosts.formUnion(names) }
        return hosts
    }
}

/// The session secret: at least 32 characters of `[A-Za-z0-9_-]`.
public struct SessionToken: Sendable, Equatable {
    public let value: String

    /// Minimum length of a token given by `INCIDENT_SERVE_TOKEN`.
    public static let minimumLength = 32

    /// A token from a script (`INCIDENT_SERVE_TOKEN`); nil unless it is long enough and uses only the allowed characters.
    public init?(_ value: String) {
        guard value.count >= Self.minimumLength, value.unicodeScalars.allSatisfy(Self.isAllowed) else { return nil }
        self.value = value
    }

    /// A fresh random token: 32 random bytes in URL-safe Base64 (43 characters).
    public static func random() -> SessionToken {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let text = Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        return SessionToken(text)!
    }

    static func isAllowed(_ c: Unicode.Scalar) -> Bool {
        switch c {
        case "A"..."Z", "a"..."z", "0"..."9", "-", "_": true
        default: false
        }
    }

    /// Whether `candidate` is this token, compared in constant time (for a given length).
    public func matches(_ candidate: some StringProtocol) -> Bool {
        Self.constantTimeEqual(Array(value.utf8), Array(candidate.utf8))
    }

    /// Compares every byte whatever the first difference, so the time taken tells nothing of the secret.
    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        var difference = UInt8(truncatingIfNeeded: a.count ^ b.count) | (a.count == b.count ? 0 : 1)
        for i in 0..<max(a.count, b.count) {
            let x = i < a.count ? a[i] : 0
            let y = i < b.count ? b[i] : 0
            difference |= x ^ y
        }
        return difference == 0
    }

    /// The refusal of a token from `INCIDENT_SERVE_TOKEN` that is too short or uses other characters.
    public static func refusal(_ l: Language) -> String {
        l.pick(
            ja: "INCIDENT_SERVE_TOKEN が使えません: \(minimumLength)文字以上で、英数字と - _ だけにしてください"
                + "（例: head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '='）。指定しなければ毎回新しいものを作ります。",
            en: "INCIDENT_SERVE_TOKEN cannot be used: give at least \(minimumLength) characters of A-Z, a-z, 0-9, - and _ "
                + "(e.g. head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '='). Leave it unset for a fresh token each time.")
    }
}
