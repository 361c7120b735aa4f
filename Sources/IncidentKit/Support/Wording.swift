import Foundation

/// An input a refusal points at, named by the library in domain terms; each
/// front end words it its own way (the CLI shows its flag, the board its label).
public enum InputField: Sendable, Equatable {
    /// Who did it.
    case actor
    /// The device a person wrote from (the board's 「受付iPhone」).
    case device
    /// The incident's one-line summary.
    case summary
    /// A note's text.
    case text
    /// A correction's text.
    case correctionText
    /// A note attached to a step, contact, impact, submission or answer.
    case note
    /// Why a step is skipped, a close is forced, an incident is reopened or a break acknowledged.
    case reason
    /// A contact role.
    case role
    /// The person reached.
    case name
    /// How someone was reached.
    case channel
    /// An affected system, terminal, department or service.
    case system
    /// The kind of an affected target.
    case category
    /// A fact's key.
    case key
    /// The reference a submission's channel gave.
    case ref
    /// A checklist's id.
    case checklist
    /// A checklist item.
    case item
    /// The day a checklist item was checked.
    case checked
    /// The answer to a question (runbook or leak assessment), by the question's id.
    case answer(String)
    /// A drill's speed.
    case speed
    /// A department (paper records waiting to be entered).
    case department
    /// A count of records.
    case count
    /// Who carries out a prevention measure.
    case owner
    /// The day a measure is due.
    case due
    /// Who decided.
    case decidedBy
    /// On whose advice.
    case advisedBy
    /// Why it was decided.
    case why
    /// An amount in yen.
    case amount
    /// Who was paid.
    case payee
    /// Patients whose care could not be billed yet.
    case patients
    /// A file registered as evidence.
    case file
    /// Where evidence is kept.
    case keptAt
    /// The backup (generation) restored from.
    case backup

    /// The field in domain words (what a page's label would say).
    public func label(_ l: Language) -> String {
        switch self {
        case .actor: l.pick(ja: "記録者", en: "who did it")
        case .device: l.pick(ja: "端末の名前", en: "device")
        case .summary: l.pick(ja: "概要", en: "summary")
        case .text: l.pick(ja: "記録する内容", en: "text")
        case .correctionText: l.pick(ja: "訂正の内容", en: "correction text")
        case .note: l.pick(ja: "メモ", en: "note")
        case .reason: l.pick(ja: "理由", en: "reason")
        case .role: l.pick(ja: "役割", en: "role")
        case .name: l.pick(ja: "相手の名前", en: "name")
        case .channel: l.pick(ja: "連絡手段", en: "channel")
        case .system: l.pick(ja: "システム名", en: "system")
        case .category: l.pick(ja: "種類", en: "category")
        case .key: l.pick(ja: "キー", en: "key")
        case .ref: l.pick(ja: "受付番号等", en: "reference")
        case .checklist: l.pick(ja: "チェックリスト", en: "checklist")
        case .item: l.pick(ja: "項目", en: "item")
        case .checked: l.pick(ja: "確認日", en: "check date")
        case .answer(let q): l.pick(ja: "「\(q)」", en: q)
        case .speed: l.pick(ja: "訓練の速さ", en: "drill speed")
        case .department: l.pick(ja: "部署", en: "department")
        case .count: l.pick(ja: "件数", en: "count")
        case .owner: l.pick(ja: "担当者", en: "owner")
        case .due: l.pick(ja: "期日", en: "due date")
        case .decidedBy: l.pick(ja: "決定した人", en: "decided by")
        case .advisedBy: l.pick(ja: "助言した人", en: "advised by")
        case .why: l.pick(ja: "理由", en: "why")
        case .amount: l.pick(ja: "金額", en: "amount")
        case .payee: l.pick(ja: "支払先", en: "payee")
        case .patients: l.pick(ja: "後日精算の患者数", en: "patients to settle later")
        case .file: l.pick(ja: "ファイル", en: "file")
        case .keptAt: l.pick(ja: "保管場所", en: "where kept")
        case .backup: l.pick(ja: "バックアップ", en: "backup")
        }
    }
}

/// An action that a guard requires a reason for.
public enum GuardedAction: String, Sendable, Equatable {
    case skip, forceClose = "force-close", reopen, acknowledge

    public func label(_ l: Language) -> String {
        switch self {
        case .skip: l.pick(ja: "手順の省略", en: "skip")
        case .forceClose: l.pick(ja: "強制終了", en: "force-close")
        case .reopen: l.pick(ja: "再開", en: "reopen")
        case .acknowledge: l.pick(ja: "確認", en: "acknowledge")
        }
    }
}

