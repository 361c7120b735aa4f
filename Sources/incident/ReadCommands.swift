import ArgumentParser
import Foundation
import IncidentKit

struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", _superCommandName: IncidentCommand.name, abstract: "インシデントの一覧 / list incidents.")

    @OptionGroup var global: GlobalOptions

    @Flag(name: .long, help: "訓練（DRILL-…）も表示 / include drills.")
    var drills = false

    struct Item: Encodable {
        var id: String
        var state: String
        var summary: String
        var declaredAt: String
        var currentStep: Int?
        var events: Int64
    }

    func run() throws {
        let l = global.language
        let store = try global.store()
        var items: [Item] = []
        for head in try store.incidents(drills ? .all : .real) {
            let state = try store.state(of: head.id)
            items.append(
                Item(
                    id: head.id, state: state.isOpen ? "open" : "closed", summary: state.summary,
                    declaredAt: Timestamp.iso(state.awareAt, in: state.timeZone), currentStep: state.nextAction.step?.number, events: state.lastSeq))
        }
        if global.json { return try Console.json(items) }
        if items.isEmpty {
            return Console.line(l.pick(ja: "インシデントはありません。", en: "No incidents."))
        }
        for item in items {
            var state = item.state == "open" ? l.pick(ja: "対応中", en: "open") : l.pick(ja: "終了", en: "closed")
            if DrillID.isDrill(item.id) { state = l.pick(ja: "訓練", en: "drill") + (item.state == "open" ? "" : l.pick(ja: "済", en: "/c")) }
            let step = item.currentStep.map { l.pick(ja: "手順\($0)", en: "step \($0)") } ?? "-"
            let date = item.declaredAt.prefix(16).replacingOccurrences(of: "T", with: " ")
            let head = "\(TerminalText.pad(item.id, to: 16)) \(TerminalText.pad(state, to: 6)) \(date)  \(TerminalText.pad(step, to: 7)) "
            Console.line(head + Self.clip(item.summary, columns: Console.columns - TerminalText.width(head)))
        }
    }

    /// The first line of `text`, cut with "…" to fit `columns` (the whole summary is in `status`).
    static func clip(_ text: String, columns: Int) -> String {
        let line = String(text.split(separator: "\n", omittingEmptySubsequences: false).first ?? "")
        guard TerminalText.width(line) > columns || line.count < text.count else { return line }
        var out = ""
        for c in line {
            if TerminalText.width(out + String(c)) > columns - 1 { break }
            out.append(c)
        }
        return out + "…"
    }
}

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", _superCommandName: IncidentCommand.name,
        abstract: "対応状況と次にすること / where the incident stands and what to do next."
    )

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let store = try global.store()
        let (report, state) = try global.service(store).status(of: try global.readIncident(store), templates: ReportTemplateOption.templates(nil, global))
        if let problem = state.documents.loadError {
            // The record stays readable; say why the steps or numbers may be missing.
            Console.err(
                global.language.pick(
                    ja: "注意: このインシデントを宣言したときの手順書または施設プロファイルを、この版では読めません（記録はそのまま有効です）: ",
                    en: "Note: this version cannot read the runbook or facility profile the incident was declared under (the record stays valid): ")
                    + problem.message(global.language))
        }
        if global.json { return try Console.json(report) }
        Console.text(StatusText.render(report, state: state, language: global.language, now: global.now))
        // The likelier loss is the whole laptop: how old is the newest copy?
        if !state.isDrill, let freshness = try? store.copyFreshness() {
            let l = global.language
            Console.out(StatusText.wrapped((freshness.stale ? l.pick(ja: "注意: ", en: "Warning: ") : "") + freshness.message(l, timeZone: state.timeZone)))
        }
    }
}

