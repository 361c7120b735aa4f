import Foundation

/// `drill print SCENARIO`: the paper pack for a tabletop exercise, so a
/// clinic can run it around a table with one laptop, or none: the facilitator's
/// sheet (premise, timetable, targets, notes), one card per inject to hand out
/// at its time, and a blank review sheet. Every page is marked 「訓練」.
public struct DrillSheets: Sendable {
    public var scenario: Scenario
    public var runbook: Runbook
    public var language: Language
    public var printedAt: Date
    public var timeZone: TimeZone

    /// How the front end that prints names the ways to record (the CLI: its commands).
    public var wording: any Wording = PlainWording()

    /// `（text）`, or nothing.
    static func bracket(_ text: String?, _ l: Language) -> String { text.map { l.pick(ja: "（\($0)）", en: " (\($0))") } ?? "" }

    public init(scenario: Scenario, runbook: Runbook, language: Language, printedAt: Date, timeZone: TimeZone) {
        (self.scenario, self.runbook, self.language, self.printedAt, self.timeZone) = (scenario, runbook, language, printedAt, timeZone)
    }

    public var page: PrintPage {
        PrintPage(
            title: language.pick(ja: "訓練 \(scenario.title.ja)", en: "Drill: \(scenario.title.en)"), language: language,
            pages: [facilitator] + scenario.injects.enumerated().map { card($0.offset + 1, $0.element) } + [reviewSheet], exercise: true)
    }

    var meta: String {
        let l = language
        return
            "<p class=\"meta\">\(PrintPage.escape(scenario.title(l)))　\(PrintPage.escape(l.pick(ja: "想定 \(scenario.start.text(l))、\(scenario.duration)分", en: "starts \(scenario.start.text(l)), \(scenario.duration) min")))　\(PrintPage.printedLine(printedAt, timeZone, l))</p>\n"
    }

    var facilitator: String {
        let l = language, e = PrintPage.escape
        var out = meta + "<h1>\(e(l.pick(ja: "進行役シート", en: "Facilitator's sheet")))　\(e(scenario.title(l)))</h1>\n"
        out += "<h2>\(e(l.pick(ja: "最初の状況（読み上げる）", en: "Premise (read aloud)")))</h2>\n<p class=\"guidance\">\(e(scenario.premise(l)))</p>\n"
        out += "<h2>\(e(l.pick(ja: "進め方", en: "How to run it")))</h2>\n<p class=\"guidance\">\(e(scenario.facilitator(l)))</p>\n"
        out +=
            "<h2>\(e(l.pick(ja: "時間割（状況カード）", en: "Timetable (cards)")))</h2>\n<table>\n<tr><th>\(e(l.pick(ja: "時刻", en: "At")))</th><th>\(e(l.pick(ja: "状況", en: "What happens")))</th><th>\(e(l.pick(ja: "進行役メモ", en: "Facilitator's note")))</th><th>\(e(l.pick(ja: "配った", en: "Given")))</th></tr>\n"
        for inject in scenario.injects {
            out +=
                "<tr><td style=\"white-space: nowrap\">\(Scenario.offsetText(inject.offset))</td><td>\(e(inject.text(l)))</td><td class=\"small\">\(([inject.note?(l)].compactMap { $0 } + implied(inject)).map(e).joined(separator: "<br>"))</td><td>☐</td></tr>\n"
        }
        out +=
            "</table>\n<h2>\(e(l.pick(ja: "目標（振り返りで確かめる）", en: "Targets (checked in the review)")))</h2>\n<table>\n<tr><th>\(e(l.pick(ja: "目標", en: "Target")))</th><th>\(e(l.pick(ja: "目安", en: "Within")))</th><th>\(e(l.pick(ja: "記録で見るもの", en: "What shows it in the log")))</th></tr>\n"
        for t in scenario.targets {
            out +=
                "<tr><td>\(e(t.title(l)))</td><td>\(e(t.within.map { l.pick(ja: "\($0)分以内", en: "\($0) min") } ?? "—"))</td><td class=\"small\">\(e(evidence(t.expect)))</td></tr>\n"
        }
        return out + "</table>\n"
    }

    /// What a card implies for the runbook's questions (「問い → 答え」): for the facilitator only.
    func implied(_ inject: Scenario.Inject) -> [String] {
        inject.answers.compactMap { a in
            runbook.question(id: a.question).map { "\($0.1.prompt(language)) → \($0.1.label(of: a.value, language))" }
        }
    }