/// What a person can do about a refusal, typed so that each front end words it
/// in its own medium: the CLI as a command to type, the board as a page or a
/// button. The library never names a command or a flag.
public enum Remedy: Sendable, Equatable {
    /// See the incidents and their IDs.
    case listIncidents
    /// Declare an incident.
    case declare
    /// Name the incident to act on (one of `candidates`, when known).
    case nameIncident([String])
    /// Name the drill to act on.
    case nameDrill
    /// Reopen the incident (with a reason) before adding to it.
    case reopen
    /// See the runbook's question ids.
    case showQuestions
    /// See the runbooks.
    case listRunbooks
    /// See the drill scenarios.
    case listScenarios
    /// See the event numbers on the timeline.
    case showTimeline
    /// See the facility profile's roles.
    case showFacility
    /// Write, fill in and import a facility profile.
    case importProfile
    /// Write the output somewhere else.
    case chooseOutput
    /// Use another store.
    case chooseStore
    /// Create the store (declare, or prepare ahead of time).
    case createStore
    /// Correct the awareness time (event #1), with the reason.
    case correctAwareness
    /// Record a correction of an earlier event.
    case correctEvent
    /// Finish the step (by number or id) when it is done.
    case finishStep(String)
    /// Give the reason the action needs.
    case giveReason(GuardedAction)
    /// Close over the open mandatory steps, with a reason.
    case forceClose
    /// Give every leak-assessment answer (these are missing).
    case giveLeakAnswers([String])
    /// See the fact keys.
    case listFacts
    /// See the report kinds.
    case listReports
    /// Write and import the equipment ledger.
    case importLedger
    /// Answer the checklist.
    case walkChecklist
    /// Make a key file.
    case makeKey
    /// Check where the key file is configured.
    case checkKeySetting
    /// Check the folder of checklists.
    case chooseChecklistFolder
    /// Keep a copy of the store as it is.
    case backup
    /// Compare the store with a backup.
    case verifyBackup
    /// Acknowledge an incident's chain break (with a reason) to go on recording.
    case acknowledgeBreak
    /// Acknowledge the readiness log's chain break (with a reason) to go on answering.
    case acknowledgeReadinessBreak
    /// Copy every event that still verifies into a new store, the break recorded there.
    case salvage
    /// Record the outcome of a call to `role`.
    case recordContact(role: String)
    /// Answer a runbook question (`form`: the values it takes).
    case answerQuestion(id: String, form: String)
    /// Enter afterwards what was written on paper for a step.
    case enterStep(Int)
    /// Enter afterwards the calls written on paper.
    case enterCalls
    /// Enter afterwards the lines of the paper log (of `incident`, when known).
    case enterPaperLog(incident: String?)
    /// Record a fact the reports need.
    case recordFact
    /// Note an improvement during a drill.
    case noteImprovement
    /// Take the leak-report decision.
    case assessLeak
    /// Close the incident.
    case closeIncident
    /// Record a note on the timeline.
    case log
    /// Answer a checklist item (yes).
    case answerChecklistItem(String)
    /// Find the gaps in the profile and the ledger.
    case findGaps
    /// Be walked through the response from the start (the one thing to remember).
    case guide
    /// Register evidence for `system` first (or go on without it, giving the reason).
    case registerEvidence(system: String)
    /// Finish what holds the close, or force it with a reason.
    case forceCloseHeld
    /// See where recovery stands (systems, records waiting, measures).
    case showRecovery
    /// Set the count of records waiting in `department` first.
    case setPending(department: String)
}

/// How a front end words the parts of a message that depend on it: fields
/// and remedies. The library writes the rest (the problem, in domain words).
public protocol Wording: Sendable {
    /// An input as this front end names it (the CLI: its label and flag).
    func field(_ field: InputField, _ l: Language) -> String
    /// A remedy as a sentence for this front end; nil to leave it out.
    func remedy(_ remedy: Remedy, _ l: Language) -> String?
    /// The short thing to type or open for `remedy` (the CLI: a command), which
    /// library texts quote; nil where the front end has none (a board shows buttons).
    func command(_ remedy: Remedy, _ l: Language) -> String?
}

extension Wording {
    public func command(_ remedy: Remedy, _ l: Language) -> String? { nil }
}

/// Domain words only: what any reader understands without knowing a front end.
public struct PlainWording: Wording {
    public init() {}

    public func field(_ field: InputField, _ l: Language) -> String { field.label(l) }

