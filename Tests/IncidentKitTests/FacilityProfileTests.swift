import Foundation
import Testing

@testable import IncidentKit

/// Profiles shared by the facility tests. Numbers are obviously fake (000-…).
enum ProfileFixtures {
    static let complete = """
        facility:
          name: テストクリニック
          operator: 医療法人テスト会
          representative: 理事長 高橋
          timeZone: Asia/Tokyo
          systems: [電子カルテ, ネットワーク]
        contacts:
          - role: security-officer
            name: 佐藤
            mobile: 000-0000-0001
          - role: security-officer-deputy
            name: 鈴木
            phone: 000-0000-0002
          - role: director
            name: 高橋
            phone: 000-0000-0003
          - role: office-manager
            name: 田中
            phone: 000-0000-0004
          - role: mhlw
            organization: 厚生労働省 医政局 特定医薬品開発支援・医療情報担当参事官室
            phone: 000-0000-0005
          - role: police
            organization: 県警 サイバー犯罪相談窓口
            phone: 000-0000-0006
          - role: mist
            organization: MIST
            phone: 000-0000-0007
        vendors:
          - id: emr
            name: カルテ社
            systems: [電子カルテ]
            emergencyPhone: 000-0000-0008
          - id: net
            name: ネット社
            systems: [ネットワーク]
            emergencyPhone: 000-0000-0009

        """

    /// No deputy, no police, a director without a phone, a vendor without an
    /// emergency number, and PACS with no vendor.
    static let incomplete = """
        facility:
          name: 未完成クリニック
          operator: 医療法人未完成会
          representative: 理事長 佐藤
          systems: [電子カルテ, PACS]
        contacts:
          - role: security-officer
            name: 佐藤
            phone: 000-0000-0001
          - role: director
            name: 高橋
          - role: office-manager
            name: 田中
            phone: 000-0000-0004
          - role: mhlw
            organization: 厚生労働省
            phone: 000-0000-0005
          - role: mist
            organization: MIST
            phone: 000-0000-0007
        vendors:
          - id: emr
            name: カルテ社
            systems: [電子カルテ]
            phone: 000-0000-0008

        """
}

@Suite struct FacilityProfileTests {
    /// `backup.maxAgeDays`: how old the newest copy of the store may get before a warning.
    @Test func copyAgeLimitsDefaultTo30And1AndAreReadFromTheProfile() throws {
        let sample = try FacilityProfileLoader.load(text: FacilityProfile.sampleText, file: "facility-sample.yaml")
        #expect(sample.backup == nil)
        #expect(sample.copyAgeLimits.peacetime == 30 && sample.copyAgeLimits.incident == 1)
        let set = try FacilityProfileLoader.load(
            text: ProfileFixtures.complete + "backup:\n  maxAgeDays:\n    peacetime: 7\n    incident: 2\n", file: "p.yaml")
        #expect(set.copyAgeLimits.peacetime == 7 && set.copyAgeLimits.incident == 2)
        // One of the two given: the other keeps its default.
        let one = try FacilityProfileLoader.load(text: ProfileFixtures.complete + "backup:\n  maxAgeDays:\n    incident: 3\n", file: "p.yaml")
        #expect(one.copyAgeLimits.peacetime == 30 && one.copyAgeLimits.incident == 3)
    }

