import Foundation
import Testing

@testable import IncidentKit

/// The command layer, without the binary: every intent records the event it
/// should, every refusal is the typed error a front end words, and the store is
/// left untouched by a refusal.
@Suite struct IncidentServiceTests {
    /// 09:00 JST on 2026-11-25; the clock stands still at +30 minutes.
    static let now = Fixture.t0.addingTimeInterval(30 * 60)

    struct World {
        let dir: URL
        let store: EventStore
        let service: IncidentService
        let id: String

        init(profile: Bool = true, drill: Bool = false) throws {
            dir = FileManager.default.temporaryDirectory.appendingPathComponent("incident-service-\(UUID().uuidString)")
            store = try EventStore(path: dir.appendingPathComponent("incident.sqlite").path, create: true, clock: .fixed(IncidentServiceTests.now))
            if profile {
                let text = try String(
                    contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/profile.yaml"), encoding: .utf8)
                try store.importProfile(try FacilityProfileLoader.load(text: text, file: "profile.yaml"))
            }
            service = IncidentService(store: store, clock: .fixed(IncidentServiceTests.now))
            let zone = try service.timeZoneForNewIncident(configured: .facilityDefault)
            id = try service.declare(summary: "電子カルテが開かない", runbook: Fixture.runbook, awareAt: Fixture.t0, by: "受付 田中", timeZone: zone).state.id
        }

        @discardableResult
        func record(_ intent: Intent, at minutes: Double? = nil) throws(IncidentError) -> IncidentService.Recorded {
            try service.record(intent, on: id, by: "事務長 鈴木", at: minutes.map { Fixture.t0.addingTimeInterval($0 * 60) })
        }

        func events() throws -> Int64 { try store.head(of: id).lastSeq }

        func cleanUp() { try? FileManager.default.removeItem(at: dir) }
    }

    // MARK: - Each intent records what it should

    @Test func aNoteIsRecordedUnderTheActorWithItsTime() throws {
        let w = try World()
        defer { w.cleanUp() }
        let r = try w.record(.note("受付端末2台に英語の画面"), at: 5)
        #expect(r.event.actor == "事務長 鈴木")
        #expect(r.event.body == .note(.init(text: "受付端末2台に英語の画面")))
        #expect(r.event.occurredAt == Fixture.t0.addingTimeInterval(300))
        #expect(r.next == .startStep(Fixture.runbook.steps[0]))
    }

    @Test func stepsAreNamedByNumberOrIdAndStoredById() throws {
        let w = try World()
        defer { w.cleanUp() }
        let started = try w.record(.startStep("1"))
        #expect(started.event.body == .stepStarted(.init(step: "confirm-anomaly")))
        // The step under way asks for its call first (DOMAIN §5: the runbook's calls come first).
        #expect(started.next.code == "call" && started.next.role == Role("security-officer"))
        let done = try w.record(.finishStep("confirm-anomaly", note: "再起動していない"))
        #expect(done.event.body == .stepCompleted(.init(step: "confirm-anomaly", note: "再起動していない")))
        let skipped = try w.record(.skipStep("5", reason: "攻撃ではなかった"))
        #expect(skipped.event.body == .stepSkipped(.init(step: "report-mhlw", reason: "攻撃ではなかった")))
    }

    @Test func answersAreNormalisedAndApproximateCountsSaidSo() throws {
        let w = try World()
        defer { w.cleanUp() }
        #expect(try w.record(.answer(question: "attack-suspected", value: "はい")).event.body == .answer(.init(question: "attack-suspected", value: "yes")))
        #expect(
            try w.record(.answer(question: "terminals-affected", value: "約３台")).event.body
                == .answer(.init(question: "terminals-affected", value: "3", approximate: true)))
    }

