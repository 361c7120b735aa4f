import ArgumentParser
import IncidentKit

struct RunbookCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runbook", _superCommandName: IncidentCommand.name,
        abstract: "手順書の一覧・表示・検査 / list, show or check runbooks.",
        discussion:
            "手順書は YAML のデータです。施設用に直したものは --runbooks DIR（または INCIDENT_RUNBOOKS）で使えます。 Runbooks are YAML data; a facility's own folder replaces the built-in ones.",
        subcommands: [List.self, Show.self, Validate.self]
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "手順書の一覧 / list runbooks.")
        @OptionGroup var global: GlobalOptions

        struct Item: Encodable {
            var name: String
            var title: String
            var version: Int
            var steps: Int
        }

        func run() throws {
            let catalog = global.catalog
            let items = try catalog.names().map { name in
                let book = try catalog.runbook(named: name)
                return Item(name: name, title: book.title(global.language), version: book.version, steps: book.steps.count)
            }
            if global.json { return try Console.json(items) }
            for i in items { Console.line("\(TerminalText.pad(i.name, to: 22)) v\(i.version)  \(i.steps) steps  \(i.title)") }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "手順書の内容 / show a runbook.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "手順書の名前 / runbook name.") var name: String = RunbookCatalog.defaultName

        func run() throws {
            let l = global.language
            let book = try global.catalog.runbook(named: name)
            if global.json {
                return try Console.json(
                    book.steps.map { s in
                        [
                            "number": "\(s.number)", "id": s.id, "title": s.title(l), "mandatory": "\(s.mandatory)",
                            "contacts": s.contacts.joined(separator: ","), "questions": s.questions.map(\.id).joined(separator: ","),
                        ]
                    })
            }
            Console.line("\(book.title(l)) (\(book.id) v\(book.version))")
            if let source = book.source { Console.line(l.pick(ja: "出典: ", en: "Source: ") + source(l)) }
            for s in book.steps {
                Console.line()
                let optional = s.mandatory ? "" : l.pick(ja: "（条件付き）", en: " (conditional)")
                Console.line("\(s.number). \(s.title(l))  [\(s.id)]\(optional)")
                for line in TerminalText.wrap(s.guidance(l), columns: Console.columns - 4) { Console.line("    " + line) }
                for c in s.checkpoints {
                    for (i, line) in TerminalText.wrap(c(l), columns: Console.columns - 8).enumerated() { Console.line((i == 0 ? "    ・" : "      ") + line) }
                }
                if !s.contacts.isEmpty { Console.line(l.pick(ja: "    連絡先: ", en: "    Contacts: ") + s.contacts.joined(separator: ", ")) }
                for q in s.questions {
                    let choices = q.type == .choice ? " (" + q.choices.map(\.id).joined(separator: "/") + ")" : " (\(q.type.rawValue))"
                    Console.line("    ? \(q.id)\(choices): \(q.prompt(l))")
                    // What the answer means, so that a facility editing its copy sees the mapping it keeps.
                    var meaning: [String] = []
                    if !q.fills.isEmpty { meaning.append(l.pick(ja: "報告: ", en: "report: ") + q.fills.joined(separator: ", ")) }
                    for signal in q.signals {
                        meaning.append(l.pick(ja: "シグナル: ", en: "signal: ") + "\(signal.name.rawValue) (\(signal.when.joined(separator: "/")))")
                    }
                    if let bcp = q.bcp { meaning.append("BCP: " + bcp.item(l)) }
                    if !meaning.isEmpty { Console.line("        → " + meaning.joined(separator: l.pick(ja: "　", en: "; "))) }
                }
            }
        }
    }

    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "validate",
            abstract: "手順書ファイルを検査 / check a runbook file.",
            discussion: "問題をすべて ファイル:行:列 の形で示します（終了コード 1）。 Reports every problem as file:line:column (exit 1)."
        )
        @OptionGroup var global: GlobalOptions
        @Argument(help: "YAML ファイル / the YAML file.") var file: String

        func run() throws {
            let l = global.language
            let book = try RunbookLoader.load(path: file)
            if global.json { return try Console.json(["valid": "true", "id": book.id, "steps": "\(book.steps.count)"]) }
            Console.line(
                l.pick(
                    ja: "\(file): 問題ありません（\(book.id)、手順 \(book.steps.count)、質問 \(book.steps.flatMap(\.questions).count)）",
                    en: "\(file): valid (\(book.id), \(book.steps.count) steps, \(book.steps.flatMap(\.questions).count) questions)"))
        }
    }
}
