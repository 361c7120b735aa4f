import ArgumentParser
import IncidentKit

struct LogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log", _superCommandName: IncidentCommand.name,
        abstract: "時刻つきのメモを記録 / append a timestamped note to the timeline.",
        discussion: """
            例 / example:
              incident log "受付端末3台に身代金要求画面。LANケーブルを抜いた"
              incident log "院長に電話" --at 09:40
            後から記録するときは --at で起きた時刻を指定します（未来と認知前は不可）。
            Use --at to record after the fact (not in the future, not before awareness).
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "記録する内容 / the note.")
    var text: String

    @Option(name: .long, help: ArgumentHelp("起きた時刻 / when it happened (default: now).", valueName: "time"))
    var at: String?

    func run() throws {
        try Target(global).record(.note(text), at: at)
    }
}
