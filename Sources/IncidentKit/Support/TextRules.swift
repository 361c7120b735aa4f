/// What text read from files and typed by staff may contain.
///
/// Control characters could drive the terminal (ESC/OSC sequences) or hide
/// part of a line (`\r`); bidi controls, zero-width characters and line or
/// paragraph separators make what staff see differ from what is stored.
/// Single-line fields (names, numbers, ids) refuse all of them; multi-line
/// text (guidance, notes) refuses control characters other than newline and tab,
/// and shows the invisible ones as `<U+202E>` wherever it is displayed.
public enum TextRules {
    /// Longest single-line field from a file (bytes): a name or a number, never a document.
    public static let maxLineBytes = 1_000
    /// Longest multi-line text from a file (bytes).
    public static let maxBlockBytes = 32_000

    /// A control character: C0 (except newline and tab where allowed), DEL, C1, or U+FFFD.
    static func isControl(_ v: UInt32, allowNewline: Bool) -> Bool {
        if v == 0x0A || v == 0x09 { return !allowNewline }
        return v < 0x20 || (0x7F...0x9F).contains(v) || v == 0xFFFD
    }

    /// Characters that change or hide what is shown without being seen: bidi
    /// controls and marks, zero-width characters, line and paragraph separators.
    public static func isInvisible(_ v: UInt32) -> Bool {
        (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v) || v == 0x200E || v == 0x200F || v == 0x061C
            || (0x200B...0x200D).contains(v) || v == 0x2060 || v == 0xFEFF || v == 0x2028 || v == 0x2029 || v == 0x00AD
    }

    /// The first character `text` may not contain, with its position (1-based, in characters).
    public static func firstForbidden(in text: String, singleLine: Bool) -> (scalar: Unicode.Scalar, position: Int)? {
        var position = 0
        for scalar in text.unicodeScalars {
            position += 1
            let v = scalar.value
            if isControl(v, allowNewline: !singleLine) || (singleLine && isInvisible(v)) { return (scalar, position) }
        }
        return nil
    }

    /// `U+202E`.
    public static func code(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    /// `text` with every invisible or control character (other than newline and
    /// tab) written as `<U+XXXX>`, for display.
    public static func visible(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { isInvisible($0.value) || isControl($0.value, allowNewline: true) }) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if isInvisible(scalar.value) || isControl(scalar.value, allowNewline: true) {
                out.append(contentsOf: "<\(code(scalar))>".unicodeScalars)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }
}
