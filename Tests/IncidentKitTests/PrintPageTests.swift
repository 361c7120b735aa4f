import Foundation
import Testing

@testable import IncidentKit

/// The small rules the printed and spreadsheet outputs rely on.
@Suite struct PrintPageTests {
    @Test(arguments: [
        ("03-1234-5678", "tel:0312345678"),
        ("0120-000-111", "tel:0120000111"),
        ("+81-3-1234-5678", "tel:+81312345678"),
        ("+81 (3) 1234 5678", "tel:+81312345678"),
        ("０３（１２３４）５６７８", "tel:0312345678"),
        ("03-1234-5678 内線12", "tel:0312345678"),
        ("090-1234-5678（夜間）", "tel:09012345678"),
    ])
    func telHrefKeepsDigitsAndPlusOnly(number: String, href: String) {
        #expect(PrintPage.telHref(number) == href)
    }

    @Test(arguments: ["#9110", "未定", "", "12", "窓口へ"])
    func telHrefRefusesWhatIsNotANumber(text: String) {
        #expect(PrintPage.telHref(text) == nil)
        #expect(!PrintPage.tel(text).contains("href"))
    }

    @Test func escapeCoversTextAndAttributes() {
        #expect(PrintPage.escape("<a href=\"x\" title='y'>&</a>") == "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;")
        #expect(PrintPage.tel("03-1234-5678<b>") == "<a class=\"tel\" href=\"tel:0312345678\">03-1234-5678&lt;b&gt;</a>")
    }

    @Test func phoneNumbersInNotesDialButTimesDoNot() {
        #expect(
            PrintPage.linkPhoneNumbers("最寄りの署 03-0000-1007、平日 9:30-18:15")
                == "最寄りの署 <a class=\"tel\" href=\"tel:0300001007\">03-0000-1007</a>、平日 9:30-18:15")
        #expect(PrintPage.linkPhoneNumbers("2026-11-25 に更新") == "2026-11-25 に更新")
    }

    @Test func pagesAreSelfContainedA4() {
        let html = PrintPage(title: "a<b", language: .ja, pages: ["one", "two"]).html
        #expect(html.contains("<title>a&lt;b</title>") && html.contains("<html lang=\"ja\">"))
        #expect(html.components(separatedBy: "<section class=\"page\">").count == 3)
        #expect(html.contains("@page { size: A4"))
        #expect(!html.contains("src=") && !html.contains("<link") && !html.contains("url("))
    }

    @Test(arguments: [
        ("=1+1", "'=1+1"), ("+81", "'+81"), ("-3台", "'-3台"), ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"), ("\rx", "'\rx"), ("受付 =1", "受付 =1"), ("", ""), ("'=1", "'=1"),
    ])
    func spreadsheetCellsNeverStartAFormula(cell: String, expected: String) {
        #expect(ExcelCSV.neutralize(cell) == expected)
    }

    @Test func spreadsheetRowsAndTimes() {
        #expect(ExcelCSV.row(["a,b", "say \"hi\"", "1\n2", "=x"]) == "\"a,b\",\"say \"\"hi\"\"\",\"1\n2\",'=x\r\n")
        let tokyo = TimeZone(identifier: "Asia/Tokyo")!
        let date = CivilTime(year: 2026, month: 11, day: 25, hour: 0, minute: 10).date()  // UTC
        #expect(ExcelCSV.time(date, in: tokyo) == "2026/11/25 09:10")
        #expect(ExcelCSV.zone(date, in: tokyo) == "Asia/Tokyo (UTC+09:00)")
        #expect(ExcelCSV.zone(date, in: TimeZone(identifier: "America/St_Johns")!) == "America/St_Johns (UTC-03:30)")
    }

    @Test func guidanceReflowKeepsOneSentencePerLine() {
        #expect(
            StepCards.reflow("電子カルテが開かない、\n画面が出る。\n再起動しないでください。\n", .ja)
                == "電子カルテが開かない、画面が出る。\n再起動しないでください。")
        #expect(StepCards.reflow("Do not\nrestart it.\nCall:\nthe officer", .en) == "Do not restart it.\nCall:\nthe officer")
    }
}
