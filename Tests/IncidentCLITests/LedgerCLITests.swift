import Foundation
import Testing

/// `incident ledger` and its findings in `doctor`, end to end.
@Suite struct LedgerCLITests {
    @Test func importingExcelCSVFeedsDoctor() throws {
        let cli = try CLI.withCompleteProfile()
        defer { cli.cleanUp() }
        #expect(try cli("doctor").status == 0)

        // A bad row: reported by line, nothing imported.
        let bad = try cli.write("bad.csv", "\u{FEFF}機器名,種類,外部接続\r\n受付PC,端末PC,なし\r\nルータ,ルーター,インターネット\r\n")
        var r = try cli("ledger", "import", bad)
        #expect(r.status == 1 && r.stderr.contains("bad.csv:3:2:") && r.stderr.contains("種類「ルーター」"), "\(r.stderr)")
        r = try cli("ledger")
        #expect(r.status == 1 && r.stderr.contains("incident ledger sample"))

        let devices = try cli.write(
            "devices.csv",
            "\u{FEFF}機器名,種類,保守業者,サポート終了,外部接続,接続経路,対象システム\r\n"
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
        #expect(
            codes == [
                "support-ended カルテサーバ", "device-no-vendor VPN装置", "external-no-route VPN装置",
                "backup-few-generations 電子カルテ", "backup-no-offline 電子カルテ", "backup-no-restore-test 電子カルテ",
            ], "\(codes)")
        // Both registers are current: the backup import did not replace the devices.
        let shown = try #require(try cli.json("ledger") as? [String: Any])
        #expect((shown["devices"] as? [Any])?.count == 2 && (shown["backups"] as? [Any])?.count == 1)
    }
}

/// The ledger feeding the response: impact names, the MHLW draft.
@Suite struct LedgerResponseCLITests {
    @Test func impactSuggestsLedgerNamesAndTheMHLWDraftListsAffectedDevices() throws {
        let cli = try CLI.withCompleteProfile()
        defer { cli.cleanUp() }
        _ = try cli(
            "ledger", "import",
            try cli.write(
                "equipment.yaml",
                """
                devices:
                  - {name: カルテサーバ, kind: server, location: サーバ室, vendor: emr, connection: remote-maintenance, route: 専用回線, systems: [電子カルテ]}
                  - {name: 受付PC1, kind: terminal, location: 受付, vendor: emr, systems: [電子カルテ]}
                  - {name: ルータ, kind: network, location: 事務室, vendor: net, connection: internet, route: 光回線, systems: [ネットワーク]}
                backups:
                  - {system: 電子カルテ, generations: 7, offline: yes, media: 外付けHDD, lastRestoreTest: 2026-06-10}

                """))
        _ = try cli("declare", "電子カルテが暗号化された")
        var r = try cli("impact", "受付PC", "--status", "down")
        #expect(r.status == 0 && r.stdout.contains("台帳の「受付PC1」のことなら: incident impact \"受付PC1\" --status down"), "\(r.stdout)")
        r = try cli("impact", "電子カルテ", "--status", "down")
        #expect(r.status == 0 && !r.stdout.contains("機器台帳にない名前"))
        r = try cli("impact", "外来", "--status", "degraded")
        #expect(r.status == 0 && !r.stdout.contains("機器台帳にない名前"), "\(r.stdout)")

        r = try cli("report", "mhlw")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("・機器 カルテサーバ（サーバ、サーバ室、外部接続: リモート保守回線） バックアップ: 電子カルテ: 7世代、オフライン保管あり、外付けHDD、復元テスト 2026年6月10日"), "\(r.stdout)")
        #expect(r.stdout.contains("・機器 受付PC1（端末PC、受付）"))
        #expect(!r.stdout.contains("機器 ルータ"))
        r = try cli("report", "mhlw", "--lang", "en")
        #expect(
            r.stdout.contains("- Device カルテサーバ (server, サーバ室, external connection: remote-maintenance line) Backup: 電子カルテ: 7 generations, offline copy"),
            "\(r.stdout)")
    }

    @Test func guideStepThreeListsTheWaysInFirstAndTheBackups() throws {
        let cli = try CLI.withCompleteProfile()
        defer { cli.cleanUp() }
        _ = try cli("declare", "電子カルテが暗号化された")
        _ = try cli("step", "skip", "1", "--reason", "試験")
        _ = try cli("step", "skip", "2", "--reason", "試験")
        // No ledger: the guide is the runbook's alone.
        var r = try cli("guide")
        #expect(r.stdout.contains("手順3/7") && !r.stdout.contains("外部とつながる機器（攻撃の入口"))
        _ = try cli(
            "ledger", "import",
            try cli.write(
                "equipment.yaml",
                """
                devices:
                  - {name: ルータ, kind: network, location: 事務室, vendor: net, connection: internet, route: 光回線, systems: [ネットワーク]}
                  - {name: 受付PC1, kind: terminal, vendor: emr, systems: [電子カルテ]}
                  - {name: オン資端末, kind: online-qualification, location: 受付, vendor: net, connection: vpn, systems: [ネットワーク]}
                  - {name: カルテサーバ, kind: server, location: サーバ室, vendor: emr, connection: remote-maintenance, route: 専用回線, systems: [電子カルテ]}
                backups:
                  - {system: 電子カルテ, generations: 7, offline: yes, media: 外付けHDD, place: 事務室金庫, restoredBy: 事務長}

                """))
        r = try cli("guide")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        let start = try #require(lines.firstIndex { $0.hasPrefix("外部とつながる機器") })
        #expect(
            Array(lines[(start + 1)...(start + 3)]) == [
                "  ・カルテサーバ（リモート保守回線、サーバ室、経路: 専用回線、保守 emr）",
                "  ・オン資端末（VPN、受付、経路: 未記入、保守 net）",
                "  ・ルータ（インターネット、事務室、経路: 光回線、保守 net）",
            ])
        #expect(!r.stdout.contains("・受付PC1"))
        #expect(r.stdout.contains("  ・電子カルテ（外付けHDD、事務室金庫、オフライン保管あり、7世代、復元: 事務長）"))
    }

    @Test func stepFourCallsTheVendorsOfAffectedSystemsFirst() throws {
        let cli = try CLI.withCompleteProfile()
        defer { cli.cleanUp() }
        _ = try cli("declare", "ネットワークが止まった")
        for step in ["1", "2", "3"] { _ = try cli("step", "skip", step, "--reason", "試験") }
        func vendors() throws -> [String] {
            let json = try #require(try cli.json("guide") as? [String: Any])
            // The vendors, in calling order (MIST, on file, follows them).
            return (json["contacts"] as? [[String: Any]] ?? []).compactMap { $0["role"] as? String }.filter { $0.hasPrefix("vendor:") }
        }
        #expect(try vendors() == ["vendor:emr", "vendor:net"])
        _ = try cli("impact", "ネットワーク", "--status", "down")
        #expect(try vendors() == ["vendor:net", "vendor:emr"])
        // Restored: back to the profile's order.
        _ = try cli("impact", "ネットワーク", "--status", "restored")
        #expect(try vendors() == ["vendor:emr", "vendor:net"])
    }
}
