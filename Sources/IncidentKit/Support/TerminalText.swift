/// Display width and wrapping for terminals, where CJK characters take two columns.
public enum TerminalText {
    /// Columns `scalar` occupies on a terminal (East Asian Wide and Fullwidth count 2).
    public static func width(_ scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        if v == 0 || (0x300...0x36F).contains(v) || v == 0x200B || (0xFE00...0xFE0F).contains(v) { return 0 }
        if (0x1100...0x115F).contains(v) || (0x2E80...0x303E).contains(v) || (0x3041...0x33FF).contains(v)
            || (0x3400...0x4DBF).contains(v) || (0x4E00...0x9FFF).contains(v) || (0xA000...0xA4CF).contains(v)
            || (0xAC00...0xD7A3).contains(v) || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v)
            || (0xFF00...0xFF60).contains(v) || (0xFFE0...0xFFE6).contains(v) || (0x1F300...0x1F64F).contains(v)
            || (0x1F900...0x1F9FF).contains(v) || (0x20000...0x3FFFD).contains(v)
        {
            return 2
        }
        return 1
    }

    /// Columns `text` occupies.
    public static func width(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { $0 + width($1) }
    }

    /// `text` padded with spaces to `columns`.
    public static func pad(_ text: String, to columns: Int) -> String {
        let w = width(text)
        return w >= columns ? text : text + String(repeating: " ", count: columns - w)
    }

    /// Characters that must not begin a line in Japanese text.
    static let noLineStart: Set<Character> = ["、", "。", "，", "．", "）", "」", "』", "】", "〕", "！", "？", "・", "ー", "ッ", "ャ", "ュ", "ョ", "っ", "ゃ", "ゅ", "ょ", ")", ",", ".", ":", ";"]

    /// Splits `text` into lines of at most `columns`, breaking at spaces for
    /// Latin text and anywhere in CJK text; existing newlines are kept.
    public static func wrap(_ text: String, columns: Int) -> [String] {
        var lines: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = ""
            var lineWidth = 0
            var lastSpace: String.Index? = nil
            for ch in paragraph {
                let w = ch.unicodeScalars.reduce(0) { $0 + width($1) }
                if lineWidth + w > columns && !line.isEmpty {
                    if ch != " ", let cut = lastSpace, w == 1 {
                        let rest = String(line[line.index(after: cut)...])
                        lines.append(String(line[..<cut]))
                        line = rest
                        lineWidth = width(rest)
                    } else if Self.noLineStart.contains(ch), line.count > 1, let last = line.last {
                        // Japanese line breaking (kinsoku): 、。）」 never start a line;
                        // the character before them moves down with them.
                        line.removeLast()
                        lines.append(line)
                        line = String(last)
                        lineWidth = width(line)
                    } else {
                        lines.append(line)
                        line = ""
                        lineWidth = 0
                    }
                    lastSpace = nil
                    if ch == " " { continue }
                }
                if ch == " " { lastSpace = line.endIndex }
                line.append(ch)
                lineWidth += w
            }
            lines.append(line)
        }
        return lines
    }
}
