import Foundation
import Testing

@testable import IncidentKit

/// What the runbook's answers mean to the reports and the engine is declared in
/// the runbook (`fills`, `wording`, `unit`, `signal`, `bcp`), never in Swift.
@Suite struct RunbookMeaningTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardized
    static let builtIn = try! RunbookCatalog().runbook(named: RunbookCatalog.defaultName)

    // MARK: No question id in Swift

    /// Every `.swift` file under Sources/, with its path relative to the repository.
    static func sources() throws -> [(path: String, text: String)] {
        let root = repository.appendingPathComponent("Sources")
        let files = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)!.compactMap { $0 as? URL }
        return try files.filter { $0.pathExtension == "swift" }.map { url in
            (String(url.standardized.path.dropFirst(repository.path.count + 1)), try String(contentsOf: url, encoding: .utf8))
        }
    }

    /// Where `id` occurs in `text` as a whole token (not inside a longer name such as
    /// `because` or `cause-found`), with whether it stands in double quotes.
    static func occurrences(of id: String, in text: String) -> [(line: Int, quoted: Bool)] {
        let isNamePart: (Character?) -> Bool = { c in c.map { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" } ?? false }
        var found: [(Int, Bool)] = []
        var rest = text.startIndex..<text.endIndex
        while let r = text.range(of: id, range: rest) {
            rest = r.upperBound..<text.endIndex
            let before = r.lowerBound > text.startIndex ? text[text.index(before: r.lowerBound)] : nil
            let after = r.upperBound < text.endIndex ? text[r.upperBound] : nil
            guard !isNamePart(before), !isNamePart(after) else { continue }
            let line = text[..<r.lowerBound].filter { $0 == "\n" }.count + 1
            found.append((line, before == "\"" && after == "\""))
        }
        return found
    }

    @Test func noQuestionIdOfTheRunbookIsWrittenInSources() throws {
        let runbook = try RunbookLoader.load(path: Self.repository.appendingPathComponent("Runbooks/initial-response.yaml").path)
        let ids = runbook.questions.map(\.id)
        #expect(ids.count >= 10)
        let sources = try Self.sources()
        #expect(sources.contains { $0.path == "Sources/IncidentKit/Reports/ReportContext.swift" })
        var offences: [String] = []
        for id in ids {
            // A question may share its id with a fact key (`cause`): fact keys are a
            // public contract of their own. As a Swift string the key may be spelt
            // only where the fields are defined; in prose (help, comments) anywhere.
            let isFactKey = ReportField.field(id) != nil
            for (path, text) in sources {
                for (line, quoted) in Self.occurrences(of: id, in: text) {
                    if isFactKey && (!quoted || path == "Sources/IncidentKit/Reports/ReportField.swift") { continue }
                    offences.append("\(path):\(line): \(id)")
                }
            }
        }
        #expect(offences.isEmpty, "runbook question ids in Swift:\n\(offences.joined(separator: "\n"))")
    }

    @Test func theTokenScanFindsWhatItShouldAndNothingElse() {
        #expect(Self.occurrences(of: "cause", in: "because caused cause-found").isEmpty)
        #expect(Self.occurrences(of: "leak-suspected", in: "x\nanswers[\"leak-suspected\"]").map(\.line) == [2])
        #expect(Self.occurrences(of: "leak-suspected", in: "answers[\"leak-suspected\"]").map(\.quoted) == [true])
        #expect(Self.occurrences(of: "cause", in: "incident fact cause X").map(\.quoted) == [false])
    }

    // MARK: The built-in runbook

    @Test func theEngineSignalsAreRaisedByTheBuiltInRunbook() {
        let book = Self.builtIn
        #expect(book.questions(raising: .attackSuspected).map(\.id) == ["attack-suspected"])
        #expect(book.questions(raising: .leakSuspected).map(\.id) == ["leak-suspected"])
        for signal in Runbook.Signal.allCases {
            #expect(!book.questions(raising: signal).isEmpty, "\(signal) is raised by no question")
        }
        #expect(book.signal(.attackSuspected, answers: ["attack-suspected": "unknown"]))
        #expect(!book.signal(.attackSuspected, answers: ["attack-suspected": "no"]))
        #expect(!book.signal(.attackSuspected, answers: [:]))
        #expect(book.signal(.emergencyIntakeRestricted, answers: ["emergency-intake": "suspended"]))
        #expect(!book.signal(.emergencyIntakeRestricted, answers: ["emergency-intake": "continue"]))
        // Step 5 follows the signal, and counts while nobody has said.
        let mhlw = book.step(id: "report-mhlw")!
        #expect(mhlw.isMandatory(answers: [:]))
        #expect(mhlw.isMandatory(answers: ["attack-suspected": "yes"]))
        #expect(!mhlw.isMandatory(answers: ["attack-suspected": "no"]))
    }

    @Test func answersFillReportFieldsInTheRunbooksWords() {
        let answers = ["terminals-affected": "5", "leak-suspected": "unknown", "cause": "VPN", "emergency-intake": "limited", "paper-operation": "no"]
        let ja = Self.builtIn.fieldValues(answers: answers, language: .ja)
        #expect(ja == ["terminalsAffected": "5台", "leakStatus": "不明（調査中）", "cause": "VPN"])
        let en = Self.builtIn.fieldValues(answers: answers, language: .en)
        #expect(en == ["terminalsAffected": "5", "leakStatus": "unknown (under investigation)", "cause": "VPN"])
        let bcp = Self.builtIn.bcpItems(answers: answers, language: .ja)
        #expect(bcp.map(\.item) == ["紙運用", "救急の受入れ"])
        #expect(bcp.map(\.value) == ["まだ切り替えていない", "制限する"])
        #expect(Self.builtIn.bcpItems(answers: answers, language: .en).map(\.value) == ["not yet", "Limit"])
    }

    // MARK: A facility runbook with other question ids

    /// The built-in runbook with its id and every question id renamed (`attack-suspected`
    /// → `clinic-q1`, …), written to a folder and loaded from there as a facility would.
    static func renamedRunbook() throws -> (Runbook, rename: [String: String]) {
        var text = EmbeddedResources.files["Runbooks/initial-response.yaml"]!
        var rename: [String: String] = [:]
        for (n, q) in builtIn.questions.enumerated() {
            rename[q.id] = "clinic-q\(n + 1)"
            text = text.replacingOccurrences(of: "      - id: \(q.id)\n", with: "      - id: clinic-q\(n + 1)\n")
        }
        text = text.replacingOccurrences(of: "\nid: initial-response\n", with: "\nid: clinic-response\n")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("runbooks-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try text.write(to: dir.appendingPathComponent("clinic-response.yaml"), atomically: true, encoding: .utf8)
        let book = try RunbookCatalog(directory: dir.path).runbook(named: "clinic-response")
        return (book, rename)
    }

    /// The snapshot fixture's answers, under `runbook` with question ids mapped by `rename`.
    static func incident(
        _ runbook: Runbook, rename: [String: String] = [:], leakAssessed: Bool = true, finishSteps: Bool = false,
        overrides: [String: String] = [:]
    ) throws -> IncidentState {
        let (store, dir) = try ReportSnapshotTests.store()
        defer { try? FileManager.default.removeItem(at: dir) }
        let at = ReportSnapshotTests.at
        let (declared, _) = try store.declare(
            summary: "電子カルテが開かない", runbook: runbook, awareAt: at(10, 8, 30), actor: "山田",
            timeZone: ReportSnapshotTests.tokyo, profile: nil)
        let answers = [
            ("attack-suspected", "unknown"), ("terminals-affected", "5"), ("systems-affected", "電子カルテ、レセコン"),
            ("departments-affected", "受付、外来"), ("patient-care-effect", "外来は紙運用"), ("leak-suspected", "yes"),
            ("paper-operation", "yes"), ("appointments-changed", "no"), ("emergency-intake", "suspended"),
            ("recurrence-prevention", "VPN装置の更新"),
        ]
        var events: [EventBody] = answers.map { .answer(.init(question: rename[$0.0] ?? $0.0, value: overrides[$0.0] ?? $0.1)) }
        if leakAssessed {
            events.append(.leakAssessed(.init(answers: LeakAnswers(leak: .suspected, sensitive: true, malicious: true, people: 2300).recorded)))
        }
        if finishSteps { events += runbook.steps.map { .stepCompleted(.init(step: $0.id)) } }
        var state: IncidentState? = nil
        for (n, body) in events.enumerated() {
            state = try store.append(EventDraft(occurredAt: at(10, 9, n), actor: "山田", body: body), to: declared.incidentID).1
        }
        return state!
    }

    @Test func aRunbookWithOtherQuestionIdsFillsTheSameReportsAndRaisesTheSameSignals() throws {
        let (renamed, rename) = try Self.renamedRunbook()
        #expect(renamed.id == "clinic-response" && renamed.question(id: "attack-suspected") == nil)
        let original = try Self.incident(Self.builtIn)
        let facility = try Self.incident(renamed, rename: rename)
        let answers = facility.answerValues
        #expect(answers.keys.allSatisfy { $0.hasPrefix("clinic-q") })

        for signal in Runbook.Signal.allCases {
            #expect(renamed.signal(signal, answers: answers) == Self.builtIn.signal(signal, answers: original.answerValues), "\(signal)")
        }
        #expect(renamed.signal(.attackSuspected, answers: answers) && renamed.signal(.leakSuspected, answers: answers))
        #expect(renamed.signal(.paperOperation, answers: answers) && !renamed.signal(.appointmentsChanged, answers: answers))
        #expect(renamed.fieldValues(answers: answers, language: .ja) == Self.builtIn.fieldValues(answers: original.answerValues, language: .ja))

        for language in Language.allCases {
            let a = ReportContext(state: original, today: ReportSnapshotTests.today, language: language)
            let b = ReportContext(state: facility, today: ReportSnapshotTests.today, language: language)
            #expect(a.known == b.known)
            #expect(b.known["terminalsAffected"] == language.pick(ja: "5台", en: "5"))
            #expect(b.known["recurrencePrevention"] == "VPN装置の更新")
            let bcp = (b.values["bcp"] as? [[String: Any]] ?? []).map { "\($0["item"]!): \($0["value"]!)" }
            #expect(bcp == (a.values["bcp"] as? [[String: Any]] ?? []).map { "\($0["item"]!): \($0["value"]!)" })
            #expect(bcp.count == 3)
            for kind in ReportKind.allCases {
                let ra = try ReportTemplates().render(kind, state: original, today: ReportSnapshotTests.today, language: language)
                let rb = try ReportTemplates().render(kind, state: facility, today: ReportSnapshotTests.today, language: language)
                #expect(ra.text == rb.text, "\(kind) \(language)")
            }
        }
        let statusA = StatusReport(original, language: .ja, today: ReportSnapshotTests.today)
        let statusB = StatusReport(facility, language: .ja, today: ReportSnapshotTests.today)
        #expect(statusA.steps.map(\.mandatory) == statusB.steps.map(\.mandatory))
        #expect(statusB.steps.first { $0.number == 5 }?.mandatory == true)
    }

    @Test func aSuspicionRaisedByARenamedQuestionStillAsksForTheLeakDecisionBeforeClosing() throws {
        let (renamed, rename) = try Self.renamedRunbook()
        let state = try Self.incident(renamed, rename: rename, leakAssessed: false, finishSteps: true)
        let status = StatusReport(state, language: .en, today: ReportSnapshotTests.today)
        #expect(status.nextAction.action == "assessLeak")
        // Answers that raise neither signal: the same finished incident may simply be closed.
        let calm = try Self.incident(
            renamed, rename: rename, leakAssessed: false, finishSteps: true,
            overrides: ["attack-suspected": "no", "leak-suspected": "no"])
        #expect(StatusReport(calm, language: .en, today: ReportSnapshotTests.today).nextAction.action == "close")
    }

    // MARK: Runbooks written before questions declared their meaning

    /// `text` without the keys that declare what answers mean, and with step 5's
    /// condition on the question again: the runbook as incidents stored it before.
    static func withoutMeanings(_ text: String) -> String {
        var out: [Substring] = []
        var skipping = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let indent = line.prefix { $0 == " " }.count
            if skipping && indent > 8 { continue }
            skipping = indent == 8 && ["fills:", "wording:", "unit:", "signal:", "bcp:"].contains { line.dropFirst(8).hasPrefix($0) }
            if !skipping { out.append(line) }
        }
        return out.joined(separator: "\n").replacingOccurrences(
            of: "      signal: attackSuspected\n",
            with: "      question: attack-suspected\n      in: [\"yes\", \"unknown\"]\n")
    }

    @Test func aRunbookStoredBeforeMeaningsTakesThemFromTheBuiltInOne() throws {
        let old = Self.withoutMeanings(EmbeddedResources.files["Runbooks/initial-response.yaml"]!)
        #expect(!old.contains("        fills:") && !old.contains("        signal:") && old.contains("question: attack-suspected"))
        // As the store reloads an incident's own copy of its runbook.
        let stored = try RunbookLoader.load(text: old, file: "runbook initial-response")
        #expect(stored.sourceText == old)
        #expect(stored.questions.map(\.fills) == Self.builtIn.questions.map(\.fills))
        #expect(stored.questions.map(\.signal) == Self.builtIn.questions.map(\.signal))
        #expect(stored.questions.map(\.bcp) == Self.builtIn.questions.map(\.bcp))
        let answers = ["attack-suspected": "no", "leak-suspected": "yes", "terminals-affected": "2"]
        #expect(stored.fieldValues(answers: answers, language: .ja) == Self.builtIn.fieldValues(answers: answers, language: .ja))
        #expect(!stored.step(id: "report-mhlw")!.isMandatory(answers: answers))
        // An incident declared under it, folded from the store, fills the reports as before.
        let before = try Self.incident(stored)
        #expect(before.runbook.sourceText == old)
        for language in Language.allCases {
            #expect(
                ReportContext(state: before, today: ReportSnapshotTests.today, language: language).known
                    == ReportContext(state: try Self.incident(Self.builtIn), today: ReportSnapshotTests.today, language: language).known)
        }

        // A question changed since (another type) keeps no meaning; another runbook id adopts nothing.
        let changed = try RunbookLoader.load(
            text: old.replacingOccurrences(
                of: "      - id: terminals-affected\n        type: count", with: "      - id: terminals-affected\n        type: text"),
            file: "runbook initial-response")
        #expect(changed.question(id: "terminals-affected")?.1.fills == [])
        #expect(changed.question(id: "leak-suspected")?.1.fills == ["leakStatus"])
        let other = try RunbookLoader.load(
            text: old.replacingOccurrences(of: "\nid: initial-response\n", with: "\nid: other-book\n"), file: "runbook other-book")
        #expect(other.questions.allSatisfy { $0.fills.isEmpty && $0.signal == nil && $0.bcp == nil })
    }
}
