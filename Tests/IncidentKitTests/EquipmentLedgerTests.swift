import Foundation
import Testing

@testable import IncidentKit

/// The equipment ledger and backup register: reading YAML and Excel CSV, and
/// every finding `doctor` makes from them, each to the day or month.
@Suite struct EquipmentLedgerTests {
    static let profile = try! FacilityProfileLoader.load(
        text: """
            facility:
              name: テストクリニック
              systems: [電子カルテ, レセコン, ネットワーク]
            contacts:
              - {role: security-officer, name: 佐藤, mobile: 000-0000-0001}
            vendors:
              - {id: emr, name: カルテ社, systems: [電子カルテ], emergencyPhone: 000-0000-0008}
              - {id: net, name: ネット社, systems: [ネットワーク, レセコン], emergencyPhone: 000-0000-0009}
            """, file: "facility.yaml")
    static let today = Day(year: 2026, month: 11, day: 25)

    @Test func csvFromExcelWithABOMIsRead() throws {
        let csv =
            "\u{FEFF}機器名,種類,設置場所,保守業者,導入年月,サポート終了,外部接続,接続経路,対象システム\r\n"
            + "電子カルテサーバ,サーバ,サーバ室,emr,2021-04,2028-03,リモート保守回線,\"保守業者の専用回線, VPN装置\",電子カルテ\r\n"
            + "受付PC1,端末PC,受付,net,2022/5,,なし,,レセコン;電子カルテ\r\n"
        let (ledger, registers) = try EquipmentLedgerLoader.loadCSV(text: String(csv.dropFirst()), file: "機器台帳.csv")
        #expect(registers == [.devices])
        #expect(ledger.devices.map(\.name) == ["電子カルテサーバ", "受付PC1"])
        let server = ledger.devices[0]
        #expect(server.kind == .server && server.connection == .remoteMaintenance && server.route == "保守業者の専用回線, VPN装置")
        #expect(server.installed?.description == "2021-04" && server.supportEnd?.description == "2028-03")
        #expect(ledger.devices[1].systems == ["レセコン", "電子カルテ"] && ledger.devices[1].installed?.description == "2022-05" && ledger.devices[1].line == 3)
        // Through the file reader, the BOM itself is dropped.
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("ledger-\(UUID().uuidString).csv").path
        try Data(csv.utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try EquipmentLedgerLoader.load(path: path).0 == ledger)
    }

