import Foundation
import Yams

/// Reads a YAML document into checked values, collecting every problem with its
/// file:line:column instead of stopping at the first one.
///
/// Hostile input is refused before it can cost memory or time: files over
/// `maxBytes`, anchors and aliases (the "billion laughs"), and nesting deeper
/// than `maxDepth`.
final class YAMLReader {
    let file: String
    private(set) var problems: [SourceProblem] = []
    static let maxBytes = 1 << 20
    static let maxDepth = 32

    init(file: String) { self.file = file }

    /// Parses `text`, or records why it cannot be parsed.
    func parse(_ text: String) -> Node? {
        if text.utf8.count > Self.maxBytes {
            report(
                line: 0, column: 0, ja: "ファイルが大きすぎます（\(text.utf8.count) バイト、上限 \(Self.maxBytes) バイト）。",
                en: "The file is too large (\(text.utf8.count) bytes; the limit is \(Self.maxBytes)).")
            return nil
        }
        if let (line, column) = Self.excessiveFlowNesting(text) {
            report(line: line, column: column, ja: "入れ子が深すぎます（上限 \(Self.maxDepth) 段）。", en: "Nesting is too deep (limit \(Self.maxDepth) levels).")
            return nil
        }
        do {
            // The basic resolver: every scalar is read as text (the loaders convert), which
            // spares compiling the default resolver's regular expressions on every run.
            guard let node = try Yams.compose(yaml: text, .basic) else {
                report(line: 1, column: 1, ja: "ファイルが空です。", en: "The file is empty.")
                return nil
            }
            return node
        } catch let error as YamlError {
            switch error {
            case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
                report(line: mark.line, column: mark.column, ja: "YAML の構文エラー: \(problem)", en: "YAML syntax error: \(problem)")
            case .reader(let problem, _, _, _):
                report(line: 0, column: 0, ja: "読み取れない文字があります: \(problem)（UTF-8 で保存してください）", en: "Unreadable characters: \(problem) (save the file as UTF-8)")
            default:
                report(line: 0, column: 0, ja: "YAML を読み取れません: \(error)", en: "Cannot read the YAML: \(error)")
            }
        } catch {
            report(line: 0, column: 0, ja: "YAML を読み取れません: \(error)", en: "Cannot read the YAML: \(error)")
        }
        return nil
    }

    /// Flow collections (`[[[[…`) nest without indentation; the composer recurses
    /// on them, so refuse absurd depth before composing.
    static func excessiveFlowNesting(_ text: String) -> (Int, Int)? {
        var depth = 0, line = 1, column = 0
        var quote: UInt8? = nil
        // "- - - - x" nests block sequences on a single line.
        var leaderDashes = 0, inLeader = true
        for byte in text.utf8 {
            column += 1
            if byte == 10 {
                if leaderDashes > maxDepth { return (line, 1) }
                line += 1; column = 0; leaderDashes = 0; inLeader = true; quote = nil
                continue
            }
            if inLeader {
                if byte == 45 { leaderDashes += 1; continue }
                if byte != 32 { inLeader = false }
            }
            if byte == 35 && quote == nil && depth == 0 { inLeader = false }
            if let q = quote { if byte == q { quote = nil }; continue }
            switch byte {
            case 34, 39: quote = byte
            case 91, 123: depth += 1
            case 93, 125: depth = max(0, depth - 1)
            default: break
            }
            if depth > maxDepth || leaderDashes > maxDepth { return (line, column) }
        }
        if leaderDashes > maxDepth { return (line, column) }
        return nil
    }

    func report(_ node: Node?, ja: String, en: String) {
        report(line: node?.mark?.line ?? 0, column: node?.mark?.column ?? 0, ja: ja, en: en)
    }

    func report(line: Int, column: Int, ja: String, en: String) {
        problems.append(SourceProblem(file: file, line: line, column: column, message: LocalizedText(ja: ja, en: en)))
    }

