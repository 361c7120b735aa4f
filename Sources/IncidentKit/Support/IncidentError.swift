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
    case emptyText(field: String)
    case textTooLong(field: String, limit: Int)
    case invalidCharacters(field: String)
    case invalidAnswer(question: String, value: String, expected: String)
    case unknownQuestion(String)
    case invalidFile([SourceProblem])
    case fileUnreadable(String)
    case fileExists(String)
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
    case reasonRequired(action: String)
    case mandatoryStepsOpen([String])
    case correctionConflicts(String)
    // Store
    case storeUnavailable(path: String, reason: String)
    case storeFromNewerVersion(path: String)
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

    /// The exit status the CLI uses for this error (contract: 1 fixable, 3 integrity).
    public var exitCode: Int32 {
        if case .integrity = self { return 3 }
        return 1
    }

    /// A field named in a message, in words staff know (the option stays visible).
    static func fieldName(_ field: String, _ l: Language) -> String {
        guard l == .ja else { return field }
        switch field {
        case "text": return "記録する内容"
        case "--text": return "内容（--text）"
        case "note", "--note": return "メモ（--note）"
        case "--reason": return "理由（--reason）"
        case "--by": return "記録者（--by）"
        case "summary": return "概要"
        case "role": return "役割"
        case "name", "--name": return "相手の名前（--name）"
        case "channel": return "連絡手段（--via）"
        case "system": return "システム名"
        case "category": return "種類（--category）"
        case "key": return "キー"
        default: return "「\(field)」"
        }
    }

    /// An action named in a message, in words staff know.
    static func actionName(_ action: String, _ l: Language) -> String {
        guard l == .ja else { return action }
        switch action {
        case "skip": return "手順の省略"
        case "force-close": return "強制終了"
        case "reopen": return "再開"
        case "acknowledge": return "確認"
        default: return action
        }
    }

    /// The message for people, with what to do next.
    public func message(_ l: Language, timeZone: TimeZone = .facilityDefault) -> String {
        func t(_ ja: String, _ en: String) -> String { l.pick(ja: ja, en: en) }
        func time(_ d: Date) -> String { Timestamp.local(d, in: timeZone) }
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
        case .emptyText(let field):
            return t("\(Self.fieldName(field, l)) が空です。内容を入力してください。", "\(field) is empty; give some text.")
        case .textTooLong(let field, let limit):
            return t(
                "\(Self.fieldName(field, l)) が長すぎます（上限 \(limit) バイト）。分けて記録するか、ファイルは別に保管して場所を記録してください。",
                "\(field) is too long (limit \(limit) bytes). Split it, or keep the file elsewhere and record where it is.")
        case .invalidCharacters(let field):
            return t(
                "\(Self.fieldName(field, l)) に使えない制御文字が含まれています。通常の文字で入力し直してください。",
                "\(field) contains control characters; type it again with ordinary text.")
        case .invalidAnswer(let question, let value, let expected):
            return t("質問「\(question)」への答え「\(value)」は使えません。\(expected)", "'\(value)' is not a valid answer to '\(question)'. \(expected)")
        case .unknownQuestion(let id):
            return t(
                "質問「\(id)」はこの手順書にありません。`incident runbook show` で質問の id を確認してください。",
                "There is no question '\(id)' in this runbook; see `incident runbook show` for question ids.")
        case .invalidFile(let problems):
            let lines = problems.map { $0.formatted(l) }.joined(separator: "\n")
            return t(
                "ファイルに \(problems.count) 件の問題があります。修正してからもう一度実行してください:\n\(lines)",
                "The file has \(problems.count) problem(s); fix them and run again:\n\(lines)")
        case .fileUnreadable(let path):
            return t("ファイル「\(path)」を読めません。パスと読み取り権限を確認してください。", "Cannot read '\(path)'; check the path and permissions.")
        case .fileExists(let path):
            return t(
                "「\(path)」は既に存在します。上書きしないので、別の名前を指定するか先に移動してください。", "'\(path)' already exists; it is not overwritten. Choose another name or move it first.")
        case .unknownIncident(let id):
            return t("インシデント「\(id)」は見つかりません。`incident list` で ID を確認してください。", "No incident '\(id)'. See `incident list` for IDs.")
        case .noIncident:
            return t("インシデントがまだありません。`incident declare \"概要\"` で宣言してください。", "There is no incident yet. Declare one with `incident declare \"summary\"`.")
        case .noOpenIncident:
            return t(
                "対応中のインシデントがありません。`--incident ID` で指定するか、`incident declare` で宣言してください。",
                "No incident is open. Name one with `--incident ID`, or declare one with `incident declare`.")
        case .ambiguousIncident(let ids):
            return t(
                "対応中のインシデントが複数あります（\(ids.joined(separator: ", "))）。`--incident ID` で指定してください。",
                "Several incidents are open (\(ids.joined(separator: ", "))); choose one with `--incident ID`.")
        case .ambiguousClosedIncident(let ids):
            return t(
                "終了したインシデントが複数あります（\(ids.joined(separator: ", "))）。再開するものを `--incident ID` で指定してください（`incident list`）。",
                "Several incidents are closed (\(ids.joined(separator: ", "))); choose the one to reopen with `--incident ID` (see `incident list`).")
        case .unknownStep(let ref, let available):
            return t(
                "手順「\(ref)」はありません。番号か id で指定してください: \(available.joined(separator: ", "))",
                "No step '\(ref)'. Give a number or id: \(available.joined(separator: ", "))")
        case .unknownRunbook(let name, let available):
            return t(
                "手順書「\(name)」はありません。使える手順書: \(available.joined(separator: ", "))（`incident runbook list`）",
                "No runbook '\(name)'. Available: \(available.joined(separator: ", ")) (`incident runbook list`).")
        case .unknownScenario(let name, let available):
            return t(
                "訓練シナリオ「\(name)」はありません。使えるシナリオ: \(available.joined(separator: ", "))（`incident drill list`）",
                "No scenario '\(name)'. Available: \(available.joined(separator: ", ")) (`incident drill list`).")
        case .notADrill(let id):
            if let id {
                return t(
                    "\(id) は訓練ではありません。訓練の記録は --incident DRILL-… で指定してください（`incident list --drills`）。",
                    "\(id) is not a drill. Name a drill with --incident DRILL-… (see `incident list --drills`).")
            }
            return t(
                "訓練を --incident DRILL-… で指定してください（実施中の訓練が一つだけなら省略できます）。`incident list --drills` で確認できます。",
                "Name the drill with --incident DRILL-… (it may be left out when exactly one drill is running); see `incident list --drills`.")
        case .drillMismatch(let id):
            return t("\(id): 訓練と実際のインシデントは混ぜられません（訓練の ID は DRILL- で始まります）。", "\(id): drills and real incidents never mix (drill IDs begin with DRILL-).")
        case .onlyDrills(let ids):
            return t(
                "実際のインシデントはありません。実施中の訓練（\(ids.joined(separator: ", "))）は、--incident \(ids[0]) のように指定してください。実際に異常が起きたときは `incident declare \"概要\"` で宣言します。",
                "No real incident. Drills in progress (\(ids.joined(separator: ", "))) must be named, e.g. --incident \(ids[0]). For a real event, declare it with `incident declare \"summary\"`."
            )
        case .invalidSpeed(let speed):
            return t("--speed は 1 から 60 の数にしてください（\(speed)）。", "--speed must be a number from 1 to 60 (got \(speed)).")
        case .unknownEvent(let seq):
            return t(
                "記録番号 \(seq) はこのインシデントにありません。`incident timeline` で番号を確認してください。",
                "There is no event #\(seq) in this incident; see `incident timeline` for numbers.")
        case .unknownRole(let role, let available):
            let list = available.isEmpty ? t("（プロファイルに連絡先がありません）", "(the profile has no contacts)") : available.joined(separator: ", ")
            return t(
                "役割「\(role)」はこのインシデントの施設プロファイルにありません。使える役割: \(list)（`incident facility show`）",
                "There is no role '\(role)' in this incident's facility profile. Roles: \(list) (`incident facility show`).")
        case .noProfile:
            return t(
                "施設プロファイルがありません。`incident init` で雛形（facility.yaml）を作り、記入してから `incident facility import facility.yaml` で取り込んでください。",
                "No facility profile. Create a sample with `incident init`, fill in facility.yaml, then `incident facility import facility.yaml`.")
        case .fileNotWritable(let path):
            return t(
                "「\(path)」に書き込めません。フォルダと権限を確認するか、--out で別の場所を指定してください。",
                "Cannot write '\(path)'; check the folder and permissions, or choose another place with --out.")
        case .notDeclared:
            return t("インシデントが宣言されていません。", "The incident has not been declared.")
        case .alreadyDeclared:
            return t("このインシデントは既に宣言されています。", "This incident has already been declared.")
        case .incidentClosed(let id):
            return t(
                "インシデント \(id) は終了しています。追記するには先に `incident reopen --reason \"理由\"` で再開してください。",
                "Incident \(id) is closed. Reopen it first with `incident reopen --reason \"why\"`.")
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
                "認知時刻 \(time(aware)) が現在（このコンピューターの時計で \(time(now))）より後になっています。宣言したときに時計が進んでいた可能性があります。時計が正しいことを確認し、`incident correct 1 --time 正しい認知時刻 --text \"時計の誤りを訂正\"` で認知時刻を訂正してから記録してください（元の記録は残ります）。",
                "The awareness time \(time(aware)) is later than now (\(time(now)) by this computer's clock): the clock probably ran ahead when the incident was declared. Check the clock, then correct it with `incident correct 1 --time TRUE-AWARENESS-TIME --text \"clock was wrong\"` (the original stays on record) and record again."
            )
        case .beforeDeclaration(let at, let declaredAt):
            return t(
                "時刻 \(time(at)) は認知時刻 \(time(declaredAt)) より前です。認知がもっと早かった場合は `incident correct 1 --time 時刻 --text \"理由\"` で認知時刻を訂正してください。",
                "\(time(at)) is before the awareness time \(time(declaredAt)). If awareness was earlier, correct it with `incident correct 1 --time TIME --text \"why\"`."
            )
        case .stepAlreadyDone(let step):
            return t(
                "手順「\(step)」は既に完了しています。誤りなら `incident correct 番号` で訂正を記録してください。",
                "Step '\(step)' is already done. If that was a mistake, record a correction with `incident correct SEQ`.")
        case .stepAlreadyActive(let step):
            return t(
                "手順「\(step)」は既に開始しています。終わったら `incident step done \(step)` を実行してください。",
                "Step '\(step)' is already in progress; when finished run `incident step done \(step)`.")
        case .stepAlreadySkipped(let step):
            return t("手順「\(step)」は既に省略済みです。", "Step '\(step)' has already been skipped.")
        case .reasonRequired(let action):
            return t("\(Self.actionName(action, l))には理由が必要です。`--reason \"理由\"` を付けてください。", "\(action) needs a reason; add `--reason \"why\"`.")
        case .mandatoryStepsOpen(let steps):
            return t(
                "必須の手順が終わっていません: \(steps.joined(separator: ", "))。完了か省略（理由付き）にするか、`incident close --force --reason \"理由\"` で強制終了してください。",
                "Mandatory steps are still open: \(steps.joined(separator: ", ")). Complete or skip them (with a reason), or force with `incident close --force --reason \"why\"`."
            )
        case .correctionConflicts(let why):
            return t("この訂正は受け付けられません: \(why)", "This correction cannot be accepted: \(why)")
        case .storeUnavailable(let path, let reason):
            return t(
                "記録ファイル「\(path)」を開けません（\(reason)）。パスと権限を確認するか、`--db` で別の場所を指定してください。",
                "Cannot open the store '\(path)' (\(reason)). Check the path and permissions, or choose another with `--db`.")
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
            return t(
                "記録ファイル「\(path)」がありません。初めてなら `incident declare \"概要\"`（平時は `incident init`）で作ってください。別の場所にあるなら --db か INCIDENT_DB で指定してください。",
                "There is no store at '\(path)'. To start, run `incident declare \"summary\"` (or `incident init` ahead of time); if it is elsewhere, give it with --db or INCIDENT_DB."
            )
        case .storeEmpty(let path):
            return t(
                "記録ファイル「\(path)」は空です（0 バイト）。記録があったはずなら消された可能性があります: ファイルをそのまま保全し、バックアップや書き出しと照合してください（incident verify --db バックアップ --all）。何も変更していません。",
                "The store '\(path)' is empty (0 bytes). If it held records, they were destroyed: keep the file as it is and compare with your backups and bundles (incident verify --db BACKUP --all). Nothing was changed."
            )
        case .storeIncomplete(let path):
            return t(
                "記録ファイル「\(path)」は作成が途中で中断されたままです（記録は一件もありません）。`incident init` か `incident declare \"概要\"` を実行すると作り直します。",
                "The store '\(path)' was never finished (an interrupted creation; it holds no record). Run `incident init` or `incident declare \"summary\"` to finish it."
            )
        case .integrity(let failure):
            return failure.message(l)
        case .missingLeakAnswers(let keys):
            let flags = keys.map { "--\($0)" }.joined(separator: " ")
            return t(
                "漏えい判定の回答が足りません: \(flags)。端末で対話的に実行するか、すべてを指定してください（例: incident leak assess --leak suspected --sensitive yes --malicious yes --financial no --people 2300 --encrypted no）。",
                "Leak assessment answers are missing: \(flags). Run it on a terminal to be asked, or give them all (e.g. incident leak assess --leak suspected --sensitive yes --malicious yes --financial no --people 2300 --encrypted no)."
            )
        case .unknownFact(let key, let available):
            return t(
                "事実のキー「\(key)」はありません。使えるキー: \(available.joined(separator: ", "))（`incident fact --list`）",
                "No fact key '\(key)'. Available: \(available.joined(separator: ", ")) (`incident fact --list`).")
        case .fileUnwritable(let path, let reason):
            return t(
                "「\(path)」に書き込めません（\(reason)）。フォルダと権限を確認するか、別の場所を --out で指定してください。",
                "Cannot write '\(path)' (\(reason)). Check the folder and permissions, or choose another place with --out.")
        case .unknownReportKind(let kind, let available):
            return t(
                "報告書の種類「\(kind)」はありません。使える種類: \(available.joined(separator: ", "))（`incident report --list`）",
                "No report kind '\(kind)'. Available: \(available.joined(separator: ", ")) (`incident report --list`).")
        case .unknownObligationKind(let kind, let available):
            return t(
                "提出物の種類「\(kind)」はありません。使える種類: \(available.joined(separator: ", "))",
                "No submission kind '\(kind)'. Available: \(available.joined(separator: ", ")).")
        case .nothingToAcknowledge(let id) where id == EventStore.readinessLogID:
            return t(
                "平時の準備の記録（チェックリストの回答）に改ざん・破損は見つかりません（まだ回答がない場合を含みます）。確認（--acknowledge --readiness）するものはありません。何も記録していません。",
                "The readiness log (checklist answers) is intact or does not exist yet; there is no break to acknowledge. Nothing was recorded.")
        case .nothingToAcknowledge(let id):
            return t("インシデント \(id) の記録に改ざん・破損は見つかりません。確認（--acknowledge）するものはありません。", "The log of incident \(id) is intact; there is no break to acknowledge.")
        case .unknownChecklist(let name, let available):
            return t(
                "チェックリスト「\(name)」はありません。使えるもの: \(available.isEmpty ? "なし" : available.joined(separator: ", "))（--checklists フォルダを確認してください）",
                "No checklist '\(name)'. Available: \(available.isEmpty ? "none" : available.joined(separator: ", ")) (check the --checklists folder).")
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
                "確認日 \(day) は今日より後です。確認した日（今日かそれ以前）を --checked YYYY-MM-DD で指定してください。",
                "The check date \(day) is after today. Give the day you checked (today or earlier) with --checked YYYY-MM-DD.")
        case .noLedger:
            return t(
                "機器台帳・バックアップ台帳はまだ取り込まれていません。雛形: incident ledger sample --out equipment.yaml、記入後: incident ledger import equipment.yaml",
                "No equipment ledger or backup register has been imported. Sample: incident ledger sample --out equipment.yaml; then: incident ledger import equipment.yaml"
            )
        case .noReadinessLog:
            return t(
                "平時の準備の記録はまだありません。まずチェックリストに回答してください: incident checklist walk",
                "There is no readiness log yet. Answer the checklist first: incident checklist walk")
        case .readinessEventInIncident:
            return t(
                "チェックリストの回答はインシデントの記録には追加できません（平時の準備の記録に保存されます）。",
                "Checklist answers cannot go into an incident's log (they belong to the readiness log).")
        case .keyUnusable(let path, let reason):
            switch reason {
            case .missing:
                return t(
                    "鍵ファイル「\(path)」が見つかりません。鍵を入れた USB メモリを差し込んでからもう一度実行してください（--key または INCIDENT_KEY_FILE の指定を確認）。何も記録していません。",
                    "The key file '\(path)' was not found. Insert the USB stick holding it and run again (check --key or INCIDENT_KEY_FILE). Nothing was recorded."
                )
            case .unreadable:
                return t("鍵ファイル「\(path)」を読めません。読み取り権限を確認してください。何も記録していません。", "Cannot read the key file '\(path)'; check its permissions. Nothing was recorded.")
            case .malformed:
                return t(
                    "「\(path)」は incident の鍵ファイルではありません（`incident key init --out ファイル` で作ったものを指定してください）。",
                    "'\(path)' is not an incident key file (give one made by `incident key init --out FILE`).")
            case .noFolder:
                return t(
                    "鍵の保存先フォルダ「\((path as NSString).deletingLastPathComponent)」がありません。USB メモリを差し込み、そのフォルダを指定してください（フォルダは作りません）。",
                    "The folder '\((path as NSString).deletingLastPathComponent)' does not exist. Mount the USB stick and give a path on it (no folder is created)."
                )
            }
        }
    }
}

extension TimeZone {
    /// The facility time zone when none is configured: Japan.
    public static let facilityDefault = TimeZone(identifier: "Asia/Tokyo")!
}
