import ArgumentParser
import Foundation
import IncidentKit

struct LeakCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "leak", _superCommandName: IncidentCommand.name,
        abstract: "個人情報保護委員会への漏えい等報告の判定 / the PPC leak-report decision.",
        subcommands: [Assess.self]
    )

    struct Assess: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "assess",
            abstract: "報告の要否と期限を判定して記録 / decide whether a PPC report is required, and by when.",
            discussion: """
                端末では質問に順に答えます。スクリプトでは全項目をオプションで指定します:
                  incident leak assess --leak suspected --sensitive yes --malicious yes --financial no --people 2300 --encrypted no
                漏えいの「おそれ」でも判定します（確定を待たない）。再判定すると最新の判定が有効になり、前の判定も時系列に残ります。
                根拠: 個人情報保護法第26条、同法施行規則第7条・第8条・第10条。期限は認知日を1日目として数え、\
                速報は5日目が目安、確報は30日目（不正の目的によるおそれがあれば60日目）。確報の期限が土日・祝日・\
                年末年始（12/29〜1/3）に当たれば翌開庁日です（行政機関の休日に関する法律第2条）。

                On a terminal you are asked each question; otherwise give every answer as a flag.
                A suspected leak counts. A reassessment supersedes the previous one; both stay in the timeline.
                Days are counted with the day of awareness as day 1: the preliminary report's target is day 5, \
                the final report is due on day 30 (day 60 for an act that may have had an improper purpose), \
                moved to the next open day when that is a Saturday, Sunday, national holiday or 12/29–1/3.
                """
        )

        @OptionGroup var global: GlobalOptions
        @Option(name: .long, help: ArgumentHelp("漏えい等の発生 / a leak, loss or damage occurred.", valueName: "yes|suspected|no")) var leak:
            LeakArgument<Occurrence>?
        @Option(name: .long, help: ArgumentHelp("要配慮個人情報（病歴・診療記録等） / special-care data (medical records).", valueName: "yes|no"))
        var sensitive: LeakArgument<YesNo>?
        @Option(name: .long, help: ArgumentHelp("不正アクセス・ランサムウェア等 / unauthorized access, ransomware, theft.", valueName: "yes|no"))
        var malicious: LeakArgument<YesNo>?
        @Option(name: .long, help: ArgumentHelp("財産的被害のおそれ（カード番号等） / financial data (card numbers).", valueName: "yes|no"))
        var financial: LeakArgument<YesNo>?
        @Option(name: .long, help: ArgumentHelp("対象となる本人の数 / number of individuals.", valueName: "n")) var people: LeakArgument<Count>?
        @Option(
            name: .long,
            help: ArgumentHelp("施設側の高度な暗号化で保護（攻撃者の暗号化は該当しない） / protected by the institution's strong encryption (not the attacker's).", valueName: "yes|no"))
        var encrypted: LeakArgument<YesNo>?
        @Option(
            name: .long,
            help: ArgumentHelp(
                "判定の根拠（誰が、どのログを調べ、何がわかったか）。攻撃が疑われる間の「漏えいなし」に必要 / the basis (who investigated, which logs, what was found); needed for --leak no while an attack is suspected.",
                valueName: "text"))
        var basis: String?
        @Option(name: .long, help: "メモ / a note.") var note: String?
        @Option(name: .long, help: ArgumentHelp("判定した時刻 / when.", valueName: "time")) var at: String?

        func run() throws {
            let l = global.language
            // As typed (`約2,300人` stays so: the record notes an approximate number).
            let given: [String: String?] = [
                "leak": leak?.typed, "sensitive": sensitive?.typed, "malicious": malicious?.typed, "financial": financial?.typed,
                "people": people?.typed, "encrypted": encrypted?.typed,
            ]
            var answers = given.compactMapValues { $0 }
            // After "no leak" the other questions do not matter (nothing to report).
            let missing = leak?.value == "no" ? [] : LeakQuestion.all.filter { answers[$0.id] == nil }
            let target = try Target(global)
            if !missing.isEmpty {
                guard Console.stdinIsTerminal else {
                    let flags = missing.map { "--\($0.id) \(Self.valueName($0))" }.joined(separator: " ")
                    // A usage error (exit 64), said in the user's language with a full example.
                    Console.err(
                        IncidentCommand.prefix(l)
                            + l.pick(
                                ja:
                                    "端末ではないため質問できません。次を指定してください: \(flags)\n例: incident leak assess --leak suspected --sensitive yes --malicious yes --financial no --people 2300 --encrypted no",
                                en:
                                    "Not on a terminal, so cannot ask: give \(flags)\ne.g. incident leak assess --leak suspected --sensitive yes --malicious yes --financial no --people 2300 --encrypted no"
                            ))
                    throw ExitCode(64)
                }
                for q in missing where answers["leak"].flatMap(q.normalize) != "no" { answers[q.id] = try ask(q, l) }
            }
            let occurredAt = try target.time(at)
            let recorded = try target.zoned {
                try target.service.record(.assessLeak(answers: answers, note: note, basis: basis), on: target.head.id, by: global.actor, at: occurredAt)
            }
            let state = recorded.state
            let today = Timestamp.day(of: global.now, in: state.timeZone)
            guard let decision = LeakRules.decision(for: state, language: l, today: today) else { return }
            if global.json { return try Console.json(decision) }
            Console.line(l.pick(ja: "漏えい判定を記録しました（#\(state.lastSeq)）。", en: "Leak assessment recorded (#\(state.lastSeq))."))
            let submitted = Set(Obligations.of(state, today: today, language: l).filter { !$0.isOpen }.map(\.kind))
            Console.text(LeakText.render(decision, l, submitted: submitted))
        }

        static func valueName(_ q: LeakQuestion) -> String {
            switch q.kind {
            case .occurrence: "yes|suspected|no"
            case .yesno: "yes|no"
            case .count: "N"
            }
        }

        /// Asks one question until it gets a usable answer (prompts on stderr when --json); returns it as typed.
        func ask(_ q: LeakQuestion, _ l: Language) throws -> String {
            let say: (String) -> Void = global.json ? { Console.err($0) } : { Console.line($0) }
            say("")
            for line in TerminalText.wrap(q.prompt(l), columns: Console.columns - 2) { say(line) }
            for line in TerminalText.wrap(q.help(l), columns: Console.columns - 6) { say("  " + line) }
            while true {
                if !global.json { Console.out("> ") }
                guard let line = readLine() else { throw IncidentError.missingLeakAnswers([q.id]) }
                if q.normalize(line) != nil { return line }
                say(l.pick(ja: "答え方: \(q.expected)", en: "Expected: \(q.expected)"))
            }
        }
    }
}