    public func remedy(_ remedy: Remedy, _ l: Language) -> String? {
        switch remedy {
        case .listIncidents: l.pick(ja: "インシデントの一覧で ID を確認してください。", en: "See the list of incidents for IDs.")
        case .declare: l.pick(ja: "異常があれば、まず宣言してください。", en: "If something is wrong, declare an incident first.")
        case .nameIncident: l.pick(ja: "対象のインシデントを選んでください。", en: "Choose the incident.")
        case .nameDrill: l.pick(ja: "対象の訓練を選んでください。", en: "Choose the drill.")
        case .reopen: l.pick(ja: "追記するには、理由を付けて再開してください。", en: "Reopen it, with a reason, to add to it.")
        case .showQuestions: l.pick(ja: "手順書の質問の id を確認してください。", en: "See the runbook for question ids.")
        case .listRunbooks, .listScenarios, .listFacts, .listReports: nil
        case .showTimeline: l.pick(ja: "時系列で番号を確認してください。", en: "See the timeline for numbers.")
        case .showFacility: l.pick(ja: "施設プロファイルの役割を確認してください。", en: "See the facility profile's roles.")
        case .importProfile: l.pick(ja: "施設プロファイルを記入して取り込んでください。", en: "Fill in and import a facility profile.")
        case .chooseOutput: l.pick(ja: "フォルダと権限を確認するか、別の場所を指定してください。", en: "Check the folder and permissions, or choose another place.")
        case .chooseStore: l.pick(ja: "パスと権限を確認するか、別の記録ファイルを指定してください。", en: "Check the path and permissions, or choose another store.")
        case .createStore: l.pick(ja: "初めてなら、宣言すると作られます。", en: "Declaring an incident creates it.")
        case .correctAwareness:
            l.pick(ja: "認知時刻（記録 #1）を理由を付けて訂正してください（元の記録は残ります）。", en: "Correct the awareness time (#1), with the reason (the original stays).")
        case .correctEvent: l.pick(ja: "誤りなら訂正を記録してください。", en: "If it was a mistake, record a correction.")
        case .finishStep: l.pick(ja: "終わったら完了にしてください。", en: "Mark it done when finished.")
        case .giveReason: l.pick(ja: "理由を入力してください。", en: "Give a reason.")
        case .forceClose: l.pick(ja: "完了か省略（理由付き）にするか、理由を付けて強制終了してください。", en: "Complete or skip them (with a reason), or force the close with a reason.")
        case .giveLeakAnswers: l.pick(ja: "すべての質問に答えてください。", en: "Answer every question.")
        case .importLedger: l.pick(ja: "機器台帳を記入して取り込んでください。", en: "Fill in and import the equipment ledger.")
        case .walkChecklist: l.pick(ja: "まずチェックリストに回答してください。", en: "Answer the checklist first.")
        case .makeKey: l.pick(ja: "incident の鍵ファイルを指定してください。", en: "Give an incident key file.")
        case .checkKeySetting: l.pick(ja: "鍵を入れた USB メモリを差し込んでからもう一度実行してください。", en: "Insert the USB stick holding it and try again.")
        case .chooseChecklistFolder: l.pick(ja: "チェックリストのフォルダを確認してください。", en: "Check the folder of checklists.")
        case .backup: l.pick(ja: "ファイルをそのまま保全してください。", en: "Preserve the file as it is.")
        case .verifyBackup: l.pick(ja: "バックアップや書き出しと照合してください。", en: "Compare it with your backups and bundles.")
        case .acknowledgeBreak:
            l.pick(
                ja: "記録を続けるには、確認のうえ理由を付けて損傷を確認済みにしてください（検知した損傷は消えずに残ります）。", en: "To go on recording, acknowledge the damage with a reason (it stays on record)."
            )
        case .acknowledgeReadinessBreak:
            l.pick(
                ja: "チェックリストの回答を続けるには、確認のうえ理由を付けて損傷を確認済みにしてください（検知した損傷は消えずに残ります）。",
                en: "To go on answering checklists, acknowledge the damage with a reason (it stays on record).")
        case .salvage:
            l.pick(
                ja: "続けられないときは、検証できる記録だけを新しい記録ファイルに移せます（損傷はそこに記録されます）。",
                en: "If it cannot go on, the events that still verify can be copied into a new store (the damage is recorded there).")
        case .recordContact, .answerQuestion, .enterStep, .enterCalls, .enterPaperLog, .recordFact, .noteImprovement, .assessLeak, .closeIncident, .log,
            .answerChecklistItem, .findGaps, .guide:
            nil
        case .registerEvidence(let system):
            l.pick(
                ja: "「\(system)」の証拠を登録するか、証拠なしで進める理由を記録してください。",
                en: "Register evidence for '\(system)', or record why you go on without it.")
        case .forceCloseHeld:
            l.pick(ja: "残っていることを済ませるか、理由を付けて強制終了してください。", en: "Finish what remains, or force the close with a reason.")
        case .showRecovery: l.pick(ja: "復旧の状況で番号を確認してください。", en: "See the recovery status for numbers.")
        case .setPending(let d): l.pick(ja: "先に\(d)の未入力件数を記録してください。", en: "Record the count waiting in \(d) first.")
        }
    }
}
