import ArgumentParser
import Foundation
import IncidentKit

/// `incident ledger`: the equipment ledger (機器台帳) and the backup register.
struct LedgerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledger", _superCommandName: IncidentCommand.name,
        abstract: "機器台帳・バックアップ台帳の取り込みと表示 / import and show the equipment ledger and backup register.",
        discussion: """
            例 / examples:
              incident ledger sample --out equipment.yaml   雛形を書き出す（記入して取り込み）
              incident ledger import equipment.yaml         YAML（devices と backups）
              incident ledger import 機器台帳.csv            Excel の「CSV UTF-8」で保存したもの（1行目は見出し）
              incident ledger show
            CSV の見出し（機器台帳）: 機器名, 種類, 設置場所, 用途, 保守業者, 導入年月, サポート終了, 外部接続, 接続経路, 対象システム
            CSV の見出し（バックアップ）: システム, 対象データ, 頻度, 世代数, 媒体, 保管場所, オフライン保管, 最終復元テスト, 復旧担当, 復旧目安
            記入漏れと弱点は incident doctor で確認します。
            CSV headers may also be the English field names (name, kind, location, purpose, vendor, installed, \
            supportEnd, connection, route, systems / system, what, frequency, generations, media, place, \
            offline, lastRestoreTest, restoredBy, vendorRestoreTime). A bad row is reported by line and \
            nothing is imported.
            """,
        subcommands: [Show.self, Import.self, Sample.self],
        defaultSubcommand: Show.self
    )

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "YAML か CSV を取り込む（同じ台帳は置き換え） / import YAML or CSV (replaces that register).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "equipment.yaml / 機器台帳.csv / バックアップ.csv") var file: String

        func run() throws {
            let l = global.language
            let (ledger, registers) = try EquipmentLedgerLoader.load(path: file)
            var data = FileManager.default.contents(atPath: file) ?? Data()
            if data.starts(with: [0xEF, 0xBB, 0xBF]) { data = data.dropFirst(3) }
            let store = try global.store(create: true)
            try store.importLedger(source: String(decoding: data, as: UTF8.self), file: PathText.name(of: file), registers: registers)
            let profile = try store.currentProfile()
            let zone = profile.flatMap { TimeZone(identifier: $0.facility.timeZone) } ?? global.timeZone
            let current = try store.currentLedger() ?? ledger
            let findings = LedgerCheck.check(current, profile: profile, today: Timestamp.day(of: global.now, in: zone))
            if global.json {
                struct Result: Encodable { var file: String; var devices: Int?; var backups: Int?; var warnings: [ReadinessFinding] }
                return try Console.json(
                    Result(
                        file: file, devices: registers.contains(.devices) ? ledger.devices.count : nil,
                        backups: registers.contains(.backups) ? ledger.backups.count : nil, warnings: findings))
            }
            var parts: [String] = []
            if registers.contains(.devices) { parts.append(l.pick(ja: "機器 \(ledger.devices.count) 台", en: "\(ledger.devices.count) devices")) }
            if registers.contains(.backups) { parts.append(l.pick(ja: "バックアップ \(ledger.backups.count) 件", en: "\(ledger.backups.count) backups")) }
            Console.line(l.pick(ja: "取り込みました: \(file)（\(parts.joined(separator: "、"))）", en: "Imported \(file) (\(parts.joined(separator: ", ")))"))
            if !findings.isEmpty {
                Console.line(l.pick(ja: "確認してください（\(findings.count) 件）:", en: "Please check (\(findings.count)):"))
                for f in findings { Findings.print(f, l) }
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "台帳を表示 / show the ledger and register (the default).")
        @OptionGroup var global: GlobalOptions

        func run() throws {
            let l = global.language
            let store: EventStore?
            do { store = try global.store() } catch IncidentError.noIncident { store = nil } catch IncidentError.storeMissing { store = nil }
            guard let ledger = try store?.currentLedger() else { throw IncidentError.noLedger }
            if global.json { return try Console.json(LedgerJSON(ledger)) }
            Console.line(l.pick(ja: "機器台帳（\(ledger.devices.count) 台）", en: "Equipment ledger (\(ledger.devices.count) devices)"))
            for d in ledger.devices {
                var parts = [d.kind.label(l)]
                if let x = d.location { parts.append(x) }
                if let x = d.vendor { parts.append(l.pick(ja: "保守 \(x)", en: "vendor \(x)")) }
                if d.connection != .none { parts.append(l.pick(ja: "外部接続 \(d.connection.label(l))", en: "external: \(d.connection.label(l))")) }
                if let x = d.supportEnd { parts.append(l.pick(ja: "サポート終了 \(x)", en: "support end \(x)")) }
                if !d.systems.isEmpty { parts.append(d.systems.joined(separator: "・")) }
                Console.line("  \(d.name)  " + parts.joined(separator: l.pick(ja: "、", en: ", ")))
            }
            Console.line(l.pick(ja: "バックアップ台帳（\(ledger.backups.count) 件）", en: "Backup register (\(ledger.backups.count))"))
            for b in ledger.backups {
                var parts: [String] = []
                if let x = b.frequency { parts.append(x) }
                parts.append(l.pick(ja: "\(b.generations.map(String.init) ?? "?") 世代", en: "\(b.generations.map(String.init) ?? "?") generations"))
                parts.append(b.offline == true ? l.pick(ja: "オフライン保管あり", en: "offline copy") : l.pick(ja: "オフライン保管なし", en: "no offline copy"))
                parts.append(l.pick(ja: "復元テスト \(b.lastRestoreTest?.description ?? "未実施")", en: "restore test \(b.lastRestoreTest?.description ?? "never")"))
                Console.line("  \(b.system)  " + parts.joined(separator: l.pick(ja: "、", en: ", ")))
            }
        }
    }

    struct Sample: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sample",
            abstract: "機器台帳・バックアップ台帳の雛形を書き出す / write a sample ledger and register to fill in.")
        @OptionGroup var global: GlobalOptions
        @Option(name: .long, help: ArgumentHelp("書き出すファイル（新規のみ） / the new file.", valueName: "file")) var out: String = "equipment.yaml"

        func run() throws {
            try PrivateFile.write(EquipmentLedger.sampleYAML, toNew: out)
            Console.line(
                global.language.pick(
                    ja: "雛形を書き出しました: \(out)。記入して incident ledger import \(out) で取り込んでください。",
                    en: "Sample written to \(out). Fill it in and import it with: incident ledger import \(out)"))
        }
    }
}

