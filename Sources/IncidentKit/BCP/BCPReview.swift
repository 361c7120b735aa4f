import Foundation

/// `bcp check`: the clinic's BCP against the MHLW BCP checklist, item by item,
/// with what is still missing. Complete when no item has a gap.
///
/// The plan is read together with what the tool already holds (profile,
/// equipment ledger, backup register), so a gap may be filled in either place.
public struct BCPReview: Sendable {
    /// One missing piece: where to fill it (a `bcp.yaml` key, or the profile or ledger) and what it is.
    public struct Gap: Sendable, Equatable, Encodable {
        /// The `bcp.yaml` key path (`systems[電子カルテ].priority`), or `profile:ROLE`, `ledger`, `backups[SYSTEM]`.
        public var field: String
        public var text: LocalizedText
        public init(_ field: String, ja: String, en: String) { (self.field, self.text) = (field, LocalizedText(ja: ja, en: en)) }
    }

    public struct Row: Sendable {
        public var item: BCPChecklist.Item
        public var gaps: [Gap]
        public var complete: Bool { gaps.isEmpty }
    }

    public var checklist: BCPChecklist
    public var plan: BCPPlan?
    public var rows: [Row]

    public init(plan: BCPPlan?, profile: FacilityProfile?, ledger: EquipmentLedger?, checklist: BCPChecklist) {
        self.checklist = checklist
        self.plan = plan
        rows = checklist.items.map { item in
            guard let plan else {
                return Row(item: item, gaps: [Gap("bcp", ja: "BCP が取り込まれていません。", en: "No BCP has been imported.")])
            }
            var gaps: [Gap] = []
            for check in item.checks {
                for g in Self.gaps(check, plan: plan, profile: profile, ledger: ledger) where !gaps.contains(g) { gaps.append(g) }
            }
            return Row(item: item, gaps: gaps)
        }
    }

    public var complete: Bool { plan != nil && rows.allSatisfy(\.complete) }
    public var gapCount: Int { rows.reduce(0) { $0 + $1.gaps.count } }
    /// Every gap once, in checklist order.
    public var allGaps: [Gap] {
        var out: [Gap] = []
        for r in rows { for g in r.gaps where !out.contains(g) { out.append(g) } }
        return out
    }

    static func blank(_ s: String?) -> Bool { s?.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ?? true }

