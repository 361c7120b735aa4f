import Foundation

/// How events read to people, in the timeline, JSON `text` and reports.
public enum EventDescription {
    /// The short label of a kind (`メモ`, `note`).
    public static func label(_ kind: EventKind, _ l: Language) -> String {
        switch kind {
        case .declared: l.pick(ja: "宣言", en: "declared")
        case .note: l.pick(ja: "メモ", en: "note")
        case .stepStarted: l.pick(ja: "手順開始", en: "step started")
        case .stepCompleted: l.pick(ja: "手順完了", en: "step done")
        case .stepSkipped: l.pick(ja: "手順省略", en: "step skipped")
        case .correction: l.pick(ja: "訂正", en: "correction")
        case .closed: l.pick(ja: "終了", en: "closed")
        case .reopened: l.pick(ja: "再開", en: "reopened")
        case .answer: l.pick(ja: "回答", en: "answer")
        case .contact: l.pick(ja: "連絡", en: "contact")
        case .impact: l.pick(ja: "影響", en: "impact")
        case .leakAssessed: l.pick(ja: "漏えい判定", en: "leak assessment")
        case .fact: l.pick(ja: "事実", en: "fact")
        case .chainBreakAcknowledged: l.pick(ja: "改ざん検知の確認", en: "chain break acknowledged")
        case .checklistAnswered: l.pick(ja: "チェックリスト回答", en: "checklist answer")
        case .submitted: l.pick(ja: "提出", en: "submitted")
        case .recoveryStaged: l.pick(ja: "復旧", en: "recovery")
        case .reentry: l.pick(ja: "紙の記録の入力", en: "re-entry")
        case .measureAdded: l.pick(ja: "再発防止策", en: "measure")
        case .measureDone: l.pick(ja: "再発防止策の完了", en: "measure done")
        case .evidence: l.pick(ja: "証拠保全", en: "evidence")
        case .decision: l.pick(ja: "決定", en: "decision")
        case .cost: l.pick(ja: "費用", en: "cost")
        }
    }

