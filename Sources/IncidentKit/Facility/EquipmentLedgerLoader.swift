import Foundation
import Yams

/// Reads the equipment ledger and the backup register from YAML (both, under
/// `devices:` and `backups:`) or from CSV saved from Excel (one register per
/// file, told apart by its header; UTF-8 with or without BOM). Every bad row or
/// value is reported with file:line:column; one problem rejects the whole file.
public enum EquipmentLedgerLoader {
    /// Which register a CSV file holds.
    public enum Register: String, Sendable { case devices, backups }

    /// A value as read, with where it was.
    struct Field { var text: String; var line: Int; var column: Int }

    static let deviceColumns: [String: [String]] = [
        "name": ["name", "機器名", "名称"], "kind": ["kind", "種類", "種別"], "location": ["location", "設置場所", "場所"],
        "purpose": ["purpose", "用途"], "vendor": ["vendor", "保守業者", "保守業者id"], "installed": ["installed", "導入年月", "導入"],
        "supportEnd": ["supportend", "support end", "サポート終了", "更新予定", "サポート終了年月"],
        "connection": ["connection", "外部接続"], "route": ["route", "接続経路"], "systems": ["systems", "対象システム", "システム"],
    ]
    static let backupColumns: [String: [String]] = [
        "system": ["system", "システム", "対象システム"], "what": ["what", "対象データ", "バックアップ対象"], "frequency": ["frequency", "頻度"],
        "generations": ["generations", "世代数", "世代"], "media": ["media", "媒体"], "place": ["place", "保管場所"],
        "offline": ["offline", "オフライン", "オフライン保管"], "lastRestoreTest": ["lastrestoretest", "last restore test", "復元テスト", "最終復元テスト"],
        "restoredBy": ["restoredby", "restored by", "復旧担当", "復元担当"], "vendorRestoreTime": ["vendorrestoretime", "vendor restore time", "業者の復旧時間", "復旧目安"],
    ]

    public static func load(path: String) throws(IncidentError) -> (EquipmentLedger, Set<Register>) {
        let text = try TextFile.read(
            path,
            notUTF8: LocalizedText(
                ja: "UTF-8 のテキストではありません。Excel では「CSV UTF-8（コンマ区切り）」で保存してください。",
                en: "Not UTF-8 text; in Excel, save as \"CSV UTF-8 (Comma delimited)\"."))
        if path.lowercased().hasSuffix(".csv") { return try loadCSV(text: text, file: path) }
        return try loadYAML(text: text, file: path)
    }

    // MARK: YAML

    /// Refuses what no ledger holds before reading it: more than a megabyte, and
    /// control characters (a terminal escape in a device name would reach the screen).
    static func screen(_ text: String, file: String) throws(IncidentError) {
        if text.utf8.count > YAMLReader.maxBytes {
            throw .invalidFile([
                SourceProblem(
                    file: file, line: 0, column: 0,
                    message: LocalizedText(
                        ja: "ファイルが大きすぎます（\(text.utf8.count) バイト、上限 \(YAMLReader.maxBytes) バイト）。",
                        en: "The file is too large (\(text.utf8.count) bytes; the limit is \(YAMLReader.maxBytes))."))
            ])
        }
        var line = 1, column = 0
        for scalar in text.unicodeScalars {
            column += 1
            let v = scalar.value
            if v == 0x0A { line += 1; column = 0; continue }
            if (v < 0x20 && v != 0x09 && v != 0x0D) || (0x7F...0x9F).contains(v) || v == 0xFFFD || v == 0xFEFF && !(line == 1 && column == 1) {
                throw .invalidFile([
                    SourceProblem(
                        file: file, line: line, column: column,
                        message: LocalizedText(
                            ja: "表示できない制御文字（U+\(String(v, radix: 16, uppercase: true))）があります。消してから取り込んでください。",
                            en: "A control character (U+\(String(v, radix: 16, uppercase: true))) is not allowed; remove it and import again."))
                ])
            }
        }
    }

