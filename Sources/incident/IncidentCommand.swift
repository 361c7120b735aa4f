import ArgumentParser
import Foundation
import IncidentKit

@main
struct IncidentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: IncidentCommand.name,
        abstract: "医療機関のサイバー攻撃 初動対応ランブック / incident-response runbook for medical institutions.",
        discussion: """
            覚えるコマンドは一つだけ: incident guide
            電子カルテが開かない・身代金要求画面が出たときは、再起動せずに:
              incident guide             # 何が起きたかを聞いて記録し、手順を一つずつ案内（電話番号つき）
              incident status            # 次にすること
              incident log "3台で身代金要求画面"   # 時刻つきで記録
            記録はすべて時刻つき・改ざん検知つきで保存され、ネットワークは使いません。
            平時の準備: incident init → facility.yaml を記入
              → incident facility import facility.yaml → incident doctor

            The one command to remember: incident guide.
            When the EHR will not open or a ransom screen appears, do not reboot: run \
            `incident guide` (it asks what happened, records it and walks you through), \
            or `incident status`. Everything is \
            logged with its time, hash-chained, and nothing is sent over the network.

            Exit status: 0 success; 1 an error you can fix (message says how); \
            64 usage error; 3 integrity failure (the log was altered or is damaged).
            """,
        version: "0.1.0",
        subcommands: [
            // Before an incident
            InitCommand.self, FacilityCommand.self, DoctorCommand.self, ChecklistCommand.self, LedgerCommand.self, BCPCommand.self, ReadinessCommand.self,
            // During the response
            DeclareCommand.self, GuideCommand.self, StatusCommand.self, LogCommand.self, StepCommand.self, AnswerCommand.self,
            ContactCommand.self, ImpactCommand.self, CorrectCommand.self,
            // Reporting
            LeakCommand.self, FactCommand.self, SubmitCommand.self, ReportCommand.self, TimelineCommand.self, PrintCommand.self, ListCommand.self,
            UseCommand.self,
            // Recovery (step 7)
            RecoverCommand.self, ReentryCommand.self, MeasureCommand.self, EvidenceCommand.self, DecisionCommand.self, CostCommand.self,
            // Integrity and closing
            VerifyCommand.self, ExportCommand.self, BackupCommand.self, SalvageCommand.self, KeyCommand.self, CloseCommand.self, ReopenCommand.self,
            RunbookCommand.self,
            // Drills and review
            DrillCommand.self, ReviewCommand.self,
            // The web board (a separate binary)
            ServeCommand.self,
        ]
    )

    static let name = "incident"

    static func main() {
        // Patient data may pass through: everything this process creates is private.
        umask(0o077)
        // A closed pipe is an error to report (EPIPE), not a signal that kills mid-way.
        signal(SIGPIPE, SIG_IGN)
        let language = languageFromArguments()
        do {
            let arguments = movingGlobalOptions(Array(CommandLine.arguments.dropFirst()))
            var command = try parseSubcommandDirectly(arguments) ?? parseAsRoot(arguments)
            try command.run()
        } catch let error as ZonedError {
            Console.err(prefix(language) + error.error.cliMessage(language, timeZone: error.timeZone))
            Foundation.exit(error.error.exitCode)
        } catch let error as IncidentError {
            Console.err(prefix(language) + error.cliMessage(language))
            Foundation.exit(error.exitCode)
        } catch let error as IntegrityFailure {
            Console.err(prefix(language) + error.message(language, wording: CLIWording()))
            Foundation.exit(3)
        } catch {
            let args = Array(CommandLine.arguments.dropFirst())
            if args.contains("--experimental-dump-help"), !(error is ExitCode) {
                // For the man page (argument-parser's manual plugin keeps ASCII only): English texts.
                Console.out(UsageErrorText.englishDump(fullMessage(for: error)) + "\n")
                Foundation.exit(0)
            }
            if error is ExitCode || UsageErrorText.isMachineRequest(args) { exit(withError: error) }
            let code = exitCode(for: error)
            if code == .success {
                // Help and version: argument-parser wraps by characters; fit by display width instead.
                Console.text(fullMessage(for: error, columns: 10_000))
                Foundation.exit(0)
            }
            if code == .validationFailure {
                Console.err(TerminalText.fit(UsageErrorText.render(error, arguments: args, language), columns: Console.columns))
                Foundation.exit(ExitCode.validationFailure.rawValue)
            }
            exit(withError: error)
        }
    }

    /// `incident SUB ARGS…` parsed by SUB alone: argument-parser then builds the
    /// tree of that one command instead of all 32, and skips its two trial parses
    /// for `--generate-completion-script` (SUB names the root in
    /// `_superCommandName`), which together are most of its start-up cost.
    /// Anything else (help, a usage error, completions) gives nil, and the whole
    /// tree parses the same arguments again, so every message stays as it was.
    static func parseSubcommandDirectly(_ arguments: [String] = Array(CommandLine.arguments.dropFirst())) -> ParsableCommand? {
        #if DEBUG
            // Tests compare both ways of parsing the same arguments.
            if Environment()["INCIDENT_TEST_WHOLE_TREE"] != nil { return nil }
        #endif
        guard let name = arguments.first, !name.hasPrefix("-"),
            let sub = configuration.subcommands.first(where: { $0.configuration.commandName == name }),
            let command = try? sub.parseAsRoot(Array(arguments.dropFirst()))
        else { return nil }
        // A help request comes back as argument-parser's own help command, and a
        // group without its subcommand shows help when run: only a leaf command of
        // SUB's own goes ahead.
        func leaves(_ type: ParsableCommand.Type) -> [ObjectIdentifier] {
            let subs = type.configuration.subcommands
            return subs.isEmpty ? [ObjectIdentifier(type)] : subs.flatMap(leaves)
        }
        return leaves(sub).contains(ObjectIdentifier(type(of: command))) ? command : nil
    }

    /// The options every subcommand takes, with whether each takes a value.
    static let globalOptions: [String: Bool] = [
        "--db": true, "--lang": true, "--incident": true, "--by": true, "--runbooks": true, "--checklists": true, "--key": true, "--json": false,
    ]

    /// `incident --db X status` as `incident status --db X`: global options given
    /// before the subcommand are moved after its name (and its group's), where
    /// argument-parser reads them.
    static func movingGlobalOptions(_ arguments: [String]) -> [String] {
        var moved: [String] = []
        var rest = arguments[...]
        while let first = rest.first {
            let name = first.split(separator: "=", maxSplits: 1).first.map(String.init) ?? first
            guard let takesValue = globalOptions[name] else { break }
            moved.append(first)
            rest = rest.dropFirst()
            if takesValue, !first.contains("="), let value = rest.first {
                moved.append(value)
                rest = rest.dropFirst()
            }
        }
        guard !moved.isEmpty else { return arguments }
        var path: [String] = []
        var level: [ParsableCommand.Type] = configuration.subcommands
        while let next = rest.first, let sub = level.first(where: { $0.configuration.commandName == next }) {
            path.append(next)
            rest = rest.dropFirst()
            level = sub.configuration.subcommands
        }
        return path + moved + Array(rest)
    }

    static func prefix(_ l: Language) -> String { l.pick(ja: "エラー: ", en: "error: ") }

    /// Any error as the CLI words it (a library error with the CLI's remedies).
    static func message(_ error: any Error, _ l: Language) -> String {
        switch error {
        case let e as ZonedError: e.error.cliMessage(l, timeZone: e.timeZone)
        case let e as IncidentError: e.cliMessage(l)
        case let e as IntegrityFailure: e.message(l, wording: CLIWording())
        default: "\(error)"
        }
    }

    /// The language for error messages, read before (and even if) parsing fails.
    static func languageFromArguments() -> Language {
        let args = CommandLine.arguments
        for (i, arg) in args.enumerated() {
            if arg == "--lang", i + 1 < args.count, let l = Language(rawValue: args[i + 1]) { return l }
            if arg.hasPrefix("--lang="), let l = Language(rawValue: String(arg.dropFirst(7))) { return l }
        }
        return Environment()["INCIDENT_LANG"].flatMap { Language(rawValue: $0.lowercased()) } ?? .ja
    }
}
