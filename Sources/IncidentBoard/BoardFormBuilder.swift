import Foundation
import IncidentKit

/// The board's forms, built for a session (its CSRF token, whether its person
/// has said who they are) with what was typed and the errors of a refused post.
struct BoardFormBuilder: Sendable {
    let session: DeviceSession
    let language: Language
    let failure: FormFailure
    /// `?lang=en` (and `view=room`) carried to the form's action.
    let query: String
    /// Set on the guide's page: after the write, back to the guide (the value is
    /// the guide's list of what was passed over in this walk).
    var back: String? = nil

    init(session: DeviceSession, language: Language, failure: FormFailure = .none, room: Bool = false) {
        self.session = session
        self.language = language
        self.failure = failure
        var q: [String] = []
        if language == .en { q.append("lang=en") }
        if room { q.append("view=room") }
        query = q.isEmpty ? "" : "?" + q.joined(separator: "&")
    }

    private func t(_ ja: String, _ en: String) -> String { language.pick(ja: ja, en: en) }

    /// A form posting to `path`, with a fresh one-time key.
    /// A `compact` form (one-tap buttons) asks for the name only after a post refused for want of it.
    func form(
        _ path: String, cls: String, heading: String? = nil, compact: Bool = false, fields: [BoardForm.Field], buttons: [BoardForm.Button]
    ) -> BoardForm {
        var fields = fields
        if let back { fields.insert(.hidden("back", back), at: 0) }
        let key = SessionToken.random().value
        // Element ids unique on a page that holds several forms.
        let tag = String(key.prefix(8))
        for i in fields.indices {
            fields[i].id = "f-\(fields[i].name)-\(tag)"
            fields[i].describedBy = "e-\(fields[i].name)-\(tag)"
            fields[i].fieldError = failure.fieldErrors[fields[i].name]
            if !fields[i].hidden, let typed = failure.values[fields[i].name] {
                fields[i].value = typed
                for j in fields[i].options.indices { fields[i].options[j].selected = fields[i].options[j].value == typed }
            }
        }
        let askWho = !compact || failure.fieldErrors["who"] != nil || failure.fieldErrors["device"] != nil
        return BoardForm(
            action: path + query, cls: cls, csrf: session.csrf.value, key: key, heading: heading,
            formError: failure.formError, who: askWho ? who(tag: tag) : nil, fields: fields, buttons: buttons)
    }

    /// The name and device, asked until the device's first write succeeds.
    func who(tag: String) -> BoardForm.Who? {
        guard session.actor == nil else { return nil }
        return BoardForm.Who(
            nameID: "f-who-\(tag)", nameErrorID: "e-who-\(tag)", deviceID: "f-device-\(tag)", deviceErrorID: "e-device-\(tag)",
            nameValue: failure.values["who"] ?? "", deviceValue: failure.values["device"] ?? "", nameLabel: t("お名前", "Your name"),
            deviceLabel: t("この端末の名前", "This device"),
            intro: t("はじめての記録です。お名前と端末の名前を入れてください（この端末では次から聞きません）。", "Your first entry from this device: give your name and the device's (asked once)."),
            devicePlaceholder: t("例: 受付iPhone", "e.g. reception iPhone"), nameError: failure.fieldErrors["who"], deviceError: failure.fieldErrors["device"])
    }

    func declare() -> BoardForm {
        form(
            "/declare", cls: "declare", heading: t("インシデントを宣言する", "Declare an incident"),
            fields: [
                .textarea(
                    "summary", label: t("何が起きたか（一行で）", "What happened (one line)"), value: nil,
                    hint: t("例: 受付の電子カルテが開かない。身代金要求の画面", "e.g. The reception EHR will not open; a ransom note on screen")),
                .time("at", label: t("実際の時刻（気づいた時刻。空なら今）", "Actual time noticed (empty: now)"), value: nil),
            ], buttons: [.init(t("宣言する", "Declare"), cls: "primary")])
    }

    func record() -> BoardForm {
        form(
            "/record", cls: "record", heading: nil,
            fields: [
                .textarea("text", label: t("記録する内容", "What to record"), value: nil),
                .time("at", label: t("実際の時刻（空なら今）", "Actual time (empty: now)"), value: nil),
            ], buttons: [.init(t("記録する", "Record"), cls: "primary big")])
    }

    /// One-tap outcomes of a call to `role`: 「かけた」 (no answer, message left) never looks like 「つながった」.
    func contact(role: String) -> BoardForm {
        form(
            "/contact", cls: "contact-outcomes", compact: true, fields: [.hidden("role", role)],
            buttons: [
                .init(t("つながった（話せた）", "Reached (spoke)"), name: "outcome", value: EventBody.Contact.Outcome.reached.rawValue, cls: "reached"),
                .init(t("出なかった", "No answer"), name: "outcome", value: EventBody.Contact.Outcome.noAnswer.rawValue, cls: "attempt"),
                .init(t("伝言を残した", "Left a message"), name: "outcome", value: EventBody.Contact.Outcome.messageLeft.rawValue, cls: "attempt"),
                .init(t("メールを送った", "E-mail sent"), name: "outcome", value: EventBody.Contact.Outcome.emailSent.rawValue, cls: "attempt"),
            ])
    }

