import Foundation
import Testing

@testable import IncidentKit

@Suite struct JapaneseInputTests {
    @Test(arguments: [
        ("2", 2, false), ("2台", 2, false), ("２台", 2, false), ("約2,300人", 2300, true), ("約 2300 人", 2300, true),
        ("2300人程度", 2300, true), ("およそ120名", 120, true), ("１，２００", 1200, false), ("3件", 3, false), ("約1万人", 10_000, true),
        ("0", 0, false),
    ])
    func countsKeepTheNumberAndNoteAbout(text: String, value: Int, approximate: Bool) throws {
        let c = try #require(JapaneseInput.count(text))
        #expect(c.value == value)
        #expect(c.approximate == approximate)
    }

    @Test(arguments: ["", "約", "台", "-1", "2.5台", "二台", "2台3台", "99999999999999999999", "9223372036854775807万"])
    func notACount(text: String) {
        #expect(JapaneseInput.count(text) == nil)
    }

    @Test func everyOutcomeAndStatusHasAJapaneseLabelThatReadsBack() {
        for o in EventBody.Contact.Outcome.allCases {
            #expect(EventBody.Contact.Outcome(input: o.rawValue) == o)
            #expect(EventBody.Contact.Outcome(input: EventDescription.outcome(o, .ja)) == o, "\(o)")
        }
        for s in EventBody.Impact.Status.allCases {
            #expect(EventBody.Impact.Status(input: s.rawValue) == s)
            #expect(EventBody.Impact.Status(input: EventDescription.status(s, .ja)) == s, "\(s)")
        }
        for c in ImpactCategory.allCases {
            #expect(ImpactCategory(input: c.label(.ja)) == c)
        }
        #expect(EventBody.Contact.Outcome(input: "つながった") == .reached)
        #expect(EventBody.Contact.Outcome(input: "伝言") == .messageLeft)
        #expect(EventBody.Contact.Outcome(input: "ＲＥＡＣＨＥＤ") == nil || EventBody.Contact.Outcome(input: "ＲＥＡＣＨＥＤ") == .reached)
        #expect(EventBody.Impact.Status(input: "停止") == .down)
        #expect(EventBody.Impact.Status(input: "壊れた") == nil)
        #expect(JapaneseInput.channel("電話") == "phone")
        #expect(JapaneseInput.channel("メール") == "email")
        #expect(JapaneseInput.channel("伝書鳩") == "伝書鳩")
    }

    @Test func factKeysAcceptTheirJapaneseNames() throws {
        #expect(try ReportField.fact("原因").key == "cause")
        #expect(try ReportField.fact("個人データの項目").key == "dataItems")
        #expect(try ReportField.fact("cause").key == "cause")
        #expect(throws: IncidentError.self) { try ReportField.fact("原因らしきもの") }
        // A profile field is not a fact, whatever it is called.
        #expect(throws: IncidentError.self) { try ReportField.fact("漏えい等報告の判定") }
    }
}

@Suite struct TerminalFitTests {
    @Test func fitKeepsEveryLineWithinTheWidthAndIndentsContinuations() {
        let help = "  --incident <id>         対象のインシデント ID / the incident (may be left out when exactly one is open)."
        let fitted = TerminalText.fit(help, columns: 60).split(separator: "\n").map(String.init)
        #expect(fitted.count > 1)
        #expect(fitted.allSatisfy { TerminalText.width($0) <= 60 }, "\(fitted)")
        #expect(fitted.dropFirst().allSatisfy { $0.hasPrefix(String(repeating: " ", count: 26)) }, "\(fitted)")
        let bullet = "  ・再起動しないでください。電源も切らないでください。LAN ケーブルを抜き、無線 LAN を切ってください。"
        let b = TerminalText.fit(bullet, columns: 40).split(separator: "\n").map(String.init)
        #expect(b.allSatisfy { TerminalText.width($0) <= 40 }, "\(b)")
        #expect(b.dropFirst().allSatisfy { $0.hasPrefix("    ") && !$0.hasPrefix("     ") }, "\(b)")
        // Short lines and blank lines are kept as they are.
        #expect(TerminalText.fit("a\n\n  b", columns: 40) == "a\n\n  b")
    }

    @Test func noWrappedLineStartsWithClosingPunctuation() {
        let text = String(repeating: "あ", count: 29) + "。" + String(repeating: "い", count: 10) + "、" + "う）"
        let lines = TerminalText.fit(text, columns: 60).split(separator: "\n")
        #expect(lines.allSatisfy { TerminalText.width(String($0)) <= 60 })
        for line in lines.dropFirst() { #expect(!["。", "、", "）"].contains(where: { line.hasPrefix($0) }), "\(line)") }
    }

    @Test func theWidthComesFromColumnsElseTheTerminalElseEighty() {
        #expect(TerminalText.columns(environment: ["COLUMNS": "120"], reported: 100) == 120)
        #expect(TerminalText.columns(environment: [:], reported: 100) == 100)
        #expect(TerminalText.columns(environment: ["COLUMNS": "abc"], reported: nil) == 80)
        #expect(TerminalText.columns(environment: [:], reported: 0) == 80)
        #expect(TerminalText.columns(environment: ["COLUMNS": "5"], reported: nil) == TerminalText.minimumColumns)
    }
}

@Suite struct TerminalWordTests {
    @Test func aLatinWordAfterJapaneseTextMovesDownWhole() {
        let text = String(repeating: "あ", count: 37) + "記録者 root）。"
        let lines = TerminalText.wrap(text, columns: 80)
        #expect(lines.count == 2, "\(lines)")
        #expect(lines[1].hasPrefix("root"), "\(lines)")
        let mixed = String(repeating: "い", count: 38) + "INC-20261125-1 を宣言"
        let m = TerminalText.wrap(mixed, columns: 80)
        #expect(m.allSatisfy { TerminalText.width($0) <= 80 })
        #expect(m[1].hasPrefix("INC-20261125-1"), "\(m)")
    }
}
