import ArgumentParser
import Foundation
import IncidentKit

/// `incident bcp`: the clinic's cyber-BCP as data — write it prefilled, import
/// it, and check it against the MHLW BCP checklist.
struct BCPCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bcp", _superCommandName: IncidentCommand.name,
        abstract: "サイバー攻撃を想定した BCP の作成・取り込み・確認 / write, import and check the cyber-BCP.",
        discussion: """
            例 / examples:
              incident bcp init                 ./bcp.yaml を書き出す（プロファイル・機器台帳・バックアップ台帳から記入済み）
              incident bcp import bcp.yaml      取り込む（未記入があっても取り込めます）
              incident bcp check                厚生労働省の確認表に照らして足りないものを示す（そろえば終了コード 0）
              incident print bcp --out BCP.html
              incident print forms --out 紙様式.html
            問題は ファイル:行:列 で示し、そのときは何も取り込みません。
            Problems are shown as file:line:column and nothing is imported. `check` exits 0 \
            only when every item of the MHLW BCP checklist is covered; 1 otherwise.
            """,
        subcommands: [Init.self, Import.self, Check.self],
        defaultSubcommand: Check.self
    )

    /// What the subcommands read: the store (if any), its profile, ledger and BCP.
    struct Context {
        var store: EventStore?
        var profile: FacilityProfile?
        var ledger: EquipmentLedger?
        var plan: BCPPlan?
        var importedAt: Date?
        var timeZone: TimeZone

        init(_ global: GlobalOptions) throws {
            do {
                store = try global.store()
            } catch IncidentError.storeMissing {
                store = nil
            } catch IncidentError.noIncident {
                store = nil
            }
            profile = try store?.currentProfile()
            ledger = try store?.currentLedger()
            if let current = try store?.currentBCPImport() { (plan, importedAt) = (current.plan, current.importedAt) }
            timeZone = profile.flatMap { TimeZone(identifier: $0.facility.timeZone) } ?? global.timeZone
        }

        func review(_ global: GlobalOptions, plan: BCPPlan? = nil) throws -> BCPReview {
            let checklist = try BCPChecklist.load(directory: global.checklists ?? global.environment["INCIDENT_CHECKLISTS"].flatMap { $0.isEmpty ? nil : $0 })
            return BCPReview(plan: plan ?? self.plan, profile: profile, ledger: ledger, checklist: checklist)
        }

        func status(_ review: BCPReview, _ global: GlobalOptions) throws -> BCPStatus {
            BCPStatus(review: review, importedAt: importedAt, lastDrill: try store?.lastEndedDrill()?.startedAt, now: global.now)
        }
    }

    /// The BCP's standing for `readiness` and the checklist (item 3-③).
    static func status(store: EventStore?, profile: FacilityProfile?, ledger: EquipmentLedger?, _ global: GlobalOptions) throws -> BCPStatus {
        let current = try store?.currentBCPImport()
        let checklist = try BCPChecklist.load(directory: global.checklists ?? global.environment["INCIDENT_CHECKLISTS"].flatMap { $0.isEmpty ? nil : $0 })
        let review = BCPReview(plan: current?.plan, profile: profile, ledger: ledger, checklist: checklist)
        return BCPStatus(review: review, importedAt: current?.importedAt, lastDrill: try store?.lastEndedDrill()?.startedAt, now: global.now)
    }

    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "init",
            abstract: "BCP の雛形を書き出す（記入済みの項目つき） / write bcp.yaml, prefilled from the profile and registers.")
        @OptionGroup var global: GlobalOptions
        @Option(name: .long, help: ArgumentHelp("書き出すファイル（新規のみ） / the new file.", valueName: "file")) var out: String = "bcp.yaml"

        func run() throws {
            let l = global.language
            let context = try Context(global)
            try PrivateFile.write(BCPSample.yaml(profile: context.profile, ledger: context.ledger), toNew: out)
            var from: [String] = []
            if context.profile != nil { from.append(l.pick(ja: "施設プロファイル", en: "the facility profile")) }
            if context.ledger?.devices.isEmpty == false { from.append(l.pick(ja: "機器台帳", en: "the equipment ledger")) }
            if context.ledger?.backups.isEmpty == false { from.append(l.pick(ja: "バックアップ台帳", en: "the backup register")) }
            let source =
                from.isEmpty
                ? l.pick(ja: "（取り込み済みのプロファイル・台帳がないため、例の値だけです）", en: " (no profile or ledger imported yet: examples only)")
                : l.pick(ja: "（\(from.joined(separator: "・"))から記入済み）", en: " (prefilled from \(from.joined(separator: ", ")))")
            if global.json {
                struct Written: Encodable { var file: String; var prefilledFrom: [String] }
                return try Console.json(Written(file: out, prefilledFrom: from))
            }
            Console.line(l.pick(ja: "BCP の雛形を書き出しました: \(out)\(source)", en: "BCP written to \(out)\(source)"))
            Console.line(
                l.pick(
                    ja: "空欄を埋めて incident bcp import \(out) で取り込み、incident bcp check で確認してください。",
                    en: "Fill in the blanks, import it with incident bcp import \(out), then run incident bcp check."))
        }
    }

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "bcp.yaml を取り込む（置き換え、未記入があっても可） / import bcp.yaml (replaces the current one; may be incomplete).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "bcp.yaml") var file: String

        func run() throws {
            let l = global.language
            let plan = try BCPLoader.load(path: file)
            let store = try global.store(create: true)
            try store.importBCP(plan, file: PathText.name(of: file))
            let context = try Context(global)
            let review = try context.review(global, plan: plan)
            if global.json {
                struct Result: Encodable { var imported: Bool; var file: String; var systems: Int; var forms: [String]; var complete: Bool; var gaps: Int }
                return try Console.json(
                    Result(imported: true, file: file, systems: plan.systems.count, forms: plan.allForms, complete: review.complete, gaps: review.gapCount))
            }
            Console.line(
                l.pick(
                    ja: "BCP を取り込みました: \(file)（システム \(plan.systems.count)、紙の様式 \(plan.allForms.count)）",
                    en: "Imported the BCP: \(file) (\(plan.systems.count) systems, \(plan.allForms.count) paper forms)"))
            if review.complete {
                Console.line(l.pick(ja: "確認表の項目はそろっています。", en: "It covers every item of the checklist."))
            } else {
                Console.line(
                    l.pick(
                        ja: "確認表に照らして未記入が \(review.gapCount) 件あります。一覧は incident bcp check。",
                        en: "\(review.gapCount) gaps against the checklist; incident bcp check lists them."))
            }
        }
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "確認表に照らして足りないものを示す（そろえば 0） / review the BCP against the MHLW checklist (exit 0 when complete).")
        @OptionGroup var global: GlobalOptions

        func run() throws {
            let l = global.language
            let context = try Context(global)
            let review = try context.review(global)
            if global.json {
                try Console.json(review.json(l))
            } else {
                let status = try context.status(review, global)
                Console.text(Self.text(review, status: status, timeZone: context.timeZone, l, columns: Console.columns))
            }
            if !review.complete { throw ExitCode(1) }
        }

        static func text(_ review: BCPReview, status: BCPStatus, timeZone: TimeZone, _ l: Language, columns: Int) -> String {
            var out = l.pick(ja: "BCP の確認（\(review.checklist.title.ja)）\n", en: "BCP check (\(review.checklist.title.en))\n")
            out += TerminalText.wrap(status.text(l, timeZone: timeZone), columns: columns).joined(separator: "\n") + "\n"
            for stage in review.checklist.stages {
                out += "\n■ \(stage.id) \(stage.title(l))\n"
                for row in review.rows where row.item.stage == stage.id {
                    let mark = row.complete ? "○" : "×"
                    let unconfirmed = row.item.confirmed ? "" : l.pick(ja: "（文言は未確認）", en: " (wording unconfirmed)")
                    let head = TerminalText.wrap("\(row.item.id) \(mark) \(row.item.text(l))\(unconfirmed)", columns: columns - 2)
                    for (i, line) in head.enumerated() { out += (i == 0 ? "  " : "        ") + line + "\n" }
                    for gap in row.gaps {
                        for (i, line) in TerminalText.wrap(gap.text(l), columns: columns - 10).enumerated() {
                            out += (i == 0 ? "      ・" : "        ") + line + "\n"
                        }
                    }
                }
            }
            out += "\n"
            var closing = ""
            if review.complete {
                closing = l.pick(ja: "確認表の項目はすべてそろっています。\n", en: "Every item of the checklist is covered.\n")
            } else if review.plan == nil {
                closing = l.pick(
                    ja: "BCP がまだありません。incident bcp init で雛形を書き出し、記入して incident bcp import bcp.yaml で取り込んでください。\n",
                    en: "There is no BCP yet: write one with incident bcp init, fill it in and import it with incident bcp import bcp.yaml.\n")
            } else {
                closing = l.pick(
                    ja: "未記入が \(review.gapCount) 件あります。bcp.yaml を直して incident bcp import bcp.yaml で取り込み直し、もう一度確認してください。\n",
                    en: "\(review.gapCount) gaps remain: edit bcp.yaml, import it again with incident bcp import bcp.yaml, and check again.\n")
            }
            return out + TerminalText.wrap(closing.trimmingCharacters(in: .newlines), columns: columns).joined(separator: "\n") + "\n"
        }
    }
}
