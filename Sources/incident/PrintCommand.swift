import ArgumentParser
import Foundation
import IncidentKit

struct PrintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "print", _superCommandName: IncidentCommand.name,
        abstract: "印刷用の HTML を作成（A4） / write a printable A4 HTML file.",
        discussion: """
            種類 / what:
              contacts    連絡先一覧（電話番号はタップで発信） / the contact list (numbers dial on a phone)
              cards       手順ごとのカード（1 手順 1 枚） / one card per runbook step
              paper-log   紙の時系列記録用紙 / a blank timeline sheet for paper notes
              timeline    時系列 / the timeline
              report KIND 報告書の下書き（KIND は incident report --list） / a report draft
              bcp         取り込んだ BCP（未記入は【未記入】で表示） / the imported BCP, gaps marked
              forms       BCP が挙げる紙の様式（通し番号・「入力済」欄つき） / the BCP's downtime paper forms
            例 / example:
              incident print contacts --out 連絡先.html
              incident print cards --out 手順カード.html
              incident print report mhlw --out 厚労省第一報.html
              incident print bcp --out BCP.html
              incident print forms --copies 20 --out 紙様式.html
            できたファイルをブラウザ（Chrome, Edge など）で開き、印刷してください（用紙 A4）。
            ネットワークは使いません。ファイルはあなただけが読める設定で新しく作り、上書きはしません。
            インシデントがあればその施設プロファイルを、なければ現在のプロファイルを使います。
            Open the file in a browser and print it on A4. It loads nothing from \
            the network; it is created readable by you only (0600) and never \
            overwrites a file. contacts, cards and paper-log use the selected \
            incident (--incident, or the one open incident) and its profile, \
            else the current profile.
            """
    )

    enum What: String, CaseIterable, ExpressibleByArgument {
        case contacts, cards, paperLog = "paper-log", timeline, report, bcp, forms
    }

    @OptionGroup var global: GlobalOptions
    @Argument(help: ArgumentHelp("作るもの / what to print: contacts, cards, paper-log, timeline, report, bcp, forms.", valueName: "what")) var what: What
    @Argument(help: ArgumentHelp("report のときの報告書の種類 / the report kind (see `incident report --list`).", valueName: "kind")) var kind: ReportKind?
    @Option(name: .long, help: ArgumentHelp("書き出す HTML ファイル（新規のみ） / the new HTML file to write.", valueName: "file.html")) var out: String
    @Option(
        name: .long, help: ArgumentHelp("cards: インシデントがないときの手順書 / cards: the runbook when there is no incident (default: initial-response).", valueName: "name")
    ) var runbook: String?
    @Option(
        name: .long,
        help: ArgumentHelp(
            "report, forms: テンプレートのフォルダ / report, forms: a folder of templates (default: $INCIDENT_TEMPLATES; forms from its forms/).", valueName: "dir"))
    var templates: String?
    @Option(name: .long, help: ArgumentHelp("forms: 様式ごとの枚数 / forms: sheets per form.", valueName: "n")) var copies: Int = 1
    @Option(name: .customLong("from"), help: ArgumentHelp("forms: 最初の通し番号 / forms: the first serial number.", valueName: "n")) var firstNumber: Int = 1

    func validate() throws {
        if what == .report, kind == nil {
            throw ValidationError(
                "report のあとに種類を指定してください（例: incident print report mhlw --out 第一報.html、一覧は incident report --list） / give the report kind, e.g. `incident print report mhlw --out mhlw.html`."
            )
        }
        if copies < 1 || copies > 500 { throw ValidationError("--copies は 1〜500 にしてください / --copies must be 1 to 500.") }
        if firstNumber < 1 || firstNumber > 9999 { throw ValidationError("--from は 1〜9999 にしてください / --from must be 1 to 9999.") }
        if what != .report, kind != nil {
            throw ValidationError("種類（\(kind!)）は report のときだけ指定します / a kind goes with `report` only.")
        }
    }

    struct Written: Encodable {
        var what: String
        var file: String
        var incident: String?
        var pages: Int
    }

    func run() throws {
        let l = global.language
        let now = global.now
        var page: PrintPage
        var exercise = false
        var incidentID: String?
        switch what {
        case .contacts, .cards, .paperLog:
            // No store yet: a blank paper log and the cards need none; contacts say how to make one.
            let store = FileManager.default.fileExists(atPath: global.dbPath) ? try global.store() : nil
            let state = try store.flatMap { try selectedIncident($0) }
            incidentID = state?.id
            exercise = state?.isDrill ?? false
            let profile = try state?.profile ?? store?.currentProfile()
            switch what {
            case .contacts:
                guard let profile else { throw IncidentError.noProfile }
                let runbook = try state?.runbook ?? global.catalog.runbook(named: RunbookCatalog.defaultName)
                var sheet = ContactSheet(profile: profile, runbook: runbook, language: l, incidentID: incidentID, printedAt: now)
                sheet.wording = CLIWording()
                page = sheet.page
            case .cards:
                let runbook = try state?.runbook ?? global.catalog.runbook(named: self.runbook ?? RunbookCatalog.defaultName)
                var cards = StepCards(runbook: runbook, profile: profile, language: l, incidentID: incidentID, printedAt: now)
                cards.wording = CLIWording()
                cards.bcp = try store?.currentBCP()
                page = cards.page
            default:
                var log = PaperLog(facilityName: profile?.facility.name, incidentID: incidentID, language: l)
                log.wording = CLIWording()
                page = log.page
            }
        case .bcp:
            let context = try BCPCommand.Context(global)
            let review = try context.review(global)
            let status = try context.status(review, global)
            page = BCPDocument(review: review, profile: context.profile, ledger: context.ledger, status: status, language: l, printedAt: now).page
        case .forms:
            let context = try BCPCommand.Context(global)
            let names = context.plan.map(\.allForms).flatMap { $0.isEmpty ? nil : $0 } ?? BCPSample.defaultForms
            let directory = templates ?? global.environment["INCIDENT_TEMPLATES"].flatMap { $0.isEmpty ? nil : $0 }
            page = try DowntimeForms(
                names: names, facilityName: context.profile?.facility.name, language: l, copies: copies, firstNumber: firstNumber, templatesDirectory: directory
            ).page()
        case .timeline:
            let store = try global.store()
            var events: [Event] = []
            let state = try store.forEachEventInTimelineOrder(of: try global.readIncident(store)) { _, event in events.append(event) }
            incidentID = state.id
            exercise = state.isDrill
            page = PrintedDraft.timeline(events, state: state, language: l, printedAt: now)
        case .report:
            guard let reportKind = kind else {
                throw ValidationError("印刷する報告書の種類を指定してください（一覧は incident report --list） / give the report KIND (see incident report --list).")
            }
            let store = try global.store()
            let state = try store.state(of: try global.readIncident(store))
            incidentID = state.id
            exercise = state.isDrill
            let today = Timestamp.day(of: now, in: state.timeZone)
            let report = try ReportTemplateOption.templates(templates, global).render(
                reportKind, state: state, today: today, language: l,
                ledger: try store.currentLedger(), bcp: try store.currentBCP())
            page = PrintedDraft.report(report, title: reportKind.title(l), state: state, language: l, printedAt: now, wording: CLIWording())
        }
        page.exercise = exercise
        try ReportCommand.writeNew(page.html, to: out)
        if global.json {
            return try Console.json(Written(what: what.rawValue, file: out, incident: incidentID, pages: page.pages.count))
        }
        Console.line(l.pick(ja: "印刷用のファイルを書き出しました: \(out)", en: "Printable file written: \(out)"))
        Console.line(l.pick(ja: "ブラウザで開いて印刷してください（用紙 A4、倍率 100%）。", en: "Open it in a browser and print it (A4, 100% scale)."))
    }

    /// The incident named with --incident, or the one open incident; nil when
    /// there is none (no incident yet, or all closed), so the current profile is used.
    func selectedIncident(_ store: EventStore) throws -> IncidentState? {
        do {
            return try store.state(of: try store.resolveIncident(global.chosenIncident(store)))
        } catch IncidentError.noIncident {
            return nil
        } catch IncidentError.onlyDrills {
            return nil
        } catch IncidentError.incidentClosed {
            return nil
        }
    }
}