    @Test func aContactTakesThePersonFromTheProfileAndTheChannelFromTheOutcome() throws {
        let w = try World()
        defer { w.cleanUp() }
        let call = try w.record(.contact(role: "security-officer", outcome: .noAnswer))
        #expect(call.event.body == .contact(.init(role: "security-officer", name: "鈴木 花子", channel: "phone", outcome: .noAnswer)))
        let mail = try w.record(.contact(role: "mhlw", outcome: .emailSent))
        #expect(
            mail.event.body == .contact(.init(role: "mhlw", name: "厚生労働省 医政局 特定医薬品開発支援・医療情報担当参事官室", channel: "email", outcome: .emailSent)))
        // A vendor named by its company: the role is the profile's own id.
        let vendor = try w.record(.contact(role: "vendor:架空メディカルシステム株式会社", outcome: .reached, name: "保守担当 高橋"))
        #expect(vendor.event.body == .contact(.init(role: "vendor:ehr", name: "保守担当 高橋", channel: "phone", outcome: .reached)))
    }

    @Test func anImpactOnASystemOfTheProfileIsASystem() throws {
        let w = try World()
        defer { w.cleanUp() }
        #expect(try w.record(.impact(target: " 電子カルテ ", status: .down)).event.body == .impact(.init(target: "電子カルテ", category: "system", status: .down)))
        #expect(try w.record(.impact(target: "受付", status: .degraded)).event.body == .impact(.init(target: "受付", status: .degraded)))
        #expect(
            try w.record(.impact(target: "受付", status: .degraded, category: .department)).event.body
                == .impact(.init(target: "受付", category: "department", status: .degraded)))
    }

    @Test func factsTakeTheirJapaneseName() throws {
        let w = try World()
        defer { w.cleanUp() }
        #expect(try w.record(.fact(key: "原因", value: "VPN装置の脆弱性")).event.body == .fact(.init(key: "cause", value: "VPN装置の脆弱性")))
    }

    @Test func theLeakAssessmentStoresValuesAndFlagsAnEstimate() throws {
        let w = try World()
        defer { w.cleanUp() }
        let answers = ["leak": "おそれ", "sensitive": "はい", "malicious": "yes", "financial": "no", "people": "約2,300人", "encrypted": "いいえ"]
        let r = try w.record(.assessLeak(answers: answers))
        guard case .leakAssessed(let a) = r.event.body else {
            Issue.record("expected a leak assessment, got \(r.event.body)")
            return
        }
        #expect(a.answers == ["leak": "suspected", "sensitive": "yes", "malicious": "yes", "financial": "no", "people": "2300", "encrypted": "no"])
        #expect(a.peopleApproximate == true)
        #expect(a.note == nil)
        // After "no leak" nothing else is needed.
        #expect(try w.record(.assessLeak(answers: ["leak": "no"])).state.hasLeakAssessment)
    }

    @Test func submitCorrectCloseAndReopen() throws {
        let w = try World()
        defer { w.cleanUp() }
        let sub = try w.record(.submit(.mhlw, channel: .email, ref: "件名: 第一報"))
        #expect(sub.event.body == .submitted(.init(kind: "mhlw", channel: .email, ref: "件名: 第一報")))
        let fix = try w.record(.correct(seq: 2, text: "実際は10:05", time: Fixture.t0.addingTimeInterval(5 * 60)))
        #expect(fix.event.body == .correction(.init(corrects: 2, text: "実際は10:05", occurredAt: Fixture.t0.addingTimeInterval(5 * 60))))
        let closed = try w.record(.close(reason: "訓練のため", force: true))
        #expect(!closed.state.isOpen)
        #expect(closed.next == NextAction.none)
        #expect(try w.record(.reopen(reason: "新たな端末")).state.isOpen)
    }

    // MARK: - Refusals are typed and leave the store untouched

    @Test(arguments: [
        (Intent.startStep("9"), IncidentError.unknownStep("9", available: Fixture.runbook.steps.map { "\($0.number) \($0.id)" })),
        (Intent.answer(question: "no-such", value: "yes"), IncidentError.unknownQuestion("no-such")),
        (Intent.fact(key: "nonsense", value: "x"), IncidentError.unknownFact("nonsense", available: ReportField.factKeys)),
        (Intent.skipStep("5", reason: nil), IncidentError.reasonRequired(action: .skip)),
        (Intent.close(reason: nil, force: true), IncidentError.reasonRequired(action: .forceClose)),
        (Intent.note("  "), IncidentError.emptyText(field: .text)),
        (Intent.correct(seq: 99, text: "x"), IncidentError.unknownEvent(99)),
        (Intent.reopen(reason: "x"), IncidentError.incidentNotClosed("INC-20261125-1")),
        (Intent.endDrill, IncidentError.notADrill("INC-20261125-1")),
        (Intent.assessLeak(answers: ["leak": "yes"]), IncidentError.missingLeakAnswers(["sensitive", "financial", "malicious", "people", "encrypted"])),
    ])
    func refusedAndNothingRecorded(_ intent: Intent, _ expected: IncidentError) throws {
        let w = try World()
        defer { w.cleanUp() }
        let before = try w.events()
        #expect(throws: expected) { try w.record(intent) }
        #expect(try w.events() == before)
    }

    @Test func aRoleTheProfileDoesNotHaveIsRefusedWithTheRoles() throws {
        let w = try World()
        defer { w.cleanUp() }
        let error = #expect(throws: IncidentError.self) { try w.record(.contact(role: "insurer", outcome: .reached)) }
        guard case .unknownRole(let role, let available) = error else {
            Issue.record("expected unknownRole, got \(String(describing: error))")
            return
        }
        #expect(role == "insurer")
        #expect(available.contains("security-officer"))
    }

    @Test func anAnswerOfTheWrongFormSaysWhatItTakes() throws {
        let w = try World()
        defer { w.cleanUp() }
        let error = #expect(throws: IncidentError.self) { try w.record(.answer(question: "terminals-affected", value: "たくさん")) }
        guard case .invalidAnswer(let q, let value, let expected) = error else {
            Issue.record("expected invalidAnswer, got \(String(describing: error))")
            return
        }
        #expect((q, value) == ("terminals-affected", "たくさん"))
        #expect(expected.contains("0 以上の整数"))
    }

    @Test func aTimeInTheFutureOrBeforeAwarenessIsRefused() throws {
        let w = try World()
        defer { w.cleanUp() }
        #expect(throws: IncidentError.futureTimeCheckClock(Fixture.t0.addingTimeInterval(60 * 60), now: IncidentServiceTests.now)) {
            try w.record(.note("x"), at: 60)
        }
        #expect(throws: IncidentError.beforeDeclaration(Fixture.t0.addingTimeInterval(-60), declaredAt: Fixture.t0)) { try w.record(.note("x"), at: -1) }
    }

    // MARK: - Next actions are typed, and their words hold no command

    @Test func theLeakDecisionComesNextOnceALeakIsSuspectedAndTheFirstCallsAreMade() throws {
        let w = try World()
        defer { w.cleanUp() }
        var r = try w.record(.answer(question: "leak-suspected", value: "yes"))
        // DOMAIN §5: the runbook's first-hour calls come first (FirstMinutesTests has the order).
        #expect(r.next.code == "call")
        while case .call(let role, _, _) = r.next { r = try w.record(.contact(role: role.id, outcome: .noAnswer)) }
        #expect(r.next == .assessLeak(.leakSuspected))
        #expect(r.next.code == "assessLeak")
        for l in [Language.ja, .en] {
            #expect(!r.next.text(l).contains("incident "))
            #expect(!r.next.text(l).contains("--"))
        }
    }

    @Test func aSubmissionDueWithinTwoDaysComesFirst() throws {
        let w = try World()
        defer { w.cleanUp() }
        try w.record(.answer(question: "attack-suspected", value: "yes"))
        let r = try w.record(
            .assessLeak(answers: ["leak": "suspected", "sensitive": "yes", "malicious": "yes", "financial": "no", "people": "10", "encrypted": "no"]))
        // Day 1 is 11/25: the 速報 target (day 5) is 4 days away, so the runbook's step comes first...
        #expect(r.next == .startStep(Fixture.runbook.steps[0]))
        // ...and two days before it, the submission comes before everything else.
        let later = IncidentService(store: w.store, clock: .fixed(Fixture.t0.addingTimeInterval(2 * 86_400)))
        let next = later.next(of: r.state)
        #expect(next.code == "submit")
        #expect(next.obligation?.kind == .ppcPreliminary)
    }

    // MARK: - Opening and choosing

    @Test func theProfilesTimeZoneWinsAndAnUnknownOneIsRefused() throws {
        let w = try World()
        defer { w.cleanUp() }
        #expect(try w.service.timeZoneForNewIncident(configured: TimeZone(identifier: "America/New_York")!).identifier == "Asia/Tokyo")
        let bare = try World(profile: false)
        defer { bare.cleanUp() }
        #expect(try bare.service.timeZoneForNewIncident(configured: TimeZone(identifier: "America/New_York")!).identifier == "America/New_York")
    }

    @Test func aDrillIsNeverChosenUnlessNamedAndEndsWithACode() throws {
        let w = try World()
        defer { w.cleanUp() }
        let catalog = ScenarioCatalog()
        let scenario = try catalog.scenario(named: try #require(try catalog.names().first))
        let drill = try w.service.startDrill(scenario, runbook: Fixture.runbook, speed: 2, by: "訓練係", timeZone: .facilityDefault, language: .ja)
        #expect(drill.state.isDrill)
        // With both open, an unnamed write is refused naming both (a drill never takes a real incident's writes).
        #expect(throws: IncidentError.drillAndRealOpen(real: [w.id], drills: [drill.state.id])) {
            try IncidentChoice().resolve(in: w.store, for: .write)
        }
        #expect(try IncidentChoice().resolve(in: w.store, for: .drill(latest: false)).id == drill.state.id)
        #expect(try IncidentChoice(explicit: drill.state.id).resolve(in: w.store, for: .write).id == drill.state.id)
        #expect(throws: IncidentError.invalidSpeed(0)) {
            try w.service.startDrill(scenario, runbook: Fixture.runbook, speed: 0, by: "訓練係", timeZone: .facilityDefault, language: .ja)
        }
        let ended = try w.service.record(.endDrill, on: drill.state.id, by: "訓練係")
        guard case .closed(let c) = ended.event.body else {
            Issue.record("expected a close, got \(ended.event.body)")
            return
        }
        // A code, not a sentence: worded when shown, in the reader's language.
        #expect(c.reason == nil && c.code == .drillEnded)
        #expect(EventDescription.text(ended.event, runbook: Fixture.runbook, timeZone: .facilityDefault, profile: nil, .en).contains("drill ended"))
    }

    @Test func theChoiceIsExplicitThenEnvironmentThenCurrentWhileOpen() throws {
        let w = try World()
        defer { w.cleanUp() }
        let second = try w.service.declare(summary: "2件目", runbook: Fixture.runbook, awareAt: nil, by: "a", timeZone: .facilityDefault).state.id
        #expect(throws: IncidentError.ambiguousIncident([second, w.id].sorted().reversed())) {
            try IncidentChoice().resolve(in: w.store, for: .write)
        }
        #expect(try IncidentChoice(current: w.id).resolve(in: w.store, for: .write).id == w.id)
        #expect(try IncidentChoice(environment: second, current: w.id).resolve(in: w.store, for: .write).id == second)
        #expect(try IncidentChoice(explicit: w.id, environment: second).resolve(in: w.store, for: .write).id == w.id)
        // A closed current incident is never picked by itself.
        try w.record(.close(reason: "重複", force: true))
        #expect(try IncidentChoice(current: w.id).resolve(in: w.store, for: .write).id == second)
    }

    @Test func aChecklistAnswerDefaultsToTodayAndRefusesABlankWhereTheFormDoes() throws {
        let w = try World()
        defer { w.cleanUp() }
        let checklist = try ChecklistCatalog(directory: nil).checklist()
        let (event, log) = try w.service.answerChecklist(checklist, item: "2-5", answer: .no, target: Day("2027-03-31"), by: "事務長", timeZone: .facilityDefault)
        guard case .checklistAnswered(let a) = event.body else {
            Issue.record("expected a checklist answer, got \(event.body)")
            return
        }
        #expect(a.item == "2-⑤" && a.checked == Day("2026-11-25"))
        #expect(log.answers(of: checklist.id)["2-⑤"] != nil)
        #expect(throws: IncidentError.checklistBlankNotAllowed("2-⑤")) {
            try w.service.answerChecklist(checklist, item: "2-5", answer: .na, by: "事務長", timeZone: .facilityDefault)
        }
    }

    // MARK: - Words at the edge

    @Test func libraryMessagesNameNoCommandAndTheCLIWordingIsTheFrontEndsOwn() {
        let errors: [IncidentError] = [
            .noIncident, .noOpenIncident, .ambiguousIncident(["A", "B"]), .incidentClosed("A"), .unknownEvent(3), .mandatoryStepsOpen(["2"]),
            .reasonRequired(action: .skip), .missingLeakAnswers(["people"]), .storeMissing(path: "/x"), .emptyText(field: .actor),
        ]
        for e in errors {
            for l in [Language.ja, .en] {
                let text = e.message(l)
                let commands = ["list", "declare", "use", "reopen", "close", "step", "correct", "verify", "leak", "init", "facility", "timeline"]
                #expect(!commands.contains { text.contains("incident \($0)") } && !text.contains("`"), "\(text)")
                #expect(!text.contains("--"), "\(text)")
            }
            #expect(e.remedy != nil || e == .emptyText(field: .actor), "\(e)")
        }
        struct Board: Wording {
            func field(_ field: InputField, _ l: Language) -> String { "［\(field.label(l))］" }
            func remedy(_ remedy: Remedy, _ l: Language) -> String? { remedy == .reopen ? "「再開」を押してください。" : nil }
        }
        #expect(IncidentError.incidentClosed("A").message(.ja, wording: Board()) == "インシデント A は終了しています。「再開」を押してください。")
        #expect(IncidentError.emptyText(field: .actor).message(.ja, wording: Board()).hasPrefix("［記録者］"))
    }
}

