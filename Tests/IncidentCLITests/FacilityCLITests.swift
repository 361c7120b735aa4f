import Foundation
import Testing

/// Profiles for the end-to-end tests (numbers are obviously fake).
enum CLIProfiles {
    static let complete = """
        facility:
          name: テストクリニック
          operator: 医療法人テスト会
          representative: 理事長 高橋
          systems: [電子カルテ, ネットワーク]
        contacts:
          - {role: security-officer, name: 佐藤, mobile: 000-0000-0001}
          - {role: security-officer-deputy, name: 鈴木, phone: 000-0000-0002}
          - {role: director, name: 高橋, phone: 000-0000-0003}
          - {role: office-manager, name: 田中, phone: 000-0000-0004}
          - {role: mhlw, organization: 厚生労働省, phone: 000-0000-0005}
          - {role: police, organization: 県警 サイバー犯罪相談窓口, phone: 000-0000-0006}
          - {role: mist, organization: MIST, phone: 000-0000-0007}
        vendors:
          - {id: emr, name: カルテ社, systems: [電子カルテ], emergencyPhone: 000-0000-0008}
          - {id: net, name: ネット社, systems: [ネットワーク], emergencyPhone: 000-0000-0009}

        """

    static let noPolice = complete.replacingOccurrences(of: "  - {role: police, organization: 県警 サイバー犯罪相談窓口, phone: 000-0000-0006}\n", with: "")
}

@Suite struct FacilityCLITests {
    @Test func initWritesAPrivateSampleAndNeverOverwrites() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        var r = try cli("init")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("incident facility import facility.yaml"))
        let path = cli.directory.appendingPathComponent("facility.yaml").path
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let sample = try String(contentsOfFile: path, encoding: .utf8)
        #expect(sample.contains("特定医薬品開発支援・医療情報担当参事官室"))
        // Again: kept, not overwritten; an explicit --out onto a file is refused.
        try "edited".write(toFile: path, atomically: true, encoding: .utf8)
        r = try cli("init")
        #expect(r.status == 0)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "edited")
        r = try cli("init", "--out", "facility.yaml")
        #expect(r.status == 1)
        #expect(r.stderr.contains("既に存在します"))
        // The untouched sample imports, with warnings.
        r = try cli("init", "--out", "sample2.yaml")
        #expect(r.status == 0)
        r = try cli("facility", "import", "sample2.yaml")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("警告"))
    }

    @Test func importReportsProblemsWithFileAndLine() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let file = try cli.write("bad.yaml", "facility:\n  name: A\ncontacts:\n  - role: director\n    phone: 1\n    fax: 2\n")
        let r = try cli("facility", "import", file)
        #expect(r.status == 1)
        #expect(r.stderr.contains("\(file):4:"))
        #expect(r.stderr.contains("\(file):6:"))
    }

    @Test func missingRoleIsAcceptedWithAWarningAndOpenIncidentsKeepTheirProfile() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        var r = try cli("init", "--facility", try cli.write("p.yaml", CLIProfiles.complete))
        #expect(r.status == 0, "\(r.stderr)")
        #expect(!r.stdout.contains("警告"))
        _ = try cli("declare", "カルテが開かない")
        r = try cli("facility", "import", try cli.write("q.yaml", CLIProfiles.noPolice))
        #expect(r.status == 0)
        #expect(r.stdout.contains("police"))
        #expect(r.stdout.contains("宣言時のプロファイルを使い続けます"))
        // The open incident still calls the police from its own profile.
        r = try cli("contact", "police", "--outcome", "reached")
        #expect(r.status == 0, "\(r.stderr)")
        r = try cli("facility", "show")
        #expect(!r.stdout.contains("サイバー犯罪相談窓口"))
    }

    @Test func doctorExitsOneListingWhatIsMissing() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        var r = try cli("doctor")
        #expect(r.status == 1)
        #expect(r.stdout.contains("施設プロファイルが取り込まれていません"))
        let incomplete = CLIProfiles.noPolice
            .replacingOccurrences(of: "  - {role: security-officer-deputy, name: 鈴木, phone: 000-0000-0002}\n", with: "")
            .replacingOccurrences(of: ", emergencyPhone: 000-0000-0009", with: "")
            .replacingOccurrences(of: "[電子カルテ, ネットワーク]\n", with: "[電子カルテ, ネットワーク, レセコン]\n")
        _ = try cli("facility", "import", try cli.write("p.yaml", incomplete))
        r = try cli("doctor", "--json")
        #expect(r.status == 1)
        let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        #expect(json["ready"] as? Bool == false)
        let codes = Set((json["findings"] as! [[String: Any]]).map { "\($0["code"]!) \($0["subject"]!)" })
        #expect(
            codes == [
                "deputy-missing security-officer-deputy", "role-missing police", "vendor-no-emergency-phone vendor:net",
                "system-no-vendor レセコン",
            ])
        r = try cli("doctor")
        #expect(r.stdout.contains("代理者"))
        _ = try cli("facility", "import", try cli.write("c.yaml", CLIProfiles.complete))
        r = try cli("doctor")
        #expect(r.status == 0)
        #expect(r.stdout.contains("準備よし"))
    }
}

