import Foundation
import Testing

@testable import IncidentKit

/// The first minutes for someone who has never used the tool (issue 22): the
/// order of the next action while the first calls are owed, a drill that can
/// never take a real incident's writes, steps that close only when done, and
/// one vocabulary of roles.
@Suite struct FirstMinutesTests {
    typealias World = IncidentServiceTests.World

    /// The profile of the service tests, with the insurer's line, MIST and one
    /// company maintaining two systems under two entries.
    static let richProfile = """
        facility:
          name: "さくら内科クリニック"
          timeZone: Asia/Tokyo
        contacts:
          - role: security-officer
            name: "鈴木 花子"
            phone: "03-0000-0002"
          - role: director
            name: "佐藤 一郎"
            phone: "090-0000-0004"
          - role: mist
            organization: "MIST（一般社団法人ソフトウェア協会）"
            email: "mist@example.jp"
        vendors:
          - id: emr
            name: "架空メディカル株式会社"
            systems: ["電子カルテ"]
            emergencyPhone: "0120-000-005"
          - id: receipt
            name: "架空メディカル株式会社"
            systems: ["レセコン"]
            emergencyPhone: "0120-000-005"
          - id: net
            name: "ネット社"
            systems: ["ネットワーク"]
            phone: "03-0000-0009"
        insurance:
          insurer: "架空損保"
          phone: "0120-000-777"
          noticeDays: 30
        """

    /// The calls made, in the order the next action asked for them, until it asks for something else.
    static func followCalls(_ w: World, outcome: EventBody.Contact.Outcome = .noAnswer) throws -> (roles: [String], then: NextAction) {
        var roles: [String] = []
        var next = NextAction.of(try w.store.state(of: w.id), today: Timestamp.day(of: Fixture.t0, in: .facilityDefault))
        while case .call(let role, _, _) = next, roles.count < 20 {
            roles.append(role.id)
            try w.record(.contact(role: role.id, outcome: outcome))
            next = NextAction.of(try w.store.state(of: w.id), today: Timestamp.day(of: Fixture.t0, in: .facilityDefault))
        }
        return (roles, next)
    }

    // MARK: - The next action follows the runbook's calls (DOMAIN §5)

    @Test func aSuspectedLeakWaitsForTheFirstHourCallsThenComesNext() throws {
        let w = try World()
        defer { w.cleanUp() }
        try w.record(.answer(question: "attack-suspected", value: "yes"))
        try w.record(.answer(question: "leak-suspected", value: "unknown"))
        let (roles, then) = try Self.followCalls(w)
        // The responsible person first, the vendor, MHLW; never the police or MIST.
        #expect(roles.first == "security-officer")
        #expect(roles.contains("vendor:ehr"))
        #expect(roles.contains("mhlw"))
        #expect(!roles.contains("police") && !roles.contains("mist"))
        #expect(roles.firstIndex(of: "security-officer")! < roles.firstIndex(of: "vendor:ehr")!)
        #expect(roles.firstIndex(of: "vendor:ehr")! < roles.firstIndex(of: "mhlw")!)
        #expect(then == .assessLeak(.leakSuspected))
    }

    @Test func theLeakDecisionComesFirstWhenThePreliminaryTargetIsTwoDaysAway() throws {
        let w = try World()
        defer { w.cleanUp() }
        try w.record(.answer(question: "leak-suspected", value: "yes"))
        let state = try w.store.state(of: w.id)
        let awareOn = Timestamp.day(of: Fixture.t0, in: .facilityDefault)
        #expect(NextAction.of(state, today: awareOn.adding(days: 1)).code == "call")
        // Day 5 is the target: from day 3 on, two days or less remain.
        #expect(NextAction.of(state, today: awareOn.adding(days: 2)) == .assessLeak(.leakSuspected))
    }

    @Test func theCallIsTypedInStatusJSONWithItsRole() throws {
        let w = try World()
        defer { w.cleanUp() }
        try w.record(.answer(question: "leak-suspected", value: "yes"))
        let report = StatusReport(try w.store.state(of: w.id), language: .ja, today: Timestamp.day(of: Fixture.t0, in: .facilityDefault))
        #expect(report.nextAction.action == "call")
        #expect(report.nextAction.role == "security-officer")
        #expect(report.nextAction.text.contains("鈴木 花子"))
        #expect(!report.nextAction.text.contains("incident "))
        let json = String(decoding: try JSONEncoder().encode(report.nextAction), as: UTF8.self)
        #expect(json.contains("\"role\":\"security-officer\""))
    }