/// Text that would read differently from what it holds is refused at the door.
@Suite struct HostileTextTests {
    @Test(arguments: ["\u{202E}gnp.exe", "院長\u{2066}に電話\u{2069}", "a\u{202A}b"])
    func bidirectionalControlsAreRefusedInNotesAndNames(_ text: String) throws {
        let w = try IncidentServiceTests.World()
        defer { w.cleanUp() }
        let before = try w.events()
        #expect(throws: IncidentError.invalidCharacters(field: .text)) { try w.record(.note(text)) }
        #expect(throws: IncidentError.invalidCharacters(field: .actor)) { try w.service.record(.note("x"), on: w.id, by: text) }
        #expect(try w.events() == before)
    }

    @Test func aNameIsAtMost64Characters() throws {
        let w = try IncidentServiceTests.World()
        defer { w.cleanUp() }
        #expect(throws: IncidentError.nameTooLong(field: .actor, limit: 64)) {
            try w.service.record(.note("x"), on: w.id, by: String(repeating: "あ", count: 65))
        }
        #expect(try w.service.record(.note("x"), on: w.id, by: String(repeating: "あ", count: 64)).event.actor.count == 64)
        #expect(!LocalSettings.isAcceptableName(String(repeating: "a", count: 65)))
        #expect(!LocalSettings.isAcceptableName("\u{202E}abc"))
    }
}

