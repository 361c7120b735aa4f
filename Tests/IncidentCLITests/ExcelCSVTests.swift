import Foundation
import Testing

/// `timeline --format csv` as a clinic opens it: in Excel (checked with Python's
/// csv module and LibreOffice Calc), and `--plain` for scripts.
@Suite struct ExcelCSVTests {
    static let formula = "=HYPERLINK(\"http://example.invalid\",\"開く\")"

    /// An incident whose notes hold a formula, a leading minus, a comma, a quote and a line break.
    static func incident() throws -> CLI {
        let cli = try CLI()
        var r = try cli("init", "--facility", try cli.write("p.yaml", CLIProfiles.complete))
        #expect(r.status == 0, "\(r.stderr)")
        r = try cli("declare", "受付の電子カルテが開かない", "--at", ScenarioTests.tokyo(minutesAgo: 60))
        #expect(r.status == 0, "\(r.stderr)")
        for (text, ago) in [(formula, 50), ("-3台が停止。+1台は様子見", 40), ("@院長へ報告", 35), ("受付, 会計は \"紙\" で対応\n2行目", 30)] {
            // `--` so that a note starting with "-" is the text, not an option.
            r = try cli("log", "--at", ScenarioTests.tokyo(minutesAgo: ago), "--", text)
            #expect(r.status == 0, "\(r.stderr)")
        }
        r = try cli("correct", "3", "--text", "4台が停止")
        #expect(r.status == 0, "\(r.stderr)")
        return cli
    }

    /// The CSV written to a file, as `incident timeline --format csv > 時系列.csv` does.
    static func csvFile(_ cli: CLI, _ extra: String...) throws -> (URL, Data) {
        let r = try cli.run(["timeline", "--format", "csv"] + extra)
        #expect(r.status == 0, "\(r.stderr)")
        let url = cli.directory.appendingPathComponent("時系列.csv")
        let data = Data(r.stdout.utf8)
        try data.write(to: url)
        return (url, data)
    }

    @Test func bomCRLFJapaneseHeadersExcelTimesAndNeutralisedFormulas() throws {
        let cli = try Self.incident()
        defer { cli.cleanUp() }
        let (_, data) = try Self.csvFile(cli)
        #expect(Array(data.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let text = String(decoding: data.dropFirst(3), as: UTF8.self)
        #expect(text.hasPrefix("番号,発生日時,タイムゾーン,記録日時,記録者,種類,内容,訂正対象\r\n"))
        // Every record ends in CRLF; the only bare LF is the one inside the quoted note.
        #expect(text.hasSuffix("\r\n"))
        #expect(text.replacingOccurrences(of: "\r\n", with: "").filter { $0 == "\n" }.count == 1)
        #expect(text.contains("\r\n2,"))
        #expect(text.contains(",宣言,") && text.contains(",メモ,") && text.contains(",訂正,"))
        #expect(text.contains(",Asia/Tokyo (UTC+09:00),"))
        #expect(!text.contains(",=") && !text.contains(",-3台") && !text.contains(",@院長"))
        #expect(text.contains(",\"'=HYPERLINK(\"\"http://example.invalid\"\",\"\"開く\"\")\","))
        #expect(text.contains(",'-3台が停止。+1台は様子見"))
    }

    @Test func plainKeepsTheMachineColumns() throws {
        let cli = try Self.incident()
        defer { cli.cleanUp() }
        let (_, data) = try Self.csvFile(cli, "--plain")
        let text = String(decoding: data, as: UTF8.self)
        #expect(data.first == UInt8(ascii: "s"))
        #expect(text.hasPrefix("seq,occurredAt,recordedAt,actor,kind,text,corrects,hash\r\n"))
        let rows = text.split(separator: "\r\n")
        #expect(rows.count == 7)
        #expect(rows[1].hasPrefix("1,") && rows[1].contains("+09:00,") && rows[1].contains(",declared,"))
        // Stored text unchanged: the formula as typed, no apostrophe.
        #expect(text.contains(",\"=HYPERLINK(\"\"http://example.invalid\"\",\"\"開く\"\")\","))
        #expect(text.contains(",-3台が停止。+1台は様子見,"))
        // --plain only means something for csv.
        let r = try cli("timeline", "--plain")
        #expect(r.status == 64)
    }

    @Test func englishHeadersAndKinds() throws {
        let cli = try Self.incident()
        defer { cli.cleanUp() }
        let (_, data) = try Self.csvFile(cli, "--lang", "en")
        let text = String(decoding: data.dropFirst(3), as: UTF8.self)
        #expect(text.hasPrefix("No.,Occurred,Time zone,Recorded,By,Kind,What,Corrects\r\n"))
        #expect(text.contains(",declared,") && text.contains(",note,") && text.contains(",correction,"))
    }

