import ArgumentParser
import Foundation
import IncidentKit

/// `incident drill …`: tabletop exercises on scenarios, kept apart from real records.
struct DrillCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "drill", _superCommandName: IncidentCommand.name,
        abstract: "訓練（机上訓練）/ drills: rehearse the response on a scenario.",
        discussion: """
            訓練は実際のインシデントとは別に記録されます（ID は DRILL-…）。--incident を省いたコマンドが\
            訓練を選ぶことはありません。訓練中の記録は --incident DRILL-… を付けて、いつものコマンドで行います。
              incident drill list
              incident drill start reception-ransomware --speed 1
              incident drill next                      # 時刻が来た状況カード
              incident contact security-officer --outcome reached --incident DRILL-…
              incident drill note "代理の連絡先が連絡表になかった"
              incident drill end
              incident drill review --out review.html
            Drills are recorded apart from real incidents (IDs DRILL-…) and are never \
            picked without --incident. Scenarios are YAML: --scenarios DIR (or
            INCIDENT_SCENARIOS) replaces the built-in ones.
            """,
        subcommands: [DrillList.self, DrillStart.self, DrillNext.self, DrillNote.self, DrillEnd.self, DrillReview.self, DrillPrint.self]
    )
}

extension GlobalOptions {
    /// The drill a `drill` subcommand acts on: `--incident` (which must be a
    /// drill), else the one open drill, else (with `fallbackToLatest`) the latest.
    func drillID(_ store: EventStore, fallbackToLatest: Bool = false) throws -> String {
        try choice.resolve(in: store, for: .drill(latest: fallbackToLatest)).id
    }
}

/// `--scenarios DIR`, with `INCIDENT_SCENARIOS` as its default.
struct ScenarioOption: ParsableArguments {
    @Option(
        name: .long, help: ArgumentHelp("訓練シナリオのフォルダ / a folder of scenarios replacing the built-in ones (default: $INCIDENT_SCENARIOS).", valueName: "dir"))
    var scenarios: String?

    func catalog(_ global: GlobalOptions) -> ScenarioCatalog {
        ScenarioCatalog(directory: scenarios ?? global.environment["INCIDENT_SCENARIOS"].flatMap { $0.isEmpty ? nil : $0 }, runbooks: global.catalog)
    }
}

struct DrillList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "訓練シナリオの一覧 / list the scenarios.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var scenarioOption: ScenarioOption

    struct Item: Encodable {
        var name: String
        var title: String
        var start: String
        var minutes: Int
        var injects: Int
        var targets: Int
    }

    func run() throws {
        let l = global.language
        let catalog = scenarioOption.catalog(global)
        let items = try catalog.names().map { name in
            let s = try catalog.scenario(named: name)
            return Item(name: name, title: s.title(l), start: s.start.text(l), minutes: s.duration, injects: s.injects.count, targets: s.targets.count)
        }
        if global.json { return try Console.json(items) }
        if items.isEmpty { return Console.line(l.pick(ja: "シナリオがありません。", en: "No scenarios.")) }
        for i in items {
            Console.line("\(TerminalText.pad(i.name, to: 24)) \(i.title)")
            Console.line(
                "  "
                    + l.pick(
                        ja: "想定 \(i.start)、\(i.minutes)分、状況カード \(i.injects) 枚、目標 \(i.targets) 件",
                        en: "starts \(i.start), \(i.minutes) min, \(i.injects) injects, \(i.targets) targets"))
        }
        Console.line()
        Console.line(
            l.pick(
                ja: "始めるには: incident drill start シナリオ名 [--speed N]（紙で行うなら incident drill print シナリオ名 --out 訓練.html）",
                en: "To start: incident drill start SCENARIO [--speed N] (on paper: incident drill print SCENARIO --out drill.html)"))
    }
}

