import Foundation

/// `print paper-log`: a blank time-line sheet for when the laptop is
/// down too. Staff write 時刻・内容・記入者 on numbered rows; afterwards each row is
/// typed in with `log TEXT --at TIME --by NAME`, which keeps the time it
/// happened (the footer says so).
public struct PaperLog: Sendable {
    public var facilityName: String?
    public var incidentID: String?
    public var language: Language
    /// Numbered rows on the sheet; 22 fill one A4 page with the header and footer.
    public var rows: Int = 22

    /// How the front end that prints says where to type the rows in (the CLI: its command).
    public var wording: any Wording = PlainWording()

    public init(facilityName: String?, incidentID: String?, language: Language) {
        (self.facilityName, self.incidentID, self.language) = (facilityName, incidentID, language)
    }

    public var page: PrintPage {
        PrintPage(title: language.pick(ja: "時系列記録用紙", en: "Paper timeline sheet"), language: language, pages: [body])
    }

    public var html: String { page.html }

    var body: String {
        let l = language
        let e = PrintPage.escape
        var out = "<h1>\(l.pick(ja: "時系列記録用紙（紙の記録）", en: "Timeline sheet (paper record)"))</h1>\n"
        let facility = PrintPage.text(facilityName) ?? "<span class=\"box\" style=\"min-width: 60mm\"></span>"
        let incident = incidentID.map(e) ?? "<span class=\"box\" style=\"min-width: 40mm\"></span>"
        out +=
            "<table class=\"small\">\n<tr><th>\(l.pick(ja: "施設", en: "Facility"))</th><td>\(facility)</td><th>\(l.pick(ja: "インシデント", en: "Incident"))</th><td>\(incident)</td></tr>\n"
        out +=
            "<tr><th>\(l.pick(ja: "日付", en: "Date"))</th><td>\(l.pick(ja: "　　　　年　　月　　日", en: ""))</td><th>\(l.pick(ja: "用紙", en: "Sheet"))</th><td>\(l.pick(ja: "　　枚目", en: "no."))</td></tr>\n</table>\n"
        out +=
            "<p class=\"small\">\(l.pick(ja: "起きたこと・したこと・連絡した相手と結果を、起きた時刻とともに 1 行に 1 件書いてください。時刻は時計で確かめてください。", en: "One line per thing that happened, was done, or a call and its result, with the time it happened (check a clock)."))</p>\n"
        out +=
            "<table class=\"rows\">\n<tr><th>No.</th><th>\(l.pick(ja: "時刻", en: "Time"))</th><th>\(l.pick(ja: "内容", en: "What happened / was done"))</th><th>\(l.pick(ja: "記入者", en: "Written by"))</th></tr>\n"
        for n in 1...max(rows, 1) {
            out += "<tr><td class=\"no\">\(n)</td><td class=\"time\">\(l.pick(ja: "　：", en: "　:"))</td><td></td><td class=\"by\"></td></tr>\n"
        }
        out += "</table>\n"
        let example = wording.command(.enterPaperLog(incident: incidentID), l).map { "<code>\(e($0))</code>" }
        out +=
            "<p class=\"footer\">"
            + (example.map {
                l.pick(
                    ja: "PC が使えるようになったら、1 行ずつ \($0) のように入力してください（--at に書いた時刻。時刻だけなら今日の日付）。",
                    en: "When a PC is available again, type each row in, e.g. \($0) (--at is the time written down; a time alone means today). ")
            }
                ?? l.pick(
                    ja: "PC が使えるようになったら、1 行ずつ書いた時刻と記入者を付けて記録してください。",
                    en: "When a PC is available again, record each row with the time and the name written down. "))
            + l.pick(ja: "この用紙は記録の原本として保管してください。", en: "Keep this sheet as the original record.") + "</p>\n"
        return out
    }
}
