import Foundation
import Testing

/// Step 7 end to end (issue #23), run as a clinic would on a driven clock:
/// recovery stages with the evidence gate, paper records, measures, evidence,
/// decisions, costs in an Excel CSV, the management report, and the close.
@Suite struct RecoveryCLITests {
    /// A CLI whose clock reads 2026-11-25 08:50 in Tokyo plus `minutes`.
    static func at(_ cli: CLI, _ minutes: Double) -> CLI { DrillTests.at(cli, minutes * 60) }

    @discardableResult
    static func ok(_ cli: CLI, _ minutes: Double, _ args: String...) throws -> CLI.Result {
        let r = try at(cli, minutes).run(args)
        #expect(r.status == 0, "\(args): \(r.stderr)")
        return r
    }

    /// Terminal text with its wrapping undone (a line break and the indent after it).
    static func flat(_ text: String) -> String { text.replacing(/\n +/, with: "") }

    static func status(_ cli: CLI, _ minutes: Double) throws -> [String: Any] {
        let r = try at(cli, minutes).run(["status", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    }

    /// A real incident declared at 08:50 (no profile), its first-hour calls made by 08:54.
    static func declared() throws -> CLI {
        let cli = try CLI()
        try ok(cli, 0, "declare", "電子カルテが開かない・身代金要求画面")
        for role in ["security-officer", "director", "office-manager", "mhlw"] { try ok(cli, 4, "contact", role, "--outcome", "reached") }
        return cli
    }

    @Test func theEvidenceGateRefusesARestoreUntilEvidenceIsRegistered() throws {
        let cli = try Self.declared()
        defer { cli.cleanUp() }
        var r = try Self.ok(cli, 5, "recover", "電子カルテ", "--stage", "isolated")
        #expect(r.stdout.contains("[復旧] 電子カルテ: 隔離"))
        #expect(Self.flat(r.stdout).contains("次にすること: 「電子カルテ」の復旧: 現在は「隔離」です。"))
        #expect(Self.flat(r.stdout).contains("`incident recover \"電子カルテ\" --stage investigated`"))
        r = try Self.at(cli, 10).run(["recover", "電子カルテ", "--stage", "restored", "--backup", "12/03 夜間分"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("「電子カルテ」の証拠がまだ登録されていないため、「データ復元」に進めません。"))
        #expect(r.stderr.contains("`incident evidence add \"電子カルテ\""))
        #expect(r.stderr.contains("`--without-evidence \"理由\"`"))
        let image = try cli.write("emr.img", "abc")
        try Self.ok(cli, 12, "evidence", "add", "電子カルテ", "サーバのディスクイメージ", "--file", image, "--kept-at", "院長室金庫")
        try Self.ok(cli, 15, "recover", "電子カルテ", "--stage", "restored", "--backup", "12/03 夜間分", "--offline")
        // Going on without evidence is recorded as the actor's decision, with the reason.
        r = try Self.ok(cli, 16, "recover", "レセコン", "--stage", "rebuilt", "--without-evidence", "業者がログを保全済み", "--by", "院長 佐藤")
        #expect(Self.flat(r.stdout).contains("証拠の登録なしで実施（理由: 業者がログを保全済み）") && Self.flat(r.stdout).contains("記録者: 院長 佐藤"))
        let list = try Self.at(cli, 17).run(["evidence", "list", "--json"])
        let items = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
        #expect(items.count == 1)
        #expect(items[0]["sha256"] as? String == RecoveryServiceTestsDigest.abc)
        #expect(items[0]["bytes"] as? Int == 3)
        #expect(items[0]["keptAt"] as? String == "院長室金庫")
        #expect(items[0]["by"] as? String == "山田")
        // English timeline words the new kinds.
        let en = try Self.ok(cli, 18, "timeline", "--lang", "en")
        #expect(en.stdout.contains("電子カルテ: restored (backup 12/03 夜間分, kept offline)"))
        #expect(en.stdout.contains("evidence for 電子カルテ: サーバのディスクイメージ"))
        // The police memo lists the evidence with its hash; the bundle carries the register.
        let police = try Self.ok(cli, 19, "report", "police")
        #expect(police.stdout.contains("SHA-256 \(RecoveryServiceTestsDigest.abc)"))
        try Self.ok(cli, 20, "export", "--out", cli.directory.appendingPathComponent("bundle").path)
        let register = try String(contentsOf: cli.directory.appendingPathComponent("bundle/evidence.md"), encoding: .utf8)
        #expect(register.contains("| 電子カルテ | サーバのディスクイメージ |") && register.contains(RecoveryServiceTestsDigest.abc))
        try Self.ok(cli, 21, "verify", "--bundle", cli.directory.appendingPathComponent("bundle").path)
    }

    @Test func statusJSONNextActionsAndTheCloseThatWaitsForRecovery() throws {
        let cli = try Self.declared()
        defer { cli.cleanUp() }
        try Self.ok(cli, 5, "recover", "電子カルテ", "--stage", "isolated")
        var json = try Self.status(cli, 6)
        var next = try #require(json["nextAction"] as? [String: Any])
        #expect(next["action"] as? String == "recover" && next["system"] as? String == "電子カルテ")
        try Self.ok(cli, 30, "recover", "電子カルテ", "--stage", "in-use", "--without-evidence", "読み取り専用で再開（復元なし）")
        try Self.ok(cli, 31, "reentry", "外来", "--pending", "120")
        var r = try Self.at(cli, 32).run(["reentry", "外来", "--entered", "121"])
        #expect(r.status == 1 && r.stderr.contains("外来 で入力を待っている紙の記録は 120 件です。"))
        try Self.ok(cli, 33, "reentry", "外来", "--entered", "40")
        r = try Self.at(cli, 33).run(["reentry", "外来", "--entered", "1", "--pending", "3"])
        #expect(r.status == 64)
        json = try Self.status(cli, 34)
        next = try #require(json["nextAction"] as? [String: Any])
        #expect(next["action"] as? String == "enterRecords" && next["department"] as? String == "外来")
        try Self.ok(cli, 35, "measure", "add", "保守用VPN装置の更新と多要素認証", "--owner", "田中", "--due", "2026/12/20")
        r = try Self.at(cli, 35).run(["measure", "add", "x", "--owner", "田中", "--due", "来週"])
        #expect(r.status == 64)
        json = try Self.status(cli, 36)
        let recovery = try #require(json["recovery"] as? [String: Any])
        #expect(recovery["reentryPending"] as? Int == 80)
        #expect(recovery["measuresOpen"] as? Int == 1)
        let system = try #require((recovery["systems"] as? [[String: Any]])?.first)
        #expect(Set(["name", "stage", "priority", "target", "since"]).isSubset(of: Set(system.keys)))
        #expect(system["stage"] as? String == "in-use" && system["since"] as? String == "2026-11-25T09:20:00+09:00")
        // 2026-11-25 to 2026-12-20: 25 days.
        #expect((recovery["measures"] as? [[String: Any]])?.first?["daysLeft"] as? Int == 25)
        // The close lists what remains and refuses.
        r = try Self.at(cli, 40).run(["close"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("まだ終了できません。残っていること:"))
        #expect(r.stderr.contains("未入力の紙の記録: 外来 80件"))
        #expect(r.stderr.contains("未完了の再発防止策: #1"))
        #expect(r.stderr.contains("`incident close --force --reason \"理由\"`"))
        #expect(!r.stderr.contains("利用再開していないシステム"))
        try Self.ok(cli, 41, "reentry", "外来", "--entered", "80")
        try Self.ok(cli, 42, "measure", "done", "1")
        r = try Self.at(cli, 43).run(["measure", "done", "1"])
        #expect(r.status == 1 && r.stderr.contains("再発防止策 #1 は既に完了しています。"))
        // Only the runbook's steps are left now: the refusal names them, and a forced close with a reason goes.
        r = try Self.at(cli, 44).run(["close"])
        #expect(r.status == 1 && r.stderr.contains("必須の手順が終わっていません"))
        try Self.ok(cli, 45, "close", "--force", "--reason", "訓練のため手順は記録せず")
        #expect(try Self.status(cli, 46)["state"] as? String == "closed")
    }

    @Test func aForcedCloseNeedsItsReason() throws {
        let cli = try Self.declared()
        defer { cli.cleanUp() }
        try Self.ok(cli, 5, "recover", "電子カルテ", "--stage", "isolated")
        let r = try Self.at(cli, 6).run(["close", "--force"])
        #expect(r.status == 1 && r.stderr.contains("強制終了には理由が必要です。"))
    }

    @Test func aDrillEndsWhateverRecoveryIsLeft() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let id = try DrillTests.start(cli, "reception-ransomware", speed: "60")
        try Self.ok(cli, 1, "recover", "電子カルテ", "--stage", "isolated", "--incident", id)
        try Self.ok(cli, 1, "reentry", "外来", "--pending", "10", "--incident", id)
        try Self.ok(cli, 2, "drill", "end")
        let r = try Self.at(cli, 3).run(["status", "--json", "--incident", id])
        #expect((try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])?["state"] as? String == "closed")
    }

    @Test func decisionsAndCostsReachTheTimelineTheExcelCSVAndTheManagementReport() throws {
        let cli = try Self.declared()
        defer { cli.cleanUp() }
        try Self.ok(
            cli, 10, "decision", "身代金は支払わない", "--decided-by", "理事長 山田", "--advised-by", "県警サイバー犯罪相談窓口", "--why", "支払っても復号の保証がない")
        try Self.ok(cli, 11, "cost", "add", "1,650,000", "--category", "調査", "--payee", "フォレンジック社", "--ref", "請求書 118")
        try Self.ok(cli, 12, "cost", "add", "120万円", "--category", "復旧", "--payee", "=A社")
        var r = try Self.at(cli, 12).run(["cost", "add", "12.5", "--category", "復旧", "--payee", "A社"])
        #expect(r.status == 64)
        r = try Self.ok(cli, 13, "timeline")
        #expect(Self.flat(r.stdout).contains("決定: 身代金は支払わない（決定 理事長 山田、助言 県警サイバー犯罪相談窓口、理由: 支払っても復号の保証がない）"))
        r = try Self.ok(cli, 13, "cost", "list")
        #expect(r.stdout.contains("合計: 2,850,000円"))
        r = try Self.ok(cli, 14, "cost", "list", "--format", "csv")
        let data = Data(r.stdout.utf8)
        #expect(Array(data.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let text = String(decoding: data.dropFirst(3), as: UTF8.self)
        #expect(text.hasPrefix("番号,日時,区分,金額（円）,支払先,証憑番号,記録者,後日精算の患者数\r\n"))
        #expect(text.contains(",2026/11/25 09:01,調査,1650000,フォレンジック社,請求書 118,山田,\r\n"))
        #expect(text.contains(",復旧,1200000,'=A社,,山田,\r\n"))
        #expect(text.hasSuffix(",,合計,2850000,,,,\r\n"))
        let report = try Self.ok(cli, 15, "report", "management")
        #expect(report.stdout.hasPrefix("理事会・経営層への報告【下書き】"))
        #expect(report.stdout.contains("合計: 2,850,000円"))
        #expect(report.stdout.contains("決定: 理事長 山田　助言: 県警サイバー犯罪相談窓口"))
        let list = try Self.ok(cli, 15, "report", "--list")
        #expect(list.stdout.contains("management") && list.stdout.contains("理事会・経営層への報告"))
    }

    @Test(.enabled(if: ExternalTool.available("python3"), "\(ExternalTool.missing("python3"))"))
    func pythonReadsTheCostCSVBackAsExcelWould() throws {
        let cli = try Self.declared()
        defer { cli.cleanUp() }
        try Self.ok(cli, 11, "cost", "add", "1650000", "--category", "調査", "--payee", "フォレンジック社, 東京", "--ref", "請求書 118")
        try Self.ok(cli, 12, "cost", "add", "88000", "--category", "未収", "--payee", "外来患者（後日精算）", "--patients", "4")
        let r = try Self.ok(cli, 13, "cost", "list", "--format", "csv")
        let url = cli.directory.appendingPathComponent("費用.csv")
        try Data(r.stdout.utf8).write(to: url)
        let script = """
            import csv, json, sys
            with open(sys.argv[1], encoding="utf-8-sig", newline="") as f:
                print(json.dumps(list(csv.reader(f)), ensure_ascii=False))
            """
        let out = try ExternalTool.run("python3", ["-c", script, url.path], in: cli.directory)
        #expect(out.status == 0, "\(out.stderr)")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [[String]])
        #expect(rows.count == 6)
        #expect(rows.allSatisfy { $0.count == 8 })
        #expect(rows[1][2] == "調査" && rows[1][3] == "1650000" && rows[1][4] == "フォレンジック社, 東京")
        #expect(rows[2][2] == "未収" && rows[2][7] == "4", "the patients to settle later, counted")
        #expect(rows.last == ["", "", "合計", "1738000", "", "", "", "4"])
    }
}

/// SHA-256 of the three bytes `abc` (FIPS 180-2, appendix B.1).
enum RecoveryServiceTestsDigest {
    static let abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
}
