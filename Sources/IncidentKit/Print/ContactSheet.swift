import Foundation

/// `print contacts`: the facility's emergency contact list on one A4
/// sheet, for reception and the office, and for staff phones (each number is a
/// `tel:` link, so the same file dials with one tap when the clinic's PCs are down).
///
/// Built from the profile alone: staff inside the clinic (contacts without an
/// organization, deputies under their principal), the maintenance vendors with
/// their emergency numbers, systems and contract scope, then outside bodies
/// (MHLW, police, PPC, MIST, the insurer's line, …: contacts with an organization).
public struct ContactSheet: Sendable {
    public var profile: FacilityProfile
    public var language: Language
    /// The incident the sheet is printed for, if any (its ID appears at the top).
    public var incidentID: String?
    /// The runbook whose steps call each role (shown beside it), if known.
    public var runbook: Runbook?
    public var printedAt: Date
    /// How the front end that prints says where to enter the calls (the CLI: its commands).
    public var wording: any Wording = PlainWording()

    public init(profile: FacilityProfile, runbook: Runbook?, language: Language, incidentID: String? = nil, printedAt: Date) {
        (self.profile, self.runbook, self.language, self.incidentID, self.printedAt) = (profile, runbook, language, incidentID, printedAt)
    }

    /// `<br><span class="small">手順2・5</span>`: the steps that call `role`.
    func stepsCalling(_ role: String) -> String {
        guard let runbook else { return "" }
        let numbers = runbook.steps.filter { step in
            step.contacts.contains(role) || (Role(role).vendorKey != nil && step.contacts.contains(Role.everyVendor.id))
                || Role(role).principal.map { step.contacts.contains($0.id) } == true
        }.map { String($0.number) }
        guard !numbers.isEmpty else { return "" }
        return "<br><span class=\"small\">" + language.pick(ja: "手順" + numbers.joined(separator: "・"), en: "step " + numbers.joined(separator: ", "))
            + "</span>"
    }

    var timeZone: TimeZone { TimeZone(identifier: profile.facility.timeZone) ?? .facilityDefault }

    public var page: PrintPage {
        let l = language
        let name = profile.facility.name.isEmpty ? l.pick(ja: "（施設名 未記入）", en: "(facility name not filled in)") : profile.facility.name
        return PrintPage(title: l.pick(ja: "緊急連絡先一覧 \(name)", en: "Emergency contacts: \(name)"), language: l, pages: [body(name)])
    }

    public var html: String { page.html }

    func body(_ name: String) -> String {
        let l = language
        let e = PrintPage.escape
        var out = "<h1>\(l.pick(ja: "緊急連絡先一覧", en: "Emergency contacts"))　\(e(name))</h1>\n"
        var meta: [String] = []
        if let phone = profile.facility.phone, PrintPage.text(phone) != nil { meta.append(l.pick(ja: "代表 ", en: "Main line ") + PrintPage.tel(phone)) }
        if let address = PrintPage.text(profile.facility.address) { meta.append(address) }
        if let manager = PrintPage.text(profile.facility.manager) { meta.append(l.pick(ja: "管理者 \(manager)", en: "Manager: \(manager)")) }
        if let incidentID { meta.append(l.pick(ja: "インシデント \(e(incidentID))", en: "Incident \(e(incidentID))")) }
        meta.append(PrintPage.printedLine(printedAt, timeZone, l))
        out += "<p class=\"meta\">\(meta.joined(separator: "　"))</p>\n"
        out +=
            "<p class=\"lead\">"
            + l.pick(
                ja: "電子カルテが開かない・身代金を要求する画面が出たときは、再起動せず、上から順に電話してください。メールや院内チャットは使わないでください。",
                en: "If the EHR will not open or a ransom screen appears: do not restart; call from the top of this list. Do not use e-mail or internal chat.")
            + "</p>\n"

        let inside = ordered(profile.contacts.filter { PrintPage.text($0.organization) == nil })
        let outside = profile.contacts.filter { PrintPage.text($0.organization) != nil }

        out += "<div class=\"section\">\n<h2>\(l.pick(ja: "院内", en: "Inside the clinic"))</h2>\n"
        out +=
            "<table>\n<thead><tr><th style=\"width: 34%\">\(l.pick(ja: "役割", en: "Role"))</th><th>\(l.pick(ja: "氏名", en: "Name"))</th><th>\(l.pick(ja: "電話", en: "Phone"))</th><th>\(l.pick(ja: "携帯", en: "Mobile"))</th><th>\(l.pick(ja: "備考", en: "Notes"))</th></tr></thead><tbody>\n"
        if inside.isEmpty { out += "<tr><td colspan=\"5\">\(PrintPage.missing(l))</td></tr>\n" }
        for c in inside {
            let deputy = Role(c.role).principal?.id != nil
            let label = (deputy ? "└ " : "") + e(Self.roleTitle(c, profile, l)) + stepsCalling(c.role)
            let phone = PrintPage.text(c.phone).map { _ in PrintPage.tel(c.phone!) } ?? ""
            let mobile = PrintPage.text(c.mobile).map { _ in PrintPage.tel(c.mobile!) } ?? ""
            let numbers = phone.isEmpty && mobile.isEmpty ? PrintPage.missing(l) : phone
            out +=
                "<tr\(deputy ? " class=\"deputy\"" : "")><td>\(label)</td><td style=\"white-space: nowrap\">\(PrintPage.text(c.name) ?? "")</td><td>\(numbers)</td><td>\(mobile)</td><td class=\"small\">\(notes(c.hours, c.email, c.note))</td></tr>\n"
        }
        out += "</tbody></table>\n</div>\n"

