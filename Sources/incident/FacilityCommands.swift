import ArgumentParser
import Foundation
import IncidentKit

struct FacilityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "facility", _superCommandName: IncidentCommand.name,
        abstract: "施設プロファイル（連絡先一覧）の表示・取り込み / show or import the facility profile.",
        discussion: """
            例 / example:
              incident facility show
              incident facility import facility.yaml
            取り込み後に宣言したインシデントから新しいプロファイルを使います。宣言済みのインシデントは宣言時のプロファイルのままです。
            Incidents keep the profile they were declared under; an import applies to later incidents.
            """,
        subcommands: [Show.self, Import.self]
    )

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "プロファイルを表示 / show the current profile (or an incident's with --incident).")
        @OptionGroup var global: GlobalOptions

        func run() throws {
            let profile: FacilityProfile?
            if let id = global.incident {
                let store = try global.store()
                profile = try store.state(of: try store.resolveIncident(id)).profile
            } else {
                profile = try (try? global.store())?.currentProfile()
            }
            guard let profile else { throw IncidentError.noProfile }
            if global.json { return try Console.json(ProfileJSON(profile)) }
            Console.text(ProfileText.render(profile, global.language))
        }
    }

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "プロファイルを取り込む（置き換え） / import a profile, replacing the current one.",
            discussion:
                "問題は ファイル:行:列 で示します。手順書が使う役割が足りなくても取り込み、警告します（`incident doctor`）。 Problems are shown as file:line:column; missing roles are accepted with a warning."
        )
        @OptionGroup var global: GlobalOptions
        @Argument(help: "YAML ファイル / the profile file.") var file: String

        func run() throws {
            try ProfileImport.run(file: file, store: try global.store(create: true), global: global)
        }
    }
}

/// Shared by `facility import` and `init --facility`.
enum ProfileImport {
    struct Result: Encodable {
        var imported: Bool
        var file: String
        var facility: String
        var contacts: Int
        var vendors: Int
        var warnings: [ReadinessFinding]
        /// Open incidents that keep the profile they were declared under.
        var openIncidents: [String]
    }

    static func run(file: String, store: EventStore, global: GlobalOptions) throws {
        let l = global.language
        let profile = try FacilityProfileLoader.load(path: file)
        try store.importProfile(profile)
        let runbook = try? global.catalog.runbook(named: RunbookCatalog.defaultName)
        let warnings = runbook.map { Readiness.check(profile: profile, runbook: $0) } ?? []
        let open = try store.incidents().filter(\.isOpen).map(\.id)
        if global.json {
            return try Console.json(
                Result(
                    imported: true, file: file, facility: profile.facility.name, contacts: profile.contacts.count,
                    vendors: profile.vendors.count, warnings: warnings, openIncidents: open))
        }
        let name = profile.facility.name.isEmpty ? l.pick(ja: "（名称未記入）", en: "(no name)") : profile.facility.name
        Console.line(
            l.pick(
                ja: "施設プロファイルを取り込みました: \(name)（連絡先 \(profile.contacts.count)、保守業者 \(profile.vendors.count)）",
                en: "Imported the facility profile: \(name) (\(profile.contacts.count) contacts, \(profile.vendors.count) vendors)"))
        if !open.isEmpty {
            Console.line(
                l.pick(
                    ja: "対応中のインシデント（\(open.joined(separator: ", "))）は宣言時のプロファイルを使い続けます。新しいプロファイルはこれから宣言するインシデントに使われます。",
                    en:
                        "Open incidents (\(open.joined(separator: ", "))) keep the profile they were declared under; the new one applies to incidents declared from now on."
                ))
        }
        if !warnings.isEmpty {
            // Missing roles are named here; the many blank fields of a fresh sample are counted (doctor lists them).
            let roles = warnings.filter { $0.code == .roleMissing || $0.code == .deputyMissing || $0.code == .noVendors }
            Console.line()
            Console.line(l.pick(ja: "警告 — 取り込みましたが、足りないものが \(warnings.count) 件あります:", en: "Warning — imported, but \(warnings.count) things are missing:"))
            for w in roles { Findings.print(w, l) }
            if warnings.count > roles.count {
                Console.line(
                    l.pick(
                        ja: "  ・ほかに未記入の項目が \(warnings.count - roles.count) 件（電話番号・氏名・業者など）。一覧は `incident doctor`。",
                        en: "  ・\(warnings.count - roles.count) more blank fields (phones, names, vendors); `incident doctor` lists them."))
            }
            Console.line(
                l.pick(
                    ja: "記入したら、もう一度 `incident facility import \(file)` を実行してください。",
                    en: "When filled in, run `incident facility import \(file)` again."))
        }
    }
}

