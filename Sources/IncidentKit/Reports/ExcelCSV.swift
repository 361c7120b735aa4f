import Foundation

/// The spreadsheet form of CSV that `timeline --format csv` writes for
/// clinic staff who open it in Excel (Japanese Windows) or LibreOffice Calc.
///
/// Rules, each for a failure seen with plain CSV:
/// - UTF-8 with a byte-order mark: without it Japanese Excel decodes the file as
///   cp932 and shows mojibake.
/// - CRLF between records (RFC 4180); line breaks inside a quoted cell are kept.
/// - Times as `2026/11/25 09:10` in the facility time zone, a form Excel turns
///   into a date-time cell; the zone goes in a column of its own.
/// - A cell starting with `=`, `+`, `-`, `@`, a tab or a CR is prefixed with `'`
///   so that a spreadsheet never runs staff-typed text as a formula (OWASP CSV injection).
public enum ExcelCSV {
    public static let byteOrderMark = "\u{FEFF}"

    /// The column headers, in the reader's language.
    public static func headers(_ l: Language) -> [String] {
        switch l {
        case .ja: ["番号", "発生日時", "タイムゾーン", "記録日時", "記録者", "種類", "内容", "訂正対象"]
        case .en: ["No.", "Occurred", "Time zone", "Recorded", "By", "Kind", "What", "Corrects"]
        }
    }

    /// `2026/11/25 09:10` in `timeZone`.
    public static func time(_ date: Date, in timeZone: TimeZone) -> String {
        Timestamp.local(date, in: timeZone).replacingOccurrences(of: "-", with: "/")
    }

    /// `Asia/Tokyo (UTC+09:00)`: the zone and the offset in force at `date`.
    public static func zone(_ date: Date, in timeZone: TimeZone) -> String {
        let offset = timeZone.secondsFromGMT(for: date)
        let minutes = abs(offset) / 60
        let hh = minutes / 60 < 10 ? "0\(minutes / 60)" : "\(minutes / 60)"
        let mm = minutes % 60 < 10 ? "0\(minutes % 60)" : "\(minutes % 60)"
        return "\(timeZone.identifier) (UTC\(offset < 0 ? "-" : "+")\(hh):\(mm))"
    }

    /// One record: every cell neutralised and quoted where needed, then CRLF.
    public static func row(_ cells: [String]) -> String {
        cells.map { quote(neutralize($0)) }.joined(separator: ",") + "\r\n"
    }

    /// `'` before a cell a spreadsheet would read as a formula.
    public static func neutralize(_ cell: String) -> String {
        guard let first = cell.unicodeScalars.first else { return cell }
        switch first {
        case "=", "+", "-", "@", "\t", "\r": return "'" + cell
        default: return cell
        }
    }

    /// RFC 4180 quoting: only cells holding a comma, a quote or a line break.
    public static func quote(_ cell: String) -> String {
        guard cell.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return cell }
        return "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
