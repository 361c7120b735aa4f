import Foundation
import IncidentKit

/// The CLI's words for what the library leaves to each front end: the flag of
/// a field, the command that carries out a remedy or a next action. The one
/// table of commands and flags; the library never names them.
struct CLIWording: Wording {
    /// The drill the commands are for: during a drill every command quoted
    /// carries `--incident DRILL-…`, so following a hint never writes into a
    /// real incident.
    var drill: String? = nil

    /// The wording for `state`: scoped to it when it is a drill.
    static func `for`(_ state: IncidentState) -> CLIWording { CLIWording(drill: state.isDrill ? state.id : nil) }

    /// `text` with `--incident DRILL-…` added to every `incident …` command quoted in backticks.
    func scoped(_ text: String) -> String {
        guard let drill else { return text }
        var out = ""
        var rest = Substring(text)
        while let open = rest.range(of: "`incident ") {
            out += rest[..<open.lowerBound]
            let after = rest[open.upperBound...]
            guard let close = after.firstIndex(of: "`") else {
                out += rest[open.lowerBound...]
                return out
            }
            let command = String(rest[open.lowerBound..<close])
            out += command.contains("--incident") ? command : command + " --incident \(drill)"
            rest = rest[close...]
        }
        return out + rest
    }
    func field(_ field: InputField, _ l: Language) -> String {
        let flag: String? =
            switch field {
            case .actor: "--by"
            case .correctionText: "--text"
            case .note: "--note"
            case .reason: "--reason"
            case .name: "--name"
            case .channel: "--via"
            case .category: "--category"
            case .ref: "--ref"
            case .checked: "--checked"
            case .speed: "--speed"
            case .count: "--pending / --entered"
            case .owner: "--owner"
            case .due: "--due"
            case .decidedBy: "--decided-by"
            case .advisedBy: "--advised-by"
            case .why: "--why"
            case .payee: "--payee"
            case .patients: "--patients"
            case .file: "--file"
            case .keptAt: "--kept-at"
            case .backup: "--backup"
            case .answer(let q) where LeakQuestion.question(id: q) != nil: "--\(q)"
            default: nil
            }
        guard let flag else { return field.label(l) }
        return l == .ja ? "\(field.label(l))（\(flag)）" : flag
    }

