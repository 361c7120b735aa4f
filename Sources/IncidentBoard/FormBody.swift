import Foundation

/// A posted form (`application/x-www-form-urlencoded`) as name → value; a
/// name given twice keeps its last value. Nothing else is accepted as a body.
struct FormBody: Sendable, Equatable {
    var values: [String: String]

    init(_ values: [String: String] = [:]) { self.values = values }

    /// Decodes `text`: `+` is a space, `%XX` bytes are UTF-8 (invalid bytes become U+FFFD,
    /// which the library's text check refuses).
    init(decoding text: String) {
        var values: [String: String] = [:]
        for part in text.split(separator: "&", omittingEmptySubsequences: true) {
            let pair = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = Self.unescape(pair[0])
            values[name] = pair.count > 1 ? Self.unescape(pair[1]) : ""
        }
        self.values = values
    }

    subscript(_ name: String) -> String? { values[name] }

    /// The value of `name` trimmed, nil when absent or blank.
    func trimmed(_ name: String) -> String? {
        guard let v = values[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !v.isEmpty else { return nil }
        return v
    }

    static func unescape(_ s: Substring) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(s.utf8.count)
        var i = s.utf8.startIndex
        let u = s.utf8
        while i < u.endIndex {
            let c = u[i]
            if c == UInt8(ascii: "+") {
                bytes.append(UInt8(ascii: " "))
            } else if c == UInt8(ascii: "%"), let h = u.index(i, offsetBy: 1, limitedBy: u.endIndex), h < u.endIndex,
                let l = u.index(h, offsetBy: 1, limitedBy: u.endIndex), l < u.endIndex, let hi = hex(u[h]), let lo = hex(u[l])
            {
                bytes.append(hi << 4 | lo)
                i = l
            } else {
                bytes.append(c)
            }
            i = u.index(after: i)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func hex(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
