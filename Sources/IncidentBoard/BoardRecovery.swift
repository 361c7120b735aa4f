import Foundation
import Hummingbird
import IncidentKit

/// Step 7 on the board: `/recovery` shows where each system, department and
/// measure stands, with the forms that record them; `/recover`, `/evidence`,
/// `/reentry`, `/measure` and `/measure/done` take those forms. As every form
/// of the board, each decodes what was typed, calls ONE `Intent` and words the
/// result: the evidence gate, the counts and the measures' numbers are the
/// library's rules (a refusal comes back beside its field).
struct BoardRecovery: Sendable {
    let writes: BoardWrites
    let views: BoardViews

    init(configuration: BoardConfiguration, reader: BoardReader, sessions: DeviceSessions, pages: BoardPages) {
        writes = BoardWrites(configuration: configuration, reader: reader, sessions: sessions, pages: pages)
        views = BoardViews(configuration: configuration, reader: reader, sessions: sessions, pages: pages)
    }

    func register(on router: Router<BoardRequestContext>) {
        router.get("/recovery") { request, context in
            try views.respond(request, context) { store, id, l, frame, f in try page(store.state(of: id), l, frame, f) }
        }

        func post(
            _ path: RouterPath, heading: (String, String),
            build: @escaping @Sendable (BoardFormBuilder, IncidentState?, FormBody) -> [BoardForm],
            write: @escaping BoardWrites.Write
        ) {
            router.post(path) { request, context in
                let show: @Sendable (FormFailure, DeviceSession, Language) -> Response = { failure, session, l in
                    let state = writes.currentState()
                    return writes.page(request, heading: l.pick(ja: heading.0, en: heading.1)) { build($0, state, failure.values) }(failure, session, l)
                }
                return try await writes.post(request, context, formPage: show, write: write)
            }
        }

        // A system's recovery stage; refused (evidence first) it comes back with the evidence form beside it.
        post(
            "/recover", heading: ("復旧と再発防止", "Recovery and prevention"),
            build: { f, _, form in [f.recover(), f.evidence(system: form.trimmed("system"))] },
            write: {
                (form: FormBody, actor: BoardActor, _: Language) throws(IncidentError) in
                guard let stage = form["stage"].flatMap(RecoveryStage.init(input:)) else {
                    throw .invalidAnswer(
                        question: "stage", value: form["stage"] ?? "", expected: RecoveryStage.allCases.map(\.rawValue).joined(separator: ", "))
                }
                let offline = form["offline"] == "yes"
                try writes.record(
                    .recover(
                        system: form["system"] ?? "", stage: stage, backup: form.trimmed("backup"), offline: offline,
                        withoutEvidence: form.trimmed("reason")), form, actor)
            })

        post(
            "/evidence", heading: ("復旧と再発防止", "Recovery and prevention"), build: { f, _, form in [f.evidence(system: form.trimmed("system"))] },
            write: {
                (form: FormBody, actor: BoardActor, _: Language) throws(IncidentError) in
                try writes.record(.addEvidence(system: form["system"] ?? "", text: form["text"] ?? "", keptAt: form.trimmed("keptAt")), form, actor)
            })

        // Paper records: the count waiting (`pending`) or the count entered (`entered`).
        post(
            "/reentry", heading: ("復旧と再発防止", "Recovery and prevention"), build: { f, _, _ in [f.reentry()] },
            write: {
                (form: FormBody, actor: BoardActor, _: Language) throws(IncidentError) in
                let count = try Self.count(form["count"])
                let pending = form["mode"] == "pending"
                try writes.record(.reentry(department: form["department"] ?? "", pending: pending ? count : nil, entered: pending ? nil : count), form, actor)
            })

        post(
            "/measure", heading: ("復旧と再発防止", "Recovery and prevention"), build: { f, _, _ in [f.addMeasure()] },
            write: {
                (form: FormBody, actor: BoardActor, _: Language) throws(IncidentError) in
                guard let dueText = form.trimmed("due") else { throw .emptyText(field: .due) }
                guard let due = Day(written: dueText) else { throw .invalidTime(dueText) }
                try writes.record(.addMeasure(text: form["text"] ?? "", owner: form["owner"] ?? "", due: due), form, actor)
            })

        post(
            "/measure/done", heading: ("復旧と再発防止", "Recovery and prevention"),
            build: { f, state, _ in
                // The open measures' buttons; with none left, the form to add one (the refusal shows above it).
                let open = state?.recovery.openMeasures ?? []
                return open.isEmpty ? [f.addMeasure()] : open.map { f.finishMeasure($0) }
            },
            write: {
                (form: FormBody, actor: BoardActor, _: Language) throws(IncidentError) in
                try writes.record(.finishMeasure(Int(form["measure"] ?? "") ?? 0), form, actor)
            })
    }

