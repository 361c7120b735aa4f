import Foundation
import IncidentKit
import Testing

/// `incident readiness` and the evidence beside checklist items, end to end.
@Suite struct ReadinessCLITests {
    static let ledger = """
        devices:
          - {name: カルテサーバ, kind: server, vendor: emr, supportEnd: 2030-03, connection: remote-maintenance, route: 専用回線→VPN装置, systems: [電子カルテ]}
          - {name: ルータ, kind: network, vendor: net, connection: internet, route: 光回線→ルータ, systems: [ネットワーク]}
        backups:
          - {system: 電子カルテ, generations: 7, offline: yes, lastRestoreTest: 2026-06-10, restoredBy: 事務長}

        """

    @Test func exitsZeroOnlyWhenEverythingIsInOrder() throws {
        var cli = try CLI()
        defer { cli.cleanUp() }
        cli.environment["INCIDENT_TEST_NOW"] = "2026-11-25T00:00:00.000Z"
        // Nothing at all: not in order, and no store is created by looking.
        var r = try cli("readiness")
        #expect(r.status == 1 && r.stdout.contains("機器台帳がありません"))
        #expect(!FileManager.default.fileExists(atPath: cli.dbPath))

        _ = try cli("facility", "import", try cli.write("facility.yaml", CLIProfiles.complete))
        // Evidence is shown and an answer suggested; nothing is answered by it.
        r = try cli("checklist")
        // Fitted to 80 columns: read with the continuation lines joined.
        #expect(r.stdout.replacing(#/\n +/#, with: "").contains("記録: 施設プロファイルに医療情報システム安全管理責任者（佐藤）が登録されています。"))
        #expect(r.stdout.split(separator: "\n").allSatisfy { TerminalText.width(String($0)) <= 80 })
        #expect(r.stdout.contains("incident checklist answer 1-① はい"))
        #expect(r.stdout.contains("回答済み 0 / 19"))
        #expect(try StoreProbe.fetch(cli.dbPath, "SELECT count(*) FROM event") as Int? == 0)

        _ = try cli("ledger", "import", try cli.write("equipment.yaml", Self.ledger))
        for id in ["1-1", "2-1", "2-4", "2-5", "2-6", "2-7", "2-8", "2-9", "2-10", "2-11", "2-12", "2-13", "2-14", "3-1", "3-2", "3-3", "4-1"] {
            #expect(try cli("checklist", "answer", id, "yes").status == 0)
        }
        _ = try cli("checklist", "answer", "2-2", "na")
        _ = try cli("checklist", "answer", "2-3", "no", "--target", "2026-11-24")
        r = try cli("readiness", "--json")
        #expect(r.status == 1)
        var json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(json["ready"] as? Bool == false && json["answered"] as? Int == 19)
        let open = try #require(json["open"] as? [[String: Any]])
        #expect(open.count == 1 && open[0]["id"] as? String == "2-③" && open[0]["flags"] as? [String] == ["target-passed"])
        let evidence = try #require(json["evidence"] as? [[String: Any]])
        #expect(evidence.map { $0["item"] as! String } == ["1-①", "2-①", "3-①", "3-②", "3-③"])
        // No BCP imported: 3-③ is not supported (answered yes, so the suggestion says to check it).
        #expect(evidence.filter { $0["item"] as? String != "3-③" }.allSatisfy { $0["supports"] as? Bool == true })
        #expect(evidence.last?["supports"] as? Bool == false && (evidence.last?["suggestion"] as? String)?.contains("記録に足りないもの") == true)
        #expect((json["findings"] as? [Any])?.isEmpty == true)

        _ = try cli("checklist", "answer", "2-3", "yes")
        r = try cli("readiness", "--out", "readiness.html")
        #expect(r.status == 0, "\(r.stdout)")
        #expect(r.stdout.contains("すべて整っています"))
        let html = try String(contentsOfFile: cli.directory.appendingPathComponent("readiness.html").path, encoding: .utf8)
        #expect(html.contains("回答済み 19 / 19") && html.contains("バックアップ台帳に 1 システム"))

        // A backup that has not been restore-tested for over a year breaks the order, and the evidence for 3-② with it.
        _ = try cli("ledger", "import", try cli.write("equipment2.yaml", Self.ledger.replacingOccurrences(of: "2026-06-10", with: "2025-11-24")))
        r = try cli("readiness", "--json")
        #expect(r.status == 1)
        json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let codes = (json["findings"] as? [[String: Any]] ?? []).map { $0["code"] as! String }
        #expect(codes == ["backup-no-restore-test"])
        let e32 = (json["evidence"] as? [[String: Any]] ?? []).first { $0["item"] as? String == "3-②" }
        #expect(e32?["supports"] as? Bool == false && (e32?["suggestion"] as? String)?.contains("記録に足りないもの") == true)
    }
}
