import Foundation

/// What to do next, typed: each front end words it in its own medium (the CLI
/// adds the command to type, the board a button that does it). `text(_:)` is the
/// library's sentence, the same for every front end, with no command in it.
public enum NextAction: Sendable, Equatable {
    /// Start this mandatory step.
    case startStep(Runbook.Step)
    /// This step is in progress: finish it.
    case finishStep(Runbook.Step)
    /// This step is optional under the answers so far: do it or skip it with a reason.
    case considerStep(Runbook.Step)
    /// Call `role` (`who` in words): one of the runbook's first-hour calls not
    /// made yet, in `step` (DOMAIN §5: the calls come before the leak decision).
    case call(Role, step: Runbook.Step, who: LocalizedText)
    /// Take the PPC leak-report decision.
    case assessLeak(LeakAssessmentCause)
    /// Submit this report or notice (and record it).
    case submit(Obligation)
    /// Move `system` on from `stage` (its next stage), in the recovery plan's
    /// order; `target` is when it should be back in use (facility time), if set.
    case recover(system: String, stage: RecoveryStage, target: String?)
    /// Enter the paper records waiting in `department` (`pending` of them).
    case enterRecords(department: String, pending: Int)
    /// Carry out prevention measure `id` (the earliest due of those open).
    case measure(id: Int, text: String, owner: String, due: Day)
    /// Every step is finished: the incident can be closed.
    case close
    /// The incident is closed.
    case none

    /// Why the leak decision comes next.
    public enum LeakAssessmentCause: Sendable, Equatable {
        /// The answers say a leak is possible.
        case leakSuspected
        /// Every step is done, an attack was suspected, and the decision was never taken.
        case beforeClose
    }

    /// The runbook step it concerns, if any.
    public var step: Runbook.Step? {
        switch self {
        case .startStep(let s), .finishStep(let s), .considerStep(let s), .call(_, let s, _): s
        case .assessLeak, .submit, .recover, .enterRecords, .measure, .close, .none: nil
        }
    }

    /// The role to call, when the action is a call.
    public var role: Role? {
        if case .call(let r, _, _) = self { return r }
        return nil
    }

    /// The obligation it concerns, if any.
    public var obligation: Obligation? {
        if case .submit(let o) = self { return o }
        return nil
    }

    /// The `nextAction.action` value of `status --json` (public contract).
    public var code: String {
        switch self {
        case .startStep: "start"
        case .finishStep: "finish"
        case .considerStep: "consider"
        case .call: "call"
        case .assessLeak: "assessLeak"
        case .submit: "submit"
        case .recover: "recover"
        case .enterRecords: "enterRecords"
        case .measure: "measure"
        case .close: "close"
        case .none: "none"
        }
    }

    /// What to do, as a sentence without any command (every front end shows it).
    public func text(_ l: Language) -> String {
        switch self {
        case .startStep(let s):
            l.pick(ja: "手順\(s.number)「\(s.title.ja)」を始めてください。", en: "Start step \(s.number) \"\(s.title.en)\".")
        case .finishStep(let s):
            l.pick(
                ja: "手順\(s.number)「\(s.title.ja)」を進め、終わったら完了にしてください。", en: "Carry on with step \(s.number) \"\(s.title.en)\" and mark it done when finished.")
        case .considerStep(let s):
            l.pick(
                ja: "手順\(s.number)「\(s.title.ja)」は現在の回答では必須ではありません。行うか、理由を付けて省略してください。",
                en: "Step \(s.number) \"\(s.title.en)\" is optional under the answers so far: do it, or skip it with a reason.")
        case .call(_, let s, let who):
            l.pick(
                ja: "手順\(s.number)「\(s.title.ja)」: \(who.ja)に電話で連絡し、結果（つながった・つながらない）を記録してください。",
                en: "Step \(s.number) \"\(s.title.en)\": call the \(who.en) and record the outcome (reached or not).")
        case .assessLeak(.leakSuspected):
            l.pick(
                ja: "漏えいのおそれがあります。個人情報保護委員会への報告が要るかを判定してください（速報の目安は認知日を1日目として5日目）。",
                en: "A leak is suspected: decide whether the PPC must be told (the preliminary target is day 5, counting the day of awareness as day 1).")
        case .assessLeak(.beforeClose):
            l.pick(
                ja: "手順はすべて終わりましたが、漏えい等報告の判定がまだです。閉じる前に判定してください。",
                en: "All steps are finished, but the leak-report decision has not been made: take it before closing.")
        case .submit(let o):
            l.pick(
                ja: "\(o.title)を\(o.dueText ?? "")提出してください。提出したら記録します。",
                en: "Submit the \(o.title)\(o.dueText.map { " \($0)" } ?? ""); record it once submitted.")
        case .recover(let system, let stage, let target):
            l.pick(
                ja: "「\(system)」の復旧: 現在は「\(stage.label(.ja))」です。次は\(stage.next?.task(.ja) ?? "")。済んだら記録してください。"
                    + (target.map { "（目標 \($0)）" } ?? ""),
                en: "Recovery of '\(system)': now \(stage.label(.en)); next, \(stage.next?.task(.en) ?? ""), and record it."
                    + (target.map { " (target \($0))" } ?? ""))
        case .enterRecords(let department, let pending):
            l.pick(
                ja: "\(department)の紙の記録が\(pending)件、システムへの入力を待っています。入力したら件数を記録してください。",
                en: "\(department) has \(pending) paper record(s) waiting to be entered; record the count once entered.")
        case .measure(let id, let text, let owner, let due):
            l.pick(
                ja: "再発防止策 #\(id)「\(text)」（担当 \(owner)、期日 \(due)）を実施し、終わったら完了にしてください。",
                en: "Carry out prevention measure #\(id) \"\(text)\" (owner \(owner), due \(due)) and mark it done.")
        case .close:
            l.pick(ja: "すべての手順が終わりました。インシデントを終了できます。", en: "All steps are finished; the incident can be closed.")
        case .none:
            l.pick(ja: "このインシデントは終了しています。", en: "This incident is closed.")
        }
    }

