import ArgumentParser
import Foundation
import IncidentKit

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "改ざん検知（ハッシュ連鎖の再計算） / recompute the hash chain.",
        discussion: """
            改ざんや破損を見つけると、最初の不正な記録番号を示して終了コード 3 で終わります。記録は修復しません。
            壊れた記録には追記できません。ファイルを保全（incident backup）し責任者に報告したうえで記録を続けるには:
              incident verify --acknowledge --reason "院長に報告済み。バックアップ保全済み"
            これは「確認」の記録を追加するだけで、改ざんの跡はそのまま残り、以後の verify でも「確認済み」として表示されます
            （終了コード 0。--strict を付けると確認済みでも 3）。
            書き出したフォルダはデータベースなしで検査できます: incident verify --bundle フォルダ

            Exits 3 naming the first bad event; nothing is repaired. A broken log refuses new
            events until someone runs `incident verify --acknowledge --reason "..."`, which records
            a chainBreakAcknowledged event (first bad event, what was wrong, a seal of the damaged
            stretch) linked to the last stored row. Later `verify` runs still name the break as
            acknowledged and exit 0, or 3 with --strict; any further change to the damaged stretch
            is a new, unacknowledged break. `--bundle DIR` checks an `incident export` folder offline.
            """
    )

    @OptionGroup var global: GlobalOptions
    @Flag(name: .long, help: "すべてのインシデントを検査 / check every incident.") var all = false
    @Flag(name: .long, help: "見つかった改ざんを確認済みとして記録し、追記を再開 / record that you saw the break, so recording can continue.")
    var acknowledge = false
    @Option(name: .long, help: "確認の理由（--acknowledge に必須） / why you continue (required with --acknowledge).") var reason: String?
    @Flag(name: .long, help: "確認済みの改ざんや、現在の入力規則に合わない記録も終了コード 3 にする / exit 3 on acknowledged breaks and on events today's rules would refuse.") var strict = false
    @Option(name: .long, help: ArgumentHelp("書き出したフォルダを検査（データベース不要） / check an exported bundle (no database).", valueName: "dir"))
    var bundle: String?

    func validate() throws {
        if acknowledge {
            guard let reason, !reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw ValidationError("--acknowledge には --reason \"理由\" が必要です / --acknowledge needs --reason \"why\".")
            }
            if all || bundle != nil { throw ValidationError("--acknowledge は1件のインシデントにだけ使えます / --acknowledge acts on one incident (not with --all or --bundle).") }
        }
        if bundle != nil && all { throw ValidationError("--bundle と --all は同時に使えません / --bundle cannot be combined with --all.") }
    }

    struct Result: Encodable {
        var id: String
        var ok: Bool
        var events: Int64
        var lastHash: String
        var failure: IntegrityFailure?
        var acknowledgedBreaks: [AcknowledgedBreak]
        var line: Int?
        /// Stored events today's input rules would refuse (not a break: see `RuleNotice`).
        var notices: [RuleNotice] = []
    }

    func run() throws {
        if acknowledge { return try runAcknowledge() }
        if let bundle { return try runBundle(bundle) }
        let store = try global.store()
        let ids = all ? try store.incidents().map(\.id) : [try global.readIncident(store)]
        var results: [Result] = []
        for id in ids {
            let head = try store.head(of: id)
            let report = try store.chainReport(of: id)
            let notices = report.failure == nil ? try store.ruleNotices(of: id) : []
            results.append(Result(id: id, ok: report.failure == nil, events: head.lastSeq, lastHash: head.lastHash, failure: report.failure,
                acknowledgedBreaks: report.acknowledged, notices: notices))
        }
        try finish(results, timeZone: { id in (try? store.head(of: id).timeZone) ?? global.timeZone })
    }

    private func runBundle(_ path: String) throws {
        let report = try EventBundle.verify(path: path)
        let chain = report.chain
        let result = Result(id: chain.incidentID, ok: chain.failure == nil, events: chain.lastSeq ?? 0, lastHash: chain.lastHash ?? "",
            failure: chain.failure, acknowledgedBreaks: chain.acknowledged, line: report.line)
        try finish([result], timeZone: { _ in global.timeZone }, bundle: path)
    }

    private func finish(_ results: [Result], timeZone: (String) -> TimeZone, bundle: String? = nil) throws {
        let l = global.language
        if global.json {
            try Console.json(all ? AnyEncodable(results) : AnyEncodable(results[0]))
        } else {
            for r in results {
                if let f = r.failure {
                    Console.err(f.message(l))
                    if bundle == nil {
                        Console.err(l.pick(
                            ja: "記録を続けるには、ファイルを保全（incident backup --out ファイル）し責任者に報告したうえで: incident verify --incident \(r.id) --acknowledge --reason \"理由\"",
                            en: "To go on recording, preserve the file (incident backup --out FILE), report it, then: incident verify --incident \(r.id) --acknowledge --reason \"why\""))
                    }
                } else {
                    let what = bundle.map { l.pick(ja: "書き出し \($0) ", en: "bundle \($0) ") } ?? ""
                    Console.line(l.pick(ja: "\(what)\(r.id): 改ざんなし（\(r.events) 件、最終ハッシュ \(r.lastHash.prefix(16))…）",
                        en: "\(what)\(r.id): intact (\(r.events) events, last hash \(r.lastHash.prefix(16))…)"))
                }
                for b in r.acknowledgedBreaks { Console.line("  " + b.message(l, timeZone: timeZone(r.id))) }
                for n in r.notices { Console.line("  " + l.pick(ja: "注意: ", en: "Note: ") + n.message(l)) }
            }
        }
        if results.contains(where: { !$0.ok })
            || (strict && results.contains(where: { !$0.acknowledgedBreaks.isEmpty || !$0.notices.isEmpty }))
        {
            throw ExitCode(3)
        }
    }

    private func runAcknowledge() throws {
        let l = global.language
        let store = try global.store()
        let id = try store.resolveIncident(global.chosenIncident(store), fallbackToLatest: true)
        var acknowledged: (Event, IncidentState, IntegrityFailure)?
        var broken: IntegrityFailure?
        do {
            acknowledged = try store.acknowledgeBreak(of: id, reason: reason ?? "", actor: global.actor)
        } catch {
            guard case .integrity(let f) = error else { throw error }
            broken = f
        }
        guard let (event, state, failure) = acknowledged else {
            // Only when nothing can be continued: no readable declaration, or no number left.
            if let broken { Console.err(broken.message(l)) }
            Console.err(l.pick(
                ja: "この壊れ方では記録を続けられません（宣言が読めないか、続きの番号がありません）。ファイルを保全（incident backup）し、新しいインシデントとして宣言してください。",
                en: "This log cannot be continued (its declaration is unreadable or no event number is left). Preserve the file (incident backup) and declare a new incident."))
            throw ExitCode(3)
        }
        if global.json {
            struct Ack: Encodable {
                var event: EventAck
                var failure: IntegrityFailure
            }
            return try Console.json(Ack(event: EventAck(event, timeZone: state.timeZone), failure: failure))
        }
        Console.line(l.pick(
            ja: "確認を記録しました: #\(event.seq)。記録番号 \(failure.seq.map(String.init) ?? "-") の問題は消えずに残り、verify で「確認済み」と表示されます。記録を続けられます。",
            en: "Acknowledgement recorded as #\(event.seq). The problem at event #\(failure.seq.map(String.init) ?? "-") stays visible in verify as acknowledged; recording can continue."))
        Console.err(failure.message(l))
    }
}
