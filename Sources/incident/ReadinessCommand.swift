import ArgumentParser
import Foundation
import IncidentKit

/// `incident readiness`: peacetime preparation on one page.
struct ReadinessCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "readiness", _superCommandName: IncidentCommand.name,
        abstract: "平時の準備の総点検（チェックリスト・台帳・連絡先） / peacetime readiness on one page.",
        discussion: """
            厚労省チェックリストの進み具合と期限切れの目標日、機器台帳・バックアップ台帳の指摘、連絡先の準備をまとめて示します。
            終了コード: 0 すべて整っている、1 残りがある。--out で印刷用 HTML（立入検査の準備に）。
            Exit 0 only when every checklist item is answered yes (or an allowed n/a) with nothing flagged, \
            a ledger and backup register exist without findings, and every contact is on file; 1 otherwise.
            """
    )

    @OptionGroup var global: GlobalOptions
    @Option(name: .long, help: ArgumentHelp("点検に使う手順書 / the runbook whose contacts are checked.", valueName: "name"))
    var runbook: String = RunbookCatalog.defaultName
    @Option(name: .long, help: ArgumentHelp("印刷用 HTML を書き出す（新規のみ） / also write a printable HTML file.", valueName: "file.html"))
    var out: String?

    struct JSON: Encodable {
        struct Item: Encodable { var id: String; var answer: ChecklistAnswer?; var flags: [ChecklistStatus.Flag] }
        struct Finding: Encodable { var code: String; var subject: String; var text: String }
        struct Evidence: Encodable { var item: String; var supports: Bool; var text: String; var suggestion: String? }
        var ready: Bool
        var checklist: String
        var answered: Int
        var total: Int
        var open: [Item]
        var ledger: [String: Int?]
        var findings: [Finding]
        var evidence: [Evidence]
        struct BCP: Encodable { var imported: Bool; var complete: Bool; var gaps: Int; var rehearsed: Bool; var approvedOn: Day? }
        var bcp: BCP
    }

    func run() throws {
        let l = global.language
        let context = try ChecklistCommand.Context(global)
        let book = try global.catalog.runbook(named: runbook)
        let ledger = try context.store?.currentLedger()
        let bcp = try BCPCommand.status(store: context.store, profile: context.profile, ledger: ledger, global)
        let review = ReadinessReview(status: context.status, profile: context.profile, ledger: ledger, runbook: book, bcp: bcp)
        if let out {
            let page = ReadinessSheet(
                review: review, facilityName: context.profile?.facility.name, language: l, printedAt: global.now, timeZone: context.timeZone
            ).page
            try PrivateFile.write(page.html, toNew: out)
        }
        let answers = Dictionary(uniqueKeysWithValues: review.status.rows.map { ($0.item.id, $0.answer) })
        if global.json {
            let findings = review.ledgerFindings + review.contactFindings
            try Console.json(
                JSON(
                    ready: review.inOrder, checklist: review.status.checklist.id, answered: review.status.answered, total: review.status.total,
                    open: review.openItems.map { .init(id: $0.item.id, answer: $0.answer, flags: $0.flags) },
                    ledger: ["devices": ledger?.devices.count, "backups": ledger?.backups.count],
                    findings: findings.map { .init(code: $0.code.rawValue, subject: $0.subject, text: $0.message(l)) },
                    evidence: review.evidence.map {
                        .init(
                            item: $0.item, supports: $0.supports, text: $0.text(l),
                            suggestion: $0.suggestion(current: answers[$0.item] ?? nil, l, wording: CLIWording()))
                    },
                    bcp: .init(imported: bcp.imported, complete: bcp.complete, gaps: bcp.gaps, rehearsed: bcp.rehearsed, approvedOn: bcp.approvedOn)))
        } else {
            Console.text(Self.text(review, answers: answers, l, timeZone: context.timeZone))
            if let out { Console.line(l.pick(ja: "印刷用のファイルを書き出しました: \(out)", en: "Printable file written: \(out)")) }
            if let freshness = try? context.store?.copyFreshness() {
                Console.out(
                    StatusText.wrapped((freshness.stale ? l.pick(ja: "注意: ", en: "Warning: ") : "") + freshness.message(l, timeZone: context.timeZone)))
            }
        }
        if !review.inOrder { throw ExitCode(1) }
    }

    static func text(_ review: ReadinessReview, answers: [String: ChecklistAnswer?], _ l: Language, timeZone: TimeZone = .facilityDefault) -> String {
        let s = review.status
        var out = l.pick(ja: "平時の準備（\(s.today)）\n", en: "Peacetime readiness (\(s.today))\n")
        out +=
            "\n"
            + l.pick(
                ja: "■ チェックリスト（\(s.checklist.edition(l))）: 回答済み \(s.answered) / \(s.total)",
                en: "■ Checklist (\(s.checklist.edition(l))): \(s.answered) of \(s.total) answered") + "\n"
        let open = review.openItems
        if open.isEmpty { out += l.pick(ja: "  すべて はい です。\n", en: "  Every item is yes.\n") }
        for r in open {
            let state = r.answer?.label(l) ?? l.pick(ja: "未回答", en: "not answered")
            let target = r.entry?.answer.target.map { l.pick(ja: "、目標日 \($0)", en: ", target \($0)") } ?? ""
            let flags = r.flags.map { l.pick(ja: "（⚠ \($0.message(l))）", en: " (⚠ \($0.message(l)))") }.joined()
            out += "  \(r.item.id) [\(state)\(target)]\(flags) \(r.item.text(l))\n"
        }
        out += "\n" + l.pick(ja: "■ 記録からわかること（回答はご自身で）", en: "■ What is on file (you answer)") + "\n"
        for e in review.evidence {
            out += "  \(e.item) \(e.supports ? "○" : "×") \(e.text(l))\n"
            if let s = e.suggestion(current: answers[e.item] ?? nil, l, wording: CLIWording()) { out += "      → \(s)\n" }
        }
        out += "\n" + l.pick(ja: "■ 機器台帳・バックアップ台帳", en: "■ Equipment ledger and backups") + "\n"
        if review.ledgerFindings.isEmpty { out += l.pick(ja: "  指摘はありません。\n", en: "  No findings.\n") }
        for f in review.ledgerFindings { out += "  ・" + f.message(l) + "\n" }
        if let bcp = review.bcp {
            out += "\n" + l.pick(ja: "■ BCP（チェックリスト 3-③）", en: "■ BCP (checklist 3-③)") + "\n"
            for line in TerminalText.wrap(bcp.text(l, timeZone: timeZone), columns: Console.columns - 4) { out += "  " + line + "\n" }
            if !bcp.imported {
                out +=
                    "  " + l.pick(ja: "→ incident bcp init で雛形を書き出し、記入して取り込んでください。", en: "→ Write one with incident bcp init, fill it in and import it.") + "\n"
            } else if !bcp.complete {
                out += "  " + l.pick(ja: "→ 足りないものは incident bcp check で確認できます。", en: "→ incident bcp check lists the gaps.") + "\n"
            } else if !bcp.rehearsed {
                out +=
                    "  " + l.pick(ja: "→ 訓練で試してください: incident drill start bcp-paper-operation", en: "→ Rehearse it: incident drill start bcp-paper-operation")
                    + "\n"
            }
        }
        out += "\n" + l.pick(ja: "■ 連絡先", en: "■ Contacts") + "\n"
        if review.contactFindings.isEmpty { out += l.pick(ja: "  手順書が使う連絡先はそろっています。\n", en: "  Every contact the runbook needs is on file.\n") }
        for f in review.contactFindings { out += "  ・" + f.message(l) + "\n" }
        out +=
            "\n"
            + (review.inOrder
                ? l.pick(ja: "すべて整っています。\n", en: "Everything is in order.\n")
                : l.pick(
                    ja: "残りがあります。上から順に対応し、もう一度 incident readiness で確認してください。\n",
                    en: "Work remains: deal with the items above, then run incident readiness again.\n"))
        return out
    }
}