        out += "<div class=\"section\">\n<h2>\(l.pick(ja: "保守業者（システムの障害・復旧）", en: "Maintenance vendors"))</h2>\n"
        out +=
            "<table>\n<thead><tr><th>\(l.pick(ja: "業者", en: "Vendor"))</th><th>\(l.pick(ja: "担当システム", en: "Systems"))</th><th>\(l.pick(ja: "緊急連絡先", en: "Emergency"))</th><th>\(l.pick(ja: "電話", en: "Phone"))</th><th>\(l.pick(ja: "契約の範囲・受付時間", en: "Contract scope, hours"))</th></tr></thead><tbody>\n"
        if profile.vendors.isEmpty { out += "<tr><td colspan=\"5\">\(PrintPage.missing(l))</td></tr>\n" }
        for v in profile.vendors {
            let who = [PrintPage.text(v.name) ?? e(v.id), PrintPage.text(v.person).map { l.pick(ja: "担当 \($0)", en: "contact: \($0)") }].compactMap { $0 }
                .joined(separator: "<br>")
            let emergency = PrintPage.text(v.emergencyPhone).map { _ in PrintPage.tel(v.emergencyPhone!) }
            let phone = PrintPage.text(v.phone).map { _ in PrintPage.tel(v.phone!) }
            let scope = [
                PrintPage.text(v.contractScope), PrintPage.text(v.hours), PrintPage.email(v.email),
                PrintPage.text(v.remoteAccess).map { l.pick(ja: "リモート保守: \($0)", en: "remote access: \($0)") }, PrintPage.text(v.note),
            ]
            .compactMap { $0 }.joined(separator: "<br>")
            out +=
                "<tr><td>\(who)\(stepsCalling(v.role))</td><td>\(e(v.systems.joined(separator: "、")))</td><td>\(emergency ?? (phone == nil ? PrintPage.missing(l) : ""))</td><td>\(phone ?? "")</td><td class=\"small\">\(scope)</td></tr>\n"
        }
        out += "</tbody></table>\n</div>\n"