    static func gaps(_ check: BCPChecklist.Check, plan: BCPPlan, profile: FacilityProfile?, ledger: EquipmentLedger?) -> [Gap] {
        var out: [Gap] = []
        func need(_ value: String?, _ field: String, _ ja: String, _ en: String) {
            if blank(value) { out.append(Gap(field, ja: "\(ja)（\(field)）が未記入です。", en: "\(en) (\(field)) is not filled in.")) }
        }
        switch check {
        case .scope:
            need(plan.purpose, "purpose", "目的", "The purpose")
            need(plan.scope, "scope", "適用範囲", "The scope")
            if plan.assumedEvents.isEmpty { out.append(Gap("assumedEvents", ja: "想定する事象（assumedEvents）がありません。", en: "No assumed events (assumedEvents).")) }
        case .approval:
            if plan.approval.approvedOn == nil {
                out.append(Gap("approval.approvedOn", ja: "承認日（approval.approvedOn）が未記入です。", en: "The approval date (approval.approvedOn) is not filled in."))
            }
            need(plan.approval.approvedBy, "approval.approvedBy", "承認者", "The approver")
        case .ledger:
            if ledger?.devices.isEmpty ?? true {
                out.append(Gap("ledger", ja: "機器台帳が取り込まれていません（incident ledger import）。", en: "No equipment ledger has been imported (incident ledger import)."))
            }
        case .alternatives:
            if plan.systems.isEmpty { out.append(Gap("systems", ja: "システム（systems）がありません。", en: "No systems (systems) are listed.")) }
            for s in plan.systems {
                let f = "systems[\(s.name)]"
                need(s.alternative, "\(f).alternative", "\(s.name) の代替の運用", "The alternative operation for \(s.name)")
                need(s.switchedBy, "\(f).switchedBy", "\(s.name) の切り替えを指示する人", "Who switches \(s.name) to the alternative")
                // A system with no paper stand-in (a network) needs no forms; forms it names need a place.
                if !s.forms.isEmpty { need(s.formsKeptAt, "\(f).formsKeptAt", "\(s.name) の様式の保管場所", "Where the forms for \(s.name) are kept") }
            }
        case .contacts:
            for role in ["security-officer", "director", "mhlw", "police"] where profile?.contacts(for: role).isEmpty ?? true {
                let title = Role(role).title(profile: profile, .ja)
                out.append(Gap("profile:\(role)", ja: "施設プロファイルに \(title)（role: \(role)）の連絡先がありません。", en: "The facility profile has no contact for \(role)."))
            }
            if profile?.vendors.isEmpty ?? true {
                out.append(Gap("profile:vendors", ja: "施設プロファイルに保守業者（vendors）がありません。", en: "The facility profile lists no vendors."))
            }
        case .backups:
            for s in plan.systems where ledger?.backup(of: s.name) == nil {
                out.append(
                    Gap(
                        "backups[\(s.name)]", ja: "バックアップ台帳に「\(s.name)」がありません（頻度・世代数・オフライン保管・復元方法）。",
                        en: "The backup register has no entry for '\(s.name)' (frequency, generations, offline copy, restore)."))
            }
        case .reportRoute:
            need(plan.roles.reportRoute, "roles.reportRoute", "異常に気づいたときの報告経路", "The reporting route")
            need(plan.roles.leads, "roles.leads", "対応の取りまとめ役", "The response lead")
        case .vendors:
            for s in plan.systems {
                let key = s.name.lowercased()
                let served = profile?.vendors.contains { $0.systems.contains { $0.trimmingCharacters(in: .whitespaces).lowercased() == key } } ?? false
                if !served {
                    out.append(
                        Gap(
                            "profile:vendor[\(s.name)]", ja: "「\(s.name)」の保守業者が施設プロファイルにありません（vendors の systems に書く）。",
                            en: "No vendor in the profile maintains '\(s.name)' (add it to a vendor's systems)."))
                }
            }
        case .decision:
            need(plan.roles.decides, "roles.decides", "システム停止・紙運用を判断する人", "Who decides (stopping systems, paper operation)")
            need(plan.roles.approves, "roles.approves", "承認する人", "Who approves")
        case .continuity:
            let names: [String: (String, String)] = [
                "bookedPatients": ("予約患者さんへの連絡", "Contacting booked patients"), "prescriptions": ("処方箋の出し方", "Prescriptions"),
                "billing": ("会計の方法", "Billing"), "orders": ("検査・画像の依頼", "Lab and imaging orders"), "inpatients": ("入院患者さんの薬・アレルギー・予定の処置の確認", "Inpatients"),
            ]
            for (key, a) in plan.continuity.all {
                let (ja, en) = names[key]!
                need(a.how, "continuity.\(key).how", ja, en)
                // A clinic without beds writes 「該当なし」: nobody needs naming.
                if key != "inpatients" || !Self.notApplicable(a.how) { need(a.by, "continuity.\(key).by", "\(ja)の担当", "Who handles \(en.lowercased())") }
            }
        case .priorities:
            if plan.systems.isEmpty { out.append(Gap("systems", ja: "システム（systems）がありません。", en: "No systems (systems) are listed.")) }
            for s in plan.systems {
                if s.priority == nil {
                    out.append(Gap("systems[\(s.name)].priority", ja: "\(s.name) の復旧の優先順位（priority）が未記入です。", en: "\(s.name) has no recovery priority."))
                }
                if s.targetHours == nil {
                    out.append(Gap("systems[\(s.name)].targetHours", ja: "\(s.name) の目標復旧時間（targetHours）が未記入です。", en: "\(s.name) has no target time."))
                }
            }
        case .evidence:
            if plan.evidence.preserve.isEmpty {
                out.append(Gap("evidence.preserve", ja: "復旧の前に残す証拠（evidence.preserve）がありません。", en: "Nothing to preserve before restoring (evidence.preserve)."))
            }
            need(plan.evidence.by, "evidence.by", "証拠を保全する人", "Who preserves the evidence")
            need(plan.evidence.keptAt, "evidence.keptAt", "証拠の保管場所", "Where the evidence is kept")
        case .afterAction:
            need(plan.afterAction.how, "afterAction.how", "再発防止策の進め方", "How prevention measures are carried out")
            need(plan.afterAction.by, "afterAction.by", "再発防止策の担当", "Who sees the prevention measures through")
        case .reporting:
            for role in ["mhlw", "police"] where profile?.contacts(for: role).isEmpty ?? true {
                let title = Role(role).title(profile: profile, .ja)
                out.append(Gap("profile:\(role)", ja: "施設プロファイルに \(title)（role: \(role)）の連絡先がありません。", en: "The facility profile has no contact for \(role)."))
            }
        case .reentry:
            need(plan.reentry.how, "reentry.how", "復旧後に紙の記録を入力する方法", "How paper records are entered after recovery")
            need(plan.reentry.by, "reentry.by", "紙の記録を入力する担当", "Who enters the paper records")
        case .forms:
            if plan.allForms.isEmpty { out.append(Gap("forms", ja: "紙の様式（forms）がありません。", en: "No paper forms (forms) are listed.")) }
        }
        return out
    }

