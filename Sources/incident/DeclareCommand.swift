import ArgumentParser
import Foundation
import IncidentKit

struct DeclareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "declare", _superCommandName: IncidentCommand.name,
        abstract: "サイバー攻撃の疑いを宣言 / declare a suspected attack and open an incident.",
        discussion: """
            例 / example:
              incident declare 受付の電子カルテが開かない 身代金要求の画面
              incident declare "夜間に画面異常" --at "2026-11-25 02:40"
            引用符は要りません（続けて書いた言葉は一つの概要になります）。何をすればよいか迷ったら incident guide。
            認知時刻（気づいた時刻）は --at、省略すると今。個人情報保護委員会への報告期限はこの日から数えます。
            No quotes needed: the words given make one summary. The awareness time is --at or now;             legal deadlines count from its date. When unsure, run incident guide.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("何が起きたか（一行で、引用符なしでよい） / what happened, in one line (quotes optional).", valueName: "summary"))
    var words: [String] = []

    @Option(name: .long, help: ArgumentHelp("気づいた時刻 / when it was noticed.", valueName: "time"))
    var at: String?

    @Option(name: .long, help: ArgumentHelp("手順書 / the runbook (default: initial-response).", valueName: "name"))
    var runbook: String = RunbookCatalog.defaultName

    func validate() throws {
        if words.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) {
            throw ValidationError("何が起きたかを書いてください（例: incident declare 電子カルテが開かない） / say what happened (e.g. incident declare EHR will not open).")
        }
    }

    /// The summary: the words given, joined by a space (a clerk types them without quotes).
    var summary: String { words.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.joined(separator: " ") }

    func run() throws {
        _ = try Self.declare(global: global, summary: summary, at: at, runbook: runbook)
    }

    /// Declares an incident and prints what happened; `guided` leaves out the
    /// hints that point to `guide` (the guide goes on by itself).
    @discardableResult
    static func declare(
        global: GlobalOptions, summary: String, at: String?, runbook: String, who given: (name: String, osAccount: Bool)? = nil, guided: Bool = false
    ) throws -> IncidentState {
        let l = global.language
        let book = try global.catalog.runbook(named: runbook)
        // A new store has no profile, so $INCIDENT_TZ will be read: check it before creating anything.
        if !FileManager.default.fileExists(atPath: global.dbPath) { _ = try global.configuredTimeZone() }
        let store = try global.store(create: true)
        let service = global.service(store)
        // The facility's zone (profile) wins over $INCIDENT_TZ and the Asia/Tokyo default.
        let tz = try service.timeZoneForNewIncident(configured: global.configuredTimeZone())
        let awareAt = try inZone(tz) { try global.time(at, timeZone: tz) }
        let alreadyOpen = try store.incidents().filter(\.isOpen)
        // Asked once the store exists, so that the name can be remembered beside it.
        let who = given ?? global.askedActor()
        let recorded = try inZone(tz) {
            try service.declare(summary: summary, runbook: book, awareAt: awareAt, by: who.name, actorIsOSAccount: who.osAccount, timeZone: tz)
        }
        let (event, state) = (recorded.event, recorded.state)
        // The new incident became this store's current one (the library's rule; a drill never does).
        let becomesCurrent = !state.isDrill
        if let error = recorded.currentNotSaved { Console.err(IncidentCommand.prefix(l) + IncidentCommand.message(error, l)) }
        if global.json {
            try Console.json(["id": event.incidentID, "actor": event.actor])
            return state
        }
        Console.out(
            StatusText.wrapped(
                l.pick(
                    ja: "インシデント \(state.id) を宣言しました（認知 \(Timestamp.local(state.awareAt, in: tz))、記録者 \(event.actor)）。",
                    en: "Declared incident \(state.id) (aware \(Timestamp.local(state.awareAt, in: tz)), by \(event.actor)).")))
        if who.osAccount {
            Console.out(
                StatusText.wrapped(
                    l.pick(
                        ja: "注意: 記録者の名前がないため、OS のアカウント名「\(who.name)」で記録しました（次からは --by 名前 か INCIDENT_ACTOR で指定してください）。",
                        en: "Note: no name was given, so the OS account '\(who.name)' is recorded (give --by NAME or INCIDENT_ACTOR next time).")))
        }
        if !alreadyOpen.isEmpty {
            let others = alreadyOpen.map(\.id).joined(separator: ", ")
            Console.out(
                StatusText.wrapped(
                    becomesCurrent
                        ? l.pick(
                            ja: "注意: 他にも対応中のインシデントがあります（\(others)）。以後のコマンドは新しい \(state.id) が対象です。切り替えるには incident use ID。",
                            en: "Note: other incidents are open (\(others)). Commands now act on the new \(state.id); switch with incident use ID.")
                        : l.pick(
                            ja: "注意: 他にも対応中のインシデントがあります（\(others)）。この \(state.id) を対象にするには --incident \(state.id) か incident use \(state.id)。",
                            en: "Note: other incidents are open (\(others)); to act on \(state.id) give --incident \(state.id) or run incident use \(state.id)."
                        )))
        }
        if guided { return state }
        if let first = book.steps.first {
            Console.line()
            Console.line(l.pick(ja: "まず、手順\(first.number)「\(first.title.ja)」:", en: "First, step \(first.number) \"\(first.title.en)\":"))
            for point in first.checkpoints { Console.line("  ・" + point(l)) }
        }
        Console.line()
        Console.line(
            l.pick(
                ja: "案内に沿って進めるには: incident guide\n記録するには:           incident log \"内容\"\n状況:                   incident status",
                en: "To be guided:       incident guide\nTo log:             incident log \"text\"\nWhere things stand: incident status"))
        return state
    }
}
