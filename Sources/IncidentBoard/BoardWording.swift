import Foundation
import IncidentKit

/// The board's words for what the library leaves to each front end: a field is
/// named by the form's label, a remedy by what to tap on the board. Never a
/// command or a flag: the people using the board never open a terminal.
struct BoardWording: Wording {
    func field(_ field: InputField, _ l: Language) -> String {
        switch field {
        case .actor: l.pick(ja: "「お名前」", en: "\"Your name\"")
        case .device: l.pick(ja: "「この端末の名前」", en: "\"This device\"")
        case .text: l.pick(ja: "「記録する内容」", en: "\"What to record\"")
        case .summary: l.pick(ja: "「何が起きたか」", en: "\"What happened\"")
        case .reason: l.pick(ja: "「理由」", en: "\"Reason\"")
        case .system: l.pick(ja: "「影響のあるもの」", en: "\"What is affected\"")
        case .ref: l.pick(ja: "「受付番号など」", en: "\"Reference\"")
        default: l.pick(ja: "「\(field.label(l))」", en: "\"\(field.label(l))\"")
        }
    }

    func remedy(_ remedy: Remedy, _ l: Language) -> String? {
        func t(_ ja: String, _ en: String) -> String { l.pick(ja: ja, en: en) }
        switch remedy {
        case .declare: return t("ボードの「宣言する」から始めてください。", "Start with \"Declare\" on the board.")
        case .finishStep: return t("終わったら、その手順の「完了」を押してください。", "When it is finished, tap \"Done\" on that step.")
        case .giveReason: return t("「理由」を書いてから、もう一度押してください。", "Write the reason, then tap again.")
        case .reopen: return t("このインシデントは終了しています。追記するには、会議室のパソコンで再開してください。", "This incident is closed: reopen it at the incident room's computer to add to it.")
        case .recordContact: return t("連絡の欄で結果のボタンを押してください。", "Tap the outcome in the calls section.")
        case .createStore: return t("ボードの「宣言する」を押すと記録が始まります。", "Tap \"Declare\" on the board to start the record.")
        case .nameIncident, .listIncidents:
            return t("対応中のインシデントが複数あります。会議室のパソコンで対象を選んでください。", "Several incidents are open: choose one at the incident room's computer.")
        default: return PlainWording().remedy(remedy, l)
        }
    }
}

extension Error {
    /// The error in the board's words: form labels, things to tap.
    func boardFormMessage(_ l: Language, timeZone: TimeZone = .facilityDefault) -> String {
        if let e = self as? IncidentError { return e.message(l, timeZone: timeZone, wording: BoardWording()) }
        return boardMessage(l)
    }
}
