import ArgumentParser
import IncidentKit

struct StepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "step", _superCommandName: IncidentCommand.name,
        abstract: "手順を開始・完了・省略 / start, complete or skip a step.",
        discussion: "手順は番号（1〜7）か id で指定します。複数の手順を並行して進めても構いません。 Give a step by number or id; steps may run in parallel.",
        subcommands: [Start.self, Done.self, Skip.self]
    )

    struct Start: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "start", abstract: "手順を開始 / start a step.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "手順の番号か id / step number or id.") var step: String
        @Option(name: .long, help: ArgumentHelp("起きた時刻 / when.", valueName: "time")) var at: String?
        @Option(name: .long, help: "メモ / a note.") var note: String?

        func run() throws {
            try Target(global).record(.startStep(step, note: note), at: at)
        }
    }

    struct Done: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "done", abstract: "手順を完了 / mark a step done.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "手順の番号か id / step number or id.") var step: String
        @Option(name: .long, help: ArgumentHelp("起きた時刻 / when.", valueName: "time")) var at: String?
        @Option(name: .long, help: "メモ / a note.") var note: String?

        func run() throws {
            try Target(global).record(.finishStep(step, note: note), at: at)
        }
    }

    struct Skip: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "skip", abstract: "理由を付けて手順を省略 / skip a step, with a reason.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "手順の番号か id / step number or id.") var step: String
        @Option(name: .long, help: "省略する理由（必須） / why (required).") var reason: String?
        @Option(name: .long, help: ArgumentHelp("起きた時刻 / when.", valueName: "time")) var at: String?

        func run() throws {
            try Target(global).record(.skipStep(step, reason: reason), at: at)
        }
    }
}