    func remedy(_ remedy: Remedy, _ l: Language) -> String? {
        func t(_ ja: String, _ en: String) -> String { l.pick(ja: ja, en: en) }
        switch remedy {
        case .listIncidents: return t("`incident list` で ID を確認してください。", "See `incident list` for IDs.")
        case .declare: return t("`incident declare \"概要\"` で宣言してください。", "Declare one with `incident declare \"summary\"`.")
        case .nameIncident(let ids):
            let example = ids.first ?? "ID"
            return t(
                "`--incident \(example)` で指定するか、`incident use \(example)` で対象にしてください（`incident list`）。",
                "Name one with `--incident \(example)`, or make it current with `incident use \(example)` (see `incident list`).")
        case .nameDrill:
            return t("訓練は --incident DRILL-… で指定してください（`incident list --drills`）。", "Name the drill with --incident DRILL-… (see `incident list --drills`).")
        case .reopen: return t("追記するには先に `incident reopen --reason \"理由\"` で再開してください。", "Reopen it first with `incident reopen --reason \"why\"`.")
        case .showQuestions: return t("`incident runbook show` で質問の id を確認してください。", "See `incident runbook show` for question ids.")
        case .listRunbooks: return t("（`incident runbook list`）", "(`incident runbook list`)")
        case .listScenarios: return t("（`incident drill list`）", "(`incident drill list`)")
        case .listFacts: return t("（`incident fact --list`）", "(`incident fact --list`)")
        case .listReports: return t("（`incident report --list`）", "(`incident report --list`)")
        case .showTimeline: return t("`incident timeline` で番号を確認してください。", "See `incident timeline` for numbers.")
        case .showFacility: return t("（`incident facility show`）", "(`incident facility show`)")
        case .importProfile:
            return t(
                "`incident init` で雛形（facility.yaml）を作り、記入してから `incident facility import facility.yaml` で取り込んでください。",
                "Create a sample with `incident init`, fill in facility.yaml, then `incident facility import facility.yaml`.")
        case .chooseOutput: return t("フォルダと権限を確認するか、--out で別の場所を指定してください。", "Check the folder and permissions, or choose another place with --out.")
        case .chooseStore: return t("パスと権限を確認するか、`--db` で別の場所を指定してください。", "Check the path and permissions, or choose another with `--db`.")
        case .createStore:
            return t(
                "初めてなら `incident declare \"概要\"`（平時は `incident init`）で作ってください。別の場所にあるなら --db か INCIDENT_DB で指定してください。",
                "To start, run `incident declare \"summary\"` (or `incident init` ahead of time); if it is elsewhere, give it with --db or INCIDENT_DB.")
        case .correctAwareness:
            return t(
                "`incident correct 1 --time 正しい認知時刻 --text \"理由\"` で訂正してください（元の記録は残ります）。",
                "Correct it with `incident correct 1 --time TRUE-AWARENESS-TIME --text \"why\"` (the original stays on record).")
        case .correctEvent: return t("誤りなら `incident correct 番号` で訂正を記録してください。", "If that was a mistake, record a correction with `incident correct SEQ`.")
        case .finishStep(let step): return t("終わったら `incident step done \(step)` を実行してください。", "When finished run `incident step done \(step)`.")
        case .giveReason: return t("`--reason \"理由\"` を付けてください。", "Add `--reason \"why\"`.")
        case .forceClose:
            return t(
                "完了か省略（理由付き）にするか、`incident close --force --reason \"理由\"` で強制終了してください。",
                "Complete or skip them (with a reason), or force with `incident close --force --reason \"why\"`.")
        case .giveLeakAnswers:
            return t(
                "端末で対話的に実行するか、すべてを指定してください（例: incident leak assess --leak suspected --sensitive yes --malicious yes --financial no --people 2300 --encrypted no）。",
                "Run it on a terminal to be asked, or give them all (e.g. incident leak assess --leak suspected --sensitive yes --malicious yes --financial no --people 2300 --encrypted no)."
            )
        case .importLedger:
            return t(
                "雛形: incident ledger sample --out equipment.yaml、記入後: incident ledger import equipment.yaml",
                "Sample: incident ledger sample --out equipment.yaml; then: incident ledger import equipment.yaml")
        case .walkChecklist: return t("まずチェックリストに回答してください: incident checklist walk", "Answer the checklist first: incident checklist walk")
        case .makeKey: return t("`incident key init --out ファイル` で作ったものを指定してください。", "Give one made by `incident key init --out FILE`.")
        case .checkKeySetting:
            return t(
                "鍵を入れた USB メモリを差し込んでからもう一度実行してください（--key または INCIDENT_KEY_FILE の指定を確認）。",
                "Insert the USB stick holding it and run again (check --key or INCIDENT_KEY_FILE).")
        case .chooseChecklistFolder: return t("（--checklists フォルダを確認してください）", "(check the --checklists folder)")
        case .backup: return t("ファイルを保全してください（`incident backup --out ファイル`）。", "Preserve the file (`incident backup --out FILE`).")
        case .verifyBackup:
            return t(
                "ファイルをそのまま保全し、バックアップや書き出しと照合してください（incident verify --db バックアップ --all）。",
                "Keep the file as it is and compare with your backups and bundles (incident verify --db BACKUP --all).")
        case .acknowledgeBreak:
            return t(
                "記録を続けるには、確認のうえ `incident verify --acknowledge --reason \"理由\"` を実行してください（検知した損傷は消えずに残ります）。",
                "To go on recording, acknowledge it with `incident verify --acknowledge --reason \"why\"` (the damage stays on record).")
        case .acknowledgeReadinessBreak:
            return t(
                "チェックリストの回答を続けるには、確認のうえ `incident verify --acknowledge --readiness --reason \"理由\"` を実行してください（検知した損傷は消えずに残ります）。",
                "To go on answering checklists, acknowledge it with `incident verify --acknowledge --readiness --reason \"why\"` (the damage stays on record).")
        case .registerEvidence(let system):
            return t(
                "`incident evidence add \"\(system)\" \"内容\" --file ファイル --kept-at 保管場所` で登録するか、`--without-evidence \"理由\"` を付けてください（決めた人として記録されます）。",
                "Register it with `incident evidence add \"\(system)\" \"what\" --file PATH --kept-at PLACE`, or add `--without-evidence \"why\"` (recorded as your decision)."
            )
        case .forceCloseHeld:
            return t(
                "残っていることを済ませるか、`incident close --force --reason \"理由\"` で強制終了してください。",
                "Finish what remains, or force with `incident close --force --reason \"why\"`.")
        case .showRecovery: return t("`incident status` で番号を確認してください。", "See `incident status` for numbers.")
        case .setPending(let d):
            return t(
                "先に `incident reentry \"\(d)\" --pending 件数` で待っている件数を記録してください。", "Record the count waiting first: `incident reentry \"\(d)\" --pending N`.")
        case .salvage:
            return t(
                "続けられないときは `incident salvage --out 新しいファイル` で、検証できる記録を新しい記録ファイルに移せます（元のファイルは変更せず、損傷は新しいファイルに記録されます）。",
                "If it cannot go on, `incident salvage --out NEW` copies every event that still verifies into a new store (the damaged file is left as it is; the damage is recorded in the new one)."
            )
        case .recordContact, .answerQuestion, .enterStep, .enterCalls, .enterPaperLog, .recordFact, .noteImprovement, .assessLeak, .closeIncident, .log,
            .answerChecklistItem, .findGaps, .guide:
            // Quoted inside the library's own sentences (`command`).
            return command(remedy, l).map { "`\($0)`" }
        }
    }