/// The text form of `status`, fitted to the terminal's width.
enum StatusText {
    static func render(_ r: StatusReport, state: IncidentState, language l: Language, now: Date) -> String {
        let tz = state.timeZone
        var out = ""
        let phase = r.state == "open" ? l.pick(ja: "対応中", en: "open") : l.pick(ja: "終了", en: "closed")
        if state.isDrill { out += l.pick(ja: "【訓練 / EXERCISE】これは訓練の記録です。\n", en: "[EXERCISE / 訓練] This is a drill.\n") }
        out += l.pick(ja: "インシデント \(r.id)（\(phase)）\n", en: "Incident \(r.id) (\(phase))\n")
        out += wrapped(l.pick(ja: "概要: \(r.summary)", en: "Summary: \(r.summary)"))
        out += l.pick(
            ja: "認知: \(Timestamp.local(state.awareAt, in: tz))（\(tz.identifier)）  記録 \(r.events) 件\n",
            en: "Aware: \(Timestamp.local(state.awareAt, in: tz)) (\(tz.identifier))  \(r.events) events\n")
        out += "\n" + wrapped(l.pick(ja: "手順（\(state.runbook.title.ja)）:", en: "Steps (\(state.runbook.title.en)):"))
        for (step, rs) in zip(state.runbook.steps, r.steps) {
            let progress = state.progress(of: step)
            let mark: String =
                switch progress {
                case .done: "[x]"
                case .active: "[>]"
                case .skipped: "[-]"
                case .pending: "[ ]"
                }
            var when = ""
            switch progress {
            case .pending: when = rs.mandatory ? "" : l.pick(ja: "（条件により任意）", en: " (optional)")
            case .active(let d, _), .done(let d, _, _): when = " " + Timestamp.local(d, in: tz)
            case .skipped(let d, _, let reason): when = " " + Timestamp.local(d, in: tz) + l.pick(ja: " 理由: \(reason)", en: " reason: \(reason)")
            }
            let title = TerminalText.pad("\(step.number). \(step.title(l))", to: 34)
            out += "  \(mark) \(title) \(EventDescription.stepState(progress, l))\(when)\n"
        }
        out += ContactsText.render(state: state, language: l, now: now)
        out += ImpactsText.render(state: state, language: l)
        out += RecoveryText.render(r.recovery, timeZone: tz, l)
        out += StatusText.obligations(r, l)
        out += "\n" + StatusText.leakAndReports(r, l)
        out += DrillText.dueSection(state, now: now, l)
        out += "\n" + wrapped(l.pick(ja: "次にすること: ", en: "Next: ") + (r.nextAction.typed.map { CLIWording().next($0, l) } ?? r.nextAction.text))
        out += l.pick(
            ja: "紙の控え（日時とともに書き写してください）: \(r.id) \(ChainAnchor.HeadNote.text(seq: state.lastSeq, hash: state.lastHash))\n",
            en: "Head to copy onto paper (with the time): \(r.id) \(ChainAnchor.HeadNote.text(seq: state.lastSeq, hash: state.lastHash))\n")
        return out
    }

    /// 「届出・報告」: each obligation with where it stands (nothing when none applies yet).
    static func obligations(_ r: StatusReport, _ l: Language) -> String {
        guard !r.obligations.isEmpty else { return "" }
        var out = "\n" + l.pick(ja: "届出・報告（提出したら `incident submit 種類`）:\n", en: "Reports and notices (record with `incident submit KIND`):\n")
        for o in r.obligations {
            let mark = o.isOpen ? "[ ]" : "[x]"
            let head = "  \(mark) " + TerminalText.pad(o.title, to: 28) + " "
            let lines = TerminalText.wrap(Obligations.line(o, l), columns: 80 - TerminalText.width(head))
            for (i, line) in lines.enumerated() {
                out += (i == 0 ? head : String(repeating: " ", count: TerminalText.width(head))) + line + "\n"
            }
        }
        return out
    }

    /// `text` wrapped to the terminal width, continuation lines indented.
    static func wrapped(_ text: String, columns: Int = Console.columns) -> String {
        // One wrap at the narrower width: wrapping at the full width and then again
        // for the indented lines would break a line that had just fitted a second time.
        let lines = TerminalText.wrap(text, columns: columns - 2)
        guard let first = lines.first else { return "\n" }
        return first + "\n" + lines.dropFirst().map { "  " + $0 + "\n" }.joined()
    }
}

struct TimelineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "timeline", _superCommandName: IncidentCommand.name,
        abstract: "時系列（起きた順） / the timeline, ordered by occurrence.",
        discussion: """
            形式 / formats: text（画面用）, markdown（報告書用）, csv（Excel 用）, json（プログラム用）。
            後から記録したものは記録時刻も表示します。
            csv は Excel でそのまま開けます（UTF-8 BOM つき、見出しは日本語、日時は 2026/11/25 09:10 の形）。
            プログラムで読むときは --plain（見出し・種類・時刻は機械向けの形のまま）。
            例 / example:
              incident timeline --format csv > 時系列.csv
              incident timeline --format csv --plain > timeline.csv
            csv opens in Excel as is (UTF-8 with BOM, headers in the chosen language, \
            times as 2026/11/25 09:10 with the zone in its own column); --plain keeps \
            the machine columns (seq, ISO times, kind ids, hash) for scripts.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: ArgumentHelp("出力形式 / output format.", valueName: "text|markdown|csv|json"))
    var format: TimelineRenderer.Format = .text

    @Flag(name: .long, help: "csv を機械向けの列で出力（BOM・翻訳なし） / with --format csv: machine columns for scripts.")
    var plain = false

    func validate() throws {
        if plain, format != .csv || global.json {
            throw ValidationError("--plain は --format csv と一緒に使います / --plain goes with --format csv.")
        }
    }

    func run() throws {
        let store = try global.store()
        let id = try global.readIncident(store)
        let format = global.json ? .json : self.format
        try global.service(store).timeline(
            of: id, format: format,
            configure: {
                $0.plain = plain; $0.columns = Console.columns
            }, write: Console.out)
    }
}

extension TimelineRenderer.Format: ExpressibleByArgument {}

struct AnyEncodable: Encodable {
    let value: any Encodable
    init(_ value: any Encodable) { self.value = value }
    func encode(to encoder: Encoder) throws { try value.encode(to: encoder) }
}
