import Foundation

/// The patients a notice goes to, read from a CSV the receipt system exports
/// (`report individual-notice --recipients FILE.csv`). The list is read and used
/// for the letters only: it is never stored in the log.
///
/// Accepted: UTF-8 with or without a byte-order mark, or Shift_JIS (cp932) as
/// Japanese Excel writes it; CRLF or LF; quoted cells with commas, quotes ("")
/// and line breaks. The first row names the columns: 氏名/name and 住所/address
/// are required; 郵便番号/postalCode, 住所2/address2 and 患者番号/patientId optional.
public enum RecipientList {
    public struct Recipient: Sendable, Equatable {
        public var name: String
        public var postalCode: String?
        public var address: String
        public var address2: String?
        public var patientId: String?
        /// The line of the file the row starts on (1 = the header).
        public var line: Int
    }

    enum Column: CaseIterable {
        case name, postalCode, address, address2, patientId

        var headers: [String] {
            switch self {
            case .name: ["氏名", "患者氏名", "名前", "name"]
            case .postalCode: ["郵便番号", "〒", "postalcode", "postal", "zip"]
            case .address: ["住所", "住所1", "address", "address1"]
            case .address2: ["住所2", "方書", "address2"]
            case .patientId: ["患者番号", "カルテ番号", "patientid", "id"]
            }
        }
    }

    /// The recipients of `data` (the file's bytes); `file` names it in problems.
    /// Every bad row is reported with its line number, and nothing is returned
    /// unless every row is good.
    public static func parse(_ data: Data, file: String) throws(IncidentError) -> [Recipient] {
        let (recipients, problems) = try read(data, file: file)
        guard problems.isEmpty else { throw .invalidFile(problems) }
        return recipients
    }

