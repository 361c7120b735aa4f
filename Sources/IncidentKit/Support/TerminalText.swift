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
    static let noLineStart: Set<Character> = [
        "、", "。", "，", "．", "）", "」", "』", "】", "〕", "〉", "》", "］", "｝", "！", "？", "：", "；", "・", "ー", "々", "ゝ", "ゞ", "ヽ", "ヾ",
        // Small kana (JIS X 4051 line-start prohibited characters).
        "ァ", "ィ", "ゥ", "ェ", "ォ", "ッ", "ャ", "ュ", "ョ", "ヮ", "ヵ", "ヶ", "ぁ", "ぃ", "ぅ", "ぇ", "ぉ", "っ", "ゃ", "ゅ", "ょ", "ゎ",
        ")", ",", ".", ":", ";",
    ]

    /// Splits `text` into lines of at most `columns`, breaking at spaces for
    /// Latin text and anywhere in CJK text; existing newlines are kept.
    public static func wrap(_ text: String, columns: Int) -> [String] {
        var lines: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = ""
            var lineWidth = 0
            var lastSpace: String.Index? = nil
            // Where the line could end after a wide character, so that a Latin
            // word following Japanese text (`記録者 root`) moves down whole.
            var lastWideEnd: String.Index? = nil
            // Where a short bracketed group (a name: `（鈴木 花子）`) began on this
            // line: a break inside it moves the whole group down instead.
            var group: String.Index? = nil
            // The group has closed; it still moves down with the 、。 that follow it.
            var closed = false
            // Inside a `code span` (a command to type), whose closing backtick ends a group too.
            var inCode = false
            let characters = Array(paragraph)
            for (i, ch) in characters.enumerated() {
                let w = ch.unicodeScalars.reduce(0) { $0 + width($1) }
                if closed, !Self.noLineStart.contains(ch) { (group, closed) = (nil, false) }
                let opensGroup = ch == "（" || (ch == "`" && !inCode)
                if ch == "`" { inCode.toggle() }
                if opensGroup {
                    group = groupWidth(characters, from: i).map { $0 <= min(maxGroup, columns - 4) } == true ? line.endIndex : nil
                    closed = false
                }
                if lineWidth + w > columns && !line.isEmpty {
                    let midWord = ch != " " && w == 1 && line.last.map { $0 != " " && width(String($0)) == 1 } == true
                    var insideGroup = false
                    if let start = group, start > line.startIndex, start < line.endIndex {
                        let rest = String(line[start...])
                        var head = line[..<start]
                        while head.last == " " { head.removeLast() }
                        lines.append(String(head))
                        line = rest
                        lineWidth = width(rest)
                        insideGroup = true
                    } else if midWord, let wide = lastWideEnd, wide > line.startIndex, wide < line.endIndex,
                        lastSpace.map({ $0 < wide }) ?? true, !Self.noLineStart.contains(line[wide])
                    {
                        let rest = String(line[wide...])
                        lines.append(String(line[..<wide]))
                        line = rest
                        lineWidth = width(rest)
                    } else if ch != " ", let cut = lastSpace, w == 1, lastWideEnd.map({ cut >= $0 }) ?? true {
                        // Break at the last space only when no Japanese text follows it
                        // (after Japanese text, the break comes right there instead).
                        let rest = String(line[line.index(after: cut)...])
                        lines.append(String(line[..<cut]))
                        line = rest
                        lineWidth = width(rest)
                    } else if Self.noLineStart.contains(ch), line.count > 1 {
                        // Japanese line breaking (kinsoku): 、。）」 never start a line;
                        // the character before them moves down with them, and so on
                        // while that one may not start a line either (`）。`).
                        var carried = ""
                        while line.count > 1, let last = line.last, carried.count < 4 {
                            line.removeLast()
                            carried = String(last) + carried
                            if !Self.noLineStart.contains(last) { break }
                        }
                        lines.append(line)
                        line = carried
                        lineWidth = width(line)
                    } else {
                        lines.append(line)
                        line = ""
                        lineWidth = 0
                    }
                    // An opening bracket never ends a line: it moves down with what it opens.
                    if let previous = lines.last, previous.count > 1, let opener = previous.last, noLineEnd.contains(opener) {
                        lines[lines.count - 1].removeLast()
                        line = String(opener) + line
                        lineWidth = width(line)
                    }
                    lastSpace = nil
                    lastWideEnd = nil
                    if insideGroup {
                        group = line.startIndex
                    } else {
                        (group, closed) = (nil, false)
                        // A space at a break is dropped, except the one inside a name moved down.
                        if ch == " " { continue }
                    }
                }
                if ch == " " { lastSpace = line.endIndex }
                line.append(ch)
                lineWidth += w
                if w == 2 { lastWideEnd = line.endIndex }
                if ch == "）" || (ch == "`" && !inCode), group != nil { closed = true }
            }
            lines.append(line)
        }
        return lines
    }

    /// Characters that must not end a line in Japanese text (opening brackets).
    static let noLineEnd: Set<Character> = ["（", "「", "『", "【", "〔", "〈", "《", "［", "｛", "("]

    /// The widest bracketed group kept on one line (`（医療情報システム安全管理責任者）` is not one).
    static let maxGroup = 24

    /// The width of the group (`（…）` or a `code span`) opening at `start`, or
    /// nil when it does not close within `maxGroup` columns on this paragraph.
    static func groupWidth(_ characters: [Character], from start: Int) -> Int? {
        let closer: Character = characters[start] == "（" ? "）" : "`"
        var total = width(String(characters[start]))
        for ch in characters[(start + 1)...] {
            total += ch.unicodeScalars.reduce(0) { $0 + width($1) }
            if ch == closer { return total }
            if total > maxGroup { return nil }
        }
        return nil
    }
}