    /// The next action of `s` as of `today` (facility date), in the order of
    /// DOMAIN.md §5: an obligation due (or targeted) within 2 days; once a leak
    /// is suspected and not yet assessed, the runbook's first-hour calls not yet
    /// made, then the leak decision (at once when the PPC preliminary target is
    /// two days away or less); the calls of the step under way, then its steps;
    /// then, when every step is done, the leak decision after a suspected
    /// attack and any other open obligation with a deadline.
    public static func of(_ s: IncidentState, today: Day, language l: Language = .ja) -> NextAction {
        let leak = LeakRules.decision(for: s, language: l, today: today)
        return of(s, leak: leak, obligations: Obligations.of(s, today: today, language: l), today: today)
    }

    /// As `of(_:today:)`, from a leak decision and obligations already worked out
    /// (`today` defaults to the day of the latest event).
    public static func of(_ s: IncidentState, leak: LeakDecision?, obligations: [Obligation], today: Day? = nil) -> NextAction {
        let next = s.nextAction
        guard s.isOpen else { return next }
        if let urgent = Obligations.urgent(obligations) { return .submit(urgent) }
        let answers = s.answerValues
        // A "no leak" without a basis while an attack is suspected settles nothing.
        let leak = leak?.basisMissing == true ? nil : leak
        if leak == nil, s.runbook.signal(.leakSuspected, answers: answers) {
            // DOMAIN §5: the calls first; the leak decision once they are made, and at
            // the latest when the preliminary target is two days away or less.
            let day = today ?? Timestamp.day(of: s.lastOccurredAt, in: s.timeZone)
            let target = LeakRules.deadlines(awareOn: Timestamp.day(of: s.awareAt, in: s.timeZone), malicious: true).preliminaryTarget
            if day.days(until: target) > 2, let call = firstCall(s, through: nil) { return call }
            return .assessLeak(.leakSuspected)
        }
        // Issue #23: step 7's work (systems in the plan's order, records waiting,
        // measures) once the first-hour calls are made.
        if firstCall(s, through: nil) == nil, let recovery = recoveryNext(s) { return recovery }
        if case .finishStep(let current) = next, let call = firstCall(s, through: current) { return call }
        guard next == .close else { return next }
        // Every step can be finished before anyone has taken the PPC decision; a
        // possible leak must not be closed over (DOMAIN §2: analyse at once).
        if leak == nil, s.runbook.signal(.attackSuspected, answers: answers) { return .assessLeak(.beforeClose) }
        // A cadence (the 続報) and a recommendation (the police) do not hold up the close.
        let open = Obligations.holdingClose(obligations)
        if let first = open.min(by: { ($0.daysLeft ?? Int.max) < ($1.daysLeft ?? Int.max) }) { return .submit(first) }
        return next
    }

    /// Step 7's next piece of work: the first system of the recovery plan not
    /// back in use, then the department with the most records waiting, then the
    /// open measure due first.
    static func recoveryNext(_ s: IncidentState) -> NextAction? {
        let plan = RecoveryPlan.targets(for: s)
        if let system = plan.ordered(s.recovery).first(where: { !$0.isBackInUse }) {
            let target = plan.due(for: system.name, awareAt: s.awareAt).map { Timestamp.local($0, in: s.timeZone) }
            return .recover(system: system.name, stage: system.stage, target: target)
        }
        if let d = s.recovery.departments.values.filter({ $0.pending > 0 }).max(by: { ($0.pending, $1.name) < ($1.pending, $0.name) }) {
            return .enterRecords(department: d.name, pending: d.pending)
        }
        if let m = s.recovery.openMeasures.min(by: { ($0.due, $0.id) < ($1.due, $1.id) }) {
            return .measure(id: m.id, text: m.text, owner: m.owner, due: m.due)
        }
        return nil
    }

    /// The first of the runbook's calls not made yet (never tried), in the order
    /// of the steps that must be done under the answers so far, up to `through`
    /// (every step when nil). A call tried and not answered counts as made here:
    /// the step's plan offers the retry or the deputy, and an unreachable company
    /// must not hold back the leak decision. Help offered rather than owed
    /// (police, MIST, the insurer's line, the optional roles) is not waited for.
    static func firstCall(_ s: IncidentState, through last: Runbook.Step?) -> NextAction? {
        let answers = s.answerValues
        for step in s.runbook.steps {
            var skipped = false
            if case .skipped = s.progress(of: step) { skipped = true }
            if !skipped, step.isMandatory(answers: answers) {
                let plan = ContactPlan(step: step, state: s)
                // Only a role the front ends can record (one vocabulary): a deputy the profile lacks is no call.
                let callable = { (e: ContactPlan.Entry) in (try? ContactPlan.callee(e.role, profile: s.profile)) != nil }
                if let e = plan.entries.first(where: { $0.status == .notContacted && !Role($0.role).isAdvisory && callable($0) }) {
                    let who = LocalizedText(ja: ContactPlan.label(e, profile: s.profile, .ja), en: ContactPlan.label(e, profile: s.profile, .en))
                    return .call(Role(e.role), step: step, who: who)
                }
            }
            if step.id == last?.id { break }
        }
        return nil
    }
}
