import ArgumentParser
import Foundation
import IncidentKit

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", _superCommandName: IncidentCommand.name,
        abstract: "報告書・お知らせの下書きを作成 / render a report draft.",
        discussion: """
            種類 / kinds: mhlw, mhlw-followup, police, ppc-preliminary, ppc-final, individual-notice, public-notice,
              patient-notice, staff-instructions, inquiry-script
            例 / example:
              incident report mhlw
              incident report ppc-preliminary --out 速報.txt
              incident report individual-notice --recipients 対象患者.csv --out 通知文.html
            まだわからない項目は【未記入: 原因】のように表示されます（`incident fact` で記録）。
            テンプレートは --templates DIR（または INCIDENT_TEMPLATES）の KIND.mustache で差し替えられます。
            Unknown fields show as visible placeholders; --json lists them under "missing".
            A facility's KIND.mustache in --templates DIR replaces the built-in template.
            --out writes a new file readable by you only, and never overwrites.
            --recipients FILE.csv (individual-notice): one addressed letter per A4 page in --out FILE.html; \
            columns 氏名/name and 住所/address (郵便番号, 住所2, 患者番号 optional); UTF-8 or Shift_JIS.
            The list is read, never stored in the log.
            """
    )

    @OptionGroup var global: GlobalOptions
    @Flag(name: .long, help: "種類の一覧 / list the kinds.") var list = false
    @Argument(help: "報告書の種類 / the kind (see --list).") var kind: ReportKind?
    @Option(name: .long, help: ArgumentHelp("書き出すファイル（新規のみ） / write to a new file.", valueName: "file")) var out: String?
    @Option(name: .long, help: ArgumentHelp("テンプレートのフォルダ / a folder of templates (default: $INCIDENT_TEMPLATES).", valueName: "dir")) var templates: String?
    @Option(
        name: .long,
        help: ArgumentHelp("individual-notice の宛先 CSV（氏名・住所の列。記録には残しません） / with individual-notice: the patients' CSV (never stored).", valueName: "file.csv"))
    var recipients: String?

    func validate() throws {
        if !list && kind == nil {
            throw ValidationError("KIND を指定してください（一覧は --list） / give KIND (see --list).")
        }
        if recipients != nil {
            guard kind == .individualNotice else {
                throw ValidationError("--recipients は individual-notice と一緒に使います / --recipients goes with individual-notice.")
            }
            guard let out, out.lowercased().hasSuffix(".html") else {
                throw ValidationError("--recipients には --out FILE.html が必要です（1人1ページの印刷用ファイル） / --recipients needs --out FILE.html.")
            }
        }
    }

    struct Item: Encodable {
        var kind: String
        var title: String
    }

    func run() throws {
        let l = global.language
        if list {
            let items = ReportKind.allCases.map { Item(kind: $0.rawValue, title: $0.title(l)) }
            if global.json { return try Console.json(items) }
            for i in items { Console.line("\(TerminalText.pad(i.kind, to: 20)) \(i.title)") }
            return
        }
        guard let reportKind = kind else { return }
        let store = try global.store()
        let id = try global.readIncident(store)
        let (state, calls) = try store.stateAndContactHistory(of: id)
        let today = Timestamp.day(of: global.now, in: state.timeZone)
        // The 確報 says what changed since the recorded 速報.
        let changes = try ReportContext.changesBaseline(reportKind, state: state).map { try store.changes(of: id, after: $0) }
        let report = try ReportTemplateOption.templates(templates, global).render(
            reportKind, state: state, today: today, language: l,
            calls: calls, ledger: try store.currentLedger(), changes: changes, bcp: try store.currentBCP())
        if let recipients, let out {
            return try writeLetters(report, recipients: recipients, out: out, kind: reportKind, l)
        }
        if let out { try Self.writeNew(report.text, to: out) }
        if global.json { return try Console.json(report) }
        if let out {
            Console.line(l.pick(ja: "下書きを書き出しました: \(out)", en: "Draft written to \(out)"))
        } else {
            Console.out(report.text.hasSuffix("\n") ? report.text : report.text + "\n")
        }
        if !report.missing.isEmpty { Console.err(Self.missingHint(report.missing, l)) }
    }

    /// What is missing and how to fill it: facts with `incident fact`, the rest in the profile or by assessment.
    static func missingHint(_ missing: [String], _ l: Language) -> String {
        let fields = missing.compactMap { ReportField.field($0) }
        let facts = fields.filter { $0.source == .fact }.map { l.pick(ja: "\($0.label.ja)（\($0.key)）", en: $0.key) }
        let profile = fields.filter { $0.source == .profile }.map { $0.label(l) }
        var lines = [l.pick(ja: "未記入 \(fields.count) 件。", en: "\(fields.count) field(s) missing.")]
        if !facts.isEmpty {
            lines.append(
                l.pick(
                    ja: "  `incident fact KEY \"内容\"` で記録: \(facts.joined(separator: "、"))",
                    en: "  record with `incident fact KEY \"value\"`: \(facts.joined(separator: ", "))"))
        }
        if !profile.isEmpty {
            lines.append(
                l.pick(
                    ja: "  施設プロファイルに記入: \(profile.joined(separator: "、"))（宣言後の変更は次のインシデントから反映）",
                    en: "  fill in the facility profile: \(profile.joined(separator: ", ")) (changes apply to incidents declared afterwards)"))
        }
        if fields.contains(where: { $0.source == .assessment }) {
            lines.append(l.pick(ja: "  漏えい等報告の判定: `incident leak assess`", en: "  leak decision: `incident leak assess`"))
        }
        return lines.joined(separator: "\n")
    }

    /// One addressed letter per A4 page, from the patients' CSV (read here, never stored).
    func writeLetters(_ report: RenderedReport, recipients path: String, out: String, kind: ReportKind, _ l: Language) throws {
        guard let data = FileManager.default.contents(atPath: path) else { throw IncidentError.fileUnreadable(path) }
        let (list, problems) = try RecipientList.read(data, file: path)
        let page = RecipientList.letters(report, recipients: list, title: kind.title(l), language: l)
        try PrivateFile.write(page.html, toNew: out)
        // A bad row is listed with its line; the other letters are made.
        for p in problems { Console.err(l.pick(ja: "宛先を飛ばしました（この行の通知文は作っていません）: ", en: "Recipient skipped (no letter made): ") + p.formatted(l)) }
        if global.json {
            struct Skipped: Encodable { var line: Int; var problem: String }
            struct Written: Encodable { var kind: String; var out: String; var letters: Int; var missing: [String]; var skipped: [Skipped] }
            return try Console.json(
                Written(
                    kind: kind.rawValue, out: out, letters: list.count, missing: report.missing,
                    skipped: problems.map { Skipped(line: $0.line, problem: $0.message(l)) }))
        }
        Console.line(
            l.pick(
                ja: "通知文 \(list.count) 通（1人1ページ）を書き出しました: \(out)。宛先の一覧は記録に残していません。印刷前に内容を確認してください。",
                en: "Wrote \(list.count) letter(s), one per page, to \(out). The list of recipients is not stored. Check the text before printing."))
        if !report.missing.isEmpty { Console.err(Self.missingHint(report.missing, l)) }
    }

    /// Writes `text` to a new file, 0600, refusing to overwrite.
    static func writeNew(_ text: String, to path: String) throws {
        try PrivateFile.write(text, toNew: path)
    }
}

/// Where report templates come from: `--templates DIR`, else $INCIDENT_TEMPLATES, else built in.
enum ReportTemplateOption {
    static func templates(_ option: String?, _ global: GlobalOptions) -> ReportTemplates {
        ReportTemplates(directory: option ?? global.environment["INCIDENT_TEMPLATES"].flatMap { $0.isEmpty ? nil : $0 })
    }
}

extension ReportKind: ExpressibleByArgument {}