    /// 「該当なし」/「なし」/ none: an arrangement that does not apply (no beds).
    static func notApplicable(_ text: String?) -> Bool {
        guard let t = text?.trimmingCharacters(in: .whitespacesAndNewlines).lowercased() else { return false }
        return ["該当なし", "なし", "無床のため該当なし", "none", "n/a", "not applicable"].contains(t)
    }

    /// `bcp check --json`.
    public struct JSON: Encodable, Sendable {
        public struct Item: Encodable, Sendable {
            public var id: String
            public var stage: String
            public var text: String
            public var confirmed: Bool
            public var complete: Bool
            public var gaps: [String]
        }
        public var checklist: String
        public var imported: Bool
        public var complete: Bool
        public var gaps: Int
        public var items: [Item]
    }

    public func json(_ l: Language) -> JSON {
        JSON(
            checklist: checklist.id, imported: plan != nil, complete: complete, gaps: gapCount,
            items: rows.map {
                .init(
                    id: $0.item.id, stage: $0.item.stage, text: $0.item.text(l), confirmed: $0.item.confirmed, complete: $0.complete,
                    gaps: $0.gaps.map { $0.text(l) })
            })
    }
}

/// Whether the BCP is imported, checked (complete) and rehearsed (a drill ended
/// in the last 12 months): what `readiness` and checklist item 3-③ show.
public struct BCPStatus: Sendable, Equatable {
    public var imported: Bool
    public var importedAt: Date?
    public var complete: Bool
    public var gaps: Int
    public var approvedOn: Day?
    /// When the latest ended drill began, if within the last 12 months.
    public var rehearsedAt: Date?
    public var rehearsed: Bool { rehearsedAt != nil }

    public init(review: BCPReview, importedAt: Date?, lastDrill: Date?, now: Date) {
        imported = review.plan != nil
        self.importedAt = importedAt
        complete = review.complete
        gaps = review.gapCount
        approvedOn = review.plan?.approval.approvedOn
        // 12 months: 365 days back from now.
        rehearsedAt = lastDrill.flatMap { now.timeIntervalSince($0) <= 365 * 86400 ? $0 : nil }
    }

    public var inOrder: Bool { imported && complete && rehearsed }

    /// One line: 「BCP: 取り込み済み・確認済み・訓練済み（2026-10-01）」.
    public func text(_ l: Language, timeZone: TimeZone) -> String {
        guard imported else { return l.pick(ja: "BCP が取り込まれていません。", en: "No BCP has been imported.") }
        var parts = [l.pick(ja: "BCP 取り込み済み", en: "BCP imported")]
        parts.append(
            complete
                ? l.pick(ja: "確認表の項目はそろっています", en: "complete against the checklist")
                : l.pick(ja: "確認表に対して未記入 \(gaps) 件", en: "\(gaps) gaps against the checklist"))
        if let at = rehearsedAt {
            parts.append(l.pick(ja: "訓練済み（\(Timestamp.day(of: at, in: timeZone))）", en: "rehearsed (\(Timestamp.day(of: at, in: timeZone)))"))
        } else {
            parts.append(l.pick(ja: "この12か月に訓練なし", en: "not rehearsed in the last 12 months"))
        }
        return parts.joined(separator: l.pick(ja: "、", en: ", ")) + l.pick(ja: "。", en: ".")
    }
}