/// Who wrote an event through the board, inside the hashed `actor`.
@Suite struct BoardActorTests {
    @Test func aBoardActorNamesThePersonTheDeviceAndTheBoardAndReadsBack() throws {
        let actor = try BoardActor(name: " 田中 ", device: "受付iPhone")
        #expect(actor.recorded == "田中（受付iPhone・ボード）")
        #expect(BoardActor.parse(actor.recorded) == actor)
        #expect(BoardActor.parse("田中") == nil, "a CLI actor is not a board actor")
        #expect(BoardActor.parse("田中（受付iPhone）") == nil)
    }

    @Test func aNameOrDeviceThatIsEmptyOrHoldsParenthesesIsRefusedByItsField() {
        #expect(throws: IncidentError.emptyText(field: .actor)) { try BoardActor(name: "  ", device: "受付iPhone") }
        #expect(throws: IncidentError.emptyText(field: .device)) { try BoardActor(name: "田中", device: "") }
        #expect(throws: IncidentError.invalidCharacters(field: .device)) { try BoardActor(name: "田中", device: "受付（2）") }
        #expect(throws: IncidentError.textTooLong(field: .actor, limit: 40)) { try BoardActor(name: String(repeating: "あ", count: 41), device: "PC") }
        #expect(IncidentError.emptyText(field: .device).inputField == .device)
        #expect(IncidentError.invalidAnswer(question: "q", value: "x", expected: "yes/no").inputField == .answer("q"))
    }

    @Test func theStoreKeepsSynchronousFullAndItsChangeMarkMovesWithEveryWrite() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("incident-mark-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("incident.sqlite").path
        let clock = Clock.fixed(Date(timeIntervalSince1970: 1_795_564_800))
        let writer = try EventStore(path: path, create: true, clock: clock)
        #expect(try writer.synchronousSetting() == 2)
        let runbook = try RunbookCatalog().runbook(named: "initial-response")
        let (declared, _) = try writer.declare(
            summary: "テスト", runbook: runbook, awareAt: nil, actor: "山田", timeZone: TimeZone(identifier: "Asia/Tokyo")!, profile: nil)
        let reader = try EventStore(path: path, create: false, clock: clock)
        #expect(try reader.synchronousSetting() == 2)
        let (ownBefore, otherBefore) = (try writer.changeMark(), try reader.changeMark())
        try writer.append(EventDraft(actor: "山田", body: .note(.init(text: "記録"))), to: declared.incidentID)
        #expect(try writer.changeMark() != ownBefore, "this connection's own write")
        #expect(try reader.changeMark() != otherBefore, "another connection's write")
    }
}