        out += "<div class=\"section\">\n<h2>\(l.pick(ja: "院外の機関", en: "Outside bodies"))</h2>\n"
        out +=
            "<table>\n<thead><tr><th style=\"width: 48%\">\(l.pick(ja: "機関・窓口", en: "Body, office"))</th><th>\(l.pick(ja: "電話", en: "Phone"))</th><th>\(l.pick(ja: "受付時間・備考", en: "Hours, notes"))</th></tr></thead><tbody>\n"
        if outside.isEmpty && profile.insurance == nil { out += "<tr><td colspan=\"3\">\(PrintPage.missing(l))</td></tr>\n" }
        for c in outside {
            let org = c.organization?.trimmingCharacters(in: .whitespaces) ?? ""
            let title = Self.roleTitle(c, profile, l)
            var lines: [String] = []
            // The role's name only where the office's own name does not already say it (警察 → 県警 サイバー犯罪相談窓口).
            if title != c.role, !org.hasPrefix(title) { lines.append("<b>\(e(title))</b>") }
            lines.append(e(org))
            if let person = PrintPage.text(c.name) { lines.append(person) }
            // A body reached by e-mail only (MIST publishes a form and an address): the address stands in the phone column.
            let emailOnly = PrintPage.text(c.phone) == nil && PrintPage.text(c.mobile) == nil && PrintPage.text(c.email) != nil
            let reach = emailOnly ? PrintPage.email(c.email)! : PrintPage.phones([c.phone, c.mobile], l)
            out +=
                "<tr><td>\(lines.joined(separator: "<br>"))\(stepsCalling(c.role))</td><td>\(reach)</td><td class=\"small\">\(notes(c.hours, emailOnly ? nil : c.email, c.note))</td></tr>\n"
        }
        // The insurer's incident line (the policy), and MIST even when the profile has no line for it yet.
        if let insurance = profile.insurance, !profile.contacts.contains(where: { $0.role == Role.insurer.id }) {
            var lines = ["<b>\(e(Role.insurer.title(profile: profile, l)))</b>", PrintPage.text(insurance.insurer) ?? PrintPage.missing(l)]
            if let policy = PrintPage.text(insurance.policy) { lines.append(l.pick(ja: "証券番号 \(policy)", en: "policy \(policy)")) }
            var notes = [PrintPage.text(insurance.hours)].compactMap { $0 }
            if let days = insurance.noticeDays {
                notes.append(l.pick(ja: "事故通知: 気づいた日から\(days)日以内", en: "notice within \(days) days of awareness"))
            }
            out +=
                "<tr><td>\(lines.joined(separator: "<br>"))\(stepsCalling(Role.insurer.id))</td><td>\(PrintPage.phones([insurance.phone], l))</td><td class=\"small\">\(notes.joined(separator: "<br>"))</td></tr>\n"
        }
        if !profile.contacts.contains(where: { $0.role == "mist" }) {
            out +=
                "<tr><td><b>MIST</b><br>\(e(l.pick(ja: "医療機関向けセキュリティ教育支援ポータル（厚生労働省の委託事業）", en: "MHLW-commissioned security support portal for medical institutions")))\(stepsCalling("mist"))</td><td>\(PrintPage.missing(l))</td><td class=\"small\">\(e(l.pick(ja: "連絡先を施設プロファイルに記入してください（電話またはメール）", en: "add its contact (phone or e-mail) to the facility profile")))</td></tr>\n"
        }
        out += "</tbody></table>\n</div>\n"
        out +=
            "<p class=\"footer\">"
            + l.pick(
                ja: "番号をタップすると電話をかけられます（スマートフォン）。かけた時刻・相手・結果は紙に書き、後で記録してください",
                en: "Tap a number to call it (on a phone). Write down the time, the person and the result of each call, and record them later")
            + PrintPage.commands([wording.command(.enterCalls, l)], l)
            + l.pick(
                ja: "連絡先が変わったら施設プロファイル（facility.yaml）を直して取り込み、印刷し直してください。",
                en: " When contacts change, edit the facility profile (facility.yaml), import it and print again.") + "</p>\n"
        return out
    }

    /// Each deputy right after its principal, otherwise profile order.
    func ordered(_ contacts: [FacilityProfile.Contact]) -> [FacilityProfile.Contact] {
        var out: [FacilityProfile.Contact] = []
        var placed = Set<Int>()
        for (i, c) in contacts.enumerated() where !placed.contains(i) {
            if let principal = Role(c.role).principal?.id, contacts.contains(where: { $0.role == principal }) { continue }
            out.append(c)
            placed.insert(i)
            for (j, d) in contacts.enumerated() where !placed.contains(j) && Role(d.role).principal?.id == c.role {
                out.append(d)
                placed.insert(j)
            }
        }
        for (i, c) in contacts.enumerated() where !placed.contains(i) { out.append(c) }
        return out
    }

    /// Hours, e-mail and note, one per line; a phone number written in a note
    /// (e.g. the nearest police station's) dials too.
    func notes(_ hours: String?, _ email: String?, _ note: String?) -> String {
        [PrintPage.text(hours).map(PrintPage.linkPhoneNumbers), PrintPage.email(email), PrintPage.text(note).map(PrintPage.linkPhoneNumbers)]
            .compactMap { $0 }.joined(separator: "<br>")
    }

    /// The role as staff know it: the profile's title (in Japanese), else the
    /// built-in label (`security-officer` → 医療情報システム安全管理責任者), else the id.
    static func roleTitle(_ c: FacilityProfile.Contact, _ profile: FacilityProfile?, _ l: Language) -> String {
        let builtIn = Role(c.role).title(profile: profile, l)
        if l == .ja, let title = c.title?.trimmingCharacters(in: .whitespaces), !title.isEmpty { return title }
        if builtIn != c.role { return builtIn }
        if let principal = Role(c.role).principal?.id {
            let base = Role(principal).title(profile: profile, l)
            return l.pick(ja: "\(base)の代理", en: "deputy \(base)")
        }
        return c.title.flatMap { $0.isEmpty ? nil : $0 } ?? c.role
    }
}