    public static func loadYAML(text: String, file: String) throws(IncidentError) -> (EquipmentLedger, Set<Register>) {
        try screen(text, file: file)
        let r = YAMLReader(file: file)
        var ledger = EquipmentLedger()
        var present: Set<Register> = []
        if let root = r.parse(text), let map = r.mapping(root, "ledger", allowed: ["devices", "backups"], depth: 0) {
            if map.isEmpty { r.report(root, ja: "devices か backups のどちらかを書いてください。", en: "Write devices, backups or both.") }
            if let n = map["devices"], let items = r.sequence(n, "devices", depth: 1) {
                present.insert(.devices)
                for item in items {
                    guard let fields = yamlFields(item, "device", keys: Set(deviceColumns.keys), r) else { continue }
                    if let d = device(fields, line: line(item), report: { r.report(line: $0.line, column: $0.column, ja: $1, en: $2) }) {
                        ledger.devices.append(d)
                    }
                }
            }
            if let n = map["backups"], let items = r.sequence(n, "backups", depth: 1) {
                present.insert(.backups)
                for item in items {
                    guard let fields = yamlFields(item, "backup", keys: Set(backupColumns.keys), r) else { continue }
                    if let b = backup(fields, line: line(item), report: { r.report(line: $0.line, column: $0.column, ja: $1, en: $2) }) {
                        ledger.backups.append(b)
                    }
                }
            }
            checkDuplicates(ledger) { r.report(line: $0, column: 1, ja: $1, en: $2) }
        }
        guard r.problems.isEmpty else { throw .invalidFile(r.problems.sorted { ($0.line, $0.column) < ($1.line, $1.column) }) }
        return (ledger, present)
    }

    static func line(_ node: Node) -> Int { node.mark?.line ?? 0 }

    /// A mapping's values as text (a list of systems joined with ";").
    static func yamlFields(_ node: Node, _ what: String, keys: Set<String>, _ r: YAMLReader) -> [String: Field]? {
        guard let map = r.mapping(node, what, allowed: keys, depth: 2) else { return nil }
        var fields: [String: Field] = [:]
        for (key, value) in map {
            let at = (value.mark?.line ?? 0, value.mark?.column ?? 0)
            if case .sequence = value, let items = r.sequence(value, "\(what).\(key)", depth: 3) {
                fields[key] = Field(text: items.compactMap { r.string($0, "\(what).\(key)") }.joined(separator: ";"), line: at.0, column: at.1)
            } else if let text = r.string(value, "\(what).\(key)", allowEmpty: true) {
                fields[key] = Field(text: text, line: at.0, column: at.1)
            }
        }
        return fields
    }

    // MARK: CSV

    public static func loadCSV(text: String, file: String) throws(IncidentError) -> (EquipmentLedger, Set<Register>) {
        try screen(text, file: file)
        var problems: [SourceProblem] = []
        func report(_ line: Int, _ column: Int, _ ja: String, _ en: String) {
            problems.append(SourceProblem(file: file, line: line, column: column, message: LocalizedText(ja: ja, en: en)))
        }
        let rows = parseCSV(text)
        guard let header = rows.first(where: { !$0.cells.allSatisfy { $0.trimmingCharacters(in: .whitespaces).isEmpty } }) else {
            throw .invalidFile([SourceProblem(file: file, line: 1, column: 1, message: LocalizedText(ja: "ファイルが空です。", en: "The file is empty."))])
        }
        let names = header.cells.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        func mapping(_ columns: [String: [String]]) -> [Int: String] {
            var m: [Int: String] = [:]
            for (i, n) in names.enumerated() { if let key = columns.first(where: { $0.value.contains(n) })?.key { m[i] = key } }
            return m
        }
        let deviceMap = mapping(deviceColumns), backupMap = mapping(backupColumns)
        let register: Register
        if deviceMap.values.contains("name") {
            register = .devices
        } else if backupMap.values.contains("system") && !backupMap.values.contains("name") {
            register = .backups
        } else {
            throw .invalidFile([
                SourceProblem(
                    file: file, line: header.line, column: 1,
                    message: LocalizedText(
                        ja: "1行目の見出しから台帳の種類がわかりません。機器台帳には「機器名（name）」、バックアップ台帳には「システム（system）」の列が必要です。",
                        en: "The header does not say which register this is: the equipment ledger needs a name column, the backup register a system column."))
            ])
        }
        let columnMap = register == .devices ? deviceMap : backupMap
        for (i, n) in names.enumerated() where columnMap[i] == nil && !n.isEmpty {
            let list = (register == .devices ? deviceColumns : backupColumns).keys.sorted().joined(separator: ", ")
            report(
                header.line, i + 1, "不明な列「\(header.cells[i])」があります（使える列: \(list)、または日本語の見出し）。",
                "Unknown column '\(header.cells[i])' (allowed: \(list), or the Japanese headings).")
        }
        var ledger = EquipmentLedger()
        for row in rows where row.line > header.line {
            if row.cells.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
            if row.cells.count > names.count, row.cells[names.count...].contains(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) {
                report(
                    row.line, names.count + 1, "\(row.line) 行目の列が見出しより多くあります（値の中のコンマは \" で囲んでください）。",
                    "Line \(row.line) has more columns than the header (quote values containing commas).")
                continue
            }
            var fields: [String: Field] = [:]
            for (i, cell) in row.cells.enumerated() {
                guard let key = columnMap[i] else { continue }
                fields[key] = Field(text: cell, line: row.line, column: i + 1)
            }
            let rep: (Field, String, String) -> Void = { f, ja, en in report(f.line, f.column, ja, en) }
            switch register {
            case .devices: if let d = device(fields, line: row.line, report: rep) { ledger.devices.append(d) }
            case .backups: if let b = backup(fields, line: row.line, report: rep) { ledger.backups.append(b) }
            }
        }
        checkDuplicates(ledger) { report($0, 1, $1, $2) }
        guard problems.isEmpty else { throw .invalidFile(problems.sorted { ($0.line, $0.column) < ($1.line, $1.column) }) }
        return (ledger, [register])
    }