    @Test func aStepUnderWayAsksForItsCallsBeforeItIsFinished() throws {
        let w = try World()
        defer { w.cleanUp() }
        try w.record(.startStep("1"))
        guard case .call(let role, let step, _) = try w.record(.note("画面に英語の表示")).next else {
            Issue.record("expected a call")
            return
        }
        #expect(role.id == "security-officer" && step.number == 1)
        #expect(try w.record(.contact(role: "security-officer", outcome: .reached)).next == .finishStep(Fixture.runbook.steps[0]))
    }

    // MARK: - A drill never takes a real incident's writes

    struct DrillWorld {
        let world: World
        let drill: String

        init() throws {
            world = try World()
            let scenario = try ScenarioCatalog().scenario(named: "reception-ransomware")
            drill = try world.service.startDrill(scenario, runbook: Fixture.runbook, speed: 1, by: "訓練 進行役", timeZone: .facilityDefault, language: .ja).state
                .id
        }
    }

    @Test func withADrillAndARealIncidentOpenAnUnnamedCommandIsRefusedNamingBoth() throws {
        let d = try DrillWorld()
        defer { d.world.cleanUp() }
        let store = d.world.store
        // Even when the declaration made the real one current.
        for choice in [IncidentChoice(), IncidentChoice(current: d.world.id)] {
            for purpose in [IncidentChoice.Purpose.write, .read] {
                #expect(throws: IncidentError.drillAndRealOpen(real: [d.world.id], drills: [d.drill])) {
                    try choice.resolve(in: store, for: purpose)
                }
            }
        }
        let message = IncidentError.drillAndRealOpen(real: [d.world.id], drills: [d.drill]).message(.ja, timeZone: .facilityDefault, wording: PlainWording())
        #expect(message.contains(d.world.id) && message.contains(d.drill))
    }

    @Test func anIdNamedOrAUseMadeAfterTheDrillStartedSettlesIt() throws {
        let d = try DrillWorld()
        defer { d.world.cleanUp() }
        let store = d.world.store
        #expect(try IncidentChoice(explicit: d.drill).resolve(in: store, for: .write).id == d.drill)
        #expect(try IncidentChoice(environment: d.world.id).resolve(in: store, for: .write).id == d.world.id)
        let started = try #require(try store.startedAt(of: d.drill))
        let after = IncidentChoice(current: d.world.id, currentChosenAt: started.addingTimeInterval(60))
        #expect(try after.resolve(in: store, for: .write).id == d.world.id)
        let before = IncidentChoice(current: d.world.id, currentChosenAt: started.addingTimeInterval(-60))
        #expect(throws: IncidentError.drillAndRealOpen(real: [d.world.id], drills: [d.drill])) { try before.resolve(in: store, for: .write) }
        // Drill commands act on the open drill.
        #expect(try IncidentChoice(current: d.world.id).resolve(in: store, for: .drill(latest: false)).id == d.drill)
    }

    @Test func theReviewCountsTheFirstAttemptToReachAContact() throws {
        let d = try DrillWorld()
        defer { d.world.cleanUp() }
        _ = try d.world.service.record(.contact(role: "security-officer", outcome: .noAnswer), on: d.drill, by: "受付 田中")
        let review = ResponseReview(state: try d.world.store.state(of: d.drill), events: try d.world.store.events(of: d.drill), language: .ja)
        let target = try #require(review.targets.first { $0.id == "responsible-reached" })
        #expect(!target.met)
        #expect(target.firstAttemptMinute == 0)
        #expect(review.resultText(target, .ja) == "未達（+00:00 に連絡したがつながらず）")
    }

    // MARK: - Steps close only when done

    @Test func inTheGuideEnterNeverCompletesAStepWithSomeoneNotReached() throws {
        let w = try World()
        defer { w.cleanUp() }
        var flow = GuideFlow(language: .ja)
        try w.record(.startStep("1"))
        try w.record(.contact(role: "security-officer", outcome: .noAnswer))
        for q in Fixture.runbook.steps[0].questions { try w.record(.answer(question: q.id, value: q.normalize("yes") != nil ? "yes" : "2")) }
        let state = try w.store.state(of: w.id)
        // The callee was asked once in this walk (Enter = later); then the step is offered.
        var prompt = flow.next(state)
        if case .call = prompt {
            _ = flow.decide(prompt, .empty)
            prompt = flow.next(state)
        }
        guard case .confirmDone(let step, let unreached, _) = prompt else {
            Issue.record("expected the step to be offered as done, got \(prompt)")
            return
        }
        #expect(!unreached.isEmpty)
        #expect(flow.decide(prompt, .empty) == .notYet(step))
        #expect(flow.decide(prompt, .text("y")) == .record(.finishStep(step.id)))
    }

    // MARK: - One vocabulary of roles

    static func richWorld() throws -> World {
        let w = try World(profile: false)
        try w.store.importProfile(try FacilityProfileLoader.load(text: richProfile, file: "profile.yaml"))
        return w
    }

    @Test func everyRoleTheGuideNamesIsAcceptedByContact() throws {
        let w = try Self.richWorld()
        defer { w.cleanUp() }
        let d = try w.service.declare(
            summary: "電子カルテが開かない", runbook: Fixture.runbook, awareAt: Fixture.t0, by: "受付 田中", timeZone: .facilityDefault
        ).state.id
        for role in ["insurer", "mist", "mhlw", "police", "vendor:emr", "vendor:net"] {
            let r = try w.service.record(.contact(role: role, outcome: .noAnswer), on: d, by: "受付 田中")
            guard case .contact(let c) = r.event.body else {
                Issue.record("not a contact")
                return
            }
            #expect(c.role == role)
        }
        // A typo gets the same 「もしかして」 as a mistyped command.
        do {
            _ = try w.service.record(.contact(role: "emr", outcome: .reached), on: d, by: "受付 田中")
            Issue.record("emr was accepted")
        } catch {
            #expect(error.message(.ja, timeZone: .facilityDefault, wording: PlainWording()).contains("もしかして: vendor:emr"))
        }
    }

    @Test func aCompanyMaintainingTwoSystemsIsOneCallAndNoNameIsDoubled() throws {
        let profile = try FacilityProfileLoader.load(text: Self.richProfile, file: "profile.yaml")
        let plan = ContactPlan(roles: ["vendors", "insurer?", "mist"], profile: profile, contacts: [:])
        let vendors = plan.entries.filter { Role($0.role).vendorKey != nil }
        #expect(vendors.map(\.role) == ["vendor:emr", "vendor:net"])
        #expect(ContactPlan.label(vendors[0], profile: profile, .ja).contains("電子カルテ・レセコン"))
        let mist = try #require(plan.entries.first { $0.role == "mist" })
        #expect(ContactPlan.label(mist, profile: profile, .ja) == "MIST（一般社団法人ソフトウェア協会）")
    }

    @Test func theNextVendorIsNotCalledAFallbackOfTheOneNotReached() throws {
        let w = try Self.richWorld()
        defer { w.cleanUp() }
        let d = try w.service.declare(
            summary: "電子カルテが開かない", runbook: Fixture.runbook, awareAt: Fixture.t0, by: "受付 田中", timeZone: .facilityDefault
        ).state.id
        let state = try w.service.record(.contact(role: "vendor:emr", outcome: .noAnswer), on: d, by: "受付 田中").state
        let plan = ContactPlan(roles: ["vendors"], profile: state.profile, contacts: state.contacts)
        let text = try #require(plan.nextText(.ja, record: nil))
        #expect(text.hasPrefix("次の連絡先: ネット社"), "\(text)")
        #expect(!text.contains("連絡がつきません"))
    }
}

