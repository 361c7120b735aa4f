import ArgumentParser
import IncidentKit

struct AnswerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "answer", _superCommandName: IncidentCommand.name,
        abstract: "手順書の質問に回答 / record the answer to a runbook question.",
        discussion: """
            例 / example:
              incident runbook show initial-response    # 質問の id を確認 / list the question ids
              incident answer QUESTION yes
              incident answer QUESTION 3
            質問の id は手順書が決めます（`incident runbook show` で確認できます）。後の回答が前の回答に優先します。
            Question ids come from the runbook (listed by `incident runbook show`); a later answer supersedes an earlier one.
            """
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: "質問の id / question id.") var question: String
    @Argument(help: "回答 / the answer (yes/no, a number, a choice id, or text).") var value: String
    @Option(name: .long, help: ArgumentHelp("時刻 / when.", valueName: "time")) var at: String?

    func run() throws {
        try Target(global).record(.answer(question: question, value: value), at: at)
    }
}

struct CorrectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "correct", _superCommandName: IncidentCommand.name,
        abstract: "以前の記録を訂正（元の記録は残ります） / correct an earlier event (the original stays).",
        discussion: """
            記録は消せません。誤りは訂正として追記し、時系列には両方が残ります。
            例 / example:
              incident correct 4 --text "3台ではなく4台"
              incident correct 1 --time "2026-11-25 08:50" --text "最初に気づいたのは夜勤看護師"
            Events are never edited or deleted: a correction refers to the event it amends.
            --time moves the amended event's time (for #1, the awareness time).
            """
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: "訂正する記録の番号 / the event number (see `incident timeline`).") var seq: Int64
    @Option(name: .long, help: "訂正の内容・理由（必須） / what is corrected and why (required).") var text: String
    @Option(name: .long, help: ArgumentHelp("正しい時刻 / the corrected time of that event.", valueName: "time")) var time: String?
    @Option(name: .long, help: ArgumentHelp("訂正した時刻 / when the correction was made (default: now).", valueName: "time")) var at: String?

    func run() throws {
        let target = try Target(global)
        try target.record(.correct(seq: seq, text: text, time: try target.time(time)), at: at)
    }
}

struct CloseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "close", _superCommandName: IncidentCommand.name,
        abstract: "インシデントを終了 / close the incident.",
        discussion:
            "必須の手順がすべて完了（または理由付きで省略）していれば終了できます。未了のまま終える場合は --force と --reason が必要です。 Mandatory steps must be finished first, or use --force with a --reason."
    )

    @OptionGroup var global: GlobalOptions
    @Option(name: .long, help: "理由 / reason (required with --force).") var reason: String?
    @Flag(name: .long, help: "必須手順が残っていても終了 / close with mandatory steps open.") var force = false
    @Option(name: .long, help: ArgumentHelp("時刻 / when.", valueName: "time")) var at: String?

    func run() throws {
        try Target(global).record(.close(reason: reason, force: force), at: at)
    }
}

struct ReopenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reopen", _superCommandName: IncidentCommand.name,
        abstract: "終了したインシデントを再開 / reopen a closed incident.",
        discussion: "例: incident reopen --reason \"暗号化された端末が新たに見つかった\""
    )

    @OptionGroup var global: GlobalOptions
    @Option(name: .long, help: "再開する理由（必須） / why (required).") var reason: String
    @Option(name: .long, help: ArgumentHelp("時刻 / when.", valueName: "time")) var at: String?

    func run() throws {
        try Target(global, reopening: true).record(.reopen(reason: reason), at: at)
    }
}