/// `ledger show --json`.
struct LedgerJSON: Encodable {
    struct Device: Encodable {
        var name: String, kind: String, location: String?, purpose: String?, vendor: String?, installed: String?, supportEnd: String?
        var connection: String, route: String?, systems: [String]
    }
    struct Backup: Encodable {
        var system: String, what: String?, frequency: String?, generations: Int?, media: String?, place: String?, offline: Bool?
        var lastRestoreTest: String?, restoredBy: String?, vendorRestoreTime: String?
    }
    var devices: [Device]
    var backups: [Backup]
    init(_ l: EquipmentLedger) {
        devices = l.devices.map {
            .init(
                name: $0.name, kind: $0.kind.rawValue, location: $0.location, purpose: $0.purpose, vendor: $0.vendor,
                installed: $0.installed?.description, supportEnd: $0.supportEnd?.description, connection: $0.connection.rawValue, route: $0.route,
                systems: $0.systems)
        }
        backups = l.backups.map {
            .init(
                system: $0.system, what: $0.what, frequency: $0.frequency, generations: $0.generations, media: $0.media, place: $0.place,
                offline: $0.offline, lastRestoreTest: $0.lastRestoreTest?.description, restoredBy: $0.restoredBy, vendorRestoreTime: $0.vendorRestoreTime)
        }
    }
}
