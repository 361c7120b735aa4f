import Foundation

/// `print cards`: one A4 card per runbook step, for reception and the
/// office to follow on paper: what to do and not do (the step's guidance and
/// check-points), whom to call with the numbers from the profile, the step's
/// questions with boxes to tick, and boxes for the time and the name.
///
/// Knows nothing about the seven MHLW steps: everything comes from the runbook
/// data and the profile, as the guide does (`ContactPlan` decides whom a step calls).
public struct StepCards: Sendable {
    public var runbook: Runbook
    public var profile: FacilityProfile?
    public var language: Language
    public var incidentID: String?
    public var printedAt: Date
    /// How the front end that prints says where to enter what was written (the CLI: its commands).
    public var wording: any Wording = PlainWording()
    /// The facility's BCP: the steps that show it (`bcp:` in the runbook) name its forms, people and places.
    public var bcp: BCPPlan? = nil

    public init(runbook: Runbook, profile: FacilityProfile?, language: Language, incidentID: String? = nil, printedAt: Date) {
        (self.runbook, self.profile, self.language, self.incidentID, self.printedAt) = (runbook, profile, language, incidentID, printedAt)
    }

    var timeZone: TimeZone { profile.flatMap { TimeZone(identifier: $0.facility.timeZone) } ?? .facilityDefault }

    public var page: PrintPage {
        PrintPage(
            title: language.pick(ja: "手順カード \(runbook.title.ja)", en: "Step cards: \(runbook.title.en)"), language: language,
            pages: runbook.steps.map { "<div class=\"card\">\n" + card($0) + "</div>\n" })
    }

    public var html: String { page.html }

    func card(_ step: Runbook.Step) -> String {
        let l = language
        let e = PrintPage.escape
        var meta = [e(runbook.title(l)), l.pick(ja: "手順 \(step.number) / \(runbook.steps.count)", en: "Step \(step.number) of \(runbook.steps.count)")]
        if let name = PrintPage.text(profile?.facility.name) { meta.insert(name, at: 0) }
        if let incidentID { meta.append(l.pick(ja: "インシデント \(e(incidentID))", en: "Incident \(e(incidentID))")) }
        // The one command to remember, on every card.
        if let guide = wording.command(.guide, l) { meta.append(l.pick(ja: "PC では: ", en: "On a PC: ") + e(guide)) }
        var out = "<p class=\"meta\">\(meta.joined(separator: "　"))</p>\n"
        let when: String
        if step.mandatory {
            when = l.pick(ja: "（必須）", en: " (mandatory)")
        } else if step.mandatoryWhen != nil {
            when = l.pick(ja: "（状況により必須）", en: " (mandatory when it applies)")
        } else {
            when = l.pick(ja: "（必要なとき）", en: " (when needed)")
        }
        out += "<h1>\(step.number). \(e(step.title(l)))<span class=\"small\">\(when)</span></h1>\n"

        // Outside opening hours with inpatients, the first card says what comes before any call.
        if let profile, let beds = profile.facility.beds, beds > 0, profile.facility.openingHours != nil,
            runbook.steps.first(where: { !$0.callees(profile: profile).isEmpty })?.id == step.id
        {
            out +=
                "<h2>\(e(l.pick(ja: "診療時間外（夜間・休日）に気づいたら、まず入院患者さんの安全", en: "Outside opening hours (night, weekend): inpatients' safety first")))</h2>\n<ul class=\"check\">\n"
            out += OffHours.patientSafety(l).map { "<li>☐ \(e($0))</li>\n" }.joined()
            if let chain = profile.onCall, !chain.isEmpty {
                let names = chain.map { Role($0).title(profile: profile, l) }.joined(separator: " → ")
                out += "<li>☐ \(e(l.pick(ja: "当直・オンコールの順に連絡: \(names)", en: "Call the on-call chain in order: \(names)")))</li>\n"
            }
            out += "</ul>\n"
        }
        out += "<h2>\(l.pick(ja: "すること・してはいけないこと", en: "What to do, and what not to do"))</h2>\n"
        out += "<p class=\"guidance\">\(e(Self.reflow(step.guidance(l), l)))</p>\n"
        if !step.checkpoints.isEmpty {
            out += "<h2>\(l.pick(ja: "確認（終わったら ☑）", en: "Check (tick when done)"))</h2>\n<ul class=\"check\">\n"
            out += step.checkpoints.map { "<li>☐ \(e($0(l)))</li>\n" }.joined()
            out += "</ul>\n"
        }

        let bcpLines = step.bcpLines(bcp, l)
        if let first = bcpLines.first {
            out += "<h2>\(e(first.hasSuffix(":") ? String(first.dropLast()) : first))</h2>\n<ul class=\"check\">\n"
            out += bcpLines.dropFirst().map { "<li>\(e($0.trimmingCharacters(in: .whitespaces)))</li>\n" }.joined()
            out += "</ul>\n"
        }

        let plan = ContactPlan(roles: step.callees(profile: profile), profile: profile, contacts: [:])
        if !plan.entries.isEmpty {
            out += "<h2>\(l.pick(ja: "連絡する相手（上から順に）", en: "Whom to call (in this order)"))</h2>\n"
            out +=
                "<table>\n<tr><th>\(l.pick(ja: "相手", en: "Who"))</th><th>\(l.pick(ja: "電話", en: "Phone"))</th><th>\(l.pick(ja: "かけた時刻", en: "Called at"))</th><th>\(l.pick(ja: "結果", en: "Result"))</th></tr>\n"
            for entry in plan.entries {
                out += row(entry)
            }
            out += "</table>\n"
        }

        if !step.questions.isEmpty {
            out += "<h2>\(l.pick(ja: "記入すること", en: "Write down"))</h2>\n<ul class=\"check\">\n"
            for q in step.questions {
                out += "<li>\(e(q.prompt(l)))　\(answerBoxes(q))</li>\n"
            }
            out += "</ul>\n"
        }

        out +=
            "<table class=\"sign\">\n<tr><th>\(l.pick(ja: "開始", en: "Started"))</th><td><span class=\"hint\">\(l.pick(ja: "時刻", en: "time"))</span></td><td><span class=\"hint\">\(l.pick(ja: "氏名", en: "name"))</span></td>"
        out +=
            "<th>\(l.pick(ja: "完了", en: "Done"))</th><td><span class=\"hint\">\(l.pick(ja: "時刻", en: "time"))</span></td><td><span class=\"hint\">\(l.pick(ja: "氏名", en: "name"))</span></td></tr>\n</table>\n"
        out +=
            "<p class=\"footer\">"
            + l.pick(ja: "PC が使えるようになったら、記入した内容を書いた時刻とともに入力してください", en: "When a PC is available again, enter what you wrote, with the times written")
            + PrintPage.commands([wording.command(.enterStep(step.number), l), wording.command(.enterCalls, l)], l) + "</p>\n"
        return out
    }

