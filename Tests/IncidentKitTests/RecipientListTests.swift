import Foundation
import Testing

@testable import IncidentKit

/// The patients' CSV for individual notices: encodings Excel writes, quoting, and
/// every bad row named by its line.
@Suite struct RecipientListTests {
    static let csv = "患者番号,氏名,郵便番号,住所,住所2\r\n0001,山田 太郎,100-0001,\"東京都千代田区架空町1-2-3, 101号\",\r\n0002,佐藤 花子,100-0002,東京都千代田区架空町4-5-6,さくら荘\r\n"

    @Test func utf8WithAndWithoutBOMAndShiftJIS() throws {
        let plain = Data(Self.csv.utf8)
        let bom = Data([0xEF, 0xBB, 0xBF]) + plain
        let sjis = try #require(Self.csv.data(using: .shiftJIS))
        for data in [plain, bom, sjis] {
            let list = try RecipientList.parse(data, file: "list.csv")
            #expect(list.map(\.name) == ["山田 太郎", "佐藤 花子"])
            #expect(list[0].address == "東京都千代田区架空町1-2-3, 101号")
            #expect(list[0].address2 == nil)
            #expect(list[1].address2 == "さくら荘")
            #expect(list[1].postalCode == "100-0002")
            #expect(list[1].patientId == "0002")
            #expect(list.map(\.line) == [2, 3])
        }
    }

    @Test func badRowsAreNamedByLine() throws {
        let text = "氏名,住所\n山田 太郎,東京都千代田区1\n,東京都千代田区2\n佐藤 花子,\n\n\"鈴木\n次郎\",東京都,余分\n高橋 三郎,東京都千代田区3\n"
        #expect {
            try RecipientList.parse(Data(text.utf8), file: "list.csv")
        } throws: { error in
            guard case IncidentError.invalidFile(let problems) = error else { return false }
            // Line 3: no name; line 4: no address; lines 6–7: one quoted record with too many cells.
            return problems.map(\.line) == [3, 4, 6] && problems.allSatisfy { $0.file == "list.csv" }
        }
        #expect(throws: IncidentError.self) { try RecipientList.parse(Data("番号,名前のない列\n1,2\n".utf8), file: "x.csv") }
        #expect(throws: IncidentError.self) { try RecipientList.parse(Data([0xFF, 0xFE, 0x00, 0x81]), file: "x.csv") }
        #expect(throws: IncidentError.self) { try RecipientList.parse(Data("氏名,住所\n".utf8), file: "x.csv") }
    }

    @Test func oneLetterPerPageEscaped() throws {
        let list = try RecipientList.parse(Data("氏名,住所\n<b>山田</b>,東京都\n佐藤 花子,大阪府\n".utf8), file: "l.csv")
        let report = RenderedReport(kind: "individual-notice", text: "患者さまへのお詫びとお知らせ【下書き】\n\n本文【未記入: 原因】\n", missing: ["cause"])
        let html = RecipientList.letters(report, recipients: list, title: "本人への通知", language: .ja).html
        #expect(html.components(separatedBy: "<section class=\"page\">").count - 1 == 2)
        #expect(html.contains("&lt;b&gt;山田&lt;/b&gt; 様"))
        #expect(!html.contains("<b>山田"))
        #expect(html.contains("<h1>患者さまへのお詫びとお知らせ</h1>"))
        #expect(!html.contains("【下書き】"))
        #expect(html.contains("<span class=\"gap\">【未記入: 原因】</span>"))
    }
}