    func evidence(_ expect: Scenario.Expectation) -> String {
        let l = language
        switch expect {
        case .contact(let role, let reached):
            let who = Role(role).isEveryVendor ? l.pick(ja: "保守業者", en: "a vendor") : Role(role).title(profile: nil, l)
            return reached
                ? l.pick(ja: "\(who)に連絡がついた記録", en: "a contact with \(who) that reached someone")
                : l.pick(ja: "\(who)への連絡の記録（つながらなくても可）", en: "a contact attempt with \(who)")
        case .stepDone(let id), .stepSettled(let id):
            let step = runbook.step(id: id).map { l.pick(ja: "手順\($0.number)「\($0.title.ja)」", en: "step \($0.number) \"\($0.title.en)\"") } ?? id
            return l.pick(ja: "\(step)の完了", en: "\(step) done")
        case .signal(let signal):
            let q = runbook.questions(raising: signal).first.map { $0.prompt(l) } ?? signal.rawValue
            return l.pick(ja: "「\(q)」への回答", en: "an answer to \"\(q)\"")
        case .answer(let question, let values):
            guard let (_, q) = runbook.question(id: question) else { return question }
            return "\(q.prompt(l)) → \(values.map { q.label(of: $0, l) }.joined(separator: " / "))"
        case .leakDecision: return l.pick(ja: "漏えい等報告の判定", en: "the leak decision") + Self.bracket(wording.command(.assessLeak, l), l)
        case .closed: return l.pick(ja: "必須の手順を終えての終了", en: "a proper close") + Self.bracket(wording.command(.closeIncident, l), l)
        }
    }

    func card(_ n: Int, _ inject: Scenario.Inject) -> String {
        let l = language, e = PrintPage.escape
        var out =
            meta
            + "<h1>\(e(l.pick(ja: "状況カード \(n)/\(scenario.injects.count)", en: "Card \(n) of \(scenario.injects.count)")))　\(Scenario.offsetText(inject.offset))</h1>\n"
        out += "<p style=\"font-size: 16pt; line-height: 1.6; margin: 6mm 0\">\(e(inject.text(l)))</p>\n"
        // The players' card shows the situation only: what it implies is the facilitator's (timetable).
        out +=
            "<p class=\"footer\">\(e(l.pick(ja: "受け取った時刻と、誰が何をしたかを記録してください", en: "Record when you got this card and who did what") + Self.bracket(wording.command(.log, l).map { l.pick(ja: "\($0)、または紙の記録用紙", en: "\($0), or the paper log") }, l) + l.pick(ja: "。", en: ".")))</p>\n"
        return out
    }

    var reviewSheet: String {
        let l = language, e = PrintPage.escape
        var out = meta + "<h1>\(e(l.pick(ja: "振り返り用紙", en: "Review sheet")))</h1>\n"
        out +=
            "<p>\(e(l.pick(ja: "実施日", en: "Date")))　<span class=\"box\" style=\"min-width: 40mm\"></span>　\(e(l.pick(ja: "参加者", en: "Players")))　<span class=\"box\" style=\"min-width: 80mm\"></span></p>\n"
        out +=
            "<h2>\(e(l.pick(ja: "目標の達成", en: "Targets")))</h2>\n<table class=\"rows\">\n<tr><th>\(e(l.pick(ja: "目標", en: "Target")))</th><th>\(e(l.pick(ja: "目安", en: "Within")))</th><th>\(e(l.pick(ja: "実際（開始から）", en: "Actual (from start)")))</th><th>\(e(l.pick(ja: "達成", en: "Met")))</th></tr>\n"
        for t in scenario.targets {
            out += "<tr><td>\(e(t.title(l)))</td><td>\(e(t.within.map { l.pick(ja: "\($0)分", en: "\($0) min") } ?? "—"))</td><td></td><td>☐</td></tr>\n"
        }
        out += "</table>\n<h2>\(e(l.pick(ja: "話し合うこと", en: "Questions")))</h2>\n<table class=\"rows\">\n"
        let questions = scenario.questions.map { $0(l) } + [l.pick(ja: "手順書・連絡表・BCP で直すところ", en: "What to change in the runbook, contact list or BCP")]
        for q in questions { out += "<tr><td>\(e(q))</td></tr>\n<tr><td></td></tr>\n" }
        out += "</table>\n<h2>\(e(l.pick(ja: "改善点（誰が・いつまでに）", en: "Improvements (who, by when)")))</h2>\n<table class=\"rows\">\n"
        for _ in 0..<5 { out += "<tr><td></td><td class=\"by\"></td><td class=\"time\"></td></tr>\n" }
        return out + "</table>\n"
    }
}