    @Test(.enabled(if: ExternalTool.available("python3"), "\(ExternalTool.missing("python3"))"))
    func pythonCSVReadsItBack() throws {
        let cli = try Self.incident()
        defer { cli.cleanUp() }
        let (url, _) = try Self.csvFile(cli)
        let script = """
            import csv, json, sys
            with open(sys.argv[1], encoding="utf-8-sig", newline="") as f:
                print(json.dumps(list(csv.reader(f)), ensure_ascii=False))
            """
        let out = try ExternalTool.run("python3", ["-c", script, url.path], in: cli.directory)
        #expect(out.status == 0, "\(out.stderr)")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [[String]])
        #expect(rows.count == 7)
        #expect(rows[0] == ["番号", "発生日時", "タイムゾーン", "記録日時", "記録者", "種類", "内容", "訂正対象"])
        #expect(rows.allSatisfy { $0.count == 8 })
        #expect(rows[1][5] == "宣言" && rows[1][6] == "受付の電子カルテが開かない" && rows[1][4] == "山田")
        #expect(rows.dropFirst().allSatisfy { $0[1].wholeMatch(of: /\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}/) != nil })
        #expect(rows.dropFirst().allSatisfy { $0[3].wholeMatch(of: /\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}/) != nil })
        #expect(rows[1][2] == "Asia/Tokyo (UTC+09:00)")
        let notes = rows.filter { $0[5] == "メモ" }.map { $0[6] }
        #expect(notes.contains("'" + Self.formula))
        #expect(notes.contains { $0.hasPrefix("'-3台が停止。+1台は様子見") && $0.contains("#6 で訂正") })
        #expect(notes.contains("'@院長へ報告"))
        #expect(notes.contains("受付, 会計は \"紙\" で対応\n2行目"))
        let correction = try #require(rows.first { $0[5] == "訂正" })
        #expect(correction[7] == "3")
    }

    @Test(.enabled(if: ExternalTool.available("python3", "soffice"), "\(ExternalTool.missing("python3", "soffice"))"))
    func libreOfficeOpensItWithJapaneseTextDatesAndNoFormula() throws {
        let cli = try Self.incident()
        defer { cli.cleanUp() }
        let (url, _) = try Self.csvFile(cli)
        // Comma-separated, double quotes, UTF-8 (76), first line 1, Japanese locale (1041) for dates.
        let convert = try ExternalTool.run(
            "soffice",
            [
                "--headless", "--infilter=CSV:44,34,76,1,,1041", "--convert-to", "xlsx",
                "--outdir", cli.directory.appendingPathComponent("xlsx").path, url.path,
            ], in: cli.directory)
        let xlsx = cli.directory.appendingPathComponent("xlsx/時系列.xlsx")
        #expect(FileManager.default.fileExists(atPath: xlsx.path), "soffice: \(convert.stdout) \(convert.stderr)")
        // Shared strings (rich-text runs joined) and, for each cell of the sheet, its type, value and formula.
        let script = """
            import json, re, sys, zipfile
            z = zipfile.ZipFile(sys.argv[1])
            sst = z.read("xl/sharedStrings.xml").decode("utf-8")
            unescape = lambda s: s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&apos;", "'").replace("&amp;", "&")
            strings = [unescape("".join(re.findall(r"<t[^>]*>(.*?)</t>", si, re.S))) for si in re.findall(r"<si>(.*?)</si>", sst, re.S)]
            sheet = z.read("xl/worksheets/sheet1.xml").decode("utf-8")
            cells = {}
            for ref, attrs, body in re.findall(r'<c r="([A-Z]+[0-9]+)"([^>]*?)(?:/>|>(.*?)</c>)', sheet, re.S):
                t = re.search(r't="(\\w+)"', attrs)
                v = re.search(r"<v>(.*?)</v>", body or "", re.S)
                value = v.group(1) if v else None
                kind = t.group(1) if t else "n"
                if kind == "s" and value is not None: value = strings[int(value)]
                cells[ref] = {"type": kind, "value": value, "formula": "<f" in (body or "")}
            print(json.dumps(cells, ensure_ascii=False))
            """
        let out = try ExternalTool.run("python3", ["-c", script, xlsx.path], in: cli.directory)
        #expect(out.status == 0, "\(out.stderr)")
        let cells = try #require(try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [String: [String: Any]])
        // Japanese survives, without a stray BOM in the first header.
        #expect(cells["A1"]?["value"] as? String == "番号")
        #expect(cells["B1"]?["value"] as? String == "発生日時")
        #expect(cells["G2"]?["value"] as? String == "受付の電子カルテが開かない")
        #expect(cells["F2"]?["value"] as? String == "宣言")
        // The occurrence time became a date-time cell (a serial number), not text.
        #expect(cells["B2"]?["type"] as? String == "n")
        #expect(Double(cells["B2"]?["value"] as? String ?? "") ?? 0 > 46_000)
        // No cell is a formula; the formula note is text.
        #expect(cells.values.allSatisfy { ($0["formula"] as? Bool) == false })
        let texts = cells.values.compactMap { $0["type"] as? String == "s" ? $0["value"] as? String : nil }
        #expect(texts.contains { $0.contains("=HYPERLINK(") })
        #expect(texts.contains { $0.contains("-3台が停止") })
    }
}