struct DrillStart: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "start",
        abstract: "訓練を始める / start a drill on a scenario.",
        discussion: "--speed N はシナリオの時間を N 倍速で進めます（例: 60分のシナリオを --speed 2 で30分）。 --speed N runs the scenario clock N times faster than real time (1 to 60)."
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var scenarioOption: ScenarioOption

    @Argument(help: ArgumentHelp("シナリオ名（.yaml を除いたファイル名） / the scenario (file name without .yaml)."))
    var scenario: String

    @Option(name: .long, help: ArgumentHelp("シナリオ時間の倍速 / how many times faster than real time the scenario runs (1–60).", valueName: "n"))
    var speed: Double = 1

    func validate() throws {
        guard DrillID.speeds.contains(speed) else { throw ValidationError("--speed must be a number from 1 to 60") }
    }

    func run() throws {
        let l = global.language
        let s = try scenarioOption.catalog(global).scenario(named: scenario)
        let book = try global.catalog.runbook(named: s.runbook)
        let store = try global.store(create: true)
        let service = global.service(store)
        // The same zone as a real declaration: the profile's, else $INCIDENT_TZ, else Asia/Tokyo.
        let tz = try service.timeZoneForNewIncident(configured: global.configuredTimeZone())
        let recorded = try service.startDrill(s, runbook: book, speed: speed, by: global.actor, timeZone: tz, language: l)
        let (event, state) = (recorded.event, recorded.state)
        if global.json { return try Console.json(["id": event.incidentID, "actor": event.actor]) }
        Console.line(l.pick(ja: "【訓練】\(state.id) を始めました: \(s.title.ja)", en: "[EXERCISE] Started \(state.id): \(s.title.en)"))
        Console.line(
            l.pick(
                ja: "想定: \(s.start.text(l))、\(s.duration)分（\(DrillText.speed(speed, l))）",
                en: "Scenario: \(s.start.text(l)), \(s.duration) min (\(DrillText.speed(speed, l)))"))
        Console.line()
        // The premise's line breaks are for the YAML; let the terminal wrap it.
        Console.out(StatusText.wrapped(s.premise(l).split(separator: "\n").joined(separator: l == .ja ? "" : " ")))
        Console.line()
        Console.out(DrillText.due(s, minute: 0, l))
        Console.line()
        Console.out(
            StatusText.wrapped(
                l.pick(
                    ja:
                        "この訓練は実際のインシデントとは別に記録され、--incident を省いたコマンドでは選ばれません。記録するときは --incident \(state.id) を付けてください（例: incident guide --incident \(state.id)）。次の状況カードは incident drill next で。",
                    en:
                        "This drill is kept apart from real incidents and never picked without --incident. Add --incident \(state.id) when recording (e.g. incident guide --incident \(state.id)). Next cards: incident drill next."
                )))
    }
}

struct DrillNext: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "next", abstract: "時刻が来た状況カードを表示 / show the injects that are due.")

    @OptionGroup var global: GlobalOptions

    struct Output: Encodable {
        var id: String
        var minute: Double
        var due: [Card]
        var next: Card?
    }

    struct Card: Encodable {
        var at: String
        var text: String
        var answers: [String: String]
    }

    func run() throws {
        let l = global.language
        let store = try global.store()
        let state = try store.state(of: try global.drillID(store))
        let s = try DrillText.scenario(of: state)
        let minute = DrillText.minute(state, now: global.now)
        if global.json {
            let card = { (i: Scenario.Inject) in
                Card(
                    at: Scenario.offsetText(i.offset), text: i.text(l), answers: Dictionary(i.answers.map { ($0.question, $0.value) }, uniquingKeysWith: { $1 })
                )
            }
            return try Console.json(
                Output(
                    id: state.id, minute: minute, due: s.injects(dueBy: minute).map(card),
                    next: s.injects.first { Double($0.offset) > minute }.map(card)))
        }
        Console.line(
            l.pick(ja: "【訓練】\(state.id)  シナリオ経過 \(ResponseReview.offset(minute))", en: "[EXERCISE] \(state.id)  scenario time \(ResponseReview.offset(minute))")
        )
        // The players' view: the situation only; what it implies is on the facilitator's sheet.
        Console.out(DrillText.due(s, minute: minute, l))
        if state.isOpen, minute >= Double(s.duration) {
            Console.line(
                l.pick(
                    ja: "予定の \(s.duration) 分が過ぎました。終えるときは incident drill end、振り返りは incident drill review。",
                    en: "The planned \(s.duration) minutes are up. To finish: incident drill end; then incident drill review."))
        }
    }
}

struct DrillNote: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "note", abstract: "改善点を記録 / record an improvement for the review.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("改善点 / the improvement."))
    var text: String

    func run() throws {
        let store = try global.store()
        var options = global
        options.incident = try global.drillID(store)
        try Target(options).record(.improvement(text))
    }
}

struct DrillEnd: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "end", abstract: "訓練を終える / end the drill.")

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let l = global.language
        let store = try global.store()
        var options = global
        options.incident = try global.drillID(store)
        let target = try Target(options)
        // The drill ends when the time is up, whatever is left: the review lists it.
        let state = try target.record(.endDrill).state
        if !global.json {
            Console.line(
                l.pick(
                    ja: "振り返り: incident drill review --incident \(state.id)（印刷用: --out 振り返り.html）",
                    en: "Review: incident drill review --incident \(state.id) (printable: --out review.html)"))
        }
    }
}