enum Findings {
    /// `  ・message`, wrapped to the terminal's width.
    static func print(_ f: ReadinessFinding, _ l: Language) {
        for (i, line) in TerminalText.wrap(f.message(l), columns: Console.columns - 6).enumerated() {
            Console.line((i == 0 ? "  ・" : "    ") + line)
        }
    }
}

/// `facility show --json`.
struct ProfileJSON: Encodable {
    var facility: FacilityProfile.Facility
    var contacts: [FacilityProfile.Contact]
    var vendors: [FacilityProfile.Vendor]
    init(_ p: FacilityProfile) { (facility, contacts, vendors) = (p.facility, p.contacts, p.vendors) }
}

/// The profile as a printable contact sheet.
enum ProfileText {
    static func render(_ p: FacilityProfile, _ l: Language) -> String {
        let blank = l.pick(ja: "（未記入）", en: "(empty)")
        var out = ""
        let f = p.facility
        out += l.pick(ja: "施設: ", en: "Facility: ") + (f.name.isEmpty ? blank : f.name) + "\n"
        if let a = f.address { out += l.pick(ja: "  所在地: ", en: "  Address: ") + a + "\n" }
        if let m = f.manager { out += l.pick(ja: "  管理者: ", en: "  Manager: ") + m + "\n" }
        if let ph = f.phone { out += l.pick(ja: "  電話: ", en: "  Phone: ") + ph + "\n" }
        out += l.pick(ja: "  時間帯: ", en: "  Time zone: ") + f.timeZone + "\n"
        if !f.systems.isEmpty { out += l.pick(ja: "  システム: ", en: "  Systems: ") + f.systems.joined(separator: ", ") + "\n" }
        out += "\n" + l.pick(ja: "連絡先:\n", en: "Contacts:\n")
        for c in p.contacts {
            let who = [c.title, c.name, c.organization].compactMap { $0 }.joined(separator: " ")
            out += "  \(TerminalText.pad(c.role, to: 24)) \(who.isEmpty ? blank : who)\n"
            let numbers = [c.phone, c.mobile.map { l.pick(ja: "携帯 \($0)", en: "mobile \($0)") }].compactMap { $0 }
            out += "      ☎ \(numbers.isEmpty ? blank : numbers.joined(separator: "  "))" + (c.email.map { "  ✉ \($0)" } ?? "") + "\n"
            if let h = c.hours { out += l.pick(ja: "      受付時間: ", en: "      Hours: ") + h + "\n" }
            if let n = c.note { out += "      " + n + "\n" }
        }
        if !p.vendors.isEmpty {
            out += "\n" + l.pick(ja: "保守業者:\n", en: "Vendors:\n")
            for v in p.vendors {
                out += "  \(TerminalText.pad(v.role, to: 24)) \(v.name.isEmpty ? blank : v.name)  [\(v.systems.joined(separator: ", "))]\n"
                out +=
                    l.pick(ja: "      緊急 ☎ \(v.emergencyPhone ?? blank)", en: "      Emergency ☎ \(v.emergencyPhone ?? blank)")
                    + (v.phone.map { l.pick(ja: "  通常 \($0)", en: "  office \($0)") } ?? "")
                    + (v.person.map { l.pick(ja: "  担当 \($0)", en: "  engineer \($0)") } ?? "") + "\n"
                if let s = v.contractScope { out += l.pick(ja: "      契約範囲: ", en: "      Contract: ") + s + "\n" }
                if let h = v.hours { out += l.pick(ja: "      受付時間: ", en: "      Hours: ") + h + "\n" }
                if let r = v.remoteAccess { out += l.pick(ja: "      リモート保守回線: ", en: "      Remote access: ") + r + "\n" }
            }
        }
        return out
    }
}