    /// RFC 4180 with the liberties Excel takes: CRLF or LF, quoted fields that span lines.
    static func parseCSV(_ text: String) -> [(line: Int, cells: [String])] {
        var rows: [(Int, [String])] = []
        var cells: [String] = [], cell = "", quoted = false, line = 1, rowLine = 1, afterQuote = false
        var it = Array(text.unicodeScalars)[...]
        while let c = it.popFirst() {
            if quoted {
                if c == "\"" {
                    if it.first == "\"" { cell.unicodeScalars.append("\""); it.removeFirst() } else { quoted = false; afterQuote = true }
                } else {
                    if c == "\n" { line += 1 }
                    cell.unicodeScalars.append(c)
                }
                continue
            }
            switch c {
            case "\"" where cell.isEmpty && !afterQuote: quoted = true
            case ",": cells.append(cell); cell = ""; afterQuote = false
            case "\r": if it.first != "\n" { fallthrough }
            case "\n":
                cells.append(cell); rows.append((rowLine, cells)); cells = []; cell = ""; afterQuote = false
                line += 1; rowLine = line
            default: cell.unicodeScalars.append(c)
            }
        }
        if !cell.isEmpty || !cells.isEmpty { cells.append(cell); rows.append((rowLine, cells)) }
        return rows.map { (line: $0.0, cells: $0.1) }
    }

    // MARK: Building entries

    static func text(_ f: Field?) -> String? {
        guard let t = f?.text.trimmingCharacters(in: .whitespacesAndNewlines), !t.isEmpty else { return nil }
        return t
    }

