import Foundation

/// Everything the library refuses, typed so that callers can test for the exact
/// guard, and printable in Japanese or English with what to do next.
public enum IncidentError: Error, Sendable, Equatable {
    // Input
    case invalidTime(String)
    /// A wall time that a DST change skips in `zone`.
    case nonexistentLocalTime(String, zone: String)
    /// A wall time shown twice in `zone` (clocks set back): the offset must be given.
    case ambiguousLocalTime(String, zone: String, offsets: [String])
    /// A time zone name that does not exist, with where it was read (e.g. INCIDENT_TZ).
    case unknownTimeZone(String, source: String)
    case emptyText(field: InputField)
    case textTooLong(field: InputField, limit: Int)
    /// A name longer than `limit` characters.
    case nameTooLong(field: InputField, limit: Int)
    case invalidCharacters(field: InputField)
    case invalidAnswer(question: String, value: String, expected: String)
    case unknownQuestion(String)
    case invalidFile([SourceProblem])
    case fileUnreadable(String)
    case fileExists(String)
    /// A folder (or a device, a pipe) where an output file is wanted.
    case notAFile(String)
    /// A folder (or a device, a pipe) given as the store.
    case storeNotAFile(path: String)
    // Lookup
    case unknownIncident(String)
    case noIncident
    case noOpenIncident
    case ambiguousIncident([String])
    /// No incident is open and several are closed: which one to reopen is not obvious.
    case ambiguousClosedIncident([String])
    case unknownStep(String, available: [String])
    case unknownRunbook(String, available: [String])
    case unknownEvent(Int64)
    case unknownRole(String, available: [String])
    case noProfile
    case fileNotWritable(String)
    // Guards of the state machine
    case notDeclared
    case alreadyDeclared
    case incidentClosed(String)
    case incidentNotClosed(String)
    case futureTime(Date)
    /// A time well ahead of the computer's clock: a wrong clock or a wrong date.
    case futureTimeCheckClock(Date, now: Date)
    /// The incident's awareness time is later than now: declared while the clock ran ahead.
    case awarenessAfterNow(Date, now: Date)
    case beforeDeclaration(Date, declaredAt: Date)
    case stepAlreadyDone(String)
    case stepAlreadyActive(String)
    case stepAlreadySkipped(String)
    case reasonRequired(action: GuardedAction)
    case mandatoryStepsOpen([String])
    case correctionConflicts(String)
    // Store
    case storeUnavailable(path: String, reason: String)
    case storeFromNewerVersion(path: String)
    /// A SQLite file of another application (its tables named): never adopted as a store.
    case storeForeign(path: String, tables: [String])
    case storeReadOnly(path: String)
    case storeFull(path: String)
    /// No store file at `path` (only `init` and `declare` create one).
    case storeMissing(path: String)
    /// The store file is empty (0 bytes).
    case storeEmpty(path: String)
    /// The store's creation never completed (nothing was recorded in it).
    case storeIncomplete(path: String)
    case integrity(IntegrityFailure)
    // Leak assessment and reports
    case missingLeakAnswers([String])
    case unknownFact(String, available: [String])
    case unknownReportKind(String, available: [String])
    case unknownObligationKind(String, available: [String])
    case fileUnwritable(String, reason: String)
    // Chain breaks
    case nothingToAcknowledge(String)
    // Drills
    case unknownScenario(String, available: [String])
    /// The command acts on drills only, and the incident named is a real one (or none is named).
    case notADrill(String?)
    /// A declaration whose drill marking and ID disagree: a drill is never a real incident.
    case drillMismatch(String)
    case invalidSpeed(Double)
    /// No real incident, but drills are running: they are never picked without --incident.
    case onlyDrills([String])
    /// A drill and a real incident are both open and no incident was named: a
    /// command never guesses between them.
    case drillAndRealOpen(real: [String], drills: [String])
    // Peacetime readiness
    case unknownChecklist(String, available: [String])
    case unknownChecklistItem(String, available: [String])
    case checklistBlankNotAllowed(String)
    case readinessEventInIncident
    case checkedInFuture(String)
    case noReadinessLog
    case noLedger
    // The optional event key
    case keyUnusable(path: String, reason: KeyProblem)
    // Step 7 (recovery, evidence, measures, costs)
    /// Rebuilding or restoring `system` before any evidence for it is registered.
    case evidenceRequired(system: String, stage: RecoveryStage)
    case unknownMeasure(Int, available: [Int])
    case measureAlreadyDone(Int)
    case measureExists(Int)
    /// A count that must be a whole number of at least `minimum`.
    case invalidCount(field: InputField, value: Int, minimum: Int)
    /// A re-entry gives either the count waiting or the count entered, not both or neither.
    case reentryNeedsOneCount
    /// More records entered than were waiting in `department`.
    case moreEnteredThanPending(department: String, pending: Int, entered: Int)
    /// Not a SHA-256 in hex.
    case invalidDigest(String)
    /// Closing with these still open (forced close with a reason goes over them).
    case closeHeld(CloseHolds)