    @Test(arguments: ["0", "-1", "三十", "1.5", "3651"])
    func aBadCopyAgeLimitNamesFieldFileAndLine(_ value: String) throws {
        let lines = ProfileFixtures.complete.split(separator: "\n", omittingEmptySubsequences: false).count
        let text = ProfileFixtures.complete + "backup:\n  maxAgeDays:\n    peacetime: 30\n    incident: \(value)\n"
        #expect {
            try FacilityProfileLoader.load(text: text, file: "facility.yaml")
        } throws: { error in
            guard case IncidentError.invalidFile(let problems) = error, let p = problems.first else { return false }
            return problems.count == 1 && p.file == "facility.yaml" && p.line == lines + 3 && p.message.en.contains("backup.maxAgeDays.incident")
                && p.message.ja.contains("backup.maxAgeDays.incident")
        }
    }

    @Test func anUnknownCopyAgeKeyIsRefused() throws {
        let text = ProfileFixtures.complete + "backup:\n  maxAgeDays:\n    holiday: 3\n"
        #expect {
            try FacilityProfileLoader.load(text: text, file: "facility.yaml")
        } throws: { error in
            guard case IncidentError.invalidFile(let problems) = error else { return false }
            return problems.contains { $0.message.en.contains("holiday") && $0.message.en.contains("backup.maxAgeDays") }
        }
    }

    @Test func sampleProfileParsesWithEveryRoleAndNoNumbers() throws {
        let p = try FacilityProfileLoader.load(text: FacilityProfile.sampleText, file: "facility-sample.yaml")
        for role in ["security-officer", "security-officer-deputy", "director", "office-manager", "mhlw", "police", "ppc", "mist"] {
            #expect(!p.contacts(for: role).isEmpty, "sample lacks \(role)")
        }
        #expect(p.facility.name.isEmpty)
        #expect(p.facility.systems == ["電子カルテ", "レセコン", "ネットワーク", "PACS", "オンライン資格確認端末"])
        #expect(p.vendors.map(\.id) == ["emr", "receipt", "network", "pacs", "onshi"])
        // Never invent numbers: every phone is a placeholder.
        #expect(p.contacts.allSatisfy { $0.phone == nil && $0.mobile == nil })
        #expect(p.vendors.allSatisfy { $0.emergencyPhone == nil && $0.phone == nil })
        #expect(p.contacts(for: "mhlw").first?.organization?.contains("特定医薬品開発支援・医療情報担当参事官室") == true)
        #expect(p.contacts(for: "police").first?.organization?.contains("サイバー犯罪相談窓口") == true)
        // Every role the default runbook calls is in the sample.
        let runbook = try RunbookCatalog().runbook(named: "initial-response")
        let findings = Readiness.check(profile: p, runbook: runbook)
        #expect(!findings.contains { $0.code == .roleMissing || $0.code == .deputyMissing || $0.code == .systemNoVendor })
    }

    @Test(arguments: [
        // (yaml, line of the problem, a word of the message)
        ("facility:\n  name: A\n  fax: 1\n", 3, "fax"),
        ("facility:\n  name: A\n  timeZone: Mars/Base\n", 3, "Mars/Base"),
        ("facility:\n  name: A\ncontacts:\n  - role: Security Officer\n    name: X\n", 4, "Security Officer"),
        ("facility:\n  name: A\ncontacts:\n  - role: director\n    phone: 1\n", 4, "director"),
        ("facility:\n  name: A\nvendors:\n  - id: a\n    name: X\n  - id: a\n    name: Y\n", 6, "a"),
        ("facility:\n  name: A\nvendors:\n  - name: X\n", 4, "id"),
        ("facility:\n  name: [A\n", 3, "YAML"),
        ("contacts: []\n", 1, "facility"),
        ("facility:\n  name: A\n  systems: 電子カルテ\n", 3, "systems"),
    ])
    func everyProblemHasItsLine(yaml: String, line: Int, word: String) {
        #expect {
            _ = try FacilityProfileLoader.load(text: yaml, file: "f.yaml")
        } throws: { error in
            guard case IncidentError.invalidFile(let problems) = error, let first = problems.first else { return false }
            return first.file == "f.yaml" && first.line == line && problems.contains { $0.message.en.contains(word) || $0.message.ja.contains(word) }
        }
    }

    @Test func vendorRolesResolveByIdOrName() throws {
        let p = try FacilityProfileLoader.load(text: ProfileFixtures.complete, file: "p.yaml")
        #expect(p.canonicalRole("vendor:emr") == "vendor:emr")
        #expect(p.canonicalRole("vendor:ネット社") == "vendor:net")
        #expect(p.canonicalRole("vendors") == nil)
        // Roles the runbook and the drafts name are always accepted (one vocabulary); unknown ones are not.
        #expect(p.canonicalRole("ppc") == "ppc")
        #expect(p.canonicalRole("cio") == nil)
        #expect(p.roles.last == "vendor:net")
    }

    @Test func doctorFindsEachGapOfAnIncompleteProfile() throws {
        let p = try FacilityProfileLoader.load(text: ProfileFixtures.incomplete, file: "p.yaml")
        let runbook = try RunbookCatalog().runbook(named: "initial-response")
        let findings = Readiness.check(profile: p, runbook: runbook)
        let pairs = Set(findings.map { "\($0.code.rawValue) \($0.subject)" })
        #expect(
            pairs == [
                "deputy-missing security-officer-deputy", "contact-no-phone director", "role-missing police",
                "vendor-no-emergency-phone vendor:emr", "system-no-vendor PACS",
            ])
        let complete = try FacilityProfileLoader.load(text: ProfileFixtures.complete, file: "p.yaml")
        #expect(Readiness.check(profile: complete, runbook: runbook).isEmpty)
        #expect(Readiness.check(profile: nil, runbook: runbook).map(\.code) == [.noProfile])
    }
}