    /// A count as typed (full-width digits and thousands separators accepted); the library checks its range.
    static func count(_ text: String?) throws(IncidentError) -> Int {
        // Full-width digits (０-９) as ASCII; thousands separators dropped.
        let scalars = (text ?? "").unicodeScalars.compactMap { u -> Unicode.Scalar? in
            if (0xFF10...0xFF19).contains(u.value) { return Unicode.Scalar(u.value - 0xFF10 + 0x30) }
            return u == "," || u == "，" ? nil : u
        }
        let t = String(String.UnicodeScalarView(scalars)).trimmingCharacters(in: .whitespaces)
        guard !t.isEmpty else { throw .emptyText(field: .count) }
        guard let n = Int(t) else { throw .invalidCount(field: .count, value: -1, minimum: 0) }
        return n
    }

    // MARK: - The page

    func page(_ s: IncidentState, _ l: Language, _ frame: PageFrame, _ f: BoardFormBuilder) -> Response {
        let w = RecoveryWords(l: l)
        let tz = s.timeZone
        let r = s.recovery
        var systems = ViewSection("recovery-systems", title: w.systems)
        systems.items = r.systems.values.sorted { $0.firstAt < $1.firstAt }.map { sys in
            let evidence = r.evidence.filter { RecoveryRecord.key($0.value.system) == RecoveryRecord.key(sys.name) }.count
            return .init(
                itemLabel: sys.name, itemDetail: sys.stage.label(l) + "（" + Timestamp.local(sys.since, in: tz) + "）",
                itemCls: sys.isBackInUse ? "ok" : "", itemNote: w.evidenceCount(evidence))
        }
        if systems.items.isEmpty { systems.line(w.noSystems) }
        if s.isOpen { systems.sectionForms = [f.recover()] }

        var evidence = ViewSection("recovery-evidence", title: w.evidence)
        evidence.line(w.evidenceIntro)
        evidence.items = r.evidence.sorted { ($0.at, $0.seq) < ($1.at, $1.seq) }.map { e in
            .init(
                itemLabel: TextRules.visible(EventDescription.evidence(e.value, l)),
                itemDetail: Timestamp.local(e.at, in: tz) + " " + TextRules.visible(e.actor))
        }
        if s.isOpen { evidence.sectionForms = [f.evidence(system: nil)] }

        var paper = ViewSection("recovery-reentry", title: w.reentry)
        paper.items = r.departments.values.sorted { $0.name < $1.name }.map { d in
            .init(itemLabel: d.name, itemDetail: w.reentryCounts(pending: d.pending, entered: d.entered), itemCls: d.pending == 0 ? "ok" : "warning")
        }
        if paper.items.isEmpty { paper.line(w.noReentry) }
        if s.isOpen { paper.sectionForms = [f.reentry()] }

        var measures = ViewSection("recovery-measures", title: w.measures)
        measures.items = r.measures.map { m in
            .init(
                itemLabel: "#\(m.id) " + m.text, itemDetail: w.measureLine(owner: m.owner, due: "\(m.due)", done: m.doneAt.map { Timestamp.local($0, in: tz) }),
                itemCls: m.isOpen ? "" : "ok")
        }
        if measures.items.isEmpty { measures.line(w.noMeasures) }
        if s.isOpen { measures.sectionForms = r.openMeasures.map { f.finishMeasure($0) } + [f.addMeasure()] }
        return views.view(frame, heading: w.heading, cls: "recovery", intro: [w.intro], [systems, evidence, paper, measures], live: true)
    }
}

