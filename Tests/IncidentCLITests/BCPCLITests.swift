import Foundation
import IncidentKit
import Testing

/// `incident bcp init|import|check`, `print bcp`, `print forms`, and the BCP in
/// readiness, the checklist and step 6, end to end.
@Suite struct BCPCLITests {
    static let ledger = """
        devices:
          - {name: カルテサーバ, kind: server, vendor: emr, connection: remote-maintenance, route: 専用回線→VPN装置, systems: [電子カルテ]}
          - {name: ルータ, kind: network, vendor: net, connection: internet, route: 光回線→ルータ, systems: [ネットワーク]}
        backups:
          - {system: 電子カルテ, media: 外付けHDD, place: 院長室の金庫, generations: 7, offline: yes, lastRestoreTest: 2026-06-10, restoredBy: カルテ社, vendorRestoreTime: 48時間}
          - {system: ネットワーク, what: ルータ設定, generations: 3, offline: yes, lastRestoreTest: 2026-06-10, restoredBy: ネット社}

        """

    /// Fills in what `bcp init` left blank, as a clinic would.
    static func filled(_ sample: String) -> String {
        var text = sample
        var n = 0
        // Priorities and targets in file order (電子カルテ first).
        while let r = text.range(of: "    priority: \"\"") {
            n += 1
            text.replaceSubrange(r, with: "    priority: \(n)")
        }
        text = text.replacingOccurrences(of: "    targetHours: \"\"", with: "    targetHours: 24")
        text = text.replacingOccurrences(of: "    alternative: \"\"", with: "    alternative: \"ルータを予備機に交換\"")
        text = text.replacingOccurrences(of: "    forms: []", with: "    forms: [経過記録]")
        text = text.replacingOccurrences(of: "    formsKeptAt: \"\"", with: "    formsKeptAt: \"受付カウンター下の紙運用セット\"")
        for (key, value) in [
            ("    how: \"\"        # 例: 前日に印刷した予約表", "    how: \"予約表の控えを見て電話する\"  #"),
            ("    how: \"\"        # 例: 手書きの処方箋", "    how: \"手書きの処方箋を出し、控えを残す\"  #"),
            ("    how: \"\"        # 例: 会計伝票", "    how: \"会計伝票に記録し後日精算\"  #"),
            ("    how: \"\"        # 例: 検査依頼", "    how: \"検査依頼の用紙で外注\"  #"),
            ("    by: \"\"\n", "    by: \"看護師 山本\"\n"),
            ("  keptAt: \"\"", "  keptAt: \"院長室の金庫\""),
            ("  how: \"\"          # 例: 様式の通し番号順", "  how: \"通し番号順に入力し入力済欄に記入\"  #"),
            ("  how: \"\"          # 例: 調査結果", "  how: \"対策を決めて周知し点検に組み込む\"  #"),
            ("  approvedOn: \"\"", "  approvedOn: 2026-11-20"),
            ("  approvedBy: \"\"", "  approvedBy: \"理事長 高橋\""),
        ] {
            text = text.replacingOccurrences(of: key, with: value)
        }
        return text
    }