    /// The good rows of `data` and a problem (with its line) for each bad one: one
    /// bad row must not hold back every other patient's letter. A file that cannot
    /// be read, has no usable header or no good row at all is refused.
    public static func read(_ data: Data, file: String) throws(IncidentError) -> (recipients: [Recipient], problems: [SourceProblem]) {
        func problem(_ line: Int, _ ja: String, _ en: String) -> SourceProblem {
            SourceProblem(file: file, line: line, column: 0, message: .init(ja: ja, en: en))
        }
        guard let text = decode(data) else {
            throw .invalidFile([
                problem(
                    0, "文字コードを読み取れません。UTF-8 か Shift_JIS（Excel の「CSV（コンマ区切り）」）で保存してください。",
                    "cannot decode the file: save it as UTF-8 or Shift_JIS (Excel's \"CSV (comma delimited)\").")
            ])
        }
        let rows = records(text)
        guard let header = rows.first, header.cells.contains(where: { !$0.isEmpty }) else {
            throw .invalidFile([problem(1, "1行目に列名（氏名、住所など）がありません。", "line 1 must name the columns (name, address, …).")])
        }
        var index: [Column: Int] = [:]
        for (i, cell) in header.cells.enumerated() {
            let key = cell.trimmingCharacters(in: .whitespaces).lowercased()
            if let column = Column.allCases.first(where: { $0.headers.contains(key) }), index[column] == nil { index[column] = i }
        }
        var problems: [SourceProblem] = []
        for column in [Column.name, .address] where index[column] == nil {
            problems.append(
                problem(
                    1, "1行目に「\(column.headers[0])」の列がありません（列名: \(header.cells.joined(separator: "、"))）。",
                    "line 1 has no \"\(column.headers.last!)\" column (columns: \(header.cells.joined(separator: ", ")))."))
        }
        guard problems.isEmpty else { throw .invalidFile(problems) }

        var out: [Recipient] = []
        for row in rows.dropFirst() {
            if row.cells.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
            func cell(_ c: Column) -> String? {
                guard let i = index[c], i < row.cells.count else { return nil }
                let v = row.cells[i].trimmingCharacters(in: .whitespacesAndNewlines)
                return v.isEmpty ? nil : v
            }
            if row.cells.count > header.cells.count {
                problems.append(
                    problem(
                        row.line, "列が多すぎます（\(row.cells.count) 列、見出しは \(header.cells.count) 列）。住所にコンマがあれば \" \" で囲んでください。",
                        "too many cells (\(row.cells.count), the header has \(header.cells.count)); quote an address containing commas."))
                continue
            }
            guard let name = cell(.name) else {
                problems.append(problem(row.line, "氏名が空です。", "the name is empty."))
                continue
            }
            guard let address = cell(.address) else {
                problems.append(problem(row.line, "\(name) さんの住所が空です。", "the address of \(name) is empty."))
                continue
            }
            let all = [name, address] + [cell(.postalCode), cell(.address2), cell(.patientId)].compactMap { $0 }
            if all.contains(where: { text in text.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" || $0.value == 0x7F } }) {
                problems.append(problem(row.line, "制御文字が含まれています。", "the row contains control characters."))
                continue
            }
            out.append(
                Recipient(
                    name: name, postalCode: cell(.postalCode), address: address, address2: cell(.address2),
                    patientId: cell(.patientId), line: row.line))
        }
        guard !out.isEmpty else {
            throw .invalidFile(problems.isEmpty ? [problem(2, "宛先の行がありません。", "the file lists nobody.")] : problems)
        }
        return (out, problems)
    }

    /// UTF-8 (a BOM dropped), else Shift_JIS; nil when neither decodes.
    static func decode(_ data: Data) -> String? {
        var bytes = data
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        if let text = String(data: bytes, encoding: .utf8) { return text }
        return String(data: bytes, encoding: .shiftJIS)
    }

    /// RFC 4180 records with the line each starts on.
    static func records(_ text: String) -> [(line: Int, cells: [String])] {
        var out: [(line: Int, cells: [String])] = []
        var cells: [String] = []
        var cell = ""
        var quoted = false
        var line = 1
        var start = 1
        var chars = Array(text.unicodeScalars)[...]
        while let c = chars.popFirst() {
            if quoted {
                if c == "\"" {
                    if chars.first == "\"" { chars.removeFirst(); cell.unicodeScalars.append("\"") } else { quoted = false }
                } else {
                    if c == "\n" { line += 1 }
                    cell.unicodeScalars.append(c)
                }
                continue
            }
            switch c {
            case "\"" where cell.isEmpty: quoted = true
            case ",":
                cells.append(cell)
                cell = ""
            case "\r": break
            case "\n":
                cells.append(cell)
                out.append((start, cells))
                (cells, cell) = ([], "")
                line += 1
                start = line
            default: cell.unicodeScalars.append(c)
            }
        }
        if !cell.isEmpty || !cells.isEmpty {
            cells.append(cell)
            out.append((start, cells))
        }
        return out
    }

    /// One letter per A4 page: the address block, then the notice (its 【下書き】 mark dropped).
    public static func letters(_ report: RenderedReport, recipients: [Recipient], title: String, language l: Language) -> PrintPage {
        let e = PrintPage.escape
        var lines = report.text.trimmingCharacters(in: .newlines).components(separatedBy: "\n")
        let heading = (lines.first ?? title).replacingOccurrences(of: "【下書き】", with: "").replacingOccurrences(of: " [DRAFT]", with: "")
        if !lines.isEmpty { lines.removeFirst() }
        let body = PrintedDraft.highlightGaps(e(lines.joined(separator: "\n").trimmingCharacters(in: .newlines)))
        let pages = recipients.map { r -> String in
            var out = "<div class=\"address\">\n"
            if let postal = r.postalCode { out += "<p>〒\(e(postal))</p>\n" }
            out += "<p>\(e(r.address))</p>\n"
            if let a2 = r.address2 { out += "<p>\(e(a2))</p>\n" }
            out += "<p class=\"addressee\">\(e(r.name))\(l.pick(ja: " 様", en: ""))</p>\n"
            if let id = r.patientId { out += "<p class=\"small\">\(l.pick(ja: "患者番号", en: "Patient no.")) \(e(id))</p>\n" }
            out += "</div>\n<h1>\(e(heading))</h1>\n<div class=\"draft\">\(body)</div>\n"
            return out
        }
        return PrintPage(title: title, language: l, pages: pages)
    }
}