@Suite struct ContactPlanTests {
    let profile = try! FacilityProfileLoader.load(text: ProfileFixtures.complete, file: "p.yaml")
    let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    func record(_ role: String, _ outcome: EventBody.Contact.Outcome, minute: Int, seq: Int64) -> IncidentState.Record<EventBody.Contact> {
        .init(value: .init(role: role, outcome: outcome), at: t0.addingTimeInterval(Double(minute * 60)), seq: seq, actor: "a")
    }

    @Test func firstCallIsThePrincipalAndTheDeputyWaits() {
        let plan = ContactPlan(roles: ["security-officer"], profile: profile, contacts: [:])
        #expect(plan.entries.map(\.role) == ["security-officer", "security-officer-deputy"])
        #expect(plan.entries.map(\.status) == [.notContacted, .standby])
        #expect(plan.next?.role == "security-officer")
        #expect(plan.next?.phones == ["000-0000-0001"])
        #expect(plan.reason == .first)
    }

    @Test func noAnswerMovesToTheDeputy() {
        let plan = ContactPlan(
            roles: ["security-officer"], profile: profile, contacts: ContactSummary.byRole([record("security-officer", .noAnswer, minute: 1, seq: 2)]))
        #expect(plan.entries.map(\.status) == [.notReached, .notContacted])
        #expect(plan.next?.role == "security-officer-deputy")
        #expect(plan.reason == .deputy(principal: "security-officer"))
        #expect(plan.nextText(.ja)?.contains("000-0000-0002") == true)
        // The deputy is named as such once, not 「代理の 安全管理責任者の代理」.
        for text in [plan.nextText(.ja), plan.nextText(.ja, record: nil)] {
            #expect(text?.components(separatedBy: "代理").count == 2, "\(text ?? "")")
        }
        #expect(plan.nextText(.en)?.contains("deputy deputy") == false)
        #expect(plan.nextText(.en)?.contains("Call the deputy") == false)
    }

    @Test func reachedPrincipalMakesTheDeputyUnneeded() {
        let plan = ContactPlan(
            roles: ["security-officer", "security-officer-deputy", "director"], profile: profile,
            contacts: ContactSummary.byRole([record("security-officer", .reached, minute: 1, seq: 2)]))
        #expect(plan.entries.map(\.status) == [.reached, .notNeeded, .notContacted])
        #expect(plan.next?.role == "director")
    }

    @Test func reachedDeputyCoversThePrincipal() {
        let plan = ContactPlan(
            roles: ["security-officer"], profile: profile,
            contacts: ContactSummary.byRole([
                record("security-officer", .noAnswer, minute: 1, seq: 2), record("security-officer-deputy", .reached, minute: 2, seq: 3),
            ]))
        #expect(plan.entries.map(\.status) == [.covered, .reached])
        #expect(plan.isComplete)
        #expect(plan.next == nil)
    }

    @Test func vendorsAreCalledInOrderThenRetried() {
        var plan = ContactPlan(roles: ["vendors"], profile: profile, contacts: ContactSummary.byRole([record("vendor:emr", .noAnswer, minute: 1, seq: 2)]))
        #expect(plan.entries.map(\.role) == ["vendor:emr", "vendor:net"])
        #expect(plan.next?.role == "vendor:net")
        #expect(plan.reason == .nextInOrder(previous: "vendor:emr"))
        plan = ContactPlan(
            roles: ["vendors"], profile: profile,
            contacts: ContactSummary.byRole([record("vendor:emr", .noAnswer, minute: 1, seq: 2), record("vendor:net", .messageLeft, minute: 2, seq: 3)]))
        #expect(plan.next?.role == "vendor:emr")
        #expect(plan.reason == .retry)
        let text = ContactPlan.statusText(plan.entries[0], now: t0.addingTimeInterval(600), timeZone: .facilityDefault, .ja)
        #expect(text.contains("連絡したがつながらない") && text.contains("9分前"))
    }