    /// One line (or paragraph) saying what the event records. A contact names
    /// the role in words (`院長（高橋）`, the title from `profile` where it gives
    /// one) and a fact its field's name (`原因`), unless `roleIDs` asks for the
    /// ids scripts match on (JSON, plain CSV).
    public static func text(
        _ event: Event, runbook: Runbook, timeZone: TimeZone, profile: FacilityProfile? = nil, roleIDs: Bool = false,
        _ l: Language
    ) -> String {
        func stepName(_ id: String) -> String {
            guard let s = runbook.step(id: id) else { return id }
            return l.pick(ja: "手順\(s.number)「\(s.title.ja)」", en: "step \(s.number) \"\(s.title.en)\"")
        }
        switch event.body {
        case .declared(let d):
            return d.drill == nil ? d.summary : l.pick(ja: "【訓練】", en: "[EXERCISE] ") + d.summary
        case .note(let n):
            return n.improvement == true ? l.pick(ja: "改善点: ", en: "improvement: ") + n.text : n.text
        case .stepStarted(let c):
            return l.pick(ja: "\(stepName(c.step))を開始", en: "started \(stepName(c.step))") + suffix(c.note, l)
        case .stepCompleted(let c):
            return l.pick(ja: "\(stepName(c.step))を完了", en: "completed \(stepName(c.step))") + suffix(c.note, l)
        case .stepSkipped(let c):
            return l.pick(ja: "\(stepName(c.step))を省略（理由: \(c.reason ?? "")）", en: "skipped \(stepName(c.step)) (reason: \(c.reason ?? ""))")
        case .correction(let c):
            let moved =
                c.occurredAt.map {
                    l.pick(ja: "（時刻を \(Timestamp.local($0, in: timeZone)) に訂正）", en: " (time corrected to \(Timestamp.local($0, in: timeZone)))")
                } ?? ""
            return l.pick(ja: "#\(c.corrects) の訂正: \(c.text)\(moved)", en: "correction of #\(c.corrects): \(c.text)\(moved)")
        case .closed(let c):
            let reason = (c.reason ?? c.code.map { closeReason($0, l) }).map { l.pick(ja: "（理由: \($0)）", en: " (reason: \($0))") } ?? ""
            return c.forced
                ? l.pick(ja: "インシデントを強制終了\(reason)", en: "incident force-closed\(reason)")
                : l.pick(ja: "インシデントを終了\(reason)", en: "incident closed\(reason)")
        case .reopened(let r):
            return l.pick(ja: "インシデントを再開（理由: \(r.reason)）", en: "incident reopened (reason: \(r.reason))")
        case .answer(let a):
            guard let (_, q) = runbook.question(id: a.question) else { return "\(a.question): \(a.value)" }
            let about = a.approximate == true ? l.pick(ja: "約", en: "about ") : ""
            let shown = q.type == .count ? q.reportText(a.value, l) : answerLabel(q, a.value, l)
            return "\(q.prompt(l)) → \(about)\(shown)"
        case .contact(let c):
            let role = roleIDs ? c.role : Role(c.role).title(profile: profile, l)
            let who = c.name.map { $0 == role ? role : "\(role)（\($0)）" } ?? role
            let via = c.channel.map { l.pick(ja: "、\(channelName($0, l))", en: ", \($0)") } ?? ""
            return l.pick(ja: "連絡 \(who)\(via): \(outcome(c.outcome, l))", en: "contact \(who)\(via): \(outcome(c.outcome, l))") + suffix(c.note, l)
        case .impact(let i):
            return "\(i.target): \(status(i.status, l))" + suffix(i.note, l)
        case .leakAssessed(let a):
            let answers = a.answers.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")
            let about = a.peopleApproximate == true ? l.pick(ja: "、本人の数は概数", en: ", the number of individuals is approximate") : ""
            return l.pick(ja: "漏えい等報告の判定（\(answers)\(about)）", en: "leak report assessment (\(answers)\(about))") + suffix(a.note, l)
        case .fact(let f):
            // The field's name in words (原因), its key where scripts read it.
            let name = roleIDs ? f.key : (ReportField.field(f.key)?.label(l) ?? f.key)
            return "\(name): \(f.value)"
        case .submitted(let sub):
            let what = ObligationKind(rawValue: sub.kind)?.title(l) ?? sub.kind
            let via = sub.channel.map { l.pick(ja: "（\(ObligationKind.channelName($0, l))）", en: " (\(ObligationKind.channelName($0, l)))") } ?? ""
            let ref = sub.ref.map { l.pick(ja: " 受付番号等: \($0)", en: " reference: \($0)") } ?? ""
            let more = sub.followUpRequested == true ? l.pick(ja: " 追加の報告を求められた", en: " further information requested") : ""
            return l.pick(ja: "提出: \(what)\(via)\(ref)\(more)", en: "submitted: \(what)\(via)\(ref)\(more)") + suffix(sub.note, l)
        case .recoveryStaged(let r):
            return recovery(r, l)
        case .reentry(let r):
            if let p = r.pending {
                return l.pick(ja: "\(r.department): 入力待ちの紙の記録 \(p)件", en: "\(r.department): \(p) paper record(s) waiting to be entered")
            }
            return l.pick(ja: "\(r.department): 紙の記録 \(r.entered ?? 0)件を入力", en: "\(r.department): \(r.entered ?? 0) paper record(s) entered")
        case .measureAdded(let m):
            return l.pick(
                ja: "再発防止策 #\(m.id): \(m.text)（担当 \(m.owner)、期日 \(m.due)）", en: "prevention measure #\(m.id): \(m.text) (owner \(m.owner), due \(m.due))")
        case .measureDone(let m):
            return l.pick(ja: "再発防止策 #\(m.id) を完了", en: "prevention measure #\(m.id) done")
        case .evidence(let e):
            return evidence(e, l)
        case .decision(let d):
            return decision(d, l)
        case .cost(let c):
            var ref = c.ref.map { l.pick(ja: "、証憑 \($0)", en: ", ref \($0)") } ?? ""
            if let p = c.patients { ref += l.pick(ja: "、後日精算 \(p)人", en: ", \(p) patients to settle later") }
            return l.pick(
                ja: "費用 \(yen(c.amount, l))（\(c.category)、支払先 \(c.payee)\(ref)）", en: "cost \(yen(c.amount, l)) (\(c.category), payee \(c.payee)\(ref))")
        case .chainBreakAcknowledged(let b):
            return chainBreak(b, l)
        case .checklistAnswered(let c):
            return checklistAnswer(c, l)
        }
    }

    /// A recovery stage in words: 「電子カルテ: データ復元（バックアップ 12/03 夜間分、オフライン保管）」.
    public static func recovery(_ r: EventBody.RecoveryStaged, _ l: Language) -> String {
        var parts: [String] = []
        if let b = r.backup {
            let offline = r.offline.map { $0 ? l.pick(ja: "、オフライン保管", en: ", kept offline") : l.pick(ja: "、オフライン保管ではない", en: ", not kept offline") } ?? ""
            parts.append(l.pick(ja: "バックアップ \(b)\(offline)", en: "backup \(b)\(offline)"))
        } else if r.offline == true {
            parts.append(l.pick(ja: "オフライン保管のバックアップ", en: "offline backup"))
        }
        if let why = r.withoutEvidence {
            parts.append(l.pick(ja: "証拠の登録なしで実施（理由: \(why)）", en: "done without evidence registered (why: \(why))"))
        }
        let detail = parts.isEmpty ? "" : l.pick(ja: "（\(parts.joined(separator: "、"))）", en: " (\(parts.joined(separator: "; ")))")
        return "\(r.system): \(r.stage.label(l))\(detail)"
    }