    func command(_ remedy: Remedy, _ l: Language) -> String? {
        guard let drill, let plain = plainCommand(remedy, l) else { return plainCommand(remedy, l) }
        // During a drill each command names it (a list of commands: each one).
        return plain.components(separatedBy: "、").map { $0.hasPrefix("incident ") && !$0.contains("--incident") ? $0 + " --incident \(drill)" : $0 }
            .joined(separator: "、")
    }

    private func plainCommand(_ remedy: Remedy, _ l: Language) -> String? {
        switch remedy {
        case .recordContact(let role): "incident contact \(role) --outcome reached"
        case .answerQuestion(let id, let form): "incident answer \(id) \(form)"
        case .enterStep(let n):
            l.pick(
                ja: "incident step start \(n) --at 時刻、incident step done \(n) --at 時刻、incident log \"内容\" --at 時刻",
                en: "incident step start \(n) --at TIME, incident step done \(n) --at TIME, incident log \"text\" --at TIME")
        case .enterCalls: l.pick(ja: "incident contact 役割 --outcome 結果 --at 時刻", en: "incident contact ROLE --outcome RESULT --at TIME")
        case .enterPaperLog(let id):
            "incident log \"\(l.pick(ja: "内容", en: "what happened"))\" --at \"2026-11-25 09:10\" --by \(l.pick(ja: "記入者", en: "NAME"))\(id.map { " --incident \($0)" } ?? "")"
        case .recordFact: "incident fact"
        case .noteImprovement: "incident drill note \"…\""
        case .assessLeak: "incident leak assess"
        case .closeIncident: "incident close"
        case .log: "incident log"
        case .answerChecklistItem(let item): l.pick(ja: "incident checklist answer \(item) はい", en: "incident checklist answer \(item) yes")
        case .findGaps: "incident doctor"
        case .guide: "incident guide"
        default: nil
        }
    }

    /// The next action's sentence followed by the command that does it.
    func next(_ action: NextAction, _ l: Language) -> String {
        let text = action.text(l)
        guard let hint = hint(action, l) else { return text }
        return text + (l == .ja ? "" : " ") + scoped(hint)
    }

    /// The command for a next action, in brackets.
    func hint(_ action: NextAction, _ l: Language) -> String? {
        switch action {
        case .startStep(let s):
            return l.pick(
                ja: "（`incident step start \(s.number)`、案内は `incident guide`）", en: "(`incident step start \(s.number)`; `incident guide` walks you through)")
        case .finishStep(let s):
            return l.pick(ja: "（`incident step done \(s.number)`）", en: "(`incident step done \(s.number)`)")
        case .considerStep(let s):
            return l.pick(ja: "（省略: `incident step skip \(s.number) --reason \"理由\"`）", en: "(skip: `incident step skip \(s.number) --reason \"why\"`)")
        case .call(let role, _, _):
            return l.pick(
                ja: "（`incident contact \(role.id) --outcome reached`、つながらなければ --outcome no-answer）",
                en: "(`incident contact \(role.id) --outcome reached`, or --outcome no-answer)")
        case .assessLeak:
            return l.pick(ja: "（`incident leak assess`）", en: "(`incident leak assess`)")
        case .submit(let o):
            let draft = ReportKind(rawValue: o.kind.rawValue).map { "`incident report \($0.rawValue)`" }
            return l.pick(
                ja: "（\(draft.map { "下書き: \($0)、" } ?? "")記録: `incident submit \(o.kind.rawValue) --ref 受付番号`）",
                en: "(\(draft.map { "draft: \($0); " } ?? "")record: `incident submit \(o.kind.rawValue) --ref REFERENCE`)")
        case .recover(let system, let stage, _):
            guard let next = stage.next else { return nil }
            return l.pick(
                ja: "（`incident recover \"\(system)\" --stage \(next.rawValue)`）", en: "(`incident recover \"\(system)\" --stage \(next.rawValue)`)")
        case .enterRecords(let department, _):
            return l.pick(ja: "（`incident reentry \"\(department)\" --entered 件数`）", en: "(`incident reentry \"\(department)\" --entered N`)")
        case .measure(let id, _, _, _):
            return l.pick(ja: "（`incident measure done \(id)`）", en: "(`incident measure done \(id)`)")
        case .close:
            return l.pick(ja: "（`incident close`）", en: "(`incident close`)")
        case .none:
            return nil
        }
    }
}

/// An error of the library raised while acting on an incident: its times are
/// shown in that incident's time zone (no process-global zone).
struct ZonedError: Error {
    let error: IncidentError
    let timeZone: TimeZone
}

/// Runs `body`; an error of the library is shown with times in `timeZone`.
func inZone<T>(_ timeZone: TimeZone, _ body: () throws -> T) throws -> T {
    do { return try body() } catch let error as IncidentError { throw ZonedError(error: error, timeZone: timeZone) }
}

extension IncidentError {
    /// The message as the CLI shows it: the library's problem, the CLI's remedy.
    func cliMessage(_ l: Language, timeZone: TimeZone = .facilityDefault) -> String {
        message(l, timeZone: timeZone, wording: CLIWording())
    }
}