struct DrillReview: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: "訓練の振り返り（事後レビュー）/ the after-action review of a drill.",
        discussion: "Markdown を表示します。--out FILE.html で印刷用 HTML を書き出します。 Markdown on stdout; --out FILE.html writes a printable page."
    )

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: ArgumentHelp("書き出すファイル（.html は印刷用、ほかは Markdown）/ file to write (.html printable, else Markdown).", valueName: "file"))
    var out: String?

    func run() throws {
        let store = try global.store()
        try ReviewCommand.show(try global.drillID(store, fallbackToLatest: true), store: store, global: global, out: out)
    }
}

struct ReviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review", _superCommandName: IncidentCommand.name,
        abstract: "事後レビュー（手順7の材料）/ after-action review of an incident.",
        discussion:
            "手順・連絡・判定にかかった時間、省略した手順、時系列、振り返りで話し合うことをまとめます。 Times to each step, contact and decision, skipped steps, the timeline and questions for the review meeting."
    )

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: ArgumentHelp("書き出すファイル（.html は印刷用、ほかは Markdown）/ file to write (.html printable, else Markdown).", valueName: "file"))
    var out: String?

    func run() throws {
        let store = try global.store()
        try Self.show(try global.readIncident(store), store: store, global: global, out: out)
    }

    static func show(_ id: String, store: EventStore, global: GlobalOptions, out: String?) throws {
        let l = global.language
        var events: [Event] = []
        let state = try store.forEachEventInTimelineOrder(of: id) { _, event in events.append(event) }
        let review = ResponseReview(state: state, events: events, language: l)
        if global.json { return try Console.json(ReviewJSON(review)) }
        guard let out else { return Console.out(review.markdown(l, wording: CLIWording())) }
        let text =
            out.lowercased().hasSuffix(".html") || out.lowercased().hasSuffix(".htm")
            ? review.page(l, printedAt: global.now).html : review.markdown(l, wording: CLIWording())
        try ReportCommand.writeNew(text, to: out)
        Console.line(l.pick(ja: "振り返りを書き出しました: \(out)", en: "Review written to \(out)"))
    }
}

/// `review --json`: the measures, in minutes from the start (scenario minutes for a drill).
struct ReviewJSON: Encodable {
    var id: String
    var drill: Bool
    var scenario: String?
    var speed: Double
    var steps: [Step]
    var contacts: [Contact]
    var leakDecisionMinute: Double?
    var targets: [Target]
    var skipped: [String]
    var questions: [String]
    var improvements: [String]
    var events: Int

    struct Step: Encodable { var number: Int; var state: String; var startedMinute: Double?; var finishedMinute: Double? }
    struct Contact: Encodable { var role: String; var attempts: Int; var firstAttemptMinute: Double; var reachedMinute: Double? }
    struct Target: Encodable { var id: String; var within: Int?; var achievedMinute: Double?; var met: Bool }
    struct Obligation: Encodable { var kind: String; var submittedMinute: Double?; var due: String? }
    var obligations: [Obligation]
    /// Minutes from the start to each recovery stage, per system (null: not reached), against the target.
    var recovery: [Recovery]
    struct Recovery: Encodable {
        var system: String
        var priority: Int?
        var stages: [String: Double?]
        var targetMinute: Double?
        var met: Bool?
    }

    init(_ r: ResponseReview) {
        id = r.id
        drill = r.isDrill
        scenario = r.scenario?.id
        speed = r.speed
        steps = r.steps.map { Step(number: $0.number, state: $0.state, startedMinute: $0.startedMinute, finishedMinute: $0.finishedMinute) }
        contacts = r.contacts.map { Contact(role: $0.role, attempts: $0.attempts, firstAttemptMinute: $0.firstAttemptMinute, reachedMinute: $0.reachedMinute) }
        leakDecisionMinute = r.firstLeakDecision.map(r.minute)
        targets = r.targets.map { Target(id: $0.id, within: $0.within, achievedMinute: $0.achievedMinute, met: $0.met) }
        obligations = r.obligations.map { Obligation(kind: $0.kind, submittedMinute: $0.submittedMinute, due: $0.due) }
        recovery = r.recovery.map { line in
            Recovery(
                system: line.system, priority: line.priority,
                stages: Dictionary(uniqueKeysWithValues: line.stages.map { ($0.stage.rawValue, $0.minute) }), targetMinute: line.targetMinute, met: line.met)
        }
        skipped = r.skipped
        questions = r.questions
        improvements = r.improvements
        events = r.timeline.count
    }
}

