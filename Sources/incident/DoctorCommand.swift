import ArgumentParser
import Foundation
import IncidentKit

struct DoctorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor", _superCommandName: IncidentCommand.name,
        abstract: "備えの点検: 手順書に必要な連絡先がそろっているか / check the profile against what the runbook will need.",
        discussion: """
            インシデントが起きる前に実行し、足りない連絡先・電話番号・保守業者を確認します。
            機器台帳・バックアップ台帳（incident ledger import）があれば、その記入漏れと弱点も確認します。
            終了コード: 0 準備よし、1 足りないものがある。
            Run before any incident. Exit 0 when ready, 1 when something is missing; --json lists the findings.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: ArgumentHelp("点検に使う手順書 / the runbook to check against.", valueName: "name"))
    var runbook: String = RunbookCatalog.defaultName

    struct Result: Encodable {
        var ready: Bool
        var runbook: String
        var findings: [Finding]
    }

    struct Finding: Encodable {
        var code: String
        var subject: String
        var text: String
    }

    func run() throws {
        let l = global.language
        let book = try global.catalog.runbook(named: runbook)
        let store = try? global.store()
        let profile = try store?.currentProfile()
        var findings = Readiness.check(profile: profile, runbook: book)
        // The equipment ledger and backup register, when one was imported (`incident ledger import`).
        if let ledger = try store?.currentLedger() {
            let zone = profile.flatMap { TimeZone(identifier: $0.facility.timeZone) } ?? global.timeZone
            findings += LedgerCheck.check(ledger, profile: profile, today: Timestamp.day(of: global.now, in: zone))
        }
        if global.json {
            try Console.json(
                Result(
                    ready: findings.isEmpty, runbook: book.id,
                    findings: findings.map { Finding(code: $0.code.rawValue, subject: $0.subject, text: $0.message(l)) }))
        } else if findings.isEmpty {
            Console.out(
                StatusText.wrapped(
                    l.pick(
                        ja: "準備よし: 手順書「\(book.title.ja)」が使う連絡先と電話番号はすべて登録されています。",
                        en: "Ready: every contact and phone number the runbook \"\(book.title.en)\" needs is on file.")))
            Console.line(
                l.pick(
                    ja: "連絡先一覧を印刷して受付と事務室に置いてください（`incident facility show`）。",
                    en: "Print the contact sheet for reception and the office (`incident facility show`)."))
        } else {
            Console.line(l.pick(ja: "足りないもの（\(findings.count) 件）:", en: "Missing (\(findings.count)):"))
            for f in findings { Findings.print(f, l) }
            if profile != nil {
                Console.out(
                    StatusText.wrapped(
                        l.pick(
                            ja: "プロファイルを記入して `incident facility import ファイル` で取り込み直し、もう一度 `incident doctor` を実行してください。",
                            en: "Fill in the profile, import it again with `incident facility import FILE`, and run `incident doctor` again.")))
            }
        }
        if !global.json, let store, let freshness = try? store.copyFreshness() {
            Console.out(StatusText.wrapped((freshness.stale ? l.pick(ja: "注意: ", en: "Warning: ") : "") + freshness.message(l, timeZone: global.timeZone)))
        }
        if !findings.isEmpty { throw ExitCode(1) }
    }
}
