import Foundation
import Testing
@testable import IncidentKit

@Suite struct LeakRulesTests {
    let aware = Day("2026-04-10")!

    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var answers: LeakAnswers
        var publicBody = false
        var grounds: [String]
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        // Each ground alone.
        Case(name: "sensitive alone", answers: .init(leak: .yes, sensitive: true, people: 1), grounds: ["sensitive"]),
        Case(name: "financial alone", answers: .init(leak: .yes, financial: true, people: 1), grounds: ["financial"]),
        Case(name: "malicious alone", answers: .init(leak: .yes, malicious: true, people: 1), grounds: ["malicious"]),
        Case(name: "over1000 alone", answers: .init(leak: .yes, people: 1001), grounds: ["over1000"]),
        Case(name: "exactly 1000 is not over", answers: .init(leak: .yes, people: 1000), grounds: []),
        // Combinations.
        Case(name: "ransomware on medical records of 2,300", answers: .init(leak: .suspected, sensitive: true, malicious: true, people: 2300),
            grounds: ["sensitive", "malicious", "over1000"]),
        Case(name: "all four", answers: .init(leak: .yes, sensitive: true, financial: true, malicious: true, people: 5000),
            grounds: ["sensitive", "financial", "malicious", "over1000"]),
        Case(name: "sensitive and financial", answers: .init(leak: .yes, sensitive: true, financial: true, people: 10),
            grounds: ["sensitive", "financial"]),
        // Suspected counts as yes.
        Case(name: "suspected == yes", answers: .init(leak: .suspected, sensitive: true, people: 1), grounds: ["sensitive"]),
        // No leak, no report, whatever else.
        Case(name: "no leak", answers: .init(leak: .no, sensitive: true, financial: true, malicious: true, people: 9999), grounds: []),
        Case(name: "leak but no ground", answers: .init(leak: .yes, people: 50), grounds: []),
        // Strong encryption removes every ground.
        Case(name: "encrypted removes all", answers: .init(leak: .yes, sensitive: true, financial: true, malicious: true, people: 5000, encrypted: true),
            grounds: []),
        // Public bodies: more than 100.
        Case(name: "public body 101", answers: .init(leak: .yes, people: 101), publicBody: true, grounds: ["over1000"]),
        Case(name: "public body 100", answers: .init(leak: .yes, people: 100), publicBody: true, grounds: []),
        Case(name: "private 101", answers: .init(leak: .yes, people: 101), publicBody: false, grounds: []),
    ]

    @Test(arguments: cases)
    func decisionTable(_ c: Case) {
        let d = LeakRules.decide(answers: c.answers, awareOn: aware, publicBody: c.publicBody)
        #expect(d.grounds == c.grounds)
        #expect(d.reportRequired == !c.grounds.isEmpty)
        // The notice rule follows the report rule (PPCRules.noticeFollowsReport).
        #expect(d.notifyIndividuals == d.reportRequired)
        #expect(d.awareOn == aware)
        #expect(d.finalDue == aware.adding(days: c.grounds.contains("malicious") ? 60 : 30))
        #expect(d.preliminaryDue == aware.adding(days: 5))
        #expect(!(d.reasons ?? []).isEmpty)
    }

    @Test func encryptionExemptionIsExplained() {
        let d = LeakRules.decide(answers: .init(leak: .yes, sensitive: true, encrypted: true), awareOn: aware, publicBody: false)
        #expect(d.encryptionExemption == true)
        #expect(d.reasons?.first?.contains("暗号化") == true)
        // Answering "encrypted" on a ransomware case earns a warning: the attacker's encryption never exempts.
        let r = LeakRules.decide(answers: .init(leak: .yes, sensitive: true, malicious: true, encrypted: true), awareOn: aware, publicBody: false)
        #expect(r.warnings?.contains { $0.contains("ランサムウェア") } == true)
    }

    @Test func publicBodyIsWarned() {
        let d = LeakRules.decide(answers: .init(leak: .yes, people: 150), awareOn: aware, publicBody: true)
        #expect(d.peopleThreshold == 100)
        #expect(d.warnings?.contains { $0.contains("行政機関等") } == true)
    }

    @Test func noticeRuleLivesInTheTable() {
        var rules = PPCRules.current
        rules.noticeFollowsReport = false
        let d = LeakRules.decide(answers: .init(leak: .yes, sensitive: true), awareOn: aware, publicBody: false, rules: rules)
        #expect(d.reportRequired && !d.notifyIndividuals)
    }

    @Test(arguments: [
        // awareOn, malicious, preliminaryFrom, preliminaryDue, finalDue
        ("2026-04-10", false, "2026-04-13", "2026-04-15", "2026-05-10"),  // DOMAIN example, 30 days
        ("2026-04-10", true, "2026-04-13", "2026-04-15", "2026-06-09"),  // DOMAIN example, 60 days
        ("2026-01-31", false, "2026-02-03", "2026-02-05", "2026-03-02"),  // across a short month
        ("2026-12-30", false, "2027-01-02", "2027-01-04", "2027-01-29"),  // across the year end
        ("2026-12-30", true, "2027-01-02", "2027-01-04", "2027-02-28"),
        ("2028-02-27", false, "2028-03-01", "2028-03-03", "2028-03-28"),  // leap day counted
        ("2028-02-28", true, "2028-03-02", "2028-03-04", "2028-04-28"),
        ("2027-02-27", false, "2027-03-02", "2027-03-04", "2027-03-29"),  // no leap day
    ])
    func deadlines(aware: String, malicious: Bool, from: String, prelim: String, final: String) {
        let d = LeakRules.deadlines(awareOn: Day(aware)!, malicious: malicious)
        #expect(d.preliminaryFrom.description == from)
        #expect(d.preliminaryDue.description == prelim)
        #expect(d.finalDue.description == final)
        #expect(d.finalDays == (malicious ? 60 : 30))
    }

    @Test func weekendAndHolidayDueDatesAreWarnedNotMoved() {
        // Aware 2026-04-10 (Fri): final due 2026-05-10 is a Sunday.
        let d = LeakRules.decide(answers: .init(leak: .yes, sensitive: true), awareOn: aware, publicBody: false)
        #expect(d.finalDue == Day("2026-05-10")!)
        #expect(d.warnings?.contains { $0.contains("2026-05-10") && $0.contains("日曜日") } == true)
        // Aware 2026-04-28: preliminary due 2026-05-03 (憲法記念日, also a Sunday → the holiday name wins).
        let h = LeakRules.decide(answers: .init(leak: .yes, sensitive: true), awareOn: Day("2026-04-28")!, publicBody: false)
        #expect(h.preliminaryDue == Day("2026-05-03")!)
        #expect(h.warnings?.contains { $0.contains("憲法記念日") } == true)
        // No warning when no report is required.
        let none = LeakRules.decide(answers: .init(leak: .no), awareOn: aware, publicBody: false)
        #expect(none.warnings == [])
    }

    @Test func daysLeftAndOverdue() {
        let d = LeakRules.decide(answers: .init(leak: .yes, malicious: true), awareOn: aware, publicBody: false)
        let early = d.asOf(Day("2026-04-12")!)
        #expect(early.daysLeft == .init(preliminary: 3, final: 58))
        #expect(early.overdue == [])
        let late = d.asOf(Day("2026-04-16")!)
        #expect(late.overdue == ["preliminary"])
        #expect(d.asOf(Day("2026-06-10")!).overdue == ["preliminary", "final"])
        #expect(d.asOf(Day("2026-06-09")!).overdue == ["preliminary"])
    }

    @Test func decisionFollowsTheLatestAssessmentAndTheCorrectedAwarenessDate() throws {
        let tokyo = TimeZone(identifier: "Asia/Tokyo")!
        func at(_ d: Int, _ h: Int) -> Date { CivilTime(year: 2026, month: 4, day: d, hour: h).date(offsetSeconds: 9 * 3600) }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("incident-leak-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try EventStore(path: dir.appendingPathComponent("s.sqlite").path, create: true, clock: .fixed(at(20, 12)))
        let runbook = try RunbookCatalog().runbook(named: RunbookCatalog.defaultName)
        let (e, _) = try store.declare(summary: "ransom note", runbook: runbook, awareAt: at(10, 9), actor: "a", timeZone: tokyo)
        let first = LeakAnswers(leak: .suspected, sensitive: true, malicious: true, people: 2300)
        _ = try store.append(EventDraft(occurredAt: at(10, 10), actor: "a", body: .leakAssessed(.init(answers: first.recorded))), to: e.incidentID)
        let second = LeakAnswers(leak: .yes, sensitive: true, people: 20)
        var (_, state) = try store.append(EventDraft(occurredAt: at(11, 10), actor: "a", body: .leakAssessed(.init(answers: second.recorded))), to: e.incidentID)
        #expect(state.leakAssessmentCount == 2)
        #expect(LeakRules.decision(for: state)?.grounds == ["sensitive"])
        #expect(LeakRules.decision(for: state)?.finalDue == Day("2026-05-10"))
        // Awareness was really the evening before (8 April): the deadlines move with it.
        (_, state) = try store.append(EventDraft(occurredAt: at(12, 9), actor: "a",
            body: .correction(.init(corrects: 1, text: "夜勤が前日に気づいていた", occurredAt: at(8, 20)))), to: e.incidentID)
        #expect(LeakRules.decision(for: state)?.awareOn == Day("2026-04-08"))
        #expect(LeakRules.decision(for: state)?.finalDue == Day("2026-05-08"))
        // An incomplete assessment is refused by the machine.
        #expect(throws: IncidentError.missingLeakAnswers(["people", "encrypted"])) {
            try store.append(EventDraft(occurredAt: at(12, 10), actor: "a", body: .leakAssessed(.init(answers: [
                "leak": "yes", "sensitive": "yes", "financial": "no", "malicious": "no"]))), to: e.incidentID)
        }
    }

    @Test(arguments: [("はい", "yes"), ("おそれ", "suspected"), ("Suspected", "suspected"), ("no", "no"), ("maybe", "suspected")])
    func occurrenceAnswers(raw: String, expected: String) {
        #expect(LeakQuestion.question(id: "leak")?.normalize(raw) == expected)
    }

    @Test(arguments: [("2,300", "2300"), ("２３００", "2300"), ("2300人", "2300"), ("-1", nil), ("many", nil)] as [(String, String?)])
    func countAnswers(raw: String, expected: String?) {
        #expect(LeakQuestion.question(id: "people")?.normalize(raw) == expected)
    }

    @Test func missingAnswersAreNamed() throws {
        #expect(throws: IncidentError.missingLeakAnswers(["leak", "sensitive", "financial", "malicious", "people", "encrypted"])) { try LeakAnswers([:]) }
        #expect(throws: IncidentError.missingLeakAnswers(["people", "encrypted"])) {
            try LeakAnswers(["leak": "yes", "sensitive": "yes", "financial": "no", "malicious": "yes"])
        }
        // After "no leak" nothing else matters.
        #expect(try LeakAnswers(["leak": "no"]) == LeakAnswers(leak: .no))
        let full = LeakAnswers(leak: .suspected, sensitive: true, malicious: true, people: 2300)
        #expect(try LeakAnswers(full.recorded) == full)
    }
}