    /// A mapping's entries by key. Reports unknown and duplicate keys, aliases,
    /// and a node that is not a mapping.
    func mapping(_ node: Node, _ what: String, allowed: Set<String>, depth: Int) -> [String: Node]? {
        guard checkDepth(node, depth), noAnchor(node) else { return nil }
        guard case .mapping(let mapping) = node else {
            report(node, ja: "\(what) はキーと値の組（マッピング）で書いてください。", en: "\(what) must be a mapping of keys to values.")
            return nil
        }
        var result: [String: Node] = [:]
        for (keyNode, value) in mapping {
            guard noAnchor(keyNode), noAnchor(value), case .scalar(let key) = keyNode else {
                report(keyNode, ja: "\(what) のキーは文字列にしてください。", en: "Keys of \(what) must be plain strings.")
                continue
            }
            if !allowed.contains(key.string) {
                let list = allowed.sorted().joined(separator: ", ")
                report(keyNode, ja: "\(what) に不明なキー「\(key.string)」があります（使えるキー: \(list)）。", en: "Unknown key '\(key.string)' in \(what) (allowed: \(list)).")
                continue
            }
            if result[key.string] != nil {
                report(keyNode, ja: "\(what) のキー「\(key.string)」が重複しています。", en: "Duplicate key '\(key.string)' in \(what).")
                continue
            }
            result[key.string] = value
        }
        return result
    }

    /// A mapping whose keys are data (answer values, say) rather than a fixed set:
    /// its entries in file order with their key nodes, for problems that point at a key.
    /// Reports non-string and duplicate keys, aliases, and a node that is not a mapping.
    func entries(_ node: Node, _ what: String, depth: Int) -> [(key: String, keyNode: Node, value: Node)]? {
        guard checkDepth(node, depth), noAnchor(node) else { return nil }
        guard case .mapping(let mapping) = node else {
            report(node, ja: "\(what) はキーと値の組（マッピング）で書いてください。", en: "\(what) must be a mapping of keys to values.")
            return nil
        }
        var result: [(key: String, keyNode: Node, value: Node)] = []
        for (keyNode, value) in mapping {
            guard noAnchor(keyNode), noAnchor(value), case .scalar(let key) = keyNode else {
                report(keyNode, ja: "\(what) のキーは文字列にしてください。", en: "Keys of \(what) must be plain strings.")
                continue
            }
            if result.contains(where: { $0.key == key.string }) {
                report(keyNode, ja: "\(what) のキー「\(key.string)」が重複しています。", en: "Duplicate key '\(key.string)' in \(what).")
                continue
            }
            result.append((key.string, keyNode, value))
        }
        return result
    }

    /// A sequence's items, or nil after reporting.
    func sequence(_ node: Node, _ what: String, depth: Int) -> [Node]? {
        guard checkDepth(node, depth), noAnchor(node) else { return nil }
        guard case .sequence(let sequence) = node else {
            report(node, ja: "\(what) はリスト（- で始まる行）で書いてください。", en: "\(what) must be a list (lines starting with -).")
            return nil
        }
        return Array(sequence)
    }

    func required(_ map: [String: Node], _ key: String, in what: String, at node: Node) -> Node? {
        if let value = map[key] { return value }
        report(node, ja: "\(what) に必須のキー「\(key)」がありません。", en: "\(what) lacks the required key '\(key)'.")
        return nil
    }