    @Test func unknownRoleListsTheProfileRoles() {
        #expect(throws: IncidentError.unknownRole("cio", available: profile.roles)) {
            _ = try ContactPlan.callee("cio", profile: profile)
        }
        #expect((try? ContactPlan.callee("vendor:カルテ社", profile: profile))?.role == "vendor:emr")
    }
}

@Suite struct ImpactPictureTests {
    @Test func latestStatusWinsAndDownComesFirst() {
        let t0 = Date(timeIntervalSince1970: 1_800_000_000)
        func r(_ target: String, _ s: EventBody.Impact.Status, _ m: Int, _ seq: Int64) -> IncidentState.Record<EventBody.Impact> {
            .init(value: .init(target: target, category: "system", status: s), at: t0.addingTimeInterval(Double(m * 60)), seq: seq, actor: "a")
        }
        let p = ImpactPicture(records: [
            r("電子カルテ", .down, 0, 2), r("レセコン", .degraded, 5, 3), r("電子カルテ", .down, 7, 4), r("レセコン", .restored, 9, 5),
            r("PACS", .down, 10, 6),
        ])
        #expect(p.items.map(\.target) == ["電子カルテ", "PACS", "レセコン"])
        #expect(p.items[0].since == t0)  // still down since the first report
        #expect(p.items[2].since == t0.addingTimeInterval(540))
        #expect(p.items[2].firstAt == t0.addingTimeInterval(300))
        #expect(p.affected.count == 2)
    }
}

@Suite struct RoleTests {
    @Test(arguments: [
        ("security-officer", true), ("a", true), ("a1-b2-c3", true), ("director", true),
        ("", false), ("-a", false), ("a-", false), ("a--b", false), ("Security", false), ("a_b", false), ("a b", false), ("責任者", false),
    ])
    func kebabIdentifiers(text: String, valid: Bool) {
        #expect(Role.isKebabIdentifier(text) == valid)
        // The same answer as the pattern it replaces.
        #expect((text.wholeMatch(of: /^[a-z0-9]+(-[a-z0-9]+)*$/) != nil) == valid)
    }

    @Test func forms() {
        #expect(Role("security-officer-deputy").principal == Role("security-officer"))
        #expect(Role("security-officer").deputy.id == "security-officer-deputy")
        #expect(Role("vendor:emr").vendorKey == "emr")
        #expect(Role.vendor("net").id == "vendor:net")
        #expect(Role(" vendors ").isEveryVendor)
        #expect(Role("vendor:電子カルテ").isWellFormed)
        #expect(!Role("vendor:").isWellFormed)
        #expect(Role("security-officer").title(profile: nil, .ja) == "医療情報システム安全管理責任者")
        #expect(Role("lab-manager-deputy").title(profile: nil, .en) == "lab-manager (deputy)")
    }
}

/// Text from a profile is checked like notes, with file:line:column: control
/// characters anywhere; invisible characters and line breaks in single-line fields.
@Suite struct ProfileTextRulesTests {
    static let base = "facility:\n  name: テストクリニック\ncontacts:\n  - role: director\n    name: NAME\n    phone: 000-0000-0003\n"

    @Test(arguments: [
        ("\u{1B}]0;owned\u{07}高橋", "U+001B"),
        ("高橋\r090-6666-6666", "U+000D"),
        ("高\u{0}橋", "U+0000"),
        ("\u{202E}橋高", "U+202E"),
        ("高\u{200B}橋", "U+200B"),
        ("高橋\u{2028}様", "U+2028"),
    ])
    func forbiddenCharacterIsNamedWithItsPosition(name: String, code: String) throws {
        // A double-quoted YAML string with every non-ASCII character escaped, as an editor could save it.
        let quoted = name.unicodeScalars.map { s in (0x20...0x7E).contains(s.value) ? String(s) : String(format: "\\u%04X", s.value) }.joined()
        let yaml = Self.base.replacingOccurrences(of: "NAME", with: "\"" + quoted + "\"")
        let error = #expect(throws: IncidentError.self) { try FacilityProfileLoader.load(text: yaml, file: "facility.yaml") }
        guard case .invalidFile(let problems)? = error else {
            Issue.record("\(String(describing: error))")
            return
        }
        // Line 5: `    name: "…"`.
        let named = problems.first { $0.formatted(.en).contains(code) }
        #expect(named?.file == "facility.yaml" && named?.line == 5, "\(problems)")
        // Column 12 is the first character of the value; counted in characters of the value.
        let position =
            name.unicodeScalars.firstIndex { TextRules.code($0) == code }.map { name.unicodeScalars.distance(from: name.unicodeScalars.startIndex, to: $0) }
            ?? -1
        #expect(named?.column == 12 + position, "\(problems)")
    }

