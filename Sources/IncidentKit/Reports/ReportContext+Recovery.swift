import Foundation

extension ReportContext {
    /// Step 7's values for the templates (issue #23): `recoverySystems` [{name,
    /// stage, since, backup, offline, target, withoutEvidence}], `reentry`
    /// [{department, pending, entered}], `reentryPendingText`, `measures` [{id,
    /// text, owner, due, state}], `evidence` [{at, system, text, file, sha256,
    /// keptAt, by}], `decisions` [{at, text, decidedBy, advisedBy, why}],
    /// `costCategories` [{category, amount}], `costTotal`, `costsRecorded`,
    /// `unbilledPatients` (only when some), and
    /// `obligationLines` [{title, line}] (the management report's obligations).
    static func recoveryValues(_ s: IncidentState, obligations: [Obligation], _ l: Language) -> [String: Any] {
        let tz = s.timeZone
        let r = s.recovery
        let plan = RecoveryPlan.targets(for: s)
        var values: [String: Any] = [:]
        values["recoverySystems"] = plan.ordered(r).map { sys -> [String: Any] in
            let from = sys.restoredFrom
            let without = sys.marks.first { $0.withoutEvidence != nil }
            return compact([
                "name": sys.name, "stage": sys.stage.label(l), "since": time(sys.since, tz, l),
                "backup": from?.backup,
                "offline": from?.offline.map { $0 ? l.pick(ja: "オフライン保管", en: "kept offline") : l.pick(ja: "オフライン保管ではない", en: "not kept offline") },
                "target": plan.due(for: sys.name, awareAt: s.awareAt).map { time($0, tz, l) },
                "withoutEvidence": without.map {
                    l.pick(
                        ja: "証拠の登録なしで\($0.stage.label(l))（決定 \($0.actor)、理由: \($0.withoutEvidence ?? "")）",
                        en: "\($0.stage.label(l)) without evidence registered (decided by \($0.actor); why: \($0.withoutEvidence ?? ""))")
                },
            ])
        }
        let departments = r.departments.values.sorted { $0.name < $1.name }
        values["reentry"] = departments.map { ["department": $0.name, "pending": String($0.pending), "entered": String($0.entered)] as [String: Any] }
        values["reentryPendingText"] =
            departments.isEmpty
            ? l.pick(ja: "（記録なし）", en: "(none recorded)")
            : departments.map { l.pick(ja: "\($0.name) \($0.pending)件", en: "\($0.name) \($0.pending)") }.joined(separator: l.pick(ja: "、", en: ", "))
        values["measures"] = r.measures.sorted { $0.id < $1.id }.map { m -> [String: Any] in
            [
                "id": String(m.id), "text": m.text, "owner": m.owner, "due": date(m.due, l),
                "state": m.doneAt.map { l.pick(ja: "実施済み（\(time($0, tz, l))）", en: "done (\(time($0, tz, l)))") }
                    ?? l.pick(ja: "実施予定", en: "planned"),
            ]
        }
        values["evidence"] = r.evidence.sorted { ($0.at, $0.seq) < ($1.at, $1.seq) }.map { e -> [String: Any] in
            compact([
                "at": time(e.at, tz, l), "system": e.value.system, "text": e.value.text, "file": e.value.file, "sha256": e.value.sha256,
                "keptAt": e.value.keptAt, "by": e.actor,
            ])
        }
        values["decisions"] = r.decisions.sorted { ($0.at, $0.seq) < ($1.at, $1.seq) }.map { d -> [String: Any] in
            compact(["at": time(d.at, tz, l), "text": d.value.text, "decidedBy": d.value.decidedBy, "advisedBy": d.value.advisedBy, "why": d.value.why])
        }
        values["costCategories"] = r.costTotalsByCategory.map { ["category": $0.category, "amount": EventDescription.yen($0.amount, l)] as [String: Any] }
        values["costTotal"] = EventDescription.yen(r.costTotal, l)
        if r.unbilledPatients > 0 { values["unbilledPatients"] = String(r.unbilledPatients) }
        values["costsRecorded"] = !r.costs.isEmpty
        values["recoveryRecorded"] = !r.systems.isEmpty
        values["decisionsRecorded"] = !r.decisions.isEmpty
        values["obligationLines"] = obligations.map { ["title": $0.title, "line": Obligations.line($0, l)] as [String: Any] }
        return values
    }

    /// The 確報's 再発防止のための措置 from the measures recorded, planned ones worded as planned.
    static func measuresText(_ s: IncidentState, _ l: Language) -> String? {
        let measures = s.recovery.measures.sorted { $0.id < $1.id }
        if measures.isEmpty { return nil }
        return measures.map { m in
            let state =
                m.isOpen
                ? l.pick(ja: "\(date(m.due, l))までに実施予定", en: "to be done by \(date(m.due, l))")
                : l.pick(ja: "実施済み", en: "done")
            return l.pick(ja: "・\(m.text)（担当 \(m.owner)、\(state)）", en: "- \(m.text) (owner \(m.owner), \(state))")
        }.joined(separator: "\n  ")
    }
}