struct DrillPrint: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "print",
        abstract: "訓練用の紙一式（進行役シート・状況カード・振り返り用紙）/ the paper pack for a tabletop.",
        discussion: "例: incident drill print reception-ransomware --out 訓練.html"
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var scenarioOption: ScenarioOption

    @Argument(help: ArgumentHelp("シナリオ名 / the scenario."))
    var scenario: String

    @Option(name: .long, help: ArgumentHelp("書き出す HTML ファイル / the HTML file to write.", valueName: "file"))
    var out: String

    func run() throws {
        let l = global.language
        let s = try scenarioOption.catalog(global).scenario(named: scenario)
        let runbook = try global.catalog.runbook(named: s.runbook)
        var sheets = DrillSheets(scenario: s, runbook: runbook, language: l, printedAt: global.now, timeZone: global.timeZone)
        sheets.wording = CLIWording()
        let page = sheets.page
        try ReportCommand.writeNew(page.html, to: out)
        if global.json { return try Console.json(["file": out, "pages": String(page.pages.count)]) }
        Console.line(l.pick(ja: "訓練用の紙を書き出しました: \(out)（\(page.pages.count) ページ）", en: "Drill pack written: \(out) (\(page.pages.count) pages)"))
        Console.line(
            l.pick(
                ja: "ブラウザで開いて印刷してください（用紙 A4、倍率 100%）。状況カードは切り分けて、時刻が来たら配ります。",
                en: "Open it in a browser and print (A4, 100%). Cut the cards apart and hand each out at its time."))
    }
}

/// Text shared by the drill commands.
enum DrillText {
    static func speed(_ speed: Double, _ l: Language) -> String {
        let n = speed == speed.rounded() ? String(Int(speed)) : String(speed)
        return speed == 1 ? l.pick(ja: "実時間", en: "real time") : l.pick(ja: "\(n) 倍速", en: "\(n)× speed")
    }

    /// The scenario a drill was declared with (from its declaration, not today's files).
    static func scenario(of state: IncidentState) throws -> Scenario {
        guard let s = try state.declaredScenario() else { throw IncidentError.notADrill(state.id) }
        return s
    }

    /// Minutes on the scenario clock: real time since the start × speed.
    static func minute(_ state: IncidentState, now: Date) -> Double {
        let end: Date = if case .closed(let at, _, _) = state.phase { at } else { now }
        return ResponseReview.minutes(from: state.awareAt, to: end, speed: state.drill?.speed ?? 1)
    }

    /// The injects due by `minute`, then when the next one comes.
    /// The players' view: the cards' situations, never the answers they imply
    /// (those are on the facilitator's sheet).
    static func due(_ s: Scenario, minute: Double, _ l: Language) -> String {
        var out = ""
        let due = s.injects(dueBy: minute)
        for inject in due {
            out += StatusText.wrapped("\(Scenario.offsetText(inject.offset))  \(inject.text(l))")
        }
        if let next = s.injects.first(where: { Double($0.offset) > minute }) {
            out += l.pick(
                ja: "次のカード: \(Scenario.offsetText(next.offset))（あと約 \(Int((Double(next.offset) - minute).rounded(.up))) 分、シナリオ時間）\n",
                en: "Next card: \(Scenario.offsetText(next.offset)) (in about \(Int((Double(next.offset) - minute).rounded(.up))) scenario min)\n")
        } else {
            out += l.pick(ja: "カードはすべて配り終えました。終えるときは incident drill end。\n", en: "All cards are out. To finish: incident drill end.\n")
        }
        return out
    }

    /// For `status` and `guide`: the cards already due, for a drill; empty otherwise.
    static func dueSection(_ state: IncidentState, now: Date, _ l: Language) -> String {
        guard state.isDrill, let s = try? scenario(of: state) else { return "" }
        let minute = minute(state, now: now)
        var out =
            "\n"
            + l.pick(
                ja: "【訓練】シナリオ経過 \(ResponseReview.offset(minute))（\(s.title.ja)）。配られた状況カード:\n",
                en: "[EXERCISE] scenario time \(ResponseReview.offset(minute)) (\(s.title.en)). Cards handed out:\n")
        for inject in s.injects(dueBy: minute) { out += StatusText.wrapped("  \(Scenario.offsetText(inject.offset))  \(inject.text(l))") }
        return out
    }
}