/// The kinds of leak answer, for `LeakArgument`.
protocol LeakAnswerKind { static var question: String { get } }
enum Occurrence: LeakAnswerKind { static let question = "leak" }
enum YesNo: LeakAnswerKind { static let question = "sensitive" }
enum Count: LeakAnswerKind { static let question = "people" }

/// A leak answer on the command line, checked when parsed: a value the
/// question does not accept is a usage error (exit 64) with the values it does.
struct LeakArgument<Kind: LeakAnswerKind>: ExpressibleByArgument {
    /// As typed (`はい`, `約2,300人`).
    var typed: String
    /// Normalised (`yes`, `2300`).
    var value: String

    init?(argument: String) {
        guard let q = LeakQuestion.question(id: Kind.question), let v = q.normalize(argument) else { return nil }
        (typed, value) = (argument, v)
    }

    static var allValueStrings: [String] {
        switch Kind.question {
        case "leak": ["yes", "suspected", "no"]
        case "people": []
        default: ["yes", "no"]
        }
    }
}

/// The text form of a leak decision, for `leak assess` and `status`.
enum LeakText {
    /// `submitted`: obligation kinds already submitted (their deadline is met, never 超過).
    static func render(_ d: LeakDecision, _ l: Language, reasons: Bool = true, submitted: Set<ObligationKind> = []) -> String {
        var out = ""
        let labels = d.grounds.map { $0.label(l) }
        if d.reportRequired {
            out += StatusText.wrapped(
                l.pick(
                    ja: "個人情報保護委員会への報告: 必要（\(labels.joined(separator: "、"))）",
                    en: "Report to the PPC: required (\(labels.joined(separator: ", ")))"))
        } else if d.basisMissing == true {
            out += l.pick(
                ja: "個人情報保護委員会への報告: 不要と回答（根拠未記録: 判定は未了）\n",
                en: "Report to the PPC: answered not required (basis not recorded: assessment still owed)\n")
        } else {
            out += l.pick(ja: "個人情報保護委員会への報告: 不要\n", en: "Report to the PPC: not required\n")
        }
        if let basis = d.basis { out += l.pick(ja: "  根拠: \(basis)\n", en: "  Basis: \(basis)\n") }
        for reason in reasons ? d.reasons ?? [] : [] {
            for (i, line) in TerminalText.wrap(reason, columns: Console.columns - 6).enumerated() { out += (i == 0 ? "  " : "    ") + line + "\n" }
        }
        out += l.pick(ja: "  認知日: \(d.awareOn)\n", en: "  Aware on: \(d.awareOn)\n")
        if d.reportRequired, let dates = d.deadlines {
            let prelim =
                l.pick(ja: "速報: ", en: "Preliminary: ") + DeadlineText.preliminary(dates, style: .short, l)
                + (submitted.contains(.ppcPreliminary)
                    ? l.pick(ja: "  提出済", en: "  submitted")
                    : left(d.daysLeft?.preliminary, overdue: d.overdue?.contains("preliminary") == true, target: true, l))
            let final =
                l.pick(ja: "確報（\(dates.finalDays)日以内）: ", en: "Final (within \(dates.finalDays) days): ")
                + DeadlineText.final(dates, style: .short, l)
                + (submitted.contains(.ppcFinal)
                    ? l.pick(ja: "  提出済", en: "  submitted")
                    : left(d.daysLeft?.final, overdue: d.overdue?.contains("final") == true, target: false, l))
            for item in [prelim, final] {
                for (i, line) in TerminalText.wrap(item, columns: Console.columns - 4).enumerated() { out += (i == 0 ? "  " : "    ") + line + "\n" }
            }
            out += l.pick(
                ja: "  本人への通知: \(d.notifyIndividuals ? "必要" : "不要")\n", en: "  Notice to individuals: \(d.notifyIndividuals ? "required" : "not required")\n")
        }
        for w in d.warnings ?? [] {
            for (i, line) in TerminalText.wrap(l.pick(ja: "注意: ", en: "Note: ") + w, columns: Console.columns - 6).enumerated() {
                out += (i == 0 ? "  " : "    ") + line + "\n"
            }
        }
        return out
    }

