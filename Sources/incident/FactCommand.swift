import ArgumentParser
import IncidentKit

struct FactCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fact", _superCommandName: IncidentCommand.name,
        abstract: "報告書に使う事実を記録 / record a fact the reports need.",
        discussion: """
            例 / example:
              incident fact cause "VPN装置の脆弱性を悪用された不正アクセス"
              incident fact dataItems "氏名、生年月日、病名、検査結果"
              incident fact 原因 "VPN装置の脆弱性を悪用された不正アクセス"   # キーは日本語名でも
              incident fact --list
            キーは決まっています（`incident fact --list`）。後の記録が前の記録に優先します。
            記録がなければ手順書の回答（原因、影響を受けたシステムなど）を使います。
            Keys are a fixed set; a later fact supersedes an earlier one. Runbook answers fill facts not recorded.
            """
    )

    @OptionGroup var global: GlobalOptions
    @Flag(name: .long, help: "使えるキーの一覧 / list the keys.") var list = false
    @Argument(help: "キー（日本語名も可） / the key or its Japanese name (see --list).") var key: String?
    @Argument(help: "内容 / the value.") var value: String?
    @Option(name: .long, help: ArgumentHelp("時刻 / when.", valueName: "time")) var at: String?

    func validate() throws {
        if !list && (key == nil || value == nil) {
            throw ValidationError("KEY と VALUE を指定してください（キーの一覧は --list） / give KEY and VALUE (see --list).")
        }
    }

    struct Item: Encodable {
        var key: String
        var label: String
        var help: String
    }

    func run() throws {
        let l = global.language
        if list {
            let items = ReportField.all.filter { $0.source == .fact }.map { Item(key: $0.key, label: $0.label(l), help: $0.help(l)) }
            if global.json { return try Console.json(items) }
            let keyWidth = items.map { TerminalText.width($0.key) }.max() ?? 0
            for i in items {
                // Key and name on one line, what it holds indented below: fits any width.
                Console.line("\(TerminalText.pad(i.key, to: keyWidth))  \(i.label)")
                Console.line("    " + i.help)
            }
            return
        }
        guard let key, let value else { return }
        try Target(global).record(.fact(key: key, value: value), at: at)
    }
}
