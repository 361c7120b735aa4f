import Foundation

extension Runbook.Step {
    /// The lines the step's `bcp` views add to the guide and the step cards, from
    /// the facility's BCP (none without one, so the step reads as before).
    public func bcpLines(_ plan: BCPPlan?, _ l: Language) -> [String] {
        guard let plan, let views = self.bcp else { return [] }
        var lines: [String] = []
        let sep = l.pick(ja: "、", en: ", ")
        let approved = plan.approval.approvedOn.map { l.pick(ja: "（承認 \($0)）", en: " (approved \($0))") } ?? ""
        for view in views {
            switch view {
            case .continuity:
                lines.append(l.pick(ja: "BCP\(approved)で決めてあること:", en: "What the BCP\(approved) sets down:"))
                if let d = plan.roles.decides { lines.append(l.pick(ja: "  ・判断: \(d)", en: "  ・Decides: \(d)")) }
                for s in plan.systems {
                    var parts: [String] = []
                    if let a = s.alternative { parts.append(a) }
                    if !s.forms.isEmpty { parts.append(l.pick(ja: "様式: ", en: "forms: ") + s.forms.joined(separator: sep)) }
                    if let by = s.switchedBy { parts.append(l.pick(ja: "指示: \(by)", en: "switched by \(by)")) }
                    if let at = s.formsKeptAt { parts.append(l.pick(ja: "保管: \(at)", en: "kept at \(at)")) }
                    guard !parts.isEmpty else { continue }
                    lines.append("  ・\(s.name): " + parts.joined(separator: l.pick(ja: "／", en: "; ")))
                }
                for (key, a) in plan.continuity.all {
                    guard let text = Self.arrangementText(a, l) else { continue }
                    lines.append("  ・\(Self.continuityLabel(key, l)): \(text)")
                }
                if let text = Self.arrangementText(plan.reentry, l) {
                    lines.append(l.pick(ja: "  ・復旧後の入力: \(text)", en: "  ・Re-entry after recovery: \(text)"))
                }
            case .recovery:
                let ordered = plan.systemsByPriority.filter { $0.priority != nil || $0.targetHours != nil }
                if !ordered.isEmpty {
                    lines.append(l.pick(ja: "BCP\(approved)の復旧の優先順位:", en: "Recovery order in the BCP\(approved):"))
                    for s in ordered {
                        let rank = s.priority.map { "\($0). " } ?? "-. "
                        let target = s.targetText(l).map { l.pick(ja: "（目標 \($0)）", en: " (target: \($0))") } ?? ""
                        lines.append("  \(rank)\(s.name)\(target)")
                    }
                }
                if !plan.evidence.preserve.isEmpty {
                    var who: [String] = []
                    if let by = plan.evidence.by { who.append(l.pick(ja: "担当 \(by)", en: "by \(by)")) }
                    if let at = plan.evidence.keptAt { who.append(l.pick(ja: "保管 \(at)", en: "kept at \(at)")) }
                    let whoText = who.isEmpty ? "" : l.pick(ja: "（\(who.joined(separator: sep))）", en: " (\(who.joined(separator: sep)))")
                    lines.append(l.pick(ja: "復旧の前に残す証拠\(whoText):", en: "Keep as evidence before restoring\(whoText):"))
                    for p in plan.evidence.preserve { lines.append("  ・\(p)") }
                }
            }
        }
        return lines
    }

    static func continuityLabel(_ key: String, _ l: Language) -> String {
        switch key {
        case "bookedPatients": l.pick(ja: "予約患者さん", en: "Booked patients")
        case "prescriptions": l.pick(ja: "処方箋", en: "Prescriptions")
        case "billing": l.pick(ja: "会計", en: "Billing")
        case "orders": l.pick(ja: "検査・画像の依頼", en: "Lab and imaging orders")
        default: l.pick(ja: "入院患者さん", en: "Inpatients")
        }
    }

    /// 「how（担当 X、place）」, or nil when nothing is written.
    static func arrangementText(_ a: BCPPlan.Arrangement, _ l: Language) -> String? {
        guard let how = a.how else { return nil }
        var extra: [String] = []
        if let by = a.by { extra.append(l.pick(ja: "担当 \(by)", en: "by \(by)")) }
        if let place = a.place { extra.append(place) }
        return how + (extra.isEmpty ? "" : l.pick(ja: "（\(extra.joined(separator: "、"))）", en: " (\(extra.joined(separator: ", ")))"))
    }
}

extension BCPPlan {
    /// What the drafts (staff instructions, inquiry script) show of the plan:
    /// `plan` {decides, systems [{name, alternative, forms, formsKeptAt, switchedBy}],
    /// continuity [{item, value}], reentry}, and `planBookedPatients`, `planPrescriptions`, `planBilling`.
    func reportValues(_ l: Language) -> [String: Any] {
        let none = l.pick(ja: "（BCP に未記入）", en: "(not in the BCP)")
        let sep = l.pick(ja: "、", en: ", ")
        var plan: [String: Any] = [:]
        if let d = roles.decides { plan["decides"] = d }
        plan["systems"] = systems.map { s -> [String: Any] in
            [
                "name": s.name, "alternative": s.alternative ?? none, "forms": s.forms.isEmpty ? none : s.forms.joined(separator: sep),
                "formsKeptAt": s.formsKeptAt ?? none, "switchedBy": s.switchedBy ?? none,
            ]
        }
        plan["continuity"] = continuity.all.compactMap { key, a -> [String: Any]? in
            guard let text = Runbook.Step.arrangementText(a, l) else { return nil }
            return ["item": Runbook.Step.continuityLabel(key, l), "value": text]
        }
        if let r = Runbook.Step.arrangementText(reentry, l) { plan["reentry"] = r }
        var values: [String: Any] = ["plan": plan]
        if let t = Runbook.Step.arrangementText(continuity.bookedPatients, l) { values["planBookedPatients"] = t }
        if let t = Runbook.Step.arrangementText(continuity.prescriptions, l) { values["planPrescriptions"] = t }
        if let t = Runbook.Step.arrangementText(continuity.billing, l) { values["planBilling"] = t }
        return values
    }
}