    /// The guidance with the runbook file's hard line wraps undone: a line is
    /// joined to the next unless it ends a sentence (`。`, `.`, `:` …), so the
    /// card keeps one sentence per line and English does not waste half the page.
    static func reflow(_ text: String, _ l: Language) -> String {
        var lines: [String] = []
        for raw in text.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "\n", omittingEmptySubsequences: false) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if let last = lines.last, !last.isEmpty, !line.isEmpty, let end = last.last, !"。.!?！？:：".contains(end) {
                lines[lines.count - 1] = last + (l == .en ? " " : "") + line
            } else {
                lines.append(line)
            }
        }
        return lines.joined(separator: "\n")
    }

    func row(_ entry: ContactPlan.Entry) -> String {
        let l = language
        let e = PrintPage.escape
        var detail: [String] = []
        if let name = entry.people.lazy.compactMap({ PrintPage.text($0.name) ?? PrintPage.text($0.organization) }).first, name != e(roleTitle(entry)) {
            detail.append(name)
        }
        if Role(entry.role).vendorKey != nil, let scope = PrintPage.text(entry.people.first?.note) {
            detail.append(l.pick(ja: "契約: \(scope)", en: "contract: \(scope)"))
        }
        if let principal = entry.deputyOf {
            let base = Role(principal).title(profile: profile, l)
            detail.append(l.pick(ja: "（\(e(base))につながらないとき）", en: "(if the \(e(base)) cannot be reached)"))
        }
        let who = e(roleTitle(entry)) + "<br><span class=\"small\">\(detail.joined(separator: "　"))</span>"
        // A vendor's emergency line first, then its ordinary number (the contact view keeps only one).
        let vendor = profile?.vendors.first { $0.role == entry.role }
        let numbers = vendor.map { [$0.emergencyPhone, $0.phone] } ?? entry.people.flatMap { [$0.phone, $0.mobile] }
        // A body reached by e-mail only (MIST may publish no number): its address, not 「未登録」.
        let email = entry.people.lazy.compactMap { PrintPage.email($0.email) }.first
        let reach = numbers.contains { PrintPage.text($0) != nil } || email == nil ? PrintPage.phones(numbers, l) : email!
        return
            "<tr><td>\(who)</td><td>\(reach)</td><td class=\"called\"></td><td class=\"result\">☐ \(l.pick(ja: "つながった", en: "reached"))　☐ \(l.pick(ja: "つながらない", en: "no answer"))</td></tr>\n"
    }

    func roleTitle(_ entry: ContactPlan.Entry) -> String {
        if let person = entry.people.first { return ContactSheet.roleTitle(person, profile, language) }
        return ContactSheet.roleTitle(FacilityProfile.Contact(role: entry.role), profile, language)
    }

    func answerBoxes(_ q: Runbook.Question) -> String {
        let l = language
        switch q.type {
        case .yesno: return "☐ \(l.pick(ja: "はい", en: "yes"))　☐ \(l.pick(ja: "いいえ", en: "no"))"
        case .choice: return q.choices.map { "☐ \(PrintPage.escape($0.label(l)))" }.joined(separator: "　")
        case .count: return "<span class=\"box\"></span>"
        case .text: return "<span class=\"box\" style=\"min-width: 70mm\"></span>"
        }
    }
}

extension FacilityProfile.Contact {
    /// A contact with a role only (for roles the profile has nobody for).
    init(role: String) {
        self.init(role: role, name: nil, organization: nil, title: nil, phone: nil, mobile: nil, email: nil, hours: nil, note: nil)
    }
}