    /// Days left to a date; a passed target (the preliminary report) is 目安超過, a passed legal due date 期限超過.
    static func left(_ days: Int?, overdue: Bool, target: Bool, _ l: Language) -> String {
        guard let days else { return "" }
        if overdue {
            return target
                ? l.pick(ja: "  目安超過（\(-days)日経過）", en: "  PAST TARGET (\(-days) days ago)")
                : l.pick(ja: "  期限超過（\(-days)日経過）", en: "  OVERDUE (\(-days) days ago)")
        }
        if days == 0 { return target ? l.pick(ja: "  本日が目安", en: "  target today") : l.pick(ja: "  本日が期限", en: "  due today") }
        return l.pick(ja: "  あと\(days)日", en: "  \(days) days left")
    }
}

extension StatusText {
    /// The leak decision with its deadlines, and what each report still lacks.
    static func leakAndReports(_ r: StatusReport, _ l: Language) -> String {
        var out = ""
        if let d = r.leak {
            let submitted = Set(r.obligations.filter { !$0.isOpen }.map(\.kind))
            out += LeakText.render(d, l, reasons: false, submitted: submitted)
        } else {
            out += l.pick(
                ja: "漏えい等報告の判定: 未実施（漏えいのおそれがあれば `incident leak assess`）\n",
                en: "Leak report decision: not made (if a leak is possible, run `incident leak assess`)\n")
        }
        out += l.pick(
            ja: "報告書の未記入（`incident report KIND`、`incident fact KEY 値`）:\n", en: "Reports still lacking (`incident report KIND`, `incident fact KEY value`):\n")
        for report in r.reports {
            let labels = report.missing.map { key in ReportField.field(key)?.label(l) ?? key }
            let text = labels.isEmpty ? l.pick(ja: "なし", en: "nothing") : labels.joined(separator: l.pick(ja: "、", en: ", "))
            for (i, line) in TerminalText.wrap(text, columns: Console.columns - 24).enumerated() {
                out += "  " + TerminalText.pad(i == 0 ? report.kind : "", to: 20) + line + "\n"
            }
        }
        return out
    }
}
