import Foundation
import Testing

/// `incident checklist` end to end: answering in a store with a profile and no
/// incident, the JSON contract, flags, walk, print, and the readiness log under
/// verify and export.
@Suite struct ChecklistCLITests {
    func prepared() throws -> CLI {
        var cli = try CLI()
        // 2026-11-25 09:00 JST.
        cli.environment["INCIDENT_TEST_NOW"] = "2026-11-25T00:00:00.000Z"
        let profile = try cli.write("facility.yaml", CLIProfiles.complete)
        let r = try cli("facility", "import", profile)
        #expect(r.status == 0, "\(r.stderr)")
        return cli
    }

    @Test func answersAreKeptWithoutAnyIncident() throws {
        let cli = try prepared()
        defer { cli.cleanUp() }
        var r = try cli("checklist", "answer", "2-5", "いいえ", "--note", "退職者IDの棚卸しを予定")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("2-⑤: いいえ（確認日 2026-11-25）"))
        #expect(r.stdout.contains("注意: いいえ なのに目標日がありません"))
        r = try cli("checklist", "answer", "1-①", "yes", "--checked", "2026-11-20")
        #expect(r.status == 0, "\(r.stderr)")
        r = try cli("checklist", "answer", "2-14", "no", "--target", "2026-10-31")
        #expect(r.stdout.contains("目標日を過ぎています"))
        r = try cli("checklist", "answer", "2-②", "記入不要")
        #expect(r.status == 0, "\(r.stderr)")

        let json = try #require(try cli.json("checklist") as? [String: Any])
        #expect(Set(json.keys) == ["items", "answered", "total"])
        #expect(json["answered"] as? Int == 4 && json["total"] as? Int == 19)
        let items = try #require(json["items"] as? [[String: Any]])
        #expect(items.count == 19)
        #expect(items.allSatisfy { Set($0.keys) == ["id", "group", "text", "answer", "checked", "target", "note", "flags"] })
        let byID = Dictionary(uniqueKeysWithValues: items.map { ($0["id"] as! String, $0) })
        #expect(byID["2-⑤"]?["answer"] as? String == "no" && byID["2-⑤"]?["flags"] as? [String] == ["no-target"])
        #expect(byID["2-⑤"]?["note"] as? String == "退職者IDの棚卸しを予定")
        #expect(byID["1-①"]?["checked"] as? String == "2026-11-20" && byID["1-①"]?["group"] as? String == "1")
        #expect(byID["2-⑭"]?["flags"] as? [String] == ["target-passed"] && byID["2-⑭"]?["target"] as? String == "2026-10-31")
        #expect(byID["2-②"]?["answer"] as? String == "na")
        #expect(byID["3-③"]?["answer"] is NSNull && byID["3-③"]?["checked"] is NSNull)