    static func list(_ f: Field?) -> [String] {
        guard let t = text(f) else { return [] }
        return t.split(whereSeparator: { ";；、,/／".contains($0) }).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    static func device(_ fields: [String: Field], line: Int, report: (Field, String, String) -> Void) -> EquipmentLedger.Device? {
        var ok = true
        let at = Field(text: "", line: line, column: 1)
        guard let name = text(fields["name"]) else {
            report(fields["name"] ?? at, "\(line) 行目: 機器名（name）がありません。", "Line \(line): the device has no name.")
            return nil
        }
        var kind = EquipmentLedger.Kind.other
        if let f = fields["kind"], let t = text(f) {
            if let k = EquipmentLedger.Kind(input: t) {
                kind = k
            } else {
                ok = false
                report(
                    f,
                    "\(name): 種類「\(t)」は使えません（server, terminal, network, online-qualification, remote-maintenance, other、またはサーバ・端末PC・ネットワーク機器・オンライン資格確認端末・リモート保守機器・その他）。",
                    "\(name): unknown kind '\(t)' (server, terminal, network, online-qualification, remote-maintenance, other).")
            }
        }
        func month(_ key: String, _ ja: String) -> EquipmentLedger.Month? {
            guard let f = fields[key], let t = text(f) else { return nil }
            guard let m = EquipmentLedger.Month(t) else {
                ok = false
                report(f, "\(name): \(ja)（\(key)）「\(t)」は YYYY-MM で書いてください（例: 2021-04）。", "\(name): \(key) '\(t)' must be YYYY-MM (e.g. 2021-04).")
                return nil
            }
            return m
        }
        let installed = month("installed", "導入年月"), supportEnd = month("supportEnd", "サポート終了")
        var connection = EquipmentLedger.Connection.none
        if let f = fields["connection"], let t = text(f) {
            if let c = EquipmentLedger.Connection(input: t) {
                connection = c
            } else {
                ok = false
                report(
                    f, "\(name): 外部接続「\(t)」は使えません（none, internet, vpn, remote-maintenance、または なし・インターネット・VPN・リモート保守回線）。",
                    "\(name): unknown connection '\(t)' (none, internet, vpn, remote-maintenance).")
            }
        }
        guard ok else { return nil }
        return .init(
            name: name, kind: kind, location: text(fields["location"]), purpose: text(fields["purpose"]), vendor: text(fields["vendor"]),
            installed: installed, supportEnd: supportEnd, connection: connection, route: text(fields["route"]), systems: list(fields["systems"]), line: line)
    }

    static func backup(_ fields: [String: Field], line: Int, report: (Field, String, String) -> Void) -> EquipmentLedger.Backup? {
        var ok = true
        let at = Field(text: "", line: line, column: 1)
        guard let system = text(fields["system"]) else {
            report(fields["system"] ?? at, "\(line) 行目: システム（system）がありません。", "Line \(line): the backup has no system.")
            return nil
        }
        var generations: Int? = nil
        if let f = fields["generations"], let t = text(f) {
            let digits = t.hasSuffix("世代") ? String(t.dropLast(2)) : t
            if let n = Int(digits.trimmingCharacters(in: .whitespaces)), n >= 0 {
                generations = n
            } else {
                ok = false
                report(f, "\(system): 世代数（generations）「\(t)」は 0 以上の整数で書いてください。", "\(system): generations '\(t)' must be a whole number ≥ 0.")
            }
        }
        var offline: Bool? = nil
        if let f = fields["offline"], let t = text(f) {
            switch t.lowercased() {
            case "yes", "true", "はい", "あり", "有", "○": offline = true
            case "no", "false", "いいえ", "なし", "無", "×": offline = false
            default:
                ok = false
                report(f, "\(system): オフライン保管（offline）「\(t)」は yes か no（あり・なし）で書いてください。", "\(system): offline '\(t)' must be yes or no.")
            }
        }
        var test: Day? = nil
        if let f = fields["lastRestoreTest"], let t = text(f) {
            if let d = Day(t.replacingOccurrences(of: "/", with: "-")) {
                test = d
            } else {
                ok = false
                report(f, "\(system): 最終復元テスト（lastRestoreTest）「\(t)」は YYYY-MM-DD で書いてください。", "\(system): lastRestoreTest '\(t)' must be YYYY-MM-DD.")
            }
        }
        guard ok else { return nil }
        return .init(
            system: system, what: text(fields["what"]), frequency: text(fields["frequency"]), generations: generations, media: text(fields["media"]),
            place: text(fields["place"]), offline: offline, lastRestoreTest: test, restoredBy: text(fields["restoredBy"]),
            vendorRestoreTime: text(fields["vendorRestoreTime"]), line: line)
    }

    static func checkDuplicates(_ ledger: EquipmentLedger, report: (Int, String, String) -> Void) {
        var seen: Set<String> = []
        for d in ledger.devices where !seen.insert(d.name.lowercased()).inserted {
            report(d.line, "機器名「\(d.name)」が重複しています。機器ごとに別の名前を付けてください（例: 受付PC1、受付PC2）。", "Duplicate device name '\(d.name)'; give each device its own name.")
        }
        seen = []
        for b in ledger.backups where !seen.insert(b.system.lowercased()).inserted {
            report(b.line, "システム「\(b.system)」のバックアップが重複しています。1システム1行にしてください。", "Duplicate backup entry for '\(b.system)'; one line per system.")
        }
    }
}
