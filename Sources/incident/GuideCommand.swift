import ArgumentParser
import Foundation
import IncidentKit

struct GuideCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "guide", _superCommandName: IncidentCommand.name,
        abstract: "今の手順を一緒に進める（対話） / walk through the current step interactively.",
        discussion: """
            端末で実行すると、手順の説明と確認点、連絡する相手と電話番号を示し、\
            電話の結果と質問の答えを一つずつ聞いて記録します（時刻は自動）。
              Enter = 次へ（質問はとばす）   q または Ctrl-D = 中断（答えた分は記録済み）
            もう一度実行すると、続きから再開します（答えた質問・連絡がついた相手はとばします）。
            端末でないとき（パイプなど）は、今の手順の指示と記録用のコマンドを表示して終わります。

            On a terminal, shows the step's guidance, check-points and whom to call with \
            their numbers, then asks for each call's outcome and each question, recording \
            every answer at once. Enter moves on (skips a question); q or Ctrl-D leaves \
            without losing anything; running again resumes. Without a terminal, prints \
            the current step's instructions and the commands that record them.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Flag(name: .long, help: ArgumentHelp("端末でなくても対話する（スクリプト・試験用） / interact even without a terminal (scripts, tests).", visibility: .hidden))
    var interactive = false

    func run() throws {
        let terminal = interactive || Console.stdinIsTerminal
        var global = global
        // Nothing open yet: start from what she sees (what happened, when), declare, and go on.
        if !global.json, try needsDeclaration() {
            guard let state = try declare(terminal: terminal) else { return }
            global.incident = state.id
            global.by = state.declaredBy
        }
        let target = try Target(global)
        let state = try target.store.state(of: target.head.id)
        if !global.json { Console.out(DrillText.dueSection(state, now: global.now, global.language)) }
        if global.json || !(interactive || Console.stdinIsTerminal) {
            return try GuideSheet.print(
                state, json: global.json, global.language, ledger: try target.store.currentLedger(), bcp: try target.store.currentBCP(), now: global.now)
        }
        // Ask for the name the answers and calls are recorded under (remembered for
        // this store; asked again after a shift). A declaration here already asked.
        var named = global
        let who = global.by == nil ? global.askedActor() : global.actorIdentity
        if !who.osAccount { named.by = who.name }
        Console.line(global.language.pick(ja: "記録者: \(who.name)", en: "Recording as: \(who.name)"))
        var session = GuideSession(target: try Target(named), state: state, l: global.language)
        GuideSession.handleInterrupt(global.language)
        session.run()
    }
}

extension GuideCommand {
    /// Whether no incident is there to guide: no store yet, none declared, all
    /// closed, or only drills running (a drill is never guided unless named).
    func needsDeclaration() throws -> Bool {
        if global.incident != nil || !(global.environment["INCIDENT_ID"] ?? "").isEmpty { return false }
        guard FileManager.default.fileExists(atPath: global.dbPath) else { return true }
        do {
            _ = try global.choice.resolve(in: try global.store(), for: .write)
            return false
        } catch IncidentError.noIncident, IncidentError.incidentClosed, IncidentError.onlyDrills {
            return true
        }
    }

    /// Asks what happened (one line) and when (Enter: now), then whose name to
    /// record, and declares. Off a terminal the answers are read line by line
    /// from standard input, and nothing else is asked. Nil when she leaves.
    func declare(terminal: Bool) throws -> IncidentState? {
        let l = global.language
        func read(_ prompt: String) -> String? {
            if terminal { Console.out(prompt + " > ") }
            return readLine(strippingNewline: true)?.trimmingCharacters(in: .whitespaces)
        }
        Console.line(l.pick(ja: "まだインシデントは記録されていません。いま起きていることから始めます。", en: "Nothing is recorded yet. Let us start from what is happening now."))
        var summary = ""
        while summary.isEmpty {
            guard let line = read(l.pick(ja: "何が起きましたか？（一行で。例: 電子カルテが開かない）", en: "What happened? (one line, e.g. the EHR will not open)")) else {
                Console.line()
                return nil
            }
            if ["q", "ｑ", "quit", "Q"].contains(line) { return nil }
            summary = line
            if summary.isEmpty, !terminal { throw ValidationError(l.pick(ja: "何が起きたかが空です（1行目）。", en: "What happened is empty (line 1).")) }
        }
        var awareAt: String?
        while true {
            guard let line = read(l.pick(ja: "いつ気づきましたか？ [Enter=今 / 例: 8:40]", en: "When was it noticed? [Enter=now / e.g. 8:40]")) else { break }
            if line.isEmpty { break }
            // Checked here so that a mistyped time is asked again, not refused after the fact.
            do {
                _ = try global.time(line)
                awareAt = line
                break
            } catch let error as IncidentError {
                guard terminal else { throw error }
                Console.line("  " + error.cliMessage(l))
            }
        }
        // The store exists before the name is remembered beside it.
        if !FileManager.default.fileExists(atPath: global.dbPath) {
            _ = try global.configuredTimeZone()
            _ = try global.store(create: true)
        }
        let who = global.askedActor()
        return try DeclareCommand.declare(
            global: global, summary: summary, at: awareAt, runbook: RunbookCatalog.defaultName, who: who, guided: true)
    }
}

/// Outside opening hours with inpatients, what comes before any call.
enum PatientSafetyText {
    static func lines(_ state: IncidentState, _ l: Language) -> [String] {
        guard let profile = state.profile, profile.startsWithPatientSafety(at: state.awareAt, timeZone: state.timeZone) else { return [] }
        var out = [
            l.pick(
                ja: "⚠ 診療時間外で入院患者さんがいます。電話の前に、まず患者さんの安全を確かめてください:",
                en: "⚠ Outside opening hours with inpatients: before any call, check the patients' safety:")
        ]
        out += OffHours.patientSafety(l).map { "  ・" + $0 }
        if let chain = profile.onCall, !chain.isEmpty {
            let names = chain.map { Role($0).title(profile: profile, l) }.joined(separator: " → ")
            out.append(l.pick(ja: "続いて当直・オンコールの順に連絡: \(names)", en: "Then call the on-call chain in order: \(names)"))
        }
        return out
    }

    static func print(_ state: IncidentState, _ l: Language) {
        let lines = lines(state, l)
        guard !lines.isEmpty else { return }
        for line in lines { TerminalText.wrap(line, columns: Console.columns - 2).forEach { Console.line($0) } }
        Console.line()
    }
}

/// The non-interactive form: the current step as instructions.
enum GuideSheet {
    struct JSON: Encodable {
        struct Step: Encodable {
            var number: Int
            var id: String
            var title: String
            var state: String
            var optional: Bool
        }
        struct Callee: Encodable {
            var role: String
            var name: String?
            var phones: [String]
            var state: String
            var pending: Bool
            var command: String
        }
        struct Question: Encodable {
            var id: String
            var type: String
            var prompt: String
            var choices: [String]
            var command: String
        }
        var step: Step?
        var guidance: String?
        var checkpoints: [String]
        var contacts: [Callee]
        var nextContact: String?
        var questions: [Question]
        var nextAction: String
    }

    static func contactCommand(_ role: String) -> String {
        "incident contact \(role) --outcome reached|no-answer|message-left|email-sent"
    }

    static func print(_ state: IncidentState, json: Bool, _ l: Language, ledger: EquipmentLedger? = nil, bcp: BCPPlan? = nil, now: Date) throws {
        let scope = state.isDrill ? " --incident \(state.id)" : ""
        guard let g = StepGuide.current(state) else {
            if json {
                return try Console.json(
                    JSON(
                        step: nil, guidance: nil, checkpoints: [], contacts: [], nextContact: nil, questions: [],
                        nextAction: state.nextAction.text(l)))
            }
            return Console.line(CLIWording.for(state).next(state.nextAction, l))
        }
        let s = g.step
        if !json { PatientSafetyText.print(state, l) }
        if json {
            return try Console.json(
                JSON(
                    step: .init(number: s.number, id: s.id, title: s.title(l), state: g.progress.name, optional: g.isOptional),
                    guidance: s.guidance(l), checkpoints: s.checkpoints.map { $0(l) },
                    contacts: g.plan.entries.map {
                        .init(
                            role: $0.role, name: $0.displayName, phones: $0.phones, state: $0.status.rawValue,
                            pending: $0.isPending, command: contactCommand($0.role) + scope)
                    },
                    nextContact: g.plan.nextText(l, record: CLIWording.for(state)),
                    questions: g.openQuestions.map {
                        .init(
                            id: $0.id, type: $0.type.rawValue, prompt: $0.prompt(l), choices: $0.choices.map(\.id),
                            command: CLIWording().command(.answerQuestion(id: $0.id, form: $0.answerForm(l)), l) ?? "")
                    },
                    nextAction: state.nextAction.text(l)))
        }
        Console.line(
            l.pick(
                ja: "━━ 手順\(s.number)/\(state.runbook.steps.count)「\(s.title.ja)」（\(EventDescription.stepState(g.progress, l))）",
                en: "━━ Step \(s.number)/\(state.runbook.steps.count) \"\(s.title.en)\" (\(EventDescription.stepState(g.progress, l)))"))
        for line in TerminalText.wrap(s.guidance(l), columns: Console.columns - 2) { Console.line("  " + line) }
        if !s.checkpoints.isEmpty {
            Console.line()
            Console.line(l.pick(ja: "確認すること:", en: "Check-points:"))
            for c in s.checkpoints { Console.line("  ・" + c(l)) }
        }
        let ledgerLines = s.ledgerLines(ledger, l)
        if !ledgerLines.isEmpty { Console.line() }
        for line in ledgerLines { Console.line(line) }
        // The BCP's forms, people and places (step 6), or its recovery order (step 7), when one is imported.
        let bcpLines = s.bcpLines(bcp, l)
        if !bcpLines.isEmpty { Console.line() }
        for line in bcpLines {
            for (i, part) in TerminalText.wrap(line, columns: Console.columns - 4).enumerated() { Console.line(i == 0 ? part : "      " + part) }
        }
        if !g.plan.entries.isEmpty {
            Console.line()
            Console.line(
                l.pick(
                    ja: "連絡する相手（結果は --outcome reached|no-answer|message-left|email-sent）:",
                    en: "Whom to call (--outcome reached|no-answer|message-left|email-sent):"))
            for e in g.plan.entries {
                Console.out(ContactsText.line(e, state.timeZone, l, now, profile: state.profile))
                if e.isPending { Console.line("      " + l.pick(ja: "記録: ", en: "record: ") + "incident contact \(e.role) --outcome reached\(scope)") }
            }
            if let next = g.plan.nextText(l, record: CLIWording.for(state)) {
                TerminalText.wrap("→ " + next, columns: Console.columns - 4).forEach { Console.line("  " + $0) }
            }
        }
        if !g.openQuestions.isEmpty {
            Console.line()
            Console.line(l.pick(ja: "答える質問:", en: "Questions to answer:"))
            for q in g.openQuestions {
                Console.line("  ? " + q.prompt(l))
                if q.type == .choice { Console.line("      " + q.expectedForm(l)) }
                Console.line("      " + l.pick(ja: "記録: ", en: "record: ") + (CLIWording().command(.answerQuestion(id: q.id, form: q.answerForm(l)), l) ?? ""))
            }
        }
        Console.line()
        switch g.progress {
        case .pending:
            Console.line(
                l.pick(
                    ja: "始める: incident step start \(s.number)\(scope)    終わったら: incident step done \(s.number)\(scope)",
                    en: "Start: incident step start \(s.number)\(scope)    When finished: incident step done \(s.number)\(scope)"))
        default:
            Console.line(l.pick(ja: "終わったら: incident step done \(s.number)\(scope)", en: "When finished: incident step done \(s.number)\(scope)"))
        }
        Console.line(l.pick(ja: "対話で進めるには、端末で incident guide を実行してください。", en: "To be walked through, run incident guide on a terminal."))
    }
}

/// One interactive walk: step after step until the user leaves or all are done.
/// Every answer is recorded as soon as it is given, so leaving loses nothing.
/// What to ask and what an answer means is decided by `GuideFlow` (the
/// library); this only shows the prompts and reads the lines.
struct GuideSession {
    let target: Target
    var state: IncidentState
    let l: Language

    typealias Input = GuideFlow.Input

    /// ` --incident DRILL-…` during a drill: a hint followed as printed never reaches a real incident.
    var scope: String { state.isDrill ? " --incident \(state.id)" : "" }

    init(target: Target, state: IncidentState, l: Language) {
        (self.target, self.state, self.l) = (target, state, l)
    }

    func ask(_ prompt: String) -> Input {
        Console.out(prompt + " > ")
        guard let line = readLine(strippingNewline: true) else {
            Console.line()
            return .quit
        }
        let text = line.trimmingCharacters(in: .whitespaces)
        if text.isEmpty { return .empty }
        if ["q", "ｑ", "quit", "Q"].contains(text) { return .quit }
        return .text(text)
    }

    mutating func record(_ intent: Intent) throws -> Event {
        let recorded = try target.zoned { try target.service.record(intent, on: state.id, by: target.options.actor) }
        state = recorded.state
        return recorded.event
    }

    func ack(_ event: Event) {
        let when = Timestamp.local(event.occurredAt, in: state.timeZone)
        let text = EventDescription.text(event, runbook: state.runbook, timeZone: state.timeZone, profile: state.profile, l)
        let line = l.pick(ja: "✓ 記録 #\(event.seq) \(when) \(text)（記録者: \(event.actor)）", en: "✓ recorded #\(event.seq) \(when) \(text) (by \(event.actor))")
        for (i, part) in TerminalText.wrap(line, columns: Console.columns - 4).enumerated() { Console.line((i == 0 ? "  " : "    ") + part) }
    }

    static func leaveMessage(_ l: Language) -> String {
        l.pick(
            ja: "中断しました。答えた内容は記録済みです。続きは incident guide で再開できます。",
            en: "Stopped. Everything answered is recorded; run incident guide to resume.")
    }

    func leave() { Console.line(Self.leaveMessage(l)) }

    /// The bytes Ctrl-C prints: the same message as `q` (each answer is already committed).
    nonisolated(unsafe) static var interruptBytes: [UInt8] = []

    /// Ctrl-C says how to resume, as `q` does, then exits 130 (interrupted).
    static func handleInterrupt(_ l: Language) {
        interruptBytes = Array(("\n" + leaveMessage(l) + "\n").utf8)
        signal(SIGINT) { _ in
            GuideSession.interruptBytes.withUnsafeBufferPointer { _ = write(STDOUT_FILENO, $0.baseAddress, $0.count) }
            _exit(130)
        }
    }

    mutating func run() {
        do {
            try walk()
        } catch let error as IncidentError {
            Console.err(IncidentCommand.prefix(l) + IncidentCommand.message(error, l))
            Console.line(l.pick(ja: "ここまでの回答は記録済みです。", en: "Everything answered so far is recorded."))
        } catch {
            Console.err("\(error)")
        }
    }

    private mutating func walk() throws {
        PatientSafetyText.print(state, l)
        var flow = GuideFlow(language: l)
        var shown: String?
        var introduced: String?
        while true {
            let prompt = flow.next(state)
            let step: Runbook.Step? =
                switch prompt {
                case .offerOptional(let s), .start(let s), .call(let s, _, _), .question(let s, _), .confirmDone(let s, _, _): s
                case .finished: nil
                }
            if let s = step, shown != s.id {
                Console.line()
                Console.line(
                    l.pick(
                        ja: "━━ 手順\(s.number)/\(state.runbook.steps.count)「\(s.title.ja)」",
                        en: "━━ Step \(s.number)/\(state.runbook.steps.count) \"\(s.title.en)\""))
                (shown, introduced) = (s.id, nil)
            }
            if let s = step, introduced != s.id, state.progress(of: s) != .pending {
                introduce(s)
                introduced = s.id
            }
            let input: Input
            switch prompt {
            case .finished(let next):
                Console.line(CLIWording.for(state).next(next, l))
                return
            case .offerOptional:
                Console.line(l.pick(ja: "この手順は、これまでの回答では必須ではありません。", en: "This step is optional under the answers so far."))
                input = ask(l.pick(ja: "行いますか？ [Enter=行う / s=省略する / q=中断]", en: "Do it? [Enter=yes / s=skip / q=quit]"))
            case .start:
                input = .empty
            case .call(_, let callee, let advice):
                if let advice { TerminalText.wrap(advice, columns: Console.columns - 4).forEach { Console.line("  " + $0) } }
                let phones =
                    callee.phones.isEmpty
                    ? l.pick(ja: "電話番号未登録（incident facility show）", en: "no phone on file (incident facility show)")
                    : callee.phones.joined(separator: " / ")
                let who = ContactPlan.label(callee, profile: state.profile, l)
                Console.out(StatusText.wrapped(l.pick(ja: "☎ 連絡: \(who)  \(phones)", en: "☎ Call: \(who)  \(phones)")))
                if callee.status == .notReached {
                    Console.line("   " + ContactPlan.statusText(callee, now: target.options.now, timeZone: state.timeZone, profile: state.profile, l))
                }
                let menu = GuideFlow.outcomes.enumerated().map { "\($0.offset + 1)) \(EventDescription.outcome($0.element, l))" }.joined(separator: "  ")
                Console.line("  " + menu)
                input = ask(l.pick(ja: "  結果は？ 番号 [Enter=あとで / q=中断]", en: "  Outcome? number [Enter=later / q=quit]"))
            case .question(_, let q):
                Console.line("? " + q.prompt(l))
                let form = q.type == .text ? "" : ": " + q.expectedForm(l)
                input = ask(l.pick(ja: "  答え\(form) [Enter=とばす / q=中断]", en: "  Answer\(form) [Enter=skip / q=quit]"))
            case .confirmDone(let s, let unreached, let notContained):
                if notContained {
                    // A containment answered "no" is not a step done: warn, and Enter means "not yet".
                    let warning = l.pick(
                        ja: "⚠ 異常のある端末がまだネットワークにつながっています。LANケーブルを抜くか Wi-Fi を切ってください（電源は切らない）。切り離したら `incident answer` で答え直してください。",
                        en:
                            "⚠ The affected terminals are still on the network. Pull the LAN cable or turn Wi-Fi off (do not switch them off), then answer again with `incident answer`."
                    )
                    TerminalText.wrap(warning, columns: Console.columns - 2).forEach { Console.line($0) }
                }
                if !unreached.isEmpty {
                    let names = unreached.map { ContactPlan.label($0, profile: state.profile, l) }.joined(separator: l.pick(ja: "、", en: ", "))
                    let warning = l.pick(
                        ja: "まだ連絡がついていない相手がいます: \(names)。Enter ではこの手順は完了になりません（実施中のまま）。完了にするときだけ y を入力してください。",
                        en: "Not reached yet: \(names). Enter does not complete this step (it stays in progress); type y only to complete it anyway."
                    )
                    TerminalText.wrap(warning, columns: Console.columns - 2).forEach { Console.line($0) }
                }
                input = ask(
                    notContained || !unreached.isEmpty
                        ? l.pick(ja: "手順\(s.number)を完了にしますか？ [Enter=まだ / y=完了 / q=中断]", en: "Mark step \(s.number) done? [Enter=not yet / y=done / q=quit]")
                        : l.pick(ja: "手順\(s.number)を完了にしますか？ [Enter=完了 / n=まだ / q=中断]", en: "Mark step \(s.number) done? [Enter=done / n=not yet / q=quit]"))
            }
            var decision = flow.decide(prompt, input)
            if case .askSkipReason(let s) = decision {
                decision = flow.skip(s, reason: ask(l.pick(ja: "省略の理由 [Enter=「回答により必須ではない」]", en: "Reason [Enter=\"not required by the answers\"]")))
            }
            switch decision {
            case .record(let intent): ack(try record(intent))
            case .next, .askSkipReason: continue
            case .invalid(let message): Console.line("  " + message(l))
            case .notYet(let s):
                // The call still to make, with its number, before anything else.
                if let next = ContactPlan(step: s, state: state).nextText(l, record: CLIWording.for(state)) {
                    TerminalText.wrap("☎ " + next, columns: Console.columns - 2).forEach { Console.line($0) }
                }
                Console.line(
                    l.pick(
                        ja: "手順\(s.number)は実施中のままです。終わったら incident step done \(s.number)\(scope)、続きは incident guide\(scope)。",
                        en:
                            "Step \(s.number) stays in progress; when finished run incident step done \(s.number)\(scope), or incident guide\(scope) to continue."
                    ))
                return
            case .leave:
                leave()
                return
            }
        }
    }

    /// The step's guidance, check-points and whom it calls, once it is under way.
    private func introduce(_ s: Runbook.Step) {
        for line in TerminalText.wrap(s.guidance(l), columns: Console.columns - 2) { Console.line("  " + line) }
        if !s.checkpoints.isEmpty {
            Console.line(l.pick(ja: "確認すること:", en: "Check-points:"))
            for c in s.checkpoints { Console.line("  ・" + c(l)) }
        }
        // Devices facing outside first and the backups, where the step asks for the ledger.
        for line in s.ledgerLines((try? target.store.currentLedger()) ?? nil, l) { Console.line(line) }
        for line in s.bcpLines((try? target.store.currentBCP()) ?? nil, l) { Console.line(line) }
        let overview = ContactPlan(step: s, state: state)
        if !overview.entries.isEmpty {
            Console.line(l.pick(ja: "連絡する相手:", en: "Whom to call:"))
            for e in overview.entries { Console.out(ContactsText.line(e, state.timeZone, l, target.options.now, profile: state.profile)) }
        }
    }
}