        // No incident appeared.
        r = try cli("list")
        #expect(r.stdout.contains("インシデントはありません"), "\(r.stdout)")
        r = try cli("status")
        #expect(r.status == 1)
        r = try cli("checklist")
        #expect(r.stdout.contains("回答済み 4 / 19 項目"))
        #expect(r.stdout.contains("2-⑤ [いいえ]") && r.stdout.contains("3-③ [未回答]"))
    }

    @Test func badAnswersAreRefusedAndLeaveTheStoreUntouched() throws {
        let cli = try prepared()
        defer { cli.cleanUp() }
        _ = try cli("checklist", "answer", "1-1", "yes")
        let before = try StoreProbe.snapshot(cli.dbPath)
        var r = try cli("checklist", "answer", "3-1", "na")
        #expect(r.status == 1 && r.stderr.contains("項目 3-① は「記入不要」にできません"))
        r = try cli("checklist", "answer", "2-15", "yes")
        #expect(r.status == 1 && r.stderr.contains("チェック項目「2-15」はありません"))
        r = try cli("checklist", "answer", "2-1", "maybe")
        #expect(r.status == 1)
        r = try cli("checklist", "answer", "2-1", "no", "--target", "2027-02-30")
        #expect(r.status == 64)
        r = try cli("checklist", "answer", "2-1", "yes", "--checked", "2026-11-26")
        #expect(r.status == 1 && r.stderr.contains("確認日 2026-11-26 は今日より後です"))
        #expect(try StoreProbe.snapshot(cli.dbPath) == before)
    }

    @Test func walkGoesThroughEveryItem() throws {
        let cli = try prepared()
        defer { cli.cleanUp() }
        // 1-① yes; 2-① no with a target and a note; 2-② a wrong answer, then na; 2-③ skipped; then quit.
        let r = try cli("checklist", "walk", stdin: "y\n\nn\n2027-03-31\n台帳を作成中\nmaybe\nna\n\n\nq\n")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("3 件を記録しました。回答済み 3 / 19"), "\(r.stdout)")
        let json = try #require(try cli.json("checklist") as? [String: Any])
        let items = try #require(json["items"] as? [[String: Any]])
        #expect(items[1]["answer"] as? String == "no" && items[1]["target"] as? String == "2027-03-31" && items[1]["note"] as? String == "台帳を作成中")
        #expect(items[2]["answer"] as? String == "na")
        #expect(items[3]["answer"] is NSNull)
    }

    @Test func printUsesTheMinistrysLayout() throws {
        let cli = try prepared()
        defer { cli.cleanUp() }
        _ = try cli("checklist", "answer", "2-5", "no", "--target", "2027-03-31", "--note", "<script>")
        let r = try cli("checklist", "print", "--out", "checklist.html")
        #expect(r.status == 0, "\(r.stderr)")
        let path = cli.directory.appendingPathComponent("checklist.html").path
        #expect(StoreProbe.mode(path) == 0o600)
        let html = try String(contentsOfFile: path, encoding: .utf8)
        for heading in ["<th>チェック項目</th>", "<th>確認日</th>", "<th>目標日</th>", "<th>備考</th>", "<th>はい・いいえ</th>"] { #expect(html.contains(heading), "\(heading)") }
        #expect(html.contains("テストクリニック") && html.contains("令和7年度版"))
        #expect(html.contains("はい・<b>いいえ</b>") && html.contains("2027-03-31"))
        #expect(!html.contains("<script>") && html.contains("&lt;script&gt;"))
        // Never overwritten.
        #expect(try cli("checklist", "print", "--out", "checklist.html").status == 1)
    }

    @Test func verifyAndExportCoverTheReadinessLog() throws {
        let cli = try prepared()
        defer { cli.cleanUp() }
        _ = try cli("checklist", "answer", "1-1", "yes")
        _ = try cli("checklist", "answer", "2-1", "no", "--target", "2027-03-31")
        _ = try cli("declare", "電子カルテが暗号化された")
        var r = try cli("verify", "--all")
        #expect(r.status == 0 && r.stdout.contains("READINESS: 改ざんなし（2 件"), "\(r.stdout)\(r.stderr)")
        r = try cli("export", "--readiness", "--out", "readiness")
        #expect(r.status == 0, "\(r.stderr)")
        r = try cli("verify", "--bundle", "readiness")
        #expect(r.status == 0, "\(r.stderr)")
        // The current incident is still the declared one.
        #expect(try cli("status").status == 0)

        try StoreProbe.tamper(cli.dbPath, "UPDATE event SET payload = replace(payload, '\"no\"', '\"yes\"') WHERE incident_id = 'READINESS' AND seq = 2")
        r = try cli("verify", "--all")
        #expect(r.status == 3 && r.stderr.contains("平時の準備の記録（READINESS）の 記録番号 2"), "\(r.stderr)")
        // The message sends the user to the readiness log's own acknowledgement (not an incident's).
        #expect(r.stderr.contains("incident verify --acknowledge --readiness --reason"), "\(r.stderr)")
        r = try cli("checklist")
        #expect(r.status == 3)
        r = try cli("checklist", "answer", "3-1", "yes")
        #expect(r.status == 3)
    }

    @Test func aReplacementChecklistFolderIsValidated() throws {
        var cli = try prepared()
        defer { cli.cleanUp() }
        let dir = cli.directory.appendingPathComponent("checklists")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try "id: mhlw-2026\nedition: {ja: 令和8年度版}\n".write(to: dir.appendingPathComponent("mhlw-2026.yaml"), atomically: true, encoding: .utf8)
        var r = try cli("checklist", "--checklists", dir.path)
        #expect(r.status == 1 && r.stderr.contains("mhlw-2026.yaml:2:10:") && r.stderr.contains("mhlw-2026.yaml:1:1:"), "\(r.stderr)")
        cli.environment["INCIDENT_CHECKLISTS"] = dir.path
        r = try cli("checklist", "answer", "1-1", "yes")
        #expect(r.status == 1 && r.stderr.contains("mhlw-2026.yaml:"))
    }
}