    /// Evidence in words: what, for which system, the file's SHA-256, where kept.
    public static func evidence(_ e: EventBody.Evidence, _ l: Language) -> String {
        var parts: [String] = []
        if let f = e.file { parts.append(l.pick(ja: "ファイル \(f)", en: "file \(f)")) }
        if let h = e.sha256 { parts.append("SHA-256 \(h)") }
        if let k = e.keptAt { parts.append(l.pick(ja: "保管場所 \(k)", en: "kept at \(k)")) }
        let detail = parts.isEmpty ? "" : l.pick(ja: "（\(parts.joined(separator: "、"))）", en: " (\(parts.joined(separator: ", ")))")
        return l.pick(ja: "証拠保全 \(e.system): \(e.text)\(detail)", en: "evidence for \(e.system): \(e.text)\(detail)")
    }

    /// A decision in words: what, who decided, on whose advice, why.
    public static func decision(_ d: EventBody.Decision, _ l: Language) -> String {
        let advice = d.advisedBy.map { l.pick(ja: "、助言 \($0)", en: ", advised by \($0)") } ?? ""
        return l.pick(
            ja: "決定: \(d.text)（決定 \(d.decidedBy)\(advice)、理由: \(d.why)）", en: "decision: \(d.text) (decided by \(d.decidedBy)\(advice); why: \(d.why))")
    }

    /// `1,234,000円` / `¥1,234,000`.
    public static func yen(_ amount: Int, _ l: Language) -> String {
        l.pick(ja: "\(amount.formatted3)円", en: "¥\(amount.formatted3)")
    }

    /// A reason the tool gave for a close, in words.
    public static func closeReason(_ code: EventBody.Closed.Code, _ l: Language) -> String {
        switch code {
        case .drillEnded: l.pick(ja: "訓練終了", en: "drill ended")
        }
    }

    /// An acknowledged chain break in words, in an incident's log or the readiness log.
    public static func chainBreak(_ b: EventBody.ChainBreak, _ l: Language) -> String {
        let at = b.firstBadSeq.map { "#\($0)" } ?? "-"
        return l.pick(
            ja: "改ざん検知（\(at)、\(b.detail)）を確認して記録を継続（理由: \(b.reason)）",
            en: "integrity failure at \(at) (\(b.detail)) acknowledged; log continues (reason: \(b.reason))")
    }

    /// A checklist answer in words: `mhlw-2025 2-⑤: いいえ（確認日 …、目標日 …）`.
    public static func checklistAnswer(_ c: EventBody.ChecklistAnswered, _ l: Language) -> String {
        let target = c.target.map { l.pick(ja: "、目標日 \($0)", en: ", target \($0)") } ?? ""
        return l.pick(
            ja: "\(c.checklist) \(c.item): \(c.answer.label(l))（確認日 \(c.checked)\(target)）",
            en: "\(c.checklist) \(c.item): \(c.answer.label(l)) (checked \(c.checked)\(target))") + suffix(c.note, l)
    }

    static func suffix(_ note: String?, _ l: Language) -> String {
        guard let note, !note.isEmpty else { return "" }
        return l.pick(ja: " — \(note)", en: " — \(note)")
    }

    /// The label of an answer value (`yes` → はい, a choice id → its label).
    public static func answerLabel(_ q: Runbook.Question, _ value: String, _ l: Language) -> String {
        q.label(of: value, l)
    }

    /// How the contact was made, in words (`phone` → 電話); unknown channels as typed.
    static func channelName(_ channel: String, _ l: Language) -> String {
        switch channel.lowercased() {
        case "phone", "tel", "telephone": l.pick(ja: "電話", en: "phone")
        case "email", "e-mail", "mail": l.pick(ja: "メール", en: "e-mail")
        case "fax": l.pick(ja: "FAX", en: "fax")
        case "visit", "in-person": l.pick(ja: "対面", en: "in person")
        default: channel
        }
    }

    public static func outcome(_ o: EventBody.Contact.Outcome, _ l: Language) -> String {
        switch o {
        case .reached: l.pick(ja: "連絡がついた", en: "reached")
        case .noAnswer: l.pick(ja: "応答なし", en: "no answer")
        case .messageLeft: l.pick(ja: "伝言を残した", en: "message left")
        case .emailSent: l.pick(ja: "メール送信", en: "e-mail sent")
        }
    }

    public static func status(_ s: EventBody.Impact.Status, _ l: Language) -> String {
        switch s {
        case .down: l.pick(ja: "停止", en: "down")
        case .degraded: l.pick(ja: "一部停止", en: "degraded")
        case .restored: l.pick(ja: "復旧", en: "restored")
        }
    }

    public static func stepState(_ p: StepProgress, _ l: Language) -> String {
        switch p {
        case .pending: l.pick(ja: "未着手", en: "pending")
        case .active: l.pick(ja: "実施中", en: "active")
        case .done: l.pick(ja: "完了", en: "done")
        case .skipped: l.pick(ja: "省略", en: "skipped")
        }
    }
}