    @Test func aHugePhoneFieldIsRefused() throws {
        let yaml = Self.base.replacingOccurrences(of: "000-0000-0003", with: String(repeating: "0", count: 200_000))
        #expect(throws: IncidentError.self) { try FacilityProfileLoader.load(text: yaml, file: "facility.yaml") }
    }

    @Test func invisibleCharactersAreShownWhenDisplayed() {
        #expect(TextRules.visible("請求\u{202E}fdp.exe") == "請求<U+202E>fdp.exe")
        #expect(TextRules.visible("改行\nとタブ\tはそのまま") == "改行\nとタブ\tはそのまま")
    }
}

/// Outside helpers some clinics have (the cyber-insurer's line, MIST) are called
/// in step 4 only when the profile names them, and are never a gap otherwise.
@Suite struct IfOnFileContactTests {
    static let step4 = Fixture.runbook.steps[3]

    static func profile(insurancePhone: String?, mist: Bool) throws -> FacilityProfile {
        var text = """
            facility:
              name: テスト医院
            contacts:
              - role: security-officer
                name: 佐藤
                phone: 000-0000-0001
            vendors:
              - id: emr
                name: カルテ社
                systems: [電子カルテ]
                emergencyPhone: 000-0000-0008

            """
        if mist { text = text.replacingOccurrences(of: "vendors:", with: "  - role: mist\n    organization: MIST\n    phone: 000-0000-0007\nvendors:") }
        if let insurancePhone { text += "insurance:\n  insurer: テスト保険\n  phone: \(insurancePhone)\n  noticeDays: 30\n" }
        return try FacilityProfileLoader.load(text: text, file: "p.yaml")
    }

    @Test func theRunbookMarksThemAndTheLoaderReadsTheMark() {
        #expect(Self.step4.contacts == ["vendors", "insurer", "mist", "jma"])
        #expect(Self.step4.ifOnFile == ["insurer", "mist", "jma"])
    }

    @Test func calledAfterTheVendorsOnlyWhenOnFile() throws {
        let none = try Self.profile(insurancePhone: nil, mist: false)
        #expect(Self.step4.callees(profile: none) == ["vendors"])
        let both = try Self.profile(insurancePhone: "0120-000-000", mist: true)
        #expect(Self.step4.callees(profile: both) == ["vendors", "insurer", "mist"])
        let plan = ContactPlan(roles: Self.step4.callees(profile: both), profile: both, contacts: [:])
        #expect(plan.entries.map(\.role) == ["vendor:emr", "insurer", "mist"])
        #expect(plan.entries[1].phones == ["0120-000-000"])
        #expect(Role.insurer.title(profile: both, .ja) == "サイバー保険の事故受付窓口")
        // The vendor not reached: the insurer's line is offered next, in words.
        let tried = ContactPlan(
            roles: Self.step4.callees(profile: both), profile: both,
            contacts: ContactSummary.byRole([.init(value: .init(role: "vendor:emr", outcome: .noAnswer), at: Fixture.t0, seq: 2, actor: "a")]))
        #expect(tried.next?.role == "insurer")
        #expect(tried.nextText(.ja, record: nil)?.contains("カルテ社 に連絡がつきません") == true)
    }

    @Test func neverAGapWhenAbsent() throws {
        let none = try Self.profile(insurancePhone: nil, mist: false)
        let findings = Readiness.check(profile: none, runbook: Fixture.runbook)
        #expect(!findings.contains { $0.subject == "insurer" })
        // MIST stays required where step 5 lists it plainly.
        #expect(findings.contains { $0.subject == "mist" })
    }
}