@Suite struct ContactCLITests {
    @Test func statusJSONShowsEachCallState() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        _ = try cli("init", "--facility", try cli.write("p.yaml", CLIProfiles.complete))
        _ = try cli("declare", "カルテが開かない")
        var r = try cli("contact", "security-officer", "--outcome", "no-answer", "--note", "留守電")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("security-officer-deputy"))  // the deputy is named next
        var status = try cli.json("status") as! [String: Any]
        var contacts = status["contacts"] as! [[String: Any]]
        #expect(contacts.map { $0["role"] as! String } == ["security-officer", "security-officer-deputy"])
        #expect(contacts[0]["lastOutcome"] as? String == "no-answer")
        #expect(contacts[0]["state"] as? String == "not-reached")
        #expect(contacts[0]["pending"] as? Bool == true)
        #expect(contacts[0]["phone"] as? String == "000-0000-0001")
        #expect(contacts[0]["name"] as? String == "佐藤")
        #expect(contacts[1]["lastOutcome"] is NSNull)
        #expect(contacts[1]["at"] is NSNull)
        let next = status["nextContact"] as! [String: Any]
        #expect(next["role"] as? String == "security-officer-deputy")
        #expect(next["reason"] as? String == "deputy")
        #expect(next["phone"] as? String == "000-0000-0002")

        r = try cli("status")
        #expect(r.stdout.contains("連絡したがつながらない（応答なし、"))
        #expect(r.stdout.contains("☎ 000-0000-0002"))

        _ = try cli("contact", "security-officer-deputy", "--outcome", "reached")
        status = try cli.json("status") as! [String: Any]
        contacts = status["contacts"] as! [[String: Any]]
        #expect(contacts.map { $0["state"] as! String } == ["covered", "reached"])
        #expect(contacts.allSatisfy { $0["pending"] as? Bool == false })
        #expect(status["nextContact"] == nil)

        r = try cli("status")
        #expect(r.stdout.contains("代理者に連絡済み"))
        r = try cli("contact", "cio", "--outcome", "reached")
        #expect(r.status == 1)
        #expect(r.stderr.contains("security-officer, security-officer-deputy, director"))
        #expect(r.stderr.contains("vendor:emr"))
    }

    @Test func impactsShowInStatusAndTimeline() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        _ = try cli("init", "--facility", try cli.write("p.yaml", CLIProfiles.complete))
        _ = try cli("declare", "カルテが開かない")
        var r = try cli("impact", "電子カルテ", "--status", "down")
        #expect(r.status == 0, "\(r.stderr)")
        _ = try cli("impact", "外来", "--status", "degraded", "--category", "department", "--note", "紙で継続")
        r = try cli("impact", "x", "--status", "down", "--category", "planet")
        #expect(r.status == 64)
        let status = try cli.json("status") as! [String: Any]
        let impacts = status["impacts"] as! [[String: Any]]
        #expect(impacts.map { $0["target"] as! String } == ["電子カルテ", "外来"])
        #expect(impacts[0]["category"] as? String == "system")  // known from the profile
        #expect(impacts[0]["status"] as? String == "down")
        #expect(impacts[1]["note"] as? String == "紙で継続")
        r = try cli("status")
        #expect(r.stdout.contains("停止") && r.stdout.contains("電子カルテ"))
        r = try cli("timeline")
        #expect(r.stdout.contains("現在の影響"))
    }
}
