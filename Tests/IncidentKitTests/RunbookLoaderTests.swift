import Foundation
import Testing

@testable import IncidentKit

@Suite struct RunbookLoaderTests {
    @Test func theBuiltInRunbookIsTheMHLWSevenSteps() throws {
        let book = try RunbookCatalog().runbook(named: "initial-response")
        #expect(book.steps.map(\.number) == [1, 2, 3, 4, 5, 6, 7])
        #expect(book.steps.map(\.id) == ["confirm-anomaly", "notify-responsible", "map-impact", "call-vendors", "report-mhlw", "decide-bcp", "recover"])
        #expect(book.steps.allSatisfy { !$0.title.ja.isEmpty && !$0.title.en.isEmpty && !$0.guidance.ja.isEmpty })
        let mhlw = try #require(book.step(id: "report-mhlw"))
        #expect(!mhlw.mandatory)
        // Written as a signal; the loader resolves it to the question that raises it.
        #expect(
            mhlw.mandatoryWhen
                == Runbook.Condition(
                    signal: .attackSuspected,
                    triggers: [Runbook.Trigger(question: "attack-suspected", values: ["yes", "unknown"])], unanswered: true))
        #expect(mhlw.contacts.contains("mhlw"))
        #expect(book.step(id: "notify-responsible")!.contacts.contains("security-officer"))
        #expect(book.step(matching: "３")?.id == "map-impact")
        #expect(book.step(matching: "recover")?.number == 7)
        #expect(try RunbookCatalog().names() == ["initial-response"])
    }

    @Test func aYesNoUnknownChoiceTakesWhatStaffType() throws {
        let book = try RunbookCatalog().runbook(named: "initial-response")
        let q = try #require(book.steps.flatMap(\.questions).first { $0.id == "attack-suspected" })
        #expect(q.type == .choice)
        for (typed, expected) in [("y", "yes"), ("Y", "yes"), ("n", "no"), ("YES", "yes"), ("1", "yes"), ("１", "yes"), ("はい", "yes"), ("unknown", "unknown")] {
            #expect(q.normalize(typed) == expected, "\(typed)")
        }
        #expect(q.normalize("maybe") == nil)
    }

    @Test func theRunbookFileInTheRepositoryIsValidAndMatchesTheEmbeddedCopy() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Runbooks/initial-response.yaml").standardized.path
        let fromFile = try RunbookLoader.load(path: path)
        #expect(fromFile.sourceText == EmbeddedResources.files["Runbooks/initial-response.yaml"])
    }

    static let valid = """
        id: mini
        version: 1
        title: {ja: 小さな手順書, en: Mini}
        steps:
          - id: first
            number: 1
            title: {ja: 一, en: One}
            guidance: {ja: 案内, en: Guidance}
            contacts: [director]
            questions:
              - id: q
                type: choice
                prompt: {ja: 質問, en: Question}
                choices:
                  - {id: a, ja: あ, en: A}
                  - {id: b, ja: い, en: B}
            mandatory: true
          - id: second
            number: 2
            title: {ja: 二, en: Two}
            guidance: {ja: 案内, en: Guidance}
            mandatory: false
            mandatoryWhen: {question: q, in: [a]}
        """

    @Test func aSmallValidRunbookLoads() throws {
        let book = try RunbookLoader.load(text: Self.valid, file: "mini.yaml")
        #expect(book.steps.count == 2)
        #expect(book.steps[1].isMandatory(answers: [:]))
        #expect(book.steps[1].isMandatory(answers: ["q": "a"]))
        #expect(!book.steps[1].isMandatory(answers: ["q": "b"]))
    }

    func problems(_ text: String, file: String = "bad.yaml") -> [SourceProblem] {
        do {
            _ = try RunbookLoader.load(text: text, file: file)
            return []
        } catch {
            if case .invalidFile(let p) = error { return p }
            return [SourceProblem(file: file, line: -1, column: -1, message: .init(ja: "\(error)", en: "\(error)"))]
        }
    }

    @Test func aSyntaxErrorIsLocated() {
        let p = problems("id: x\nsteps: [\n  - a\n")
        #expect(p.count == 1)
        #expect(p[0].file == "bad.yaml" && p[0].line >= 2)
        #expect(p[0].formatted(.ja).hasPrefix("bad.yaml:"))
    }

    @Test func everyProblemIsReportedWithLineAndColumn() {
        let text = Self.valid
            .replacingOccurrences(of: "id: mini", with: "id: Mini Book")
            .replacingOccurrences(of: "    number: 2", with: "    number: 5\n    colour: red")
            .replacingOccurrences(of: "type: choice", with: "type: multiple")
            .replacingOccurrences(of: "in: [a]", with: "in: [z]")
        let p = problems(text, file: "mini.yaml")
        let lines = p.map(\.line)
        #expect(p.count >= 5, "\(p.map(\.description))")
        #expect(lines.allSatisfy { $0 > 0 })
        let messages = p.map { $0.message.en }.joined(separator: "\n")
        #expect(messages.contains("id 'Mini Book' must be lowercase"))
        #expect(messages.contains("Unknown key 'colour'"))
        #expect(messages.contains("unknown type 'multiple'"))
        #expect(messages.contains("should have number 2"))
        // The unknown key is pointed at exactly.
        let colour = p.first { $0.message.en.contains("colour") }!
        #expect(colour.line == 20 && colour.column == 5)
    }

    @Test func missingKeysAreNamed() {
        let p = problems("id: mini\nversion: 1\nsteps:\n  - id: a\n    number: 1\n")
        let messages = p.map { $0.message.en }
        #expect(messages.contains("runbook lacks the required key 'title'."))
        #expect(messages.contains("step a lacks the required key 'title'."))
        #expect(messages.contains("step a lacks the required key 'guidance'."))
        #expect(messages.contains("step a lacks the required key 'mandatory'."))
    }

    @Test func duplicatesAndBadReferencesAreFound() {
        let text = Self.valid.replacingOccurrences(of: "id: second", with: "id: first")
            .replacingOccurrences(of: "question: q", with: "question: nothing")
        let messages = problems(text, file: "mini.yaml").map { $0.message.en }.joined(separator: "\n")
        #expect(messages.contains("Duplicate step id 'first'"))
        #expect(messages.contains("unknown question 'nothing'"))
    }

    @Test func aChoiceQuestionNeedsChoicesAndOthersMustNotHaveThem() {
        let noChoices = Self.valid.replacingOccurrences(
            of: "        choices:\n          - {id: a, ja: あ, en: A}\n          - {id: b, ja: い, en: B}\n", with: "")
        #expect(problems(noChoices, file: "mini.yaml").contains { $0.message.en.contains("needs at least two choices") })
        let textWithChoices = Self.valid.replacingOccurrences(of: "type: choice", with: "type: text")
        #expect(problems(textWithChoices, file: "mini.yaml").contains { $0.message.en.contains("has choices but its type is not choice") })
    }

    @Test func theIdMustMatchTheFileName() {
        #expect(problems(Self.valid, file: "/tmp/other.yaml").contains { $0.message.en.contains("does not match the file name 'other'") })
    }

    @Test func aliasBombsAreStoppedByTheValueBudget() {
        // Classic "billion laughs": parses small, must not be walked exponentially.
        let laughs = (1...9).map { i in "l\(i): &l\(i) [" + Array(repeating: "*l\(i - 1)", count: 9).joined(separator: ",") + "]" }
        let bomb = "l0: &l0 [\"lol\"]\n" + laughs.joined(separator: "\n") + "\nid: x\nsteps: *l9\n"
        #expect(!problems(bomb).isEmpty)
        // A flat list of many aliases of a valid step exceeds the budget and says why.
        let step = "{id: s, number: 1, title: {ja: a, en: a}, guidance: {ja: a, en: a}, mandatory: true}"
        let many = "id: x\nversion: 1\ntitle: {ja: a, en: a}\nx: &s \(step)\nsteps: [" + Array(repeating: "*s", count: 30_000).joined(separator: ",") + "]\n"
        #expect(problems(many).contains { $0.message.en.contains("Too many values") })
    }

    @Test func deepNestingAndHugeFilesAreRefusedBeforeParsing() {
        let deep = "id: " + String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(problems(deep).contains { $0.message.en.contains("Nesting is too deep") })
        let dashes = "id: x\nsteps:\n" + String(repeating: "- ", count: 5_000) + "x\n"
        #expect(problems(dashes).contains { $0.message.en.contains("Nesting is too deep") })
        let huge = "id: x\n# " + String(repeating: "a", count: 2 << 20) + "\n"
        #expect(problems(huge).contains { $0.message.en.contains("too large") })
    }

    @Test func anEmptyFileIsReported() {
        #expect(problems("").contains { $0.message.en.contains("empty") })
    }

    // MARK: What answers mean (fills, wording, unit, signal, bcp)

    /// 1-based line and column of the `occurrence`-th `needle` in `text`, as problems report them.
    func position(of needle: String, in text: String, occurrence: Int = 1) -> (line: Int, column: Int) {
        var rest = text[...]
        var found: Range<String.Index>? = nil
        for _ in 0..<occurrence {
            guard let r = rest.range(of: needle) else { return (-1, -1) }
            found = r
            rest = text[r.upperBound...]
        }
        let before = text[..<found!.lowerBound]
        let line = before.filter { $0 == "\n" }.count + 1
        let lineStart = before.lastIndex(of: "\n").map { text.index(after: $0) } ?? text.startIndex
        return (line, text[lineStart..<found!.lowerBound].count + 1)
    }

    /// The mini runbook with `lines` added to question q (after its choices).
    func withMeanings(_ lines: String) -> String {
        Self.valid.replacingOccurrences(of: "          - {id: b, ja: い, en: B}\n", with: "          - {id: b, ja: い, en: B}\n" + lines)
    }

    /// The one problem whose English message contains `words`, checked to sit at `needle`.
    func expectProblem(_ text: String, _ words: String, at needle: String, occurrence: Int = 1, sourceLocation: SourceLocation = #_sourceLocation) {
        let p = problems(text, file: "mini.yaml").filter { $0.message.en.contains(words) }
        #expect(p.count == 1, "\(problems(text, file: "mini.yaml").map(\.description))", sourceLocation: sourceLocation)
        guard let problem = p.first else { return }
        let (line, column) = position(of: needle, in: text, occurrence: occurrence)
        #expect(problem.line == line && problem.column == column, "\(problem.description) should be at \(line):\(column)", sourceLocation: sourceLocation)
        #expect(!problem.message.ja.isEmpty, sourceLocation: sourceLocation)
    }

    @Test func meaningsLoad() throws {
        let text = withMeanings(
            """
                    fills: [leakStatus, cause]
                    wording:
                      a: {ja: ありです, en: there is}
                    signal: {name: leakSuspected, when: [a]}
                    bcp:
                      item: {ja: 項目, en: item}
                      wording: {b: {ja: びー, en: bee}}

            """
        ).replacingOccurrences(of: "mandatoryWhen: {question: q, in: [a]}", with: "mandatoryWhen: {signal: leakSuspected, unanswered: false}")
        let book = try RunbookLoader.load(text: text, file: "mini.yaml")
        let q = try #require(book.question(id: "q")?.1)
        #expect(q.fills == ["leakStatus", "cause"])
        #expect(q.wording == ["a": LocalizedText(ja: "ありです", en: "there is")])
        #expect(q.signal == Runbook.SignalRule(name: .leakSuspected, when: ["a"]))
        #expect(q.bcp == Runbook.BCPItem(item: LocalizedText(ja: "項目", en: "item"), wording: ["b": LocalizedText(ja: "びー", en: "bee")]))
        #expect(book.steps[1].mandatoryWhen?.triggers == [Runbook.Trigger(question: "q", values: ["a"])])
        #expect(!book.steps[1].isMandatory(answers: [:]))
        #expect(book.steps[1].isMandatory(answers: ["q": "a"]))
        #expect(!book.steps[1].isMandatory(answers: ["q": "b"]))
    }

    @Test func anUnknownSignalIsLocated() {
        expectProblem(withMeanings("        signal: {name: attackSuspectd, when: [a]}\n"), "unknown signal 'attackSuspectd'", at: "attackSuspectd")
        let inCondition = Self.valid.replacingOccurrences(of: "mandatoryWhen: {question: q, in: [a]}", with: "mandatoryWhen: {signal: ransom}")
        expectProblem(inCondition, "unknown signal 'ransom'", at: "ransom")
    }

    @Test func aSignalWhenValueMustBeAnAnswerOfTheQuestion() {
        let text = withMeanings("        signal: {name: attackSuspected, when: [a, yes]}\n")
        expectProblem(text, "signal.when value 'yes' is not an answer of this question (one of a, b)", at: "yes]")
        let onText = withMeanings("        signal: {name: attackSuspected, when: [a]}\n").replacingOccurrences(of: "type: choice", with: "type: text")
            .replacingOccurrences(of: "        choices:\n          - {id: a, ja: あ, en: A}\n          - {id: b, ja: い, en: B}\n", with: "")
            .replacingOccurrences(of: "    mandatoryWhen: {question: q, in: [a]}\n", with: "")
        expectProblem(onText, "is a text question: signal.when cannot name answer values", at: "a]")
    }

    @Test func anUnknownReportFieldIsLocated() {
        let text = withMeanings("        fills: [leakStatus, colourOfDoor]\n")
        expectProblem(text, "fills unknown report field 'colourOfDoor'", at: "colourOfDoor")
        // Only fields a fact could fill: the profile and the leak assessment own the others.
        expectProblem(withMeanings("        fills: [facilityName]\n"), "fills unknown report field 'facilityName'", at: "facilityName")
        expectProblem(withMeanings("        fills: [cause, cause]\n"), "fills 'cause' twice", at: "cause", occurrence: 2)
    }

    @Test func wordingMustNameAnswersOfTheQuestion() {
        let text = withMeanings("        fills: [leakStatus]\n        wording:\n          a: {ja: あり, en: yes}\n          z: {ja: ぜ, en: zed}\n")
        expectProblem(text, "wording value 'z' is not an answer of this question", at: "z:")
        expectProblem(withMeanings("        wording:\n          a: {ja: あり, en: yes}\n"), "has wording but fills no report field", at: "a: {ja: あり")
        let bcp = withMeanings("        bcp:\n          item: {ja: 項目, en: item}\n          wording: {x: {ja: え, en: x}}\n")
        expectProblem(bcp, "bcp.wording value 'x' is not an answer of this question", at: "x: {")
        expectProblem(withMeanings("        bcp:\n          wording: {a: {ja: え, en: x}}\n"), "lacks the required key 'item'", at: "wording: {a")
    }

    @Test func aUnitIsForCountsOnly() {
        expectProblem(withMeanings("        unit: {ja: 台, en: \"\"}\n"), "has a unit but its type is not count", at: "{ja: 台")
    }

    @Test func aConditionSignalMustBeRaisedByAQuestion() {
        let text = Self.valid.replacingOccurrences(of: "mandatoryWhen: {question: q, in: [a]}", with: "mandatoryWhen: {signal: leakSuspected}")
        expectProblem(text, "no question raises mandatoryWhen signal 'leakSuspected'", at: "id: second")
        let both = Self.valid.replacingOccurrences(
            of: "mandatoryWhen: {question: q, in: [a]}", with: "mandatoryWhen: {question: q, in: [a], signal: leakSuspected}")
        expectProblem(
            withMeanings("        signal: {name: leakSuspected, when: [a]}\n").replacingOccurrences(
                of: "mandatoryWhen: {question: q, in: [a]}", with: "mandatoryWhen: {question: q, in: [a], signal: leakSuspected}"),
            "takes either signal or question/in", at: "leakSuspected}")
        #expect(!problems(both, file: "mini.yaml").isEmpty)
    }
}