/// Dates as people write them on the forms (issue 22, item 7).
@Suite struct WrittenDateTests {
    @Test(arguments: ["2027-03-31", "2027/3/31", "2027年3月31日", "R9.3.31", "令和9年3月31日", "２０２７／３／３１"])
    func aWrittenDateIsAccepted(_ text: String) {
        #expect(Day(written: text) == Day(year: 2027, month: 3, day: 31))
    }

    @Test(arguments: ["2027/2/30", "R9.13.1", "3/31", "27/3/31", "明日"])
    func aDateThatDoesNotExistOrIsIncompleteIsRefused(_ text: String) {
        #expect(Day(written: text) == nil)
    }
}

/// Letters: one bad recipient row does not hold back the others (issue 22, item 8).
@Suite struct RecipientRowTests {
    @Test func aBadRowIsListedWithItsLineAndTheOthersAreKept() throws {
        let (list, problems) = try RecipientList.read(Data("氏名,住所\n山田 太郎,東京都\n佐藤 花子,\n鈴木 一郎,大阪府\n".utf8), file: "list.csv")
        #expect(list.map(\.name) == ["山田 太郎", "鈴木 一郎"])
        #expect(problems.map(\.line) == [3])
        #expect(problems.first?.formatted(.ja).contains("佐藤 花子 さんの住所が空です") == true)
        // The strict form still refuses the file as a whole.
        #expect(throws: IncidentError.self) { try RecipientList.parse(Data("氏名,住所\n山田 太郎,東京都\n佐藤 花子,\n".utf8), file: "list.csv") }
    }
}