    /// The exit status the CLI uses for this error (contract: 1 fixable, 3 integrity).
    public var exitCode: Int32 {
        if case .integrity = self { return 3 }
        return 1
    }

    /// The input a refusal points at, when one does: a form shows the message beside it.
    public var inputField: InputField? {
        switch self {
        case .emptyText(let f), .textTooLong(let f, _), .invalidCharacters(let f): f
        case .invalidAnswer(let question, _, _): .answer(question)
        default: nil
        }
    }

    /// What a person can do about it, typed; each front end words it (`Wording.remedy`).
    public var remedy: Remedy? {
        switch self {
        case .unknownQuestion: .showQuestions
        case .unknownIncident: .listIncidents
        case .noIncident: .declare
        case .noOpenIncident: .nameIncident([])
        case .ambiguousIncident(let ids), .ambiguousClosedIncident(let ids): .nameIncident(ids)
        case .unknownRunbook: .listRunbooks
        case .unknownScenario: .listScenarios
        case .notADrill, .onlyDrills: .nameDrill
        case .drillAndRealOpen(let real, let drills): .nameIncident(real + drills)
        case .unknownEvent: .showTimeline
        case .unknownRole: .showFacility
        case .noProfile: .importProfile
        case .fileNotWritable, .fileUnwritable: .chooseOutput
        case .notAFile: .chooseOutput
        case .storeNotAFile, .storeForeign: .chooseStore
        case .incidentClosed: .reopen
        case .awarenessAfterNow, .beforeDeclaration: .correctAwareness
        case .stepAlreadyDone: .correctEvent
        case .stepAlreadyActive(let step): .finishStep(step)
        case .reasonRequired(let action): .giveReason(action)
        case .mandatoryStepsOpen: .forceClose
        case .closeHeld: .forceCloseHeld
        case .evidenceRequired(let system, _): .registerEvidence(system: system)
        case .unknownMeasure, .measureAlreadyDone: .showRecovery
        case .moreEnteredThanPending(let department, _, _): .setPending(department: department)
        case .storeUnavailable: .chooseStore
        case .storeMissing, .storeIncomplete: .createStore
        case .storeEmpty: .verifyBackup
        case .missingLeakAnswers(let keys): .giveLeakAnswers(keys)
        case .unknownFact: .listFacts
        case .unknownReportKind: .listReports
        case .unknownChecklist: .chooseChecklistFolder
        case .noLedger: .importLedger
        case .noReadinessLog: .walkChecklist
        case .keyUnusable(_, let reason): reason == .malformed ? .makeKey : reason == .missing ? .checkKeySetting : nil
        default: nil
        }
    }

    /// The message for people: the problem in domain words, then what to do as
    /// the front end words it (`wording`: the CLI names its commands and flags).
    public func message(_ l: Language, timeZone: TimeZone = .facilityDefault, wording: any Wording = PlainWording()) -> String {
        if case .integrity(let failure) = self { return failure.message(l, wording: wording) }
        let problem = self.problem(l, timeZone: timeZone, wording: wording)
        guard let remedy, let advice = wording.remedy(remedy, l) else { return problem }
        return problem + (l == .ja ? "" : " ") + advice
    }

