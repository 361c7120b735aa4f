import ArgumentParser
import Foundation
import IncidentKit

/// argument-parser's help and usage errors, as this CLI shows them: help fitted
/// to the terminal's display width (argument-parser counts characters, and a
/// Japanese character takes two columns), usage errors in the user's language
/// with the nearest command or option suggested. Exit status stays 64.
enum UsageErrorText {
    /// Arguments whose output is for machines (completion scripts, the help dump
    /// the manual plugin reads) and must pass through untouched.
    static func isMachineRequest(_ args: [String]) -> Bool {
        args.contains { $0.hasPrefix("--generate-completion-script") || $0 == "--experimental-dump-help" || $0.hasPrefix("---completion") }
    }

    /// argument-parser's help dump (`--experimental-dump-help`, which the manual
    /// plugin reads) with every text in English only. The plugin drops every
    /// non-ASCII character, so a bilingual "日本語 / English" text would reach the
    /// man page as " / English": keep the English half, and leave out lines and
    /// values that are Japanese only.
    static func englishDump(_ json: String) -> String {
        guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) else { return json }
        // `→` continues a Japanese line in our help texts (平時の準備: … → …).
        func isJapanese(_ s: Substring) -> Bool { s.unicodeScalars.contains { TerminalText.width($0) == 2 || $0 == "→" } }
        func english(_ text: String) -> String {
            if text.contains("|"), !text.contains(" ") {
                return text.split(separator: "|", omittingEmptySubsequences: false).filter { !isJapanese($0) }.joined(separator: "|")
            }
            // Line by line: "日本語 / English" keeps its English half; a Japanese-only line is left out.
            return text.split(separator: "\n", omittingEmptySubsequences: false).compactMap { line -> Substring? in
                if let r = line.range(of: " / "), isJapanese(line[..<r.lowerBound]) {
                    let indent = line.prefix { $0 == " " }
                    return isJapanese(line[r.upperBound...]) ? nil : Substring(indent + line[r.upperBound...])
                }
                return isJapanese(line) ? nil : line
            }.joined(separator: "\n").trimmingCharacters(in: .newlines)
        }
        func walk(_ value: Any) -> Any {
            if let d = value as? [String: Any] { return d.mapValues(walk) }
            if let a = value as? [Any] { return a.map(walk) }
            if let s = value as? String { return english(s) }
            return value
        }
        guard let data = try? JSONSerialization.data(withJSONObject: walk(object), options: [.sortedKeys, .withoutEscapingSlashes]) else { return json }
        return String(decoding: data, as: UTF8.self)
    }

    /// The whole text of a usage error, in `l`.
    static func render(_ error: Error, arguments args: [String], _ l: Language) -> String {
        let brief = IncidentCommand.message(for: error)
        let full = IncidentCommand.fullMessage(for: error, columns: 10_000)
        let lines = full.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let usage = lines.first { $0.hasPrefix("Usage: ") }.map { String($0.dropFirst(7)) }
        let helpCommand =
            lines.lazy.compactMap { line -> String? in
                guard let a = line.range(of: "See '"), let b = line.range(of: "' for more information.") else { return nil }
                return String(line[a.upperBound..<b.lowerBound])
            }.first ?? "incident --help"
        var out = l.pick(ja: "エラー: ", en: "Error: ") + translate(brief, arguments: args, l)
        if let usage {
            out += "\n" + l.pick(ja: "使い方: ", en: "Usage: ") + usage
        }
        out += "\n" + l.pick(ja: "詳しくは: \(helpCommand)", en: "See '\(helpCommand)' for more information.")
        return out
    }

    /// The word in `args` that names no subcommand where one is expected
    /// (`incident stauts`, `incident step strat 1`), the names it could have
    /// been, and the command path before it.
    static func unknownCommand(_ args: [String]) -> (word: String, names: [String], path: String)? {
        var command: ParsableCommand.Type = IncidentCommand.self
        var path = "incident"
        for arg in args {
            let subcommands = command.configuration.subcommands
            guard !subcommands.isEmpty, !arg.hasPrefix("-"), arg != "help" else { return nil }
            if let next = subcommands.first(where: { $0.configuration.commandName == arg }) {
                command = next
                path += " " + arg
                continue
            }
            return (arg, subcommands.compactMap { $0.configuration.commandName }, path)
        }
        return nil
    }

    /// The known name nearest to `word` (edit distance at most 2, or a prefix), if any.
    static func nearest(_ word: String, among names: [String]) -> String? { NearestWord.nearest(word, among: names) }

    /// The Japanese label typed in place of an enumerated value, if it has one.
    static func japaneseLabel(_ value: String) -> String? {
        if let o: EventBody.Contact.Outcome = .init(rawValue: value) { return EventDescription.outcome(o, .ja) }
        if let s: EventBody.Impact.Status = .init(rawValue: value) { return EventDescription.status(s, .ja) }
        if let c: EventBody.Submitted.Channel = .init(rawValue: value) { return ObligationKind.channelName(c, .ja) }
        return nil
    }

    /// The values argument-parser lists in an invalid-value message.
    static func valuesIn(_ message: String) -> [String] {
        guard let r = message.range(of: "one of") else { return [] }
        return message[r.upperBound...].replacingOccurrences(of: " or ", with: ",").replacingOccurrences(of: "\n", with: ",")
            .split(separator: ",").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: " '.:-")) }
            .filter { !$0.isEmpty && !$0.contains(" ") }
    }

    /// 「もしかして: X。」 when a value is near one of `values`.
    static func suggestion(_ word: String, _ values: [String]) -> String {
        nearest(word, among: values).map { "もしかして: \($0)。" } ?? ""
    }

    /// argument-parser's one-line message in `l`.
    static func translate(_ message: String, arguments args: [String], _ l: Language) -> String {
        if let (word, names, _) = unknownCommand(args) {
            let hint = nearest(word, among: names).map { l.pick(ja: "もしかして: \($0)", en: "Did you mean: \($0)") }
            let base = l.pick(ja: "「\(word)」というコマンドはありません。", en: "There is no command '\(word)'.")
            return [base, hint].compactMap { $0 }.joined(separator: "\n")
        }
        // Our own validation messages are written "日本語 / English".
        if let range = message.range(of: " / "), message[..<range.lowerBound].unicodeScalars.contains(where: { TerminalText.width($0) == 2 }) {
            return l == .ja ? String(message[..<range.lowerBound]) : String(message[range.upperBound...])
        }
        func match(_ pattern: String) -> [String]? {
            guard let re = try? NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators]),
                let m = re.firstMatch(in: message, range: NSRange(message.startIndex..., in: message))
            else { return nil }
            return (0..<m.numberOfRanges).map { i in Range(m.range(at: i), in: message).map { String(message[$0]) } ?? "" }
        }
        guard l == .ja else {
            // argument-parser lists the values; say which one was probably meant.
            if let m = match("^The value '([^']*)' is invalid for '[^']+'"), let near = nearest(m[1], among: valuesIn(message)) {
                return message + "\nDid you mean: \(near)?"
            }
            return message
        }
        if let m = match("^Unknown option '([^']+)'(?:\\. Did you mean '([^']+)'\\?)?$") {
            return "オプション \(m[1]) はありません。" + (m[2].isEmpty ? "" : "もしかして: \(m[2])")
        }
        if let m = match("^Missing expected argument '([^']+)'$") {
            return "\(m[1]) を指定してください（必須です）。"
        }
        if let m = match("^Missing one of: (.+)$") {
            return "次のどれかを指定してください: \(m[1])"
        }
        if let m = match("^Missing value for '([^']+)'$") {
            return "\(m[1]) の値がありません。"
        }
        if let m = match("^Unexpected argument '([^']*)'$") {
            return "余分な引数「\(m[1])」があります。空白を含む値は \"…\" で囲んでください。"
        }
        if let m = match("^\\d+ unexpected arguments: (.+)$") {
            return "余分な引数があります: \(m[1])。空白を含む値は \"…\" で囲んでください。"
        }
        // Longer lists come one per line: "Please provide one of the following:\n  - a\n  - b".
        if let m = match("^The value '([^']*)' is invalid for '([^']+)'\\. Please provide one of the following:\\s*\\n(.*)$") {
            let values = m[3].split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { $0.hasPrefix("- ") }.map {
                String($0.dropFirst(2))
            }
            return "\(m[2]) に「\(m[1])」は使えません。" + suggestion(m[1], values) + "使える値: "
                + values.map { v in japaneseLabel(v).map { "\(v)（\($0)）" } ?? v }.joined(separator: "、")
        }
        if let m = match("^The value '([^']*)' is invalid for '([^']+)'(?:\\. Please provide one of (.+?)\\.)?(?:: (.*))?$") {
            var text = "\(m[2]) に「\(m[1])」は使えません。"
            if !m[3].isEmpty {
                let values = m[3].replacingOccurrences(of: " and ", with: ", ").replacingOccurrences(of: ", or ", with: ", ")
                    .replacingOccurrences(of: " or ", with: ", ").split(separator: ",").map {
                        $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "'"))
                    }
                text += suggestion(m[1], values) + "使える値: " + values.map { v in japaneseLabel(v).map { "\(v)（\($0)）" } ?? v }.joined(separator: "、")
            }
            if !m[4].isEmpty { text += m[4] }
            return text
        }
        if let m = match("^The option '([^']+)' does not take any value, but '([^']*)' was specified\\.$") {
            return "\(m[1]) は値をとりません（「\(m[2])」は不要です）。"
        }
        if message.hasPrefix("Value to be set with") {
            return "同じオプションが二度指定されています（\(message)）。"
        }
        if message == "Missing required subcommand." {
            return "続けてサブコマンドを指定してください。"
        }
        if message.hasPrefix("Invalid option") {
            return "オプションの書き方が正しくありません（\(message.replacingOccurrences(of: "Invalid option: ", with: ""))）。"
        }
        return "コマンドの書き方が正しくありません（\(message)）。"
    }
}