/// Nights and weekends (issue 22, item 9): outside opening hours with inpatients,
/// the patients' safety and the on-call chain come before the office contacts.
@Suite struct OffHoursTests {
    static let ward = """
        facility:
          name: "さくら病院"
          timeZone: Asia/Tokyo
          openingHours: "月-金 08:30-18:00, 土 08:30-12:30"
          beds: 19
        contacts:
          - role: duty-doctor
            title: "当直医"
            phone: "内線 100"
          - role: security-officer
            name: "鈴木 花子"
            phone: "03-0000-0002"
        onCall: [duty-doctor, security-officer]
        """

    @Test(arguments: [
        ("2026-11-25T00:00:00.000Z", true),  // Wednesday 09:00 JST
        ("2026-11-24T16:50:00.000Z", false),  // Wednesday 01:50 JST
        ("2026-11-28T04:00:00.000Z", false),  // Saturday 13:00 JST
        ("2026-11-28T03:00:00.000Z", true),  // Saturday 12:00 JST
        ("2026-11-29T01:00:00.000Z", false),  // Sunday 10:00 JST
    ])
    func openingHoursAreReadAsWritten(_ at: String, _ open: Bool) throws {
        let hours = try #require(OpeningHours("月-金 08:30-18:00, 土 08:30-12:30"))
        #expect(hours.isOpen(try #require(Timestamp.parseUTC(at)), timeZone: .facilityDefault) == open)
    }

    @Test func unreadableHoursAreAProblemNamingTheKey() {
        #expect(OpeningHours("いつでも") == nil)
        #expect(throws: IncidentError.self) {
            try FacilityProfileLoader.load(text: Self.ward.replacingOccurrences(of: "月-金 08:30-18:00", with: "平日"), file: "p.yaml")
        }
    }

    func declared(at awareAt: Date) throws -> (IncidentServiceTests.World, IncidentState) {
        let w = try IncidentServiceTests.World(profile: false)
        try w.store.importProfile(try FacilityProfileLoader.load(text: Self.ward, file: "p.yaml"))
        let id = try w.service.declare(summary: "ナースコールが止まった", runbook: Fixture.runbook, awareAt: awareAt, by: "看護師 山本", timeZone: .facilityDefault)
            .state.id
        _ = try w.service.record(.startStep("1"), on: id, by: "看護師 山本")
        return (w, try w.store.state(of: id))
    }

    @Test func atNightTheOnCallChainIsCalledFirst() throws {
        let (w, state) = try declared(at: Fixture.t0.addingTimeInterval(-430 * 60))  // 01:50 JST
        defer { w.cleanUp() }
        let plan = ContactPlan(step: Fixture.runbook.steps[0], state: state)
        #expect(plan.entries.map(\.role).prefix(2) == ["duty-doctor", "security-officer"])
        #expect(NextAction.of(state, today: Timestamp.day(of: state.awareAt, in: .facilityDefault)).role == Role("duty-doctor"))
        #expect(OffHours.patientSafety(.ja).contains { $0.contains("輸液ポンプ") })
    }

    @Test func inOpeningHoursNothingChanges() throws {
        let (w, state) = try declared(at: Fixture.t0)  // 09:00 JST, Wednesday
        defer { w.cleanUp() }
        let plan = ContactPlan(step: Fixture.runbook.steps[0], state: state)
        #expect(plan.entries.first?.role == "security-officer")
    }

    @Test func theWardScenarioStartsAt0150() throws {
        let s = try ScenarioCatalog().scenario(named: "ward-night-nurse-call")
        #expect(s.start.text(.ja).contains("01:50"))
    }
}