    /// The problem alone, in domain words.
    func problem(_ l: Language, timeZone: TimeZone, wording: any Wording) -> String {
        func t(_ ja: String, _ en: String) -> String { l.pick(ja: ja, en: en) }
        func time(_ d: Date) -> String { Timestamp.local(d, in: timeZone) }
        func field(_ f: InputField) -> String { wording.field(f, l) }
        switch self {
        case .invalidTime(let text):
            let forms = TimeInput.acceptedForms.joined(separator: "、")
            if let fixed = TimeInput.suggestion(for: text) {
                return t(
                    "時刻「\(text)」を読み取れません。時は2桁で「\(fixed)」のように指定してください（使える形: \(forms)）。",
                    "Cannot read the time '\(text)'. Give the hour with two digits: '\(fixed)' (forms: \(TimeInput.acceptedForms.joined(separator: ", "))).")
            }
            return t(
                "時刻「\(text)」を読み取れません。次のいずれかの形で指定してください: \(forms)（例: 2026-11-25 09:30、09:30）",
                "Cannot read the time '\(text)'. Use one of: \(TimeInput.acceptedForms.joined(separator: ", ")) (e.g. 2026-11-25 09:30, 09:30).")
        case .nonexistentLocalTime(let text, let zone):
            return t(
                "時刻「\(text)」は \(zone) では夏時間への切り替えで存在しない時刻です。前後の時刻を指定するか、時差を付けて指定してください（例: 2026-03-08T03:30-04:00）。",
                "'\(text)' does not exist in \(zone) (skipped by a daylight-saving change). Give a time before or after it, or one with an offset (e.g. 2026-03-08T03:30-04:00)."
            )
        case .ambiguousLocalTime(let text, let zone, let offsets):
            let forms = offsets.map { "…T\(text.suffix(5))\($0)" }.joined(separator: "、")
            return t(
                "時刻「\(text)」は \(zone) では夏時間の終わりで2回ある時刻です。どちらか時差を付けて指定してください（\(forms)）。",
                "'\(text)' occurs twice in \(zone) (daylight-saving time ends). Give it with its offset (\(offsets.map { "…T\(text.suffix(5))\($0)" }.joined(separator: " or ")))."
            )
        case .unknownTimeZone(let name, let source):
            return t(
                "\(source) の時間帯名「\(name)」はありません（例: Asia/Tokyo、America/New_York）。正しい名前にするか、設定を外してください（既定は Asia/Tokyo）。何も記録していません。",
                "The time zone '\(name)' in \(source) does not exist (e.g. Asia/Tokyo, America/New_York). Fix the name or unset it (the default is Asia/Tokyo). Nothing was recorded."
            )
        case .emptyText(let f):
            return t("\(field(f)) が空です。内容を入力してください。", "\(field(f)) is empty; give some text.")
        case .textTooLong(let f, let limit):
            return t(
                "\(field(f)) が長すぎます（上限 \(limit) バイト）。分けて記録するか、ファイルは別に保管して場所を記録してください。",
                "\(field(f)) is too long (limit \(limit) bytes). Split it, or keep the file elsewhere and record where it is.")
        case .nameTooLong(let f, let limit):
            return t("\(field(f)) が長すぎます（\(limit) 文字まで）。", "\(field(f)) is too long (\(limit) characters at most).")
        case .invalidCharacters(let f):
            return t(
                "\(field(f)) に使えない制御文字が含まれています。通常の文字で入力し直してください。",
                "\(field(f)) contains control characters; type it again with ordinary text.")
        case .invalidAnswer(let question, let value, let expected):
            return t("質問「\(question)」への答え「\(value)」は使えません。\(expected)", "'\(value)' is not a valid answer to '\(question)'. \(expected)")
        case .unknownQuestion(let id):
            return t(
                "質問「\(id)」はこの手順書にありません。", "There is no question '\(id)' in this runbook.")
        case .invalidFile(let problems):
            let lines = problems.map { $0.formatted(l) }.joined(separator: "\n")
            return t(
                "ファイルに \(problems.count) 件の問題があります。修正してからもう一度実行してください:\n\(lines)",
                "The file has \(problems.count) problem(s); fix them and run again:\n\(lines)")
        case .fileUnreadable(let path):
            return t("ファイル「\(path)」を読めません。パスと読み取り権限を確認してください。", "Cannot read '\(path)'; check the path and permissions.")
        case .notAFile(let path):
            return t(
                "「\(path)」はフォルダ（またはファイル以外）です。書き出すファイルの名前まで指定してください。何も書き出していません。",
                "'\(path)' is a folder (or not a file); give the name of the file to write. Nothing was written.")
        case .storeNotAFile(let path):
            return t(
                "「\(path)」はフォルダ（またはファイル以外）で、記録ファイルではありません。ファイルの名前まで指定してください（例: \(PathText.join(path, "incident.sqlite"))）。",
                "'\(path)' is a folder (or not a file), not a store; give a file name (e.g. \(PathText.join(path, "incident.sqlite"))).")
        case .fileExists(let path):
            return t(
                "「\(path)」は既に存在します。上書きしないので、別の名前を指定するか先に移動してください。", "'\(path)' already exists; it is not overwritten. Choose another name or move it first.")
        case .unknownIncident(let id):
            return t("インシデント「\(id)」は見つかりません。", "No incident '\(id)'.")
        case .noIncident:
            return t("インシデントがまだありません。", "There is no incident yet.")
        case .noOpenIncident:
            return t("対応中のインシデントがありません。", "No incident is open.")
        case .ambiguousIncident(let ids):
            return t("対応中のインシデントが複数あります（\(ids.joined(separator: ", "))）。", "Several incidents are open (\(ids.joined(separator: ", "))).")
        case .ambiguousClosedIncident(let ids):
            return t(
                "終了したインシデントが複数あります（\(ids.joined(separator: ", "))）。再開するものを選んでください。",
                "Several incidents are closed (\(ids.joined(separator: ", "))); choose the one to reopen.")
        case .unknownStep(let ref, let available):
            return t(
                "手順「\(ref)」はありません。番号か id で指定してください: \(available.joined(separator: ", "))",
                "No step '\(ref)'. Give a number or id: \(available.joined(separator: ", "))")
        case .unknownRunbook(let name, let available):
            return t(
                "手順書「\(name)」はありません。使える手順書: \(available.joined(separator: ", "))",
                "No runbook '\(name)'. Available: \(available.joined(separator: ", ")).")
        case .unknownScenario(let name, let available):
            return t(
                "訓練シナリオ「\(name)」はありません。使えるシナリオ: \(available.joined(separator: ", "))",
                "No scenario '\(name)'. Available: \(available.joined(separator: ", ")).")
        case .notADrill(let id):
            if let id { return t("\(id) は訓練ではありません。", "\(id) is not a drill.") }
            return t("訓練を指定してください（実施中の訓練が一つだけなら省略できます）。", "Name the drill (it may be left out when exactly one drill is running).")
        case .drillMismatch(let id):
            return t("\(id): 訓練と実際のインシデントは混ぜられません（訓練の ID は DRILL- で始まります）。", "\(id): drills and real incidents never mix (drill IDs begin with DRILL-).")
        case .onlyDrills(let ids):
            return t(
                "実際のインシデントはありません。実施中の訓練（\(ids.joined(separator: ", "))）は、指定したときだけ対象になります。実際に異常が起きたときは宣言してください。",
                "No real incident. Drills in progress (\(ids.joined(separator: ", "))) are acted on only when named. For a real event, declare an incident.")
        case .drillAndRealOpen(let real, let drills):
            return t(
                "訓練（\(drills.joined(separator: ", "))）と実際のインシデント（\(real.joined(separator: ", "))）が両方とも対応中です。どちらに記録するか、指定してください。",
                "A drill (\(drills.joined(separator: ", "))) and a real incident (\(real.joined(separator: ", "))) are both open: name the one to act on.")
        case .invalidSpeed(let speed):
            return t("\(field(.speed)) は 1 から 60 の数にしてください（\(speed)）。", "\(field(.speed)) must be a number from 1 to 60 (got \(speed)).")
        case .unknownEvent(let seq):
            return t("記録番号 \(seq) はこのインシデントにありません。", "There is no event #\(seq) in this incident.")
        case .unknownRole(let role, let available):
            let list = available.isEmpty ? t("（プロファイルに連絡先がありません）", "(the profile has no contacts)") : available.joined(separator: ", ")
            let guess = available.first { $0 == Role.vendor(role).id } ?? NearestWord.nearest(role, among: available)
            let hint = guess.map { t("もしかして: \($0)。", "Did you mean: \($0)? ") } ?? ""
            return t(
                "役割「\(role)」はこのインシデントの施設プロファイルにありません。\(hint)使える役割: \(list)",
                "There is no role '\(role)' in this incident's facility profile. \(hint)Roles: \(list).")
        case .noProfile:
            return t("施設プロファイルがありません。", "No facility profile.")
        case .fileNotWritable(let path):
            return t("「\(path)」に書き込めません。", "Cannot write '\(path)'.")
        case .notDeclared:
            return t("インシデントが宣言されていません。", "The incident has not been declared.")
        case .alreadyDeclared:
            return t("このインシデントは既に宣言されています。", "This incident has already been declared.")
        case .incidentClosed(let id):
            return t("インシデント \(id) は終了しています。", "Incident \(id) is closed.")
        case .incidentNotClosed(let id):
            return t("インシデント \(id) は終了していないので再開できません。", "Incident \(id) is not closed, so it cannot be reopened.")
        case .futureTime(let at):
            return t("時刻 \(time(at)) は未来です。起きた時刻（現在より前）を指定してください。", "\(time(at)) is in the future; give the time it happened (before now).")
        case .futureTimeCheckClock(let at, let now):
            return t(
                "時刻 \(time(at)) は未来です（このコンピューターの時計では現在 \(time(now))）。起きた時刻を指定してください。日付や時刻の入力に誤りがなければ、コンピューターの時計が正しいか確認してください。",
                "\(time(at)) is in the future (now is \(time(now)) by this computer's clock). Give the time it happened; if the time you typed is right, check the computer's clock."
            )
        case .awarenessAfterNow(let aware, let now):
            return t(
                "認知時刻 \(time(aware)) が現在（このコンピューターの時計で \(time(now))）より後になっています。宣言したときに時計が進んでいた可能性があります。時計が正しいことを確認し、認知時刻を訂正してから記録してください。",
                "The awareness time \(time(aware)) is later than now (\(time(now)) by this computer's clock): the clock probably ran ahead when the incident was declared. Check the clock, correct the awareness time, and record again."
            )
        case .beforeDeclaration(let at, let declaredAt):
            return t(
                "時刻 \(time(at)) は認知時刻 \(time(declaredAt)) より前です。認知がもっと早かった場合は、認知時刻を訂正してください。",
                "\(time(at)) is before the awareness time \(time(declaredAt)). If awareness was earlier, correct the awareness time.")
        case .stepAlreadyDone(let step):
            return t("手順「\(step)」は既に完了しています。", "Step '\(step)' is already done.")
        case .stepAlreadyActive(let step):
            return t("手順「\(step)」は既に開始しています。", "Step '\(step)' is already in progress.")
        case .stepAlreadySkipped(let step):
            return t("手順「\(step)」は既に省略済みです。", "Step '\(step)' has already been skipped.")
        case .reasonRequired(let action):
            return t("\(action.label(l))には理由が必要です。", "\(action.label(l)) needs a reason.")
        case .mandatoryStepsOpen(let steps):
            return t("必須の手順が終わっていません: \(steps.joined(separator: ", "))。", "Mandatory steps are still open: \(steps.joined(separator: ", ")).")
        case .correctionConflicts(let why):
            return t("この訂正は受け付けられません: \(why)", "This correction cannot be accepted: \(why)")
        case .storeUnavailable(let path, let reason):
            return t("記録ファイル「\(path)」を開けません（\(reason)）。", "Cannot open the store '\(path)' (\(reason)).")
        case .storeForeign(let path, let tables):
            let names = tables.prefix(5).joined(separator: ", ") + (tables.count > 5 ? ", …" : "")
            return t(
                "「\(path)」は incident の記録ファイルではありません（別のアプリのデータベース: \(names)）。何も変更していません。",
                "'\(path)' is not an incident store (another application's database: \(names)). Nothing was changed.")
        case .storeFromNewerVersion(let path):
            return t(
                "記録ファイル「\(path)」はこの incident より新しい版で作られています。新しい版の incident を使ってください（ファイルは変更していません）。",
                "The store '\(path)' was written by a newer version of incident; use that version (the file was not changed).")
        case .storeReadOnly(let path):
            return t(
                "記録ファイル「\(path)」に書き込めません（読み取り専用）。書き込める場所にコピーするか、権限を確認してください。何も記録していません。",
                "Cannot write to '\(path)' (read-only). Copy it somewhere writable or fix the permissions. Nothing was recorded.")
        case .storeFull(let path):
            return t(
                "ディスクがいっぱいで「\(path)」に書き込めません。空きを作ってからもう一度実行してください。何も記録していません。",
                "The disk is full; cannot write to '\(path)'. Free some space and run again. Nothing was recorded.")
        case .storeMissing(let path):
            return t("記録ファイル「\(path)」がありません。", "There is no store at '\(path)'.")
        case .storeEmpty(let path):
            return t(
                "記録ファイル「\(path)」は空です（0 バイト）。何も変更していません。記録があったはずなら消された可能性があります: ファイルをそのまま保全してください。",
                "The store '\(path)' is empty (0 bytes). Nothing was changed. If it held records, they were destroyed: keep the file as it is.")
        case .storeIncomplete(let path):
            return t(
                "記録ファイル「\(path)」は作成が途中で中断されたままです（記録は一件もありません）。",
                "The store '\(path)' was never finished (an interrupted creation; it holds no record).")
        case .integrity(let failure):
            return failure.finding(l)
        case .missingLeakAnswers(let keys):
            let names = keys.map { field(.answer($0)) }.joined(separator: " ")
            return t("漏えい判定の回答が足りません: \(names)。", "Leak assessment answers are missing: \(names).")
        case .unknownFact(let key, let available):
            return t(
                "事実のキー「\(key)」はありません。使えるキー: \(available.joined(separator: ", "))",
                "No fact key '\(key)'. Available: \(available.joined(separator: ", ")).")
        case .fileUnwritable(let path, let reason):
            return t("「\(path)」に書き込めません（\(reason)）。", "Cannot write '\(path)' (\(reason)).")
        case .unknownReportKind(let kind, let available):
            return t(
                "報告書の種類「\(kind)」はありません。使える種類: \(available.joined(separator: ", "))",
                "No report kind '\(kind)'. Available: \(available.joined(separator: ", ")).")
        case .unknownObligationKind(let kind, let available):
            return t(
                "提出物の種類「\(kind)」はありません。使える種類: \(available.joined(separator: ", "))",
                "No submission kind '\(kind)'. Available: \(available.joined(separator: ", ")).")
        case .nothingToAcknowledge(let id) where id == EventStore.readinessLogID:
            return t(
                "平時の準備の記録（チェックリストの回答）に改ざん・破損は見つかりません（まだ回答がない場合を含みます）。確認するものはありません。何も記録していません。",
                "The readiness log (checklist answers) is intact or does not exist yet; there is no break to acknowledge. Nothing was recorded.")
        case .nothingToAcknowledge(let id):
            return t("インシデント \(id) の記録に改ざん・破損は見つかりません。確認するものはありません。", "The log of incident \(id) is intact; there is no break to acknowledge.")
        case .unknownChecklist(let name, let available):
            return t(
                "チェックリスト「\(name)」はありません。使えるもの: \(available.isEmpty ? "なし" : available.joined(separator: ", "))",
                "No checklist '\(name)'. Available: \(available.isEmpty ? "none" : available.joined(separator: ", ")).")
        case .unknownChecklistItem(let id, let available):
            return t(
                "チェック項目「\(id)」はありません。様式の番号で指定してください（例: 2-5 または 2-⑤）。項目: \(available.joined(separator: " "))",
                "No checklist item '\(id)'. Give the form's number (e.g. 2-5 or 2-⑤). Items: \(available.joined(separator: " "))")
        case .checklistBlankNotAllowed(let id):
            return t(
                "項目 \(id) は「記入不要」にできません（記入不要にできるのは様式に「※事業者と契約していない場合には、記入不要」とある項目だけです）。はい か いいえ で答えてください。",
                "Item \(id) cannot be left blank (n/a): only items the form marks \"leave blank if there is no vendor contract\" can. Answer yes or no.")
        case .checkedInFuture(let day):
            return t(
                "確認日 \(day) は今日より後です。確認した日（今日かそれ以前）を \(field(.checked)) に指定してください。",
                "The check date \(day) is after today. Give the day you checked (today or earlier) as \(field(.checked)).")
        case .noLedger:
            return t("機器台帳・バックアップ台帳はまだ取り込まれていません。", "No equipment ledger or backup register has been imported.")
        case .noReadinessLog:
            return t("平時の準備の記録はまだありません。", "There is no readiness log yet.")
        case .readinessEventInIncident:
            return t(
                "チェックリストの回答はインシデントの記録には追加できません（平時の準備の記録に保存されます）。",
                "Checklist answers cannot go into an incident's log (they belong to the readiness log).")
        case .evidenceRequired(let system, let stage):
            return t(
                "「\(system)」の証拠がまだ登録されていないため、「\(stage.label(l))」に進めません。復元や再構築の前に、ログやディスクイメージなどの証拠を保全して登録してください（侵入経路を調べられなくなります）。",
                "No evidence is registered for '\(system)', so it cannot move to '\(stage.label(l))'. Preserve and register evidence (logs, a disk image) before rebuilding or restoring: otherwise the way in can no longer be traced."
            )
        case .unknownMeasure(let id, let available):
            let list = available.isEmpty ? t("（登録された再発防止策はありません）", "(no measures recorded)") : available.map { "#\($0)" }.joined(separator: ", ")
            return t("再発防止策 #\(id) はありません。登録済み: \(list)", "There is no prevention measure #\(id). Recorded: \(list).")
        case .measureAlreadyDone(let id):
            return t("再発防止策 #\(id) は既に完了しています。", "Prevention measure #\(id) is already done.")
        case .measureExists(let id):
            return t("再発防止策 #\(id) は既に登録されています。", "Prevention measure #\(id) already exists.")
        case .invalidCount(let f, let value, let minimum):
            return t("\(field(f)) は \(minimum) 以上の整数にしてください（\(value)）。", "\(field(f)) must be a whole number of at least \(minimum) (got \(value)).")
        case .reentryNeedsOneCount:
            return t("待っている件数か入力した件数の、どちらか一方を指定してください。", "Give either the count waiting or the count entered, one of the two.")
        case .moreEnteredThanPending(let department, let pending, let entered):
            return t(
                "\(department) で入力を待っている紙の記録は \(pending) 件です。\(entered) 件の入力は記録できません。",
                "\(department) has \(pending) paper record(s) waiting; \(entered) entered cannot be recorded.")
        case .invalidDigest(let text):
            return t("SHA-256 の値ではありません: \(text)", "Not a SHA-256 value: \(text)")
        case .closeHeld(let holds):
            let list = holds.lines(l).map { "  - " + $0 }.joined(separator: "\n")
            return t("まだ終了できません。残っていること:\n\(list)\n", "Cannot close yet. Still open:\n\(list)\n")
        case .keyUnusable(let path, let reason):
            switch reason {
            case .missing:
                return t("鍵ファイル「\(path)」が見つかりません。何も記録していません。", "The key file '\(path)' was not found. Nothing was recorded.")
            case .unreadable:
                return t("鍵ファイル「\(path)」を読めません。読み取り権限を確認してください。何も記録していません。", "Cannot read the key file '\(path)'; check its permissions. Nothing was recorded.")
            case .malformed:
                return t("「\(path)」は incident の鍵ファイルではありません。", "'\(path)' is not an incident key file.")
            case .noFolder:
                return t(
                    "鍵の保存先フォルダ「\(PathText.folder(of: path))」がありません。USB メモリを差し込み、そのフォルダを指定してください（フォルダは作りません）。",
                    "The folder '\(PathText.folder(of: path))' does not exist. Mount the USB stick and give a path on it (no folder is created)."
                )
            }
        }
    }
}

extension TimeZone {
    /// The facility time zone when none is configured: Japan.
    public static let facilityDefault = TimeZone(identifier: "Asia/Tokyo")!
}