/// The words of the recovery page and its forms, in one place per language.
struct RecoveryWords: Sendable {
    let l: Language
    private func p(_ ja: String, _ en: String) -> String { l.pick(ja: ja, en: en) }

    var heading: String { p("復旧と再発防止", "Recovery and prevention") }
    var intro: String {
        p(
            "システムごとの復旧段階、証拠の保全、紙の記録の入力、再発防止策を記録します。復元・再構築の前に、そのシステムの証拠を登録してください。",
            "Record each system's way back, the evidence kept, the paper records entered and the prevention measures. Register a system's evidence before rebuilding or restoring it."
        )
    }
    var systems: String { p("システムの復旧", "Systems") }
    var noSystems: String { p("復旧段階はまだ記録されていません。", "No recovery stage recorded yet.") }
    func evidenceCount(_ n: Int) -> String { n == 0 ? p("証拠: 未登録", "evidence: none") : p("証拠: \(n)件", "evidence: \(n)") }
    var evidence: String { p("証拠の保全", "Evidence") }
    var evidenceIntro: String {
        p(
            "ファイルの SHA-256 を残すときは、ノートPCで記録してください（この画面では内容と保管場所を記録します）。",
            "To record a file's SHA-256, use the laptop; this page records what was kept and where.")
    }
    var reentry: String { p("紙の記録の入力", "Paper records to enter") }
    var noReentry: String { p("入力待ちの紙の記録はまだ記録されていません。", "No paper records waiting have been recorded.") }
    func reentryCounts(pending: Int, entered: Int) -> String { p("入力待ち \(pending)件・入力済み \(entered)件", "\(pending) waiting, \(entered) entered") }
    var measures: String { p("再発防止策", "Prevention measures") }
    var noMeasures: String { p("再発防止策はまだ登録されていません。", "No prevention measure yet.") }
    func measureLine(owner: String, due: String, done: String?) -> String {
        done.map { p("担当 \(owner)・期日 \(due)・完了 \($0)", "owner \(owner), due \(due), done \($0)") } ?? p("担当 \(owner)・期日 \(due)", "owner \(owner), due \(due)")
    }
}

extension BoardFormBuilder {
    private func w(_ ja: String, _ en: String) -> String { language.pick(ja: ja, en: en) }

    /// A system's recovery stage: which system, which stage, the backup used, and why to go on without evidence.
    func recover(system: String? = nil, stage: RecoveryStage? = nil) -> BoardForm {
        form(
            "/recover", cls: "recover", heading: w("復旧段階を記録する", "Record a recovery stage"),
            fields: [
                .text("system", label: w("システム", "System"), value: system, required: true, hint: w("例: 電子カルテ", "e.g. EHR")),
                .select("stage", label: w("段階", "Stage"), options: RecoveryStage.allCases.map { ($0.rawValue, $0.label(language)) }, selected: stage?.rawValue),
                .text("backup", label: w("復元に使ったバックアップ（任意）", "Backup used (optional)"), value: nil, hint: w("世代・日付など", "its generation or date")),
                .select(
                    "offline", label: w("そのバックアップの保管", "Where that backup was kept"),
                    options: [("", w("（記録しない）", "(not recorded)")), ("yes", w("オフライン保管だった", "kept offline"))], selected: nil),
                .text(
                    "reason", label: w("証拠を登録せずに進める理由（任意）", "Why go on without evidence (optional)"), value: nil,
                    hint: w("再構築・復元は、そのシステムの証拠を登録してからです。", "Rebuilding or restoring comes after the system's evidence is registered.")),
                .time("at", label: w("実際の時刻（空なら今）", "Actual time (empty: now)"), value: nil),
            ], buttons: [.init(w("記録する", "Record"), cls: "primary")])
    }