    /// A non-empty string: single-line unless `multiline` (see `TextRules`:
    /// control characters refused everywhere; bidi controls, zero-width
    /// characters and separators refused in single-line fields; length limits).
    func string(_ node: Node?, _ what: String, allowEmpty: Bool = false, multiline: Bool = false) -> String? {
        guard let node, noAnchor(node) else { return nil }
        guard case .scalar(let scalar) = node else {
            report(node, ja: "\(what) は文字列にしてください。", en: "\(what) must be a string.")
            return nil
        }
        let text = scalar.string
        let limit = multiline ? TextRules.maxBlockBytes : TextRules.maxLineBytes
        if text.utf8.count > limit {
            report(node, ja: "\(what) が長すぎます（\(text.utf8.count) バイト、上限 \(limit) バイト）。", en: "\(what) is too long (\(text.utf8.count) bytes, limit \(limit)).")
            return nil
        }
        if let (bad, position) = TextRules.firstForbidden(in: text, singleLine: !multiline) {
            let code = TextRules.code(bad)
            // Where the character is: on the scalar's own line for a plain one-line value.
            let line = node.mark?.line ?? 0
            let column = (node.mark?.column ?? 0) + (multiline || text.contains("\n") ? 0 : position - 1 + (scalar.style == .plain ? 0 : 1))
            let kind =
                bad.value == 0x0A
                ? LocalizedText(ja: "改行", en: "a line break")
                : TextRules.isInvisible(bad.value)
                    ? LocalizedText(ja: "見えない文字（方向制御・ゼロ幅・区切り）", en: "an invisible character (bidi control, zero-width or separator)")
                    : LocalizedText(ja: "制御文字", en: "a control character")
            report(
                line: line, column: column,
                ja: "\(what) に使えない\(kind.ja) \(code) があります（\(position) 文字目）。通常の文字で書き直してください。",
                en: "\(what) contains \(kind.en) \(code) (character \(position)); write it with ordinary characters.")
            return nil
        }
        if !allowEmpty && text.allSatisfy(\.isWhitespace) {
            report(node, ja: "\(what) が空です。", en: "\(what) is empty.")
            return nil
        }
        return text
    }

    func int(_ node: Node?, _ what: String) -> Int? {
        guard let node, let text = string(node, what) else { return nil }
        guard let value = Int(text) else {
            report(node, ja: "\(what) は整数にしてください（「\(text)」）。", en: "\(what) must be an integer (got '\(text)').")
            return nil
        }
        return value
    }

    func bool(_ node: Node?, _ what: String) -> Bool? {
        guard let node, let text = string(node, what) else { return nil }
        switch text.lowercased() {
        case "true", "yes": return true
        case "false", "no": return false
        default:
            report(node, ja: "\(what) は true か false にしてください（「\(text)」）。", en: "\(what) must be true or false (got '\(text)').")
            return nil
        }
    }

    /// `{ja: …, en: …}`: both languages are required.
    func localized(_ node: Node?, _ what: String, depth: Int) -> LocalizedText? {
        guard let node, let map = mapping(node, what, allowed: ["ja", "en"], depth: depth) else { return nil }
        let ja = string(required(map, "ja", in: what, at: node), "\(what).ja", multiline: true)
        let en = string(required(map, "en", in: what, at: node), "\(what).en", multiline: true)
        guard let ja, let en else { return nil }
        return LocalizedText(ja: Self.trimBlock(ja), en: Self.trimBlock(en))
    }

    /// Block scalars keep a final newline; text is compared and shown without it.
    static func trimBlock(_ text: String) -> String {
        var t = text
        while t.hasSuffix("\n") { t.removeLast() }
        return t
    }

    private func checkDepth(_ node: Node, _ depth: Int) -> Bool {
        if depth > Self.maxDepth {
            report(node, ja: "入れ子が深すぎます。", en: "Nesting is too deep.")
            return false
        }
        return true
    }

    /// Counts every value visited. Aliases (`*name`) make the composer reuse a
    /// node, so a "billion laughs" document is small to parse but exponential to
    /// walk: the walk stops once it has seen more values than any real file has.
    private func noAnchor(_ node: Node) -> Bool {
        visited += 1
        if visited > Self.maxValues {
            if !exhausted {
                exhausted = true
                report(
                    node, ja: "値が多すぎます（上限 \(Self.maxValues) 個）。アンカーとエイリアス（& と *）は使わず、値をそのまま書いてください。",
                    en: "Too many values (limit \(Self.maxValues)). Anchors and aliases (& and *) are not allowed; write the values out.")
            }
            return false
        }
        return true
    }

    private var visited = 0
    private var exhausted = false
    static let maxValues = 100_000
}