    @Test func aBadRowIsReportedByLineAndNothingIsRead() throws {
        let csv =
            "name,kind,connection,installed\nサーバ,server,none,2021-04\nタブレット,tablet,none,2021-04\n\"複数行\nの名前\",terminal,wifi,21-4\n,terminal,none,\nサーバ,server,none,\n"
        #expect {
            _ = try EquipmentLedgerLoader.loadCSV(text: csv, file: "d.csv")
        } throws: { error in
            guard case IncidentError.invalidFile(let problems) = error else { return false }
            // The quoted name spans lines 4 and 5, so the rows after it are on lines 6 and 7.
            return problems.map { "\($0.line):\($0.column)" } == ["3:2", "4:3", "4:4", "6:1", "7:1"]
                && problems[0].message.ja.contains("種類「tablet」") && problems[2].message.ja.contains("「21-4」は YYYY-MM")
                && problems[3].message.ja.contains("機器名（name）がありません") && problems[4].message.ja.contains("「サーバ」が重複")
        }
        // A header that names neither register.
        #expect(throws: IncidentError.self) { _ = try EquipmentLedgerLoader.loadCSV(text: "foo,bar\n1,2\n", file: "x.csv") }
    }

    @Test func backupCSVAndYAMLRead() throws {
        let csv = "システム,世代数,オフライン保管,最終復元テスト,復旧担当\n電子カルテ,7世代,あり,2026/06/10,事務長\n"
        let (b, registers) = try EquipmentLedgerLoader.loadCSV(text: csv, file: "backup.csv")
        #expect(registers == [.backups])
        #expect(
            b.backups == [
                .init(
                    system: "電子カルテ", what: nil, frequency: nil, generations: 7, media: nil, place: nil, offline: true,
                    lastRestoreTest: Day(year: 2026, month: 6, day: 10), restoredBy: "事務長", vendorRestoreTime: nil, line: 2)
            ])
        let (sample, both) = try EquipmentLedgerLoader.loadYAML(text: EquipmentLedger.sampleYAML, file: "equipment.yaml")
        #expect(both == [.devices, .backups] && sample.devices.count == 5 && sample.backups.count == 2)
        // The sample carries no phone numbers or vendor contract numbers of its own.
        #expect(EquipmentLedger.sampleYAML.range(of: #"\d{2,4}-\d{2,4}-\d{3,4}"#, options: .regularExpression) == nil)
        #expect(throws: IncidentError.self) { _ = try EquipmentLedgerLoader.loadYAML(text: "devices:\n  - {name: a, colour: red}\n", file: "e.yaml") }
    }

    func findings(_ yaml: String) throws -> [String] {
        let (ledger, _) = try EquipmentLedgerLoader.loadYAML(text: yaml, file: "e.yaml")
        return LedgerCheck.check(ledger, profile: Self.profile, today: Self.today).map { "\($0.code.rawValue) \($0.subject)" }
    }

    static let good = """
        devices:
          - {name: カルテサーバ, kind: server, vendor: emr, supportEnd: 2027-06, connection: remote-maintenance, route: 専用回線, systems: [電子カルテ]}
          - {name: 受付PC, kind: terminal, vendor: net, supportEnd: 2030-01, systems: [レセコン]}
          - {name: ルータ, kind: network, vendor: net, connection: internet, route: 光回線→ルータ, systems: [ネットワーク]}
        backups:
          - {system: 電子カルテ, generations: 3, offline: yes, lastRestoreTest: 2025-11-25}

        """

    @Test func aCompleteLedgerHasNoFindings() throws {
        #expect(try findings(Self.good) == [])
    }

    @Test func eachDoctorFinding() throws {
        func with(_ old: String, _ new: String) throws -> [String] {
            #expect(Self.good.contains(old), "\(old)")
            return try findings(Self.good.replacingOccurrences(of: old, with: new))
        }
        #expect(try with("vendor: emr, ", "") == ["device-no-vendor カルテサーバ"])
        #expect(try with("vendor: emr, ", "vendor: pacs, ") == ["device-unknown-vendor カルテサーバ"])
        #expect(try with(", route: 光回線→ルータ", "") == ["external-no-route ルータ"])
        // Support ends at the end of its month: November 2026 is still supported, October has ended.
        #expect(try with("supportEnd: 2027-06", "supportEnd: 2026-10") == ["support-ended カルテサーバ"])
        #expect(try with("supportEnd: 2027-06", "supportEnd: 2026-11") == ["support-ending カルテサーバ"])
        #expect(try with("supportEnd: 2027-06", "supportEnd: 2027-05") == ["support-ending カルテサーバ"])
        #expect(try with("supportEnd: 2030-01", "supportEnd: 2027-05") == ["support-ending 受付PC"])
        #expect(try with("supportEnd: 2027-06", "supportEnd: 2027-06") == [])
        #expect(try with("systems: [レセコン]", "systems: []") == ["system-no-device レセコン"])
        #expect(try with("generations: 3", "generations: 2") == ["backup-few-generations 電子カルテ"])
        #expect(try with("generations: 3, ", "") == ["backup-few-generations 電子カルテ"])
        #expect(try with("offline: yes", "offline: no") == ["backup-no-offline 電子カルテ"])
        // Twelve months to the day: 2025-11-25 is within, 2025-11-24 is not.
        #expect(try with("lastRestoreTest: 2025-11-25", "lastRestoreTest: 2025-11-24") == ["backup-no-restore-test 電子カルテ"])
        #expect(try with(", lastRestoreTest: 2025-11-25", "") == ["backup-no-restore-test 電子カルテ"])
        // A system only the backup register names also needs a device.
        #expect(try findings(Self.good + "  - {system: PACS, generations: 3, offline: yes, lastRestoreTest: 2026-01-01}\n") == ["system-no-device PACS"])
        #expect(LedgerCheck.oneYearBefore(Day(year: 2028, month: 2, day: 29)) == Day(year: 2027, month: 2, day: 28))
    }
}

@Suite struct EquipmentLedgerHostileInputTests {
    @Test func controlCharactersAndHugeFilesAreRefusedWithTheirPlace() throws {
        #expect(
            throws: IncidentError.invalidFile([
                SourceProblem(
                    file: "d.csv", line: 2, column: 4,
                    message: LocalizedText(
                        ja: "表示できない制御文字（U+1B）があります。消してから取り込んでください。", en: "A control character (U+1B) is not allowed; remove it and import again."))
            ])
        ) {
            _ = try EquipmentLedgerLoader.loadCSV(text: "name\nPC1\u{1B}[2J\n", file: "d.csv")
        }
        #expect(throws: IncidentError.self) { _ = try EquipmentLedgerLoader.loadYAML(text: "devices:\n  - {name: \"a\u{07}\"}\n", file: "e.yaml") }
        let huge = "name\n" + String(repeating: "PC,\n", count: 300_000)
        #expect(throws: IncidentError.self) { _ = try EquipmentLedgerLoader.loadCSV(text: huge, file: "big.csv") }
        // Tabs and Windows line ends are ordinary.
        #expect(try EquipmentLedgerLoader.loadCSV(text: "name,purpose\r\nPC1,受付\t会計\r\n", file: "d.csv").0.devices.first?.purpose == "受付\t会計")
    }
}