extension TerminalText {
    /// The columns a terminal of unknown width is taken to have.
    public static let defaultColumns = 80

    /// The narrowest width text is wrapped to, however small the terminal says it is.
    public static let minimumColumns = 30

    /// The width to wrap to: `COLUMNS` when it is a number, else `reported`
    /// (the terminal's own answer, ioctl TIOCGWINSZ), else 80.
    public static func columns(environment: [String: String], reported: Int?) -> Int {
        let chosen =
            environment["COLUMNS"].flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }.flatMap { $0 > 0 ? $0 : nil }
            ?? reported.flatMap { $0 > 0 ? $0 : nil } ?? defaultColumns
        return max(minimumColumns, chosen)
    }

    /// Every line of `text` fitted to `columns`: a longer line is wrapped
    /// (Japanese line-breaking rules, see `wrap`) and its continuation lines are
    /// indented under the line's text — after the leading spaces and a list
    /// marker (`・`, `→ `, `- `, `[x] `), or, in a two-column line such as
    /// help's `  --db <path>   説明`, under the second column. The one helper
    /// every text the CLI prints goes through.
    public static func fit(_ text: String, columns: Int) -> String {
        let columns = max(minimumColumns, columns)
        var out: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = String(line)
            guard width(line) > columns else {
                out.append(line)
                continue
            }
            let (prefix, rest) = hangingPrefix(line, columns: columns)
            let indent = width(prefix)
            let parts = wrap(rest, columns: columns - indent)
            for (i, part) in parts.enumerated() {
                out.append((i == 0 ? prefix : String(repeating: " ", count: indent)) + part)
            }
        }
        return out.joined(separator: "\n")
    }

    /// The part of `line` continuation lines are indented under, and the rest.
    static func hangingPrefix(_ line: String, columns: Int) -> (String, String) {
        let chars = Array(line)
        var i = 0
        while i < chars.count, chars[i] == " " { i += 1 }
        // A two-column line: leading spaces, a label, two or more spaces, the text.
        var j = i
        while j < chars.count {
            if chars[j] == " ", j + 1 < chars.count, chars[j + 1] == " " {
                var k = j
                while k < chars.count, chars[k] == " " { k += 1 }
                let prefix = String(chars[..<k])
                if j > i, k < chars.count, width(prefix) <= columns / 2 {
                    return (prefix, String(chars[k...]))
                }
                break
            }
            j += 1
        }
        for marker in ["・", "→ ", "- ", "* ", "[x] ", "[ ] ", "[>] ", "[-] ", "[!] "] {
            let rest = String(chars[i...])
            if rest.hasPrefix(marker) {
                return (String(chars[..<i]) + marker, String(rest.dropFirst(marker.count)))
            }
        }
        // Deep indentation of a narrow terminal: wrap from the margin instead.
        if width(String(chars[..<i])) > columns / 2 { return ("", String(chars[i...])) }
        return (String(chars[..<i]), String(chars[i...]))
    }
}