    func impact() -> BoardForm {
        form(
            "/impact", cls: "impact", heading: t("影響を記録する", "Record an impact"),
            fields: [
                .text("target", label: t("影響のあるもの（システム・端末・部署）", "What is affected (system, device, department)"), value: nil, required: true),
                .select(
                    "status", label: t("状態", "Status"),
                    options: EventBody.Impact.Status.allCases.map { ($0.rawValue, EventDescription.status($0, language)) }, selected: "down"),
                .text("note", label: t("メモ（任意）", "Note (optional)"), value: nil),
            ], buttons: [.init(t("記録する", "Record"))])
    }

    /// Start, finish or skip `step`; `only` limits the buttons (the next action's one).
    func step(_ step: Runbook.Step, only: String? = nil) -> BoardForm {
        var buttons: [BoardForm.Button] = [
            .init(t("始める", "Start"), name: "do", value: "start"), .init(t("完了", "Done"), name: "do", value: "finish"),
            .init(t("省略する（理由を書く）", "Skip (give the reason)"), name: "do", value: "skip", cls: "secondary"),
        ]
        var fields: [BoardForm.Field] = [.hidden("step", step.id)]
        if only == "skip" { fields.append(.text("reason", label: t("省略する理由", "Reason to skip"), value: nil, required: true)) }
        if let only {
            buttons = buttons.filter { $0.value == only }
            buttons = buttons.map {
                var b = $0; b.cls = "primary big"; return b
            }
        } else {
            fields.append(.text("reason", label: t("省略する理由", "Reason to skip"), value: nil))
        }
        let title = language == .ja ? step.title.ja : step.title.en
        return form(
            "/step", cls: "step-actions", heading: only == nil ? t("手順\(step.number)「\(title)」", "Step \(step.number) \"\(title)\"") : nil,
            compact: only != nil,
            fields: fields,
            buttons: buttons)
    }

    /// One runbook question: a choice for yes/no and choices, a box otherwise.
    func answer(_ q: Runbook.Question, current: String?) -> BoardForm {
        let prompt = language == .ja ? q.prompt.ja : q.prompt.en
        let value: BoardForm.Field
        switch q.type {
        case .yesno:
            value = .select("value", label: prompt, options: [("", t("（選ぶ）", "(choose)")), ("yes", t("はい", "yes")), ("no", t("いいえ", "no"))], selected: current)
        case .choice:
            value = .select(
                "value", label: prompt, options: [("", t("（選ぶ）", "(choose)"))] + q.choices.map { ($0.id, language == .ja ? $0.label.ja : $0.label.en) },
                selected: current)
        case .count, .text:
            value = .text("value", label: prompt, value: current, required: true)
        }
        return form("/answer", cls: "answer", compact: true, fields: [.hidden("question", q.id), value], buttons: [.init(t("回答する", "Answer"))])
    }

    /// Records that `obligation` was submitted: how, and the reference it gave.
    func submit(_ obligation: Obligation) -> BoardForm {
        let channels: [(String, String)] = EventBody.Submitted.Channel.allCases.map { c in
            let label: String =
                switch c {
                case .form: t("届出フォーム", "online form")
                case .email: t("メール", "e-mail")
                case .phone: t("電話", "phone")
                case .post: t("郵送", "post")
                case .web: t("ウェブ", "web")
                case .inPerson: t("窓口", "in person")
                }
            return (c.rawValue, label)
        }
        return form(
            "/submit", cls: "submit", heading: obligation.title, compact: true,
            fields: [
                .hidden("kind", obligation.kind.rawValue), .select("channel", label: t("提出の方法", "Channel"), options: channels, selected: "form"),
                .text("ref", label: t("受付番号など（任意）", "Reference (optional)"), value: nil),
            ], buttons: [.init(t("提出したことを記録する", "Record as submitted"))])
    }

    /// The PPC leak assessment: each question with its explanation, the note and the basis.
    func leak(current: EventBody.LeakAssessed?) -> BoardForm {
        let w = BoardText.of(language).page
        var fields: [BoardForm.Field] = []
        for q in LeakQuestion.all {
            let value = current?.answers[q.id]
            switch q.kind {
            case .occurrence:
                fields.append(
                    .select(
                        q.id, label: q.prompt(language),
                        options: [("", w.choose), ("yes", w.yes), ("suspected", w.suspected), ("no", w.no)], selected: value, hint: q.help(language)))
            case .yesno:
                fields.append(
                    .select(q.id, label: q.prompt(language), options: [("", w.choose), ("yes", w.yes), ("no", w.no)], selected: value, hint: q.help(language)))
            case .count:
                fields.append(.text(q.id, label: q.prompt(language), value: value, hint: w.peopleHint + " — " + q.help(language)))
            }
        }
        fields.append(.textarea("basis", label: w.basisLabel, value: nil, required: false, hint: w.basisHint))
        fields.append(.text("note", label: w.noteLabel, value: nil))
        return form("/leak", cls: "leak", fields: fields, buttons: [.init(w.assessButton, cls: "primary")])
    }

    /// A fact the reports need: which one (the unknown ones first; `fact`, as `key` is the form's one-time key), and its value.
    func fact(_ fields: [ReportField]) -> BoardForm {
        let w = BoardText.of(language).page
        return form(
            "/fact", cls: "fact",
            fields: [
                .select("fact", label: w.factKey, options: fields.map { ($0.key, $0.label(language)) }, selected: fields.first?.key),
                .textarea("value", label: w.factValue, value: nil),
            ], buttons: [.init(w.recordButton, cls: "primary")])
    }
}
