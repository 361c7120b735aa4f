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
        Case(
            name: "ransomware on medical records of 2,300", answers: .init(leak: .suspected, sensitive: true, malicious: true, people: 2300),
            grounds: ["sensitive", "malicious", "over1000"]),
        Case(
            name: "all four", answers: .init(leak: .yes, sensitive: true, financial: true, malicious: true, people: 5000),
            grounds: ["sensitive", "financial", "malicious", "over1000"]),
        Case(
            name: "sensitive and financial", answers: .init(leak: .yes, sensitive: true, financial: true, people: 10),
            grounds: ["sensitive", "financial"]),
        // Suspected counts as yes.
        Case(name: "suspected == yes", answers: .init(leak: .suspected, sensitive: true, people: 1), grounds: ["sensitive"]),
        // No leak, no report, whatever else.
        Case(name: "no leak", answers: .init(leak: .no, sensitive: true, financial: true, malicious: true, people: 9999), grounds: []),
        Case(name: "leak but no ground", answers: .init(leak: .yes, people: 50), grounds: []),
        // Strong encryption removes every ground.
        Case(
            name: "encrypted removes all", answers: .init(leak: .yes, sensitive: true, financial: true, malicious: true, people: 5000, encrypted: true),
            grounds: []),
        // Public bodies: more than 100.
        Case(name: "public body 101", answers: .init(leak: .yes, people: 101), publicBody: true, grounds: ["over1000"]),
        Case(name: "public body 100", answers: .init(leak: .yes, people: 100), publicBody: true, grounds: []),
        Case(name: "private 101", answers: .init(leak: .yes, people: 101), publicBody: false, grounds: []),
    ]

    @Test(arguments: cases)
    func decisionTable(_ c: Case) {
        let d = LeakRules.decide(answers: c.answers, awareOn: aware, publicBody: c.publicBody)
        #expect(d.grounds.map(\.rawValue) == c.grounds)
        #expect(d.reportRequired == !c.grounds.isEmpty)
        // The notice rule follows the report rule (PPCRules.noticeFollowsReport).
        #expect(d.notifyIndividuals == d.reportRequired)
        #expect(d.awareOn == aware)
        // Aware Friday 2026-04-10: day 60 is Monday 2026-06-08; day 30 is Saturday 2026-05-09, moved to Monday.
        #expect(d.finalDue == Day(c.grounds.contains("malicious") ? "2026-06-08" : "2026-05-11"))
        #expect(d.preliminaryDue == Day("2026-04-14"))
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

    struct DeadlineCase: CustomTestStringConvertible, Sendable {
        var name: String
        var aware: String
        var malicious = false
        /// The 30th (60th) day counting the awareness day as day 1, and the legal due date.
        var day: String
        var due: String
        var moved: AdministrativeCalendar.Closure? = nil
        var unknownYears: [Int] = []
        var testDescription: String { name }
    }

    static let deadlineCases: [DeadlineCase] = [
        // DOMAIN.md §3 examples.
        .init(name: "day 30 on a Saturday moves to Monday", aware: "2026-04-10", day: "2026-05-09", due: "2026-05-11", moved: .saturday),
        .init(name: "day 60 on a Monday stays", aware: "2026-04-10", malicious: true, day: "2026-06-08", due: "2026-06-08"),
        .init(name: "day 30 on 勤労感謝の日", aware: "2026-10-25", day: "2026-11-23", due: "2026-11-24", moved: .holiday("勤労感謝の日")),
        .init(name: "day 30 in the year-end closure", aware: "2026-11-30", day: "2026-12-29", due: "2027-01-04", moved: .yearEnd),
        // Weekends and chains of closed days.
        .init(name: "day 30 on a Sunday", aware: "2026-04-11", day: "2026-05-10", due: "2026-05-11", moved: .sunday),
        .init(name: "day 30 on a weekday", aware: "2026-06-01", day: "2026-06-30", due: "2026-06-30"),
        .init(name: "Golden Week: Saturday then 5/3–5/6", aware: "2026-04-03", day: "2026-05-02", due: "2026-05-07", moved: .saturday),
        .init(name: "Silver Week: weekend, 敬老の日, 国民の休日, 秋分の日", aware: "2026-08-21", day: "2026-09-19", due: "2026-09-24", moved: .saturday),
        .init(name: "a 2024 substitute holiday", aware: "2024-10-06", day: "2024-11-04", due: "2024-11-05", moved: .holiday("振替休日")),
        .init(name: "3 January on a Sunday", aware: "2026-12-05", day: "2027-01-03", due: "2027-01-04", moved: .yearEnd),
        // The leap day is counted like any other day.
        .init(name: "day 30 is the leap day", aware: "2028-01-31", day: "2028-02-29", due: "2028-02-29"),
        .init(name: "day 60 is the leap day", aware: "2028-01-01", malicious: true, day: "2028-02-29", due: "2028-02-29"),
        .init(name: "no leap day in 2027", aware: "2027-01-31", day: "2027-03-01", due: "2027-03-01"),
        // Outside the holiday table: weekends and the year-end closure still move the date, holidays cannot.
        // (2029-01-08 is in fact 成人の日: exactly why the user is warned.)
        .init(
            name: "day 60 in 2029, beyond the table", aware: "2028-11-10", malicious: true, day: "2029-01-08", due: "2029-01-08",
            unknownYears: [2029]),
        .init(
            name: "year-end closure ends beyond the table", aware: "2028-11-30", day: "2028-12-29", due: "2029-01-04", moved: .yearEnd,
            unknownYears: [2029]),
    ]

    @Test(arguments: deadlineCases)
    func deadlines(_ c: DeadlineCase) {
        let aware = Day(c.aware)!
        let d = LeakRules.deadlines(awareOn: aware, malicious: c.malicious)
        #expect(d.finalDays == (c.malicious ? 60 : 30))
        #expect(d.finalDay == Day(c.day))
        #expect(d.finalDue == Day(c.due))
        #expect(d.finalMovedBecause == c.moved)
        #expect(d.finalTarget == (c.moved == nil ? nil : Day(c.day)))
        #expect(d.yearsWithoutHolidays == c.unknownYears)
        // The preliminary report: target day 5, reminders from day 3, never moved.
        #expect(d.preliminaryTarget == aware.adding(days: 4))
        #expect(d.preliminaryRemindFrom == aware.adding(days: 2))
    }

    @Test func aCorrectionIsADataChange() {
        // A holiday added to the table moves the date; no code changes.
        var rules = PPCRules.current
        rules.calendar = AdministrativeCalendar(holidays: [Day("2026-06-30")!: "臨時の休日"], holidayYears: 2026...2026)
        let d = LeakRules.deadlines(awareOn: Day("2026-06-01")!, malicious: false, rules: rules)
        #expect(d.finalDue == Day("2026-07-01"))
        #expect(d.finalMovedBecause == .holiday("臨時の休日"))
        // So does a different target day for the preliminary report.
        rules.preliminaryTargetDay = 4
        #expect(LeakRules.deadlines(awareOn: Day("2026-06-01")!, malicious: false, rules: rules).preliminaryTarget == Day("2026-06-04"))
    }

    @Test func preliminaryTargetIsNotMovedForClosedDays() {
        // Aware 2026-04-29 (昭和の日): day 5 is 2026-05-03 (憲法記念日, a Sunday) and stays the target.
        let d = LeakRules.deadlines(awareOn: Day("2026-04-29")!, malicious: true)
        #expect(d.preliminaryRemindFrom == Day("2026-05-01"))
        #expect(d.preliminaryTarget == Day("2026-05-03"))
    }

    @Test func deadlinesInWords() {
        let april = LeakRules.deadlines(awareOn: Day("2026-04-10")!, malicious: false)
        // The DOMAIN.md §3 wording, for the terminal.
        #expect(DeadlineText.final(april, style: .short, .ja) == "期限 5/11（月）（30日目の 5/9 が土曜のため翌開庁日）。5/9 までの提出をお勧めします")
        #expect(
            DeadlineText.final(april, style: .short, .en)
                == "due 5/11 (Mon) (day 30, 5/9, is a Saturday: moved to the next open day). Submitting by 5/9 is recommended")
        #expect(DeadlineText.preliminary(april, style: .short, .ja) == "速やかに（目安: 遅くとも 4/14）")
        // For documents: full dates.
        #expect(
            DeadlineText.final(april, style: .long, .ja)
                == "期限 2026年5月11日（月）（30日目の2026年5月9日が土曜のため翌開庁日）。2026年5月9日までの提出をお勧めします")
        #expect(DeadlineText.preliminary(april, style: .long, .ja) == "速やかに（目安: 遅くとも 2026年4月14日（火））")
        #expect(DeadlineText.preliminary(april, style: .long, .en) == "promptly (target: by 2026-04-14 (Tue) at the latest)")
        // Not moved: the day number only.
        let malicious = LeakRules.deadlines(awareOn: Day("2026-04-10")!, malicious: true)
        #expect(DeadlineText.final(malicious, style: .short, .ja) == "期限 6/8（月）（60日目）")
        // The example: aware 11/26, target 11/30.
        let november = LeakRules.deadlines(awareOn: Day("2026-11-26")!, malicious: false)
        #expect(DeadlineText.preliminary(november, style: .short, .ja) == "速やかに（目安: 遅くとも 11/30）")
        #expect(DeadlineText.preliminary(november, style: .short, .en) == "promptly (target: by 11/30 at the latest)")
        // A holiday by name; the year shown when it is not the year of awareness.
        let labour = LeakRules.deadlines(awareOn: Day("2026-10-25")!, malicious: false)
        #expect(DeadlineText.final(labour, style: .short, .ja) == "期限 11/24（火）（30日目の 11/23 が祝日（勤労感謝の日）のため翌開庁日）。11/23 までの提出をお勧めします")
        #expect(DeadlineText.final(labour, style: .short, .en).contains("is a national holiday (Labour Thanksgiving Day)"))
        let yearEnd = LeakRules.deadlines(awareOn: Day("2026-11-30")!, malicious: false)
        #expect(
            DeadlineText.final(yearEnd, style: .short, .ja)
                == "期限 2027/1/4（月）（30日目の 12/29 が年末年始の休日（12/29〜1/3）のため翌開庁日）。12/29 までの提出をお勧めします")
    }

    @Test func decisionCarriesTheDeadlines() throws {
        let d = LeakRules.decide(answers: .init(leak: .yes, sensitive: true), awareOn: aware, publicBody: false)
        #expect(d.preliminaryDue == Day("2026-04-14"))
        #expect(d.preliminaryRemindFrom == Day("2026-04-12"))
        #expect(d.finalDue == Day("2026-05-11"))
        #expect(d.finalTarget == Day("2026-05-09"))
        #expect(d.reasons?.contains { $0.contains("速報は速やかに（目安: 遅くとも 4/14）") && $0.contains("30日目の 5/9 が土曜のため翌開庁日") } == true)
        // Inside the table: no warning about holidays. No report: no warning at all.
        #expect(d.warnings == [])
        #expect(LeakRules.decide(answers: .init(leak: .no), awareOn: aware, publicBody: false).warnings == [])
        // JSON: the contract keys, plus finalTarget (null when the due date was not moved).
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = try #require(try JSONSerialization.jsonObject(with: encoder.encode(d)) as? [String: Any])
        #expect(json["preliminaryDue"] as? String == "2026-04-14")
        #expect(json["finalDue"] as? String == "2026-05-11")
        #expect(json["finalTarget"] as? String == "2026-05-09")
        #expect(json["preliminaryRemindFrom"] as? String == "2026-04-12")
        #expect(json["preliminaryFrom"] == nil)
        let notMoved = LeakRules.decide(answers: .init(leak: .yes, malicious: true), awareOn: aware, publicBody: false)
        let json60 = try #require(try JSONSerialization.jsonObject(with: encoder.encode(notMoved)) as? [String: Any])
        #expect(json60["finalTarget"] is NSNull)
        #expect(json60["finalDue"] as? String == "2026-06-08")
        #expect(try JSONDecoder().decode(LeakDecision.self, from: encoder.encode(d)).finalTarget == Day("2026-05-09"))
    }

    @Test func holidaysOutsideTheTableAreWarned() {
        let d = LeakRules.decide(answers: .init(leak: .suspected, sensitive: true, malicious: true), awareOn: Day("2028-11-10")!, publicBody: false)
        #expect(d.finalDue == Day("2029-01-08"))
        #expect(d.warnings?.contains { $0.contains("2029年の祝日は祝日表（2024〜2028年）にない") } == true)
        let en = LeakRules.decide(
            answers: .init(leak: .suspected, sensitive: true, malicious: true), awareOn: Day("2028-11-10")!,
            publicBody: false, language: .en)
        #expect(en.warnings?.contains { $0.contains("national holidays of 2029 are not in the table") } == true)
    }

    @Test func daysLeftAndOverdue() {
        // Aware 2026-04-10, malicious: target 2026-04-14, due 2026-06-08.
        let d = LeakRules.decide(answers: .init(leak: .yes, malicious: true), awareOn: aware, publicBody: false)
        let early = d.asOf(Day("2026-04-12")!)
        #expect(early.daysLeft == .init(preliminary: 2, final: 57))
        #expect(early.overdue == [])
        #expect(d.asOf(Day("2026-04-14")!).daysLeft == .init(preliminary: 0, final: 55))
        #expect(d.asOf(Day("2026-04-14")!).overdue == [])
        let late = d.asOf(Day("2026-04-15")!)
        #expect(late.overdue == ["preliminary"])
        #expect(d.asOf(Day("2026-06-08")!).overdue == ["preliminary"])
        #expect(d.asOf(Day("2026-06-09")!).overdue == ["preliminary", "final"])
        // A moved due date counts to the legal day: Monday 2026-05-11, not Saturday 5/9.
        let moved = LeakRules.decide(answers: .init(leak: .yes, sensitive: true), awareOn: aware, publicBody: false)
        #expect(moved.asOf(Day("2026-05-10")!).daysLeft?.final == 1)
        #expect(moved.asOf(Day("2026-05-11")!).overdue == ["preliminary"])
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
        var (_, state) = try store.append(
            EventDraft(occurredAt: at(11, 10), actor: "a", body: .leakAssessed(.init(answers: second.recorded))), to: e.incidentID)
        #expect(state.leakAssessmentCount == 2)
        #expect(LeakRules.decision(for: state)?.grounds == [.sensitive])
        #expect(LeakRules.decision(for: state)?.finalDue == Day("2026-05-11"))  // day 30 is Saturday 5/9
        // Awareness was really the evening before (8 April): the deadlines move with it.
        (_, state) = try store.append(
            EventDraft(
                occurredAt: at(12, 9), actor: "a",
                body: .correction(.init(corrects: 1, text: "夜勤が前日に気づいていた", occurredAt: at(8, 20)))), to: e.incidentID)
        #expect(LeakRules.decision(for: state)?.awareOn == Day("2026-04-08"))
        #expect(LeakRules.decision(for: state)?.finalDue == Day("2026-05-07"))  // day 30, a Thursday
        // An incomplete assessment is refused by the machine.
        #expect(throws: IncidentError.missingLeakAnswers(["people", "encrypted"])) {
            try store.append(
                EventDraft(
                    occurredAt: at(12, 10), actor: "a",
                    body: .leakAssessed(
                        .init(answers: [
                            "leak": "yes", "sensitive": "yes", "financial": "no", "malicious": "no",
                        ]))), to: e.incidentID)
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
