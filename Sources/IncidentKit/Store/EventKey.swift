import Crypto
import Foundation

/// An optional secret that vouches for each event: with it, every new event
/// also stores HMAC-SHA256(key, "incident-mac-v1\n" + its hash).
///
/// The hash chain alone is public arithmetic: anyone with the file can edit an
/// event and recompute every hash after it. A MAC cannot be recomputed without
/// the key, so `verify --key` catches edited, re-chained and forged events. It
/// cannot see events that were cut off the end or lost with a `-wal` file: the
/// outside anchors (`verify --against`, `verify --head`) catch those.
///
/// The file holds one line, `incident-key-v1 ` followed by 64 hex digits. It is
/// meant to live on a USB stick kept apart from the computer.
public struct EventKey: Sendable {
    static let header = "incident-key-v1"
    private let key: SymmetricKey

    /// A new random 256-bit key.
    public static func generate() -> EventKey { EventKey(key: SymmetricKey(size: .bits256)) }

    private init(key: SymmetricKey) { self.key = key }

    /// A short public fingerprint of the key (not secret), to tell two keys apart.
    public var fingerprint: String {
        let digest = key.withUnsafeBytes { SHA256.hash(data: Data(Array("incident-key-id-v1\n".utf8)) + Data($0)) }
        return String(HashChain.hex(digest).prefix(16))
    }

    /// The MAC of an event with stored hash `hash`.
    public func mac(ofHash hash: String) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: Array("incident-mac-v1\n\(hash)".utf8), using: key)
        return HashChain.hex(code)
    }

    /// Whether `mac` is this key's MAC of `hash` (constant time).
    public func vouches(for hash: String, mac: String) -> Bool {
        guard let bytes = Self.bytes(hex: mac), bytes.count == 32 else { return false }
        return HMAC<SHA256>.isValidAuthenticationCode(bytes, authenticating: Array("incident-mac-v1\n\(hash)".utf8), using: key)
    }

    /// Reads the key file at `path`.
    public static func load(_ path: String) throws(IncidentError) -> EventKey {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .keyUnusable(path: path, reason: FileManager.default.fileExists(atPath: path) ? .unreadable : .missing)
        }
        let text = String(decoding: data.prefix(256), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let parts = text.split(separator: " ")
        guard data.count < 256, parts.count == 2, parts[0] == header, let bytes = bytes(hex: String(parts[1])), bytes.count == 32 else {
            throw .keyUnusable(path: path, reason: .malformed)
        }
        return EventKey(key: SymmetricKey(data: bytes))
    }

    /// Writes this key to a new 0600 file at `path`. The folder must already
    /// exist (a mounted USB stick, not a folder made on the computer by mistake);
    /// an existing file is never overwritten.
    public func write(toNew path: String) throws(IncidentError) {
        let dir = PathText.folder(of: path)
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: dir.isEmpty ? "." : dir, isDirectory: &isDir), isDir.boolValue else {
            throw .keyUnusable(path: path, reason: .noFolder)
        }
        let hex = key.withUnsafeBytes { HashChain.hex($0) }
        try PrivateFile.write("\(Self.header) \(hex)\n", toNew: path)
    }

    static func bytes(hex: String) -> [UInt8]? {
        let digits = Array(hex.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(digits.count / 2)
        func value(_ c: UInt8) -> UInt8? {
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
            default: nil
            }
        }
        var i = 0
        while i < digits.count {
            guard let hi = value(digits[i]), let lo = value(digits[i + 1]) else { return nil }
            out.append(hi << 4 | lo)
            i += 2
        }
        return out
    }
}

/// Why a key file cannot be used.
public enum KeyProblem: String, Sendable, Equatable, Codable {
    case missing, unreadable, malformed, noFolder
}