    /// The next action's button: `system` reached `stage`.
    func recoverNext(system: String, stage: RecoveryStage) -> BoardForm {
        form(
            "/recover", cls: "recover-next", compact: true, fields: [.hidden("system", system), .hidden("stage", stage.rawValue)],
            buttons: [.init(w("「\(system)」を「\(stage.label(.ja))」にした", "'\(system)' is now \(stage.label(.en))"), cls: "primary big")])
    }

    /// Evidence kept for a system: what, and where it is kept.
    func evidence(system: String?) -> BoardForm {
        form(
            "/evidence", cls: "evidence", heading: w("証拠を登録する", "Register evidence"),
            fields: [
                .text("system", label: w("システム", "System"), value: system, required: true),
                .text(
                    "text", label: w("保全したもの", "What was preserved"), value: nil, required: true,
                    hint: w("例: サーバのディスクイメージ、ログ、画面の写真", "e.g. a disk image, logs, a photo of the screen")),
                .text("keptAt", label: w("保管場所（任意）", "Kept at (optional)"), value: nil, hint: w("例: 院長室金庫", "e.g. the director's safe")),
            ], buttons: [.init(w("登録する", "Register"))])
    }

    /// Paper records of a department: the count waiting, or the count entered.
    func reentry() -> BoardForm {
        form(
            "/reentry", cls: "reentry", heading: w("紙の記録の件数", "Paper records"),
            fields: [
                .text("department", label: w("部署", "Department"), value: nil, required: true, hint: w("例: 外来", "e.g. outpatients")),
                .select(
                    "mode", label: w("記録するもの", "What the count is"),
                    options: [("entered", w("入力した件数（待ちから減らす）", "entered (taken off those waiting)")), ("pending", w("入力を待っている件数", "waiting to be entered"))],
                    selected: "entered"),
                .number("count", label: w("件数", "Count"), value: nil, required: true),
            ], buttons: [.init(w("記録する", "Record"))])
    }

    /// The next action's form: records entered in `department` (`pending` waiting).
    func reentryEntered(department: String, pending: Int) -> BoardForm {
        form(
            "/reentry", cls: "reentry-next", compact: true,
            fields: [
                .hidden("department", department), .hidden("mode", "entered"),
                .number("count", label: w("入力した件数（待ち \(pending)件）", "Records entered (\(pending) waiting)"), value: nil, required: true),
            ], buttons: [.init(w("入力した件数を記録する", "Record the count entered"), cls: "primary big")])
    }

    func addMeasure() -> BoardForm {
        form(
            "/measure", cls: "measure", heading: w("再発防止策を登録する", "Add a prevention measure"),
            fields: [
                .text(
                    "text", label: w("内容", "What"), value: nil, required: true, hint: w("例: 保守用VPN装置の更新と多要素認証", "e.g. update the maintenance VPN and add MFA")),
                .text("owner", label: w("担当者", "Owner"), value: nil, required: true),
                .date("due", label: w("期日", "Due"), value: nil, required: true),
            ], buttons: [.init(w("登録する", "Add"))])
    }

    /// Measure `m` carried out, in one tap.
    func finishMeasure(_ m: RecoveryRecord.Measure) -> BoardForm {
        form(
            "/measure/done", cls: "measure-done", compact: true, fields: [.hidden("measure", String(m.id))],
            buttons: [.init(w("#\(m.id)「\(m.text)」を完了にする", "Mark #\(m.id) \"\(m.text)\" done"), cls: "primary")])
    }
}
