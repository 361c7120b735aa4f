import Foundation

/// What is left to do in one step: whom to call (with the incident's own
/// profile) and which questions are still unanswered. `guide` walks
/// through it; without a terminal it is printed as instructions.
public struct StepGuide: Sendable, Equatable {
    public var step: Runbook.Step
    public var progress: StepProgress
    public var plan: ContactPlan
    /// Questions of the step with no answer yet, in order.
    public var openQuestions: [Runbook.Question]
    /// The step is optional under the answers so far (it may be skipped with a reason).
    public var isOptional: Bool

    public init(step: Runbook.Step, state: IncidentState) {
        self.step = step
        progress = state.progress(of: step)
        plan = ContactPlan(step: step, state: state)
        openQuestions = step.questions.filter { state.answers[$0.id] == nil }
        isOptional = !step.isMandatory(answers: state.answerValues)
    }

    /// The step the runbook recommends now, or nil when every step is finished.
    public static func current(_ state: IncidentState) -> StepGuide? {
        state.nextAction.step.map { StepGuide(step: $0, state: state) }
    }
}

extension Runbook.Question {
    /// How an answer must be written, for prompts and error messages.
    public func expectedForm(_ l: Language) -> String {
        switch type {
        case .yesno: l.pick(ja: "はい / いいえ（y / n）", en: "yes / no (y / n)")
        case .count: l.pick(ja: "0 以上の数（例: 3）", en: "a whole number, 0 or more (e.g. 3)")
        case .text: l.pick(ja: "自由に記入", en: "free text")
        case .choice: choices.enumerated().map { "\($0.offset + 1)) \($0.element.label(l))" }.joined(separator: "  ")
        }
    }

    /// The values an answer takes, as a form to type (`yes|no`, `数`, a choice's ids).
    public func answerForm(_ l: Language) -> String {
        let value: String =
            switch type {
            case .yesno: "yes|no"
            case .count: l.pick(ja: "数", en: "N")
            case .text: l.pick(ja: "\"内容\"", en: "\"text\"")
            case .choice: choices.map(\.id).joined(separator: "|")
            }
        return value
    }
}

extension Runbook.Step {
    /// The lines the step's `ledger` views add to the guide, from the facility's
    /// equipment ledger and backup register (none without a ledger).
    public func ledgerLines(_ ledger: EquipmentLedger?, _ l: Language) -> [String] {
        guard let ledger, let views = self.ledger else { return [] }
        var lines: [String] = []
        let sep = l.pick(ja: "、", en: ", ")
        for view in views {
            switch view {
            case .externalDevices:
                let devices = ledger.externallyConnected
                guard !devices.isEmpty else { continue }
                lines.append(
                    l.pick(
                        ja: "外部とつながる機器（攻撃の入口になりやすい順。ログを残し、切り離しは保守業者と相談）:",
                        en: "Devices connected to the outside (likeliest way in first; keep their logs, agree any disconnection with the vendor):"))
                for d in devices {
                    var parts = [d.connection.label(l)]
                    if let x = d.location { parts.append(x) }
                    parts.append(d.route.map { l.pick(ja: "経路: \($0)", en: "route: \($0)") } ?? l.pick(ja: "経路: 未記入", en: "route: not recorded"))
                    if let v = d.vendor { parts.append(l.pick(ja: "保守 \(v)", en: "vendor \(v)")) }
                    lines.append("  ・\(d.name)（\(parts.joined(separator: sep))）")
                }
            case .backups:
                guard !ledger.backups.isEmpty else { continue }
                lines.append(l.pick(ja: "バックアップは無事ですか（切り離されているか、暗号化されていないか）:", en: "Are the backups intact (disconnected, not encrypted)?"))
                for b in ledger.backups {
                    var parts: [String] = []
                    if let m = b.media { parts.append(m) }
                    if let p = b.place { parts.append(p) }
                    if let o = b.offline { parts.append(o ? l.pick(ja: "オフライン保管あり", en: "offline copy") : l.pick(ja: "オフライン保管なし", en: "no offline copy")) }
                    if let g = b.generations { parts.append(l.pick(ja: "\(g)世代", en: "\(g) generations")) }
                    if let who = b.restoredBy { parts.append(l.pick(ja: "復元: \(who)", en: "restores: \(who)")) }
                    lines.append("  ・\(b.system)" + (parts.isEmpty ? "" : "（\(parts.joined(separator: sep))）"))
                }
            }
        }
        return lines
    }
}
