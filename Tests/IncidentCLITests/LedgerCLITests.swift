import Foundation
import Testing

/// `incident ledger` and its findings in `doctor`, end to end.
@Suite struct LedgerCLITests {
    @Test func importingExcelCSVFeedsDoctor() throws {
        var cli = try CLI()
        defer { cli.cleanUp() }
        cli.environment["INCIDENT_TEST_NOW"] = "2026-11-25T00:00:00.000Z"
        _ = try cli("facility", "import", try cli.write("facility.yaml", CLIProfiles.complete))
        #expect(try cli("doctor").status == 0)

        // A bad row: reported by line, nothing imported.
        let bad = try cli.write("bad.csv", "\u{FEFF}機器名,種類,外部接続\r\n受付PC,端末PC,なし\r\nルータ,ルーター,インターネット\r\n")
        var r = try cli("ledger", "import", bad)
        #expect(r.status == 1 && r.stderr.contains("bad.csv:3:2:") && r.stderr.contains("種類「ルーター」"), "\(r.stderr)")
        r = try cli("ledger")
        #expect(r.status == 1 && r.stderr.contains("incident ledger sample"))

        let devices = try cli.write("devices.csv", "\u{FEFF}機器名,種類,保守業者,サポート終了,外部接続,接続経路,対象システム\r\n"
            + "カルテサーバ,サーバ,emr,2026-10,リモート保守回線,専用回線,電子カルテ\r\nVPN装置,ネットワーク機器,,2030-01,VPN,,ネットワーク\r\n")
        r = try cli("ledger", "import", devices)
        #expect(r.status == 0 && r.stdout.contains("機器 2 台"), "\(r.stderr)")
        let backups = try cli.write("backups.csv", "システム,世代数,オフライン保管,最終復元テスト\n電子カルテ,2,なし,2025-11-24\n")
        r = try cli("ledger", "import", backups)
        #expect(r.status == 0 && r.stdout.contains("バックアップ 1 件"), "\(r.stderr)")

        r = try cli("doctor", "--json")
        #expect(r.status == 1)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let codes = (json["findings"] as? [[String: Any]] ?? []).map { "\($0["code"]!) \($0["subject"]!)" }
        #expect(codes == ["support-ended カルテサーバ", "device-no-vendor VPN装置", "external-no-route VPN装置",
            "backup-few-generations 電子カルテ", "backup-no-offline 電子カルテ", "backup-no-restore-test 電子カルテ"], "\(codes)")
        // Both registers are current: the backup import did not replace the devices.
        let shown = try #require(try cli.json("ledger") as? [String: Any])
        #expect((shown["devices"] as? [Any])?.count == 2 && (shown["backups"] as? [Any])?.count == 1)
    }
}
