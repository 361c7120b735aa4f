import Foundation

/// Everything the library refuses, typed so that callers can test for the exact
/// guard, and printable in Japanese or English with what to do next.
public enum IncidentError: Error, Sendable, Equatable {
    // Input
    case invalidTime(String)
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
    case integrity(IntegrityFailure)
    // Leak assessment and reports
    case missingLeakAnswers([String])
    case unknownFact(String, available: [String])
    case unknownReportKind(String, available: [String])
    case unknownObligationKind(String, available: [String])
    case fileUnwritable(String, reason: String)
    // Chain breaks
    case nothingToAcknowledge(String)

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
                return t("時刻「\(text)」を読み取れません。時は2桁で「\(fixed)」のように指定してください（使える形: \(forms)）。",
                    "Cannot read the time '\(text)'. Give the hour with two digits: '\(fixed)' (forms: \(TimeInput.acceptedForms.joined(separator: ", "))).")
            }
            return t("時刻「\(text)」を読み取れません。次のいずれかの形で指定してください: \(forms)（例: 2026-11-25 09:30、09:30）",
                "Cannot read the time '\(text)'. Use one of: \(TimeInput.acceptedForms.joined(separator: ", ")) (e.g. 2026-11-25 09:30, 09:30).")
        case .emptyText(let field):
            return t("\(Self.fieldName(field, l)) が空です。内容を入力してください。", "\(field) is empty; give some text.")
        case .textTooLong(let field, let limit):
            return t("\(Self.fieldName(field, l)) が長すぎます（上限 \(limit) バイト）。分けて記録するか、ファイルは別に保管して場所を記録してください。",
                "\(field) is too long (limit \(limit) bytes). Split it, or keep the file elsewhere and record where it is.")
        case .invalidCharacters(let field):
            return t("\(Self.fieldName(field, l)) に使えない制御文字が含まれています。通常の文字で入力し直してください。",
                "\(field) contains control characters; type it again with ordinary text.")
        case .invalidAnswer(let question, let value, let expected):
            return t("質問「\(question)」への答え「\(value)」は使えません。\(expected)", "'\(value)' is not a valid answer to '\(question)'. \(expected)")
        case .unknownQuestion(let id):
            return t("質問「\(id)」はこの手順書にありません。`incident runbook show` で質問の id を確認してください。",
                "There is no question '\(id)' in this runbook; see `incident runbook show` for question ids.")
        case .invalidFile(let problems):
            let lines = problems.map { $0.formatted(l) }.joined(separator: "\n")
            return t("ファイルに \(problems.count) 件の問題があります。修正してからもう一度実行してください:\n\(lines)",
                "The file has \(problems.count) problem(s); fix them and run again:\n\(lines)")
        case .fileUnreadable(let path):
            return t("ファイル「\(path)」を読めません。パスと読み取り権限を確認してください。", "Cannot read '\(path)'; check the path and permissions.")
        case .fileExists(let path):
            return t("「\(path)」は既に存在します。上書きしないので、別の名前を指定するか先に移動してください。", "'\(path)' already exists; it is not overwritten. Choose another name or move it first.")
        case .unknownIncident(let id):
            return t("インシデント「\(id)」は見つかりません。`incident list` で ID を確認してください。", "No incident '\(id)'. See `incident list` for IDs.")
        case .noIncident:
            return t("インシデントがまだありません。`incident declare \"概要\"` で宣言してください。", "There is no incident yet. Declare one with `incident declare \"summary\"`.")
        case .noOpenIncident:
            return t("対応中のインシデントがありません。`--incident ID` で指定するか、`incident declare` で宣言してください。", "No incident is open. Name one with `--incident ID`, or declare one with `incident declare`.")
        case .ambiguousIncident(let ids):
            return t("対応中のインシデントが複数あります（\(ids.joined(separator: ", "))）。`--incident ID` で指定してください。", "Several incidents are open (\(ids.joined(separator: ", "))); choose one with `--incident ID`.")
        case .ambiguousClosedIncident(let ids):
            return t("終了したインシデントが複数あります（\(ids.joined(separator: ", "))）。再開するものを `--incident ID` で指定してください（`incident list`）。",
                "Several incidents are closed (\(ids.joined(separator: ", "))); choose the one to reopen with `--incident ID` (see `incident list`).")
        case .unknownStep(let ref, let available):
            return t("手順「\(ref)」はありません。番号か id で指定してください: \(available.joined(separator: ", "))", "No step '\(ref)'. Give a number or id: \(available.joined(separator: ", "))")
        case .unknownRunbook(let name, let available):
            return t("手順書「\(name)」はありません。使える手順書: \(available.joined(separator: ", "))（`incident runbook list`）", "No runbook '\(name)'. Available: \(available.joined(separator: ", ")) (`incident runbook list`).")
        case .unknownEvent(let seq):
            return t("記録番号 \(seq) はこのインシデントにありません。`incident timeline` で番号を確認してください。", "There is no event #\(seq) in this incident; see `incident timeline` for numbers.")
        case .unknownRole(let role, let available):
            let list = available.isEmpty ? t("（プロファイルに連絡先がありません）", "(the profile has no contacts)") : available.joined(separator: ", ")
            return t("役割「\(role)」はこのインシデントの施設プロファイルにありません。使える役割: \(list)（`incident facility show`）",
                "There is no role '\(role)' in this incident's facility profile. Roles: \(list) (`incident facility show`).")
        case .noProfile:
            return t("施設プロファイルがありません。`incident init` で雛形（facility.yaml）を作り、記入してから `incident facility import facility.yaml` で取り込んでください。",
                "No facility profile. Create a sample with `incident init`, fill in facility.yaml, then `incident facility import facility.yaml`.")
        case .fileNotWritable(let path):
            return t("「\(path)」に書き込めません。フォルダと権限を確認するか、--out で別の場所を指定してください。", "Cannot write '\(path)'; check the folder and permissions, or choose another place with --out.")
        case .notDeclared:
            return t("インシデントが宣言されていません。", "The incident has not been declared.")
        case .alreadyDeclared:
            return t("このインシデントは既に宣言されています。", "This incident has already been declared.")
        case .incidentClosed(let id):
            return t("インシデント \(id) は終了しています。追記するには先に `incident reopen --reason \"理由\"` で再開してください。", "Incident \(id) is closed. Reopen it first with `incident reopen --reason \"why\"`.")
        case .incidentNotClosed(let id):
            return t("インシデント \(id) は終了していないので再開できません。", "Incident \(id) is not closed, so it cannot be reopened.")
        case .futureTime(let at):
            return t("時刻 \(time(at)) は未来です。起きた時刻（現在より前）を指定してください。", "\(time(at)) is in the future; give the time it happened (before now).")
        case .beforeDeclaration(let at, let declaredAt):
            return t("時刻 \(time(at)) は認知時刻 \(time(declaredAt)) より前です。認知がもっと早かった場合は `incident correct 1 --time 時刻 --text \"理由\"` で認知時刻を訂正してください。",
                "\(time(at)) is before the awareness time \(time(declaredAt)). If awareness was earlier, correct it with `incident correct 1 --time TIME --text \"why\"`.")
        case .stepAlreadyDone(let step):
            return t("手順「\(step)」は既に完了しています。誤りなら `incident correct 番号` で訂正を記録してください。", "Step '\(step)' is already done. If that was a mistake, record a correction with `incident correct SEQ`.")
        case .stepAlreadyActive(let step):
            return t("手順「\(step)」は既に開始しています。終わったら `incident step done \(step)` を実行してください。", "Step '\(step)' is already in progress; when finished run `incident step done \(step)`.")
        case .stepAlreadySkipped(let step):
            return t("手順「\(step)」は既に省略済みです。", "Step '\(step)' has already been skipped.")
        case .reasonRequired(let action):
            return t("\(Self.actionName(action, l))には理由が必要です。`--reason \"理由\"` を付けてください。", "\(action) needs a reason; add `--reason \"why\"`.")
        case .mandatoryStepsOpen(let steps):
            return t("必須の手順が終わっていません: \(steps.joined(separator: ", "))。完了か省略（理由付き）にするか、`incident close --force --reason \"理由\"` で強制終了してください。",
                "Mandatory steps are still open: \(steps.joined(separator: ", ")). Complete or skip them (with a reason), or force with `incident close --force --reason \"why\"`.")
        case .correctionConflicts(let why):
            return t("この訂正は受け付けられません: \(why)", "This correction cannot be accepted: \(why)")
        case .storeUnavailable(let path, let reason):
            return t("記録ファイル「\(path)」を開けません（\(reason)）。パスと権限を確認するか、`--db` で別の場所を指定してください。", "Cannot open the store '\(path)' (\(reason)). Check the path and permissions, or choose another with `--db`.")
        case .storeFromNewerVersion(let path):
            return t("記録ファイル「\(path)」はこの incident より新しい版で作られています。新しい版の incident を使ってください（ファイルは変更していません）。", "The store '\(path)' was written by a newer version of incident; use that version (the file was not changed).")
        case .storeReadOnly(let path):
            return t("記録ファイル「\(path)」に書き込めません（読み取り専用）。書き込める場所にコピーするか、権限を確認してください。何も記録していません。", "Cannot write to '\(path)' (read-only). Copy it somewhere writable or fix the permissions. Nothing was recorded.")
        case .storeFull(let path):
            return t("ディスクがいっぱいで「\(path)」に書き込めません。空きを作ってからもう一度実行してください。何も記録していません。", "The disk is full; cannot write to '\(path)'. Free some space and run again. Nothing was recorded.")
        case .integrity(let failure):
            return failure.message(l)
        case .missingLeakAnswers(let keys):
            let flags = keys.map { "--\($0)" }.joined(separator: " ")
            return t("漏えい判定の回答が足りません: \(flags)。端末で対話的に実行するか、すべてを指定してください（例: incident leak assess --leak suspected --sensitive yes --malicious yes --financial no --people 2300 --encrypted no）。",
                "Leak assessment answers are missing: \(flags). Run it on a terminal to be asked, or give them all (e.g. incident leak assess --leak suspected --sensitive yes --malicious yes --financial no --people 2300 --encrypted no).")
        case .unknownFact(let key, let available):
            return t("事実のキー「\(key)」はありません。使えるキー: \(available.joined(separator: ", "))（`incident fact --list`）",
                "No fact key '\(key)'. Available: \(available.joined(separator: ", ")) (`incident fact --list`).")
        case .fileUnwritable(let path, let reason):
            return t("「\(path)」に書き込めません（\(reason)）。フォルダと権限を確認するか、別の場所を --out で指定してください。",
                "Cannot write '\(path)' (\(reason)). Check the folder and permissions, or choose another place with --out.")
        case .unknownReportKind(let kind, let available):
            return t("報告書の種類「\(kind)」はありません。使える種類: \(available.joined(separator: ", "))（`incident report --list`）",
                "No report kind '\(kind)'. Available: \(available.joined(separator: ", ")) (`incident report --list`).")
        case .unknownObligationKind(let kind, let available):
            return t("提出物の種類「\(kind)」はありません。使える種類: \(available.joined(separator: ", "))",
                "No submission kind '\(kind)'. Available: \(available.joined(separator: ", ")).")
        case .nothingToAcknowledge(let id):
            return t("インシデント \(id) の記録に改ざん・破損は見つかりません。確認（--acknowledge）するものはありません。", "The log of incident \(id) is intact; there is no break to acknowledge.")
        }
    }
}

extension TimeZone {
    /// The facility time zone when none is configured: Japan.
    public static let facilityDefault = TimeZone(identifier: "Asia/Tokyo")!
}
