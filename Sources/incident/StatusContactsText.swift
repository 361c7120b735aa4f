import Foundation
import IncidentKit

/// The contacts part of `status`: each callee of the current step with its
/// numbers and state, whom to call next, and other calls made so far.
enum ContactsText {
    static func render(state: IncidentState, language l: Language, now: Date) -> String {
        var out = ""
        let tz = state.timeZone
        var shown: Set<String> = []
        if let step = state.nextAction.step {
            let plan = ContactPlan(step: step, state: state)
            if !plan.entries.isEmpty {
                out += "\n" + l.pick(ja: "連絡（手順\(step.number)）:\n", en: "Calls (step \(step.number)):\n")
                for e in plan.entries {
                    shown.insert(e.role)
                    out += line(e, tz, l, now, profile: state.profile)
                }
                if let text = plan.nextText(l, record: CLIWording.for(state)) {
                    out += TerminalText.wrap("→ " + text, columns: Console.columns - 4).map { "  \($0)\n" }.joined()
                }
                if state.profile == nil {
                    out += l.pick(
                        ja: "  （このインシデントには施設プロファイルがないため電話番号を表示できません）\n",
                        en: "  (this incident has no facility profile, so no numbers can be shown)\n")
                }
            }
        }
        let others = ContactPlan(roles: state.contactsInOrder.map(\.role), profile: state.profile, contacts: state.contacts)
            .entries.filter { !shown.contains($0.role) }
        if !others.isEmpty {
            out += "\n" + l.pick(ja: "その他の連絡:\n", en: "Other calls:\n")
            for e in others { out += line(e, tz, l, now, profile: state.profile) }
        }
        return out
    }

    static func line(_ e: ContactPlan.Entry, _ tz: TimeZone, _ l: Language, _ now: Date, profile: FacilityProfile? = nil) -> String {
        let label = ContactPlan.label(e, profile: profile, l)
        let mark =
            switch e.status {
            case .reached, .covered, .notNeeded: "✓"
            case .notReached: "!"
            case .notContacted: "-"
            case .standby: "~"
            }
        let first = "  \(mark) \(TerminalText.pad(label, to: 34)) \(ContactPlan.statusText(e, now: now, timeZone: tz, profile: profile, l))"
        // Too wide for the terminal (a long organisation name or state): the state goes on its own line.
        var out =
            TerminalText.width(first) <= Console.columns
            ? first + "\n"
            : "  \(mark) \(label)\n"
                + TerminalText.wrap(ContactPlan.statusText(e, now: now, timeZone: tz, profile: profile, l), columns: Console.columns - 6).map {
                    "      \($0)\n"
                }.joined()
        if e.isPending || e.status == .standby {
            let phones = e.phones.isEmpty ? l.pick(ja: "電話番号未登録", en: "no phone on file") : e.phones.joined(separator: " / ")
            out += "      ☎ \(phones)\n"
        }
        return out
    }
}

/// The impact part of `status`: what is down since when.
enum ImpactsText {
    static func render(state: IncidentState, language l: Language) -> String {
        let lines = ImpactPicture(state: state).lines(timeZone: state.timeZone, l)
        guard !lines.isEmpty else { return "" }
        return "\n" + l.pick(ja: "影響:\n", en: "Affected:\n") + lines.map { "  \($0)\n" }.joined()
    }
}