    /// The JSON a command prints, whatever its exit status (check and readiness exit 1 while work remains).
    static func json(_ cli: CLI, _ arguments: String...) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(try cli.run(arguments).stdout.utf8))
    }

    static func start() throws -> CLI {
        var cli = try CLI()
        cli.environment["INCIDENT_TEST_NOW"] = "2026-11-25T00:00:00.000Z"
        cli.environment["COLUMNS"] = "80"
        #expect(try cli("facility", "import", try cli.write("facility.yaml", CLIProfiles.complete)).status == 0)
        #expect(try cli("ledger", "import", try cli.write("equipment.yaml", Self.ledger)).status == 0)
        return cli
    }

    @Test func fromInitToACheckedPlan() throws {
        let cli = try Self.start()
        defer { cli.cleanUp() }
        // Nothing imported: check says so and fails.
        var r = try cli("bcp", "check")
        #expect(r.status == 1 && r.stdout.contains("BCP がまだありません"))

        r = try cli("bcp", "init")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.replacingOccurrences(of: "\n", with: "").contains("施設プロファイル・機器台帳・バックアップ台帳から記入済み"))
        let path = cli.directory.appendingPathComponent("bcp.yaml").path
        #expect((try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let sample = try String(contentsOfFile: path, encoding: .utf8)
        #expect(sample.contains("decides: \"院長 高橋\"") && sample.contains("- name: \"電子カルテ\"") && sample.contains("カルテサーバ（リモート保守回線）のログ"))
        // Never overwritten.
        #expect(try cli("bcp", "init").status == 1)

        // The sample as written imports (incomplete), and check lists what is left, fitted to 80 columns.
        r = try cli("bcp", "import", "bcp.yaml")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("BCP を取り込みました: bcp.yaml（システム 2、紙の様式 6）"))
        r = try cli("bcp", "check")
        #expect(r.status == 1)
        #expect(r.stdout.contains("4-1 × 復旧の優先順位と目標時間") && r.stdout.contains("電子カルテ の復旧の優先順位（priority）が未記入です。"))
        #expect(r.stdout.contains("（文言は未確認）"))
        #expect(r.stdout.split(separator: "\n").allSatisfy { TerminalText.width(String($0)) <= 80 }, "\(r.stdout)")
        let json = try #require(try Self.json(cli, "bcp", "check", "--json") as? [String: Any])
        #expect(json["imported"] as? Bool == true && json["complete"] as? Bool == false && (json["gaps"] as? Int ?? 0) > 5)

        // A bad value is refused with its place, and the store keeps the earlier import.
        let bad = try cli.write("bad.yaml", sample.replacingOccurrences(of: "  approvedOn: \"\"", with: "  approvedOn: 来月"))
        r = try cli("bcp", "import", bad)
        #expect(r.status == 1 && r.stderr.contains("bad.yaml:") && r.stderr.contains("approval.approvedOn"))

        // Filled in: complete, exit 0.
        _ = try cli.write("bcp2.yaml", Self.filled(sample))
        r = try cli("bcp", "import", "bcp2.yaml")
        #expect(r.status == 0 && r.stdout.contains("確認表の項目はそろっています"), "\(r.stdout)\(r.stderr)")
        r = try cli("bcp", "check")
        #expect(r.status == 0, "\(r.stdout)")
        #expect(r.stdout.contains("確認表の項目はすべてそろっています") && r.stdout.contains("この12か月に訓練なし"))
    }

    @Test func readinessAndItem3ShowImportedCheckedRehearsed() throws {
        var cli = try Self.start()
        defer { cli.cleanUp() }
        var json = try #require(try Self.json(cli, "readiness", "--json") as? [String: Any])
        var bcp = try #require(json["bcp"] as? [String: Any])
        #expect(bcp["imported"] as? Bool == false)
        var e33 = (json["evidence"] as? [[String: Any]] ?? []).first { $0["item"] as? String == "3-③" }
        #expect(e33?["supports"] as? Bool == false && e33?["text"] as? String == "BCP が取り込まれていません。")

        _ = try cli("bcp", "init")
        _ = try cli.write("bcp2.yaml", Self.filled(try String(contentsOfFile: cli.directory.appendingPathComponent("bcp.yaml").path, encoding: .utf8)))
        #expect(try cli("bcp", "import", "bcp2.yaml").status == 0)
        json = try #require(try Self.json(cli, "readiness", "--json") as? [String: Any])
        bcp = try #require(json["bcp"] as? [String: Any])
        #expect(bcp["imported"] as? Bool == true && bcp["complete"] as? Bool == true && bcp["rehearsed"] as? Bool == false)
        #expect(bcp["approvedOn"] as? String == "2026-11-20")

        // A drill that has ended counts as a rehearsal.
        var r = try cli("drill", "start", "bcp-paper-operation", "--speed", "60")
        #expect(r.status == 0, "\(r.stderr)")
        r = try cli("drill", "end")
        #expect(r.status == 0, "\(r.stderr)")
        json = try #require(try Self.json(cli, "readiness", "--json") as? [String: Any])
        #expect((json["bcp"] as? [String: Any])?["rehearsed"] as? Bool == true)
        e33 = (json["evidence"] as? [[String: Any]] ?? []).first { $0["item"] as? String == "3-③" }
        #expect(e33?["supports"] as? Bool == true)
        #expect((e33?["text"] as? String)?.contains("訓練済み（2026-11-25）") == true)
        r = try cli("readiness")
        #expect(r.stdout.contains("■ BCP（チェックリスト 3-③）"))
        r = try cli("checklist")
        #expect(r.stdout.replacing(#/\n +/#, with: "").contains("BCP 取り込み済み、確認表の項目はそろっています、訓練済み（2026-11-25）。"))
        // A year and more later, no longer rehearsed.
        cli.environment["INCIDENT_TEST_NOW"] = "2027-12-01T00:00:00.000Z"
        json = try #require(try Self.json(cli, "readiness", "--json") as? [String: Any])
        #expect((json["bcp"] as? [String: Any])?["rehearsed"] as? Bool == false)
    }

    @Test func stepSixAndTheStaffInstructionsNameTheBCP() throws {
        let cli = try Self.start()
        defer { cli.cleanUp() }
        #expect(try cli("declare", "電子カルテが開かない").status == 0)
        _ = try cli("answer", "paper-operation", "yes")
        var r = try cli("report", "staff-instructions")
        #expect(r.stdout.contains("・受付: 紙の問診票と受付簿で受け付ける。"))
        _ = try cli("bcp", "init")
        _ = try cli.write("bcp2.yaml", Self.filled(try String(contentsOfFile: cli.directory.appendingPathComponent("bcp.yaml").path, encoding: .utf8)))
        #expect(try cli("bcp", "import", "bcp2.yaml").status == 0)
        r = try cli("report", "staff-instructions")
        #expect(r.stdout.contains("・電子カルテが使えない間: 紙カルテ・紙の問診票で診療する（様式: 受付簿、問診票、経過記録、処方箋控え／置き場所: 受付カウンター下の紙運用セット／指示: 事務長 田中）"), "\(r.stdout)")
        r = try cli("report", "inquiry-script")
        #expect(r.stdout.contains("→ 当院の BCP では: 予約表の控えを見て電話する（担当 事務長 田中）。"))
        for n in 1...5 { #expect(try cli("step", "done", String(n)).status == 0) }
        r = try cli("guide")
        #expect(r.stdout.contains("BCP（承認 2026-11-20）で決めてあること:"), "\(r.stdout)")
        #expect(r.stdout.contains("・処方箋: 手書きの処方箋を出し、控えを残す（担当 院長 高橋）"))
        #expect(r.stdout.split(separator: "\n").allSatisfy { TerminalText.width(String($0)) <= 80 })
    }

    @Test func printedBCPAndForms() throws {
        let cli = try Self.start()
        defer { cli.cleanUp() }
        _ = try cli("bcp", "init")
        #expect(try cli("bcp", "import", "bcp.yaml").status == 0)
        // An unchecked plan prints, its gaps marked.
        var html = try PrintTests.printed(cli, ["bcp"], out: "BCP.html")
        #expect(html.contains("未確定の計画です") && html.contains("<span class=\"gap\">【未記入: 承認日】</span>"))
        #expect(html.contains("<h2>付録 A 連絡先</h2>") && html.contains("href=\"tel:00000000008\""))
        html = try PrintTests.printed(cli, ["forms", "--copies", "3"], out: "forms.html")
        #expect(html.components(separatedBy: "<section class=\"page\">").count - 1 == 18)
        #expect(html.contains("No. UK-0003") && html.contains("No. KI-0001") && html.contains("<td class=\"entered\">入力済"))
        #expect(try cli("print", "forms", "--copies", "0", "--out", "x.html").status == 64)
        guard PrintTests.pdfTools else { return }
        let bcp = try PrintTests.pdf(cli, "BCP.html")
        #expect(bcp.pages >= 3 && bcp.pages <= 6, "\(bcp.pages) pages")
        #expect(bcp.text.contains("目的・適用範囲") && bcp.text.contains("付録 C 紙の様式"))
        let forms = try PrintTests.pdf(cli, "forms.html")
        // One sheet per form and copy: nothing runs onto a second page.
        #expect(forms.pages == 18, "\(forms.pages) pages")
        #expect(forms.text.contains("MS-0002") && forms.text.contains("入力済"))
    }
}
