import Foundation
import Testing

@testable import IncidentKit

/// One input, one expected outcome: every guard of the state machine.
@Suite struct IncidentMachineTests {
    typealias S = EventBody.StepChange

    @Test func declarationOpensTheIncidentAtTheAwarenessTime() throws {
        var f = Fixture()
        let s = try f.apply(Fixture.declared(), at: -30, recorded: 0)
        #expect(s.isOpen)
        #expect(s.awareAt == Fixture.t0.addingTimeInterval(-1800))
        #expect(s.runbook.steps.count == 7)
        #expect(s.nextAction == .startStep(s.runbook.steps[0]))
    }

    @Test func theFirstEventMustBeADeclaration() {
        let f = Fixture()
        #expect(throws: IncidentError.notDeclared) { try IncidentMachine.apply(f.event(.note(.init(text: "x")), at: 0), to: nil) }
    }

    @Test func aSecondDeclarationIsRefused() throws {
        var f = try Fixture.open()
        #expect(throws: IncidentError.alreadyDeclared) { try f.apply(Fixture.declared(), at: 1) }
    }

    @Test func aTimeInTheFutureIsRefused() throws {
        var f = try Fixture.open()
        #expect(throws: IncidentError.futureTime(Fixture.t0.addingTimeInterval(600))) {
            try f.apply(.note(.init(text: "later")), at: 10, recorded: 5)
        }
        var g = Fixture()
        #expect(throws: IncidentError.futureTime(Fixture.t0.addingTimeInterval(60))) { try g.apply(Fixture.declared(), at: 1, recorded: 0) }
    }

    @Test func backDatingBeforeTheDeclarationIsRefused() throws {
        var f = try Fixture.open()
        #expect(throws: IncidentError.beforeDeclaration(Fixture.t0.addingTimeInterval(-60), declaredAt: Fixture.t0)) {
            try f.apply(.note(.init(text: "before")), at: -1, recorded: 5)
        }
        // Back-dating to any time between awareness and now is fine.
        let s = try f.apply(.note(.init(text: "after the fact")), at: 1, recorded: 30)
        #expect(s.lastSeq == 2)
    }

    @Test func completingAStepTwiceIsRefused() throws {
        var f = try Fixture.open()
        try f.apply(.stepCompleted(S(step: "confirm-anomaly")), at: 1)
        #expect(throws: IncidentError.stepAlreadyDone("confirm-anomaly")) { try f.apply(.stepCompleted(S(step: "confirm-anomaly")), at: 2) }
        #expect(throws: IncidentError.stepAlreadyDone("confirm-anomaly")) { try f.apply(.stepStarted(S(step: "confirm-anomaly")), at: 2) }
        #expect(throws: IncidentError.stepAlreadyDone("confirm-anomaly")) {
            try f.apply(.stepSkipped(S(step: "confirm-anomaly", reason: "x")), at: 2)
        }
    }

    @Test func startingAnActiveStepAgainIsRefused() throws {
        var f = try Fixture.open()
        try f.apply(.stepStarted(S(step: "notify-responsible")), at: 1)
        #expect(throws: IncidentError.stepAlreadyActive("notify-responsible")) { try f.apply(.stepStarted(S(step: "notify-responsible")), at: 2) }
    }

    @Test func aSkipNeedsAReasonAndHappensOnce() throws {
        var f = try Fixture.open()
        #expect(throws: IncidentError.reasonRequired(action: .skip)) { try f.apply(.stepSkipped(S(step: "report-mhlw")), at: 1) }
        #expect(throws: IncidentError.reasonRequired(action: .skip)) { try f.apply(.stepSkipped(S(step: "report-mhlw", reason: "  ")), at: 1) }
        let s = try f.apply(.stepSkipped(S(step: "report-mhlw", reason: "攻撃ではなく機器故障と判明")), at: 1)
        #expect(s.steps["report-mhlw"] == .skipped(at: Fixture.t0.addingTimeInterval(60), seq: 2, reason: "攻撃ではなく機器故障と判明"))
        #expect(throws: IncidentError.stepAlreadySkipped("report-mhlw")) { try f.apply(.stepSkipped(S(step: "report-mhlw", reason: "x")), at: 2) }
    }

    @Test func anUnknownStepIsRefusedWithTheAvailableOnes() throws {
        var f = try Fixture.open()
        #expect {
            try f.apply(.stepStarted(S(step: "reboot-everything")), at: 1)
        } throws: { error in
            guard case IncidentError.unknownStep("reboot-everything", let available) = error else { return false }
            return available.count == 7 && available[0] == "1 confirm-anomaly"
        }
    }

    @Test func stepsCanOverlapAndTheNextActionFollowsTheRunbookOrder() throws {
        var f = try Fixture.open()
        try f.apply(.stepCompleted(S(step: "confirm-anomaly")), at: 1)
        try f.apply(.stepStarted(S(step: "notify-responsible")), at: 2)
        try f.apply(.stepStarted(S(step: "map-impact")), at: 3)
        var s = try f.apply(.stepCompleted(S(step: "map-impact")), at: 4)
        // Step 3 finished before step 2: both states hold, and step 2 is still what to finish next.
        #expect(s.steps["notify-responsible"] == .active(since: Fixture.t0.addingTimeInterval(120), seq: 3))
        #expect(s.steps["map-impact"] == .done(at: Fixture.t0.addingTimeInterval(240), seq: 5, startedAt: Fixture.t0.addingTimeInterval(180)))
        #expect(s.nextAction == .finishStep(s.runbook.steps[1]))
        s = try f.apply(.stepCompleted(S(step: "notify-responsible")), at: 5)
        #expect(s.nextAction == .startStep(s.runbook.steps[3]))
    }

    @Test func aConditionalStepIsMandatoryUntilTheAnswerSaysOtherwise() throws {
        var f = try Fixture.open()
        let mhlw = Fixture.runbook.step(id: "report-mhlw")!
        #expect(f.state!.openMandatorySteps.contains(mhlw))  // unanswered: mandatory
        try f.apply(.answer(.init(question: "attack-suspected", value: "unknown")), at: 1)
        #expect(f.state!.openMandatorySteps.contains(mhlw))
        try f.apply(.answer(.init(question: "attack-suspected", value: "no")), at: 2)
        #expect(!f.state!.openMandatorySteps.contains(mhlw))
        for step in ["confirm-anomaly", "notify-responsible", "map-impact", "call-vendors"] {
            try f.apply(.stepCompleted(S(step: step)), at: 3)
        }
        #expect(f.state!.nextAction == .considerStep(mhlw))
    }

    @Test func aPlainCloseNeedsTheMandatoryStepsFinished() throws {
        var f = try Fixture.open()
        try f.apply(.stepCompleted(S(step: "confirm-anomaly")), at: 1)
        #expect {
            try f.apply(.closed(.init(reason: nil, forced: false)), at: 2)
        } throws: { error in
            guard case IncidentError.mandatoryStepsOpen(let open) = error else { return false }
            return open == ["2 notify-responsible", "3 map-impact", "4 call-vendors", "5 report-mhlw", "6 decide-bcp", "7 recover"]
        }
        for step in Fixture.runbook.steps.dropFirst() where step.id != "report-mhlw" {
            try f.apply(.stepCompleted(S(step: step.id)), at: 3)
        }
        try f.apply(.stepSkipped(S(step: "report-mhlw", reason: "機器故障と判明")), at: 4)
        let s = try f.apply(.closed(.init(reason: nil, forced: false)), at: 5)
        #expect(!s.isOpen)
        #expect(s.nextAction == NextAction.none)
    }

    @Test func aForcedCloseNeedsAReason() throws {
        var f = try Fixture.open()
        #expect(throws: IncidentError.reasonRequired(action: .forceClose)) { try f.apply(.closed(.init(reason: nil, forced: true)), at: 1) }
        let s = try f.apply(.closed(.init(reason: "訓練のため終了", forced: true)), at: 1)
        #expect(s.phase == .closed(at: Fixture.t0.addingTimeInterval(60), reason: "訓練のため終了", forced: true))
    }

    @Test func nothingButReopenIsAcceptedAfterClose() throws {
        var f = try Fixture.open()
        try f.apply(.closed(.init(reason: "訓練", forced: true)), at: 1)
        for body: EventBody in [
            .note(.init(text: "x")), .stepStarted(S(step: "recover")), .correction(.init(corrects: 1, text: "x")),
            .closed(.init(reason: "again", forced: true)), .answer(.init(question: "attack-suspected", value: "yes")),
        ] {
            #expect(throws: IncidentError.incidentClosed("INC-TEST-1")) { try f.apply(body, at: 2) }
        }
        #expect(throws: IncidentError.reasonRequired(action: .reopen)) { try f.apply(.reopened(.init(reason: " ")), at: 2) }
        let s = try f.apply(.reopened(.init(reason: "新たな暗号化端末を発見")), at: 2)
        #expect(s.isOpen)
        try f.apply(.note(.init(text: "記録を再開")), at: 3)
    }

    @Test func reopeningAnOpenIncidentIsRefused() throws {
        var f = try Fixture.open()
        #expect(throws: IncidentError.incidentNotClosed("INC-TEST-1")) { try f.apply(.reopened(.init(reason: "x")), at: 1) }
    }

    @Test func aCorrectionCanMoveTheAwarenessTimeEarlierButNotPastRecordedEvents() throws {
        var f = try Fixture.open()
        try f.apply(.note(.init(text: "3台")), at: 10)
        var s = try f.apply(.correction(.init(corrects: 1, text: "夜勤が先に気づいていた", occurredAt: Fixture.t0.addingTimeInterval(-3600))), at: 20)
        #expect(s.awareAt == Fixture.t0.addingTimeInterval(-3600))
        #expect(s.correctionCount == 1)
        // Now back-dating to 08:30 JST is legal.
        s = try f.apply(.note(.init(text: "夜勤の記録")), at: -30, recorded: 25)
        #expect(s.lastSeq == 4)
        #expect(throws: IncidentError.self) {
            try f.apply(.correction(.init(corrects: 1, text: "x", occurredAt: Fixture.t0.addingTimeInterval(15 * 60))), at: 26)
        }
    }

    @Test func aCorrectionMustReferToAnExistingEvent() throws {
        var f = try Fixture.open()
        #expect(throws: IncidentError.unknownEvent(5)) { try f.apply(.correction(.init(corrects: 5, text: "x")), at: 1) }
        #expect(throws: IncidentError.unknownEvent(0)) { try f.apply(.correction(.init(corrects: 0, text: "x")), at: 1) }
    }

    @Test func aCorrectionOfAStepTimeMovesTheStep() throws {
        var f = try Fixture.open()
        try f.apply(.stepCompleted(S(step: "confirm-anomaly")), at: 30)
        let s = try f.apply(.correction(.init(corrects: 2, text: "実際は10分", occurredAt: Fixture.t0.addingTimeInterval(600))), at: 40)
        #expect(s.steps["confirm-anomaly"] == .done(at: Fixture.t0.addingTimeInterval(600), seq: 2, startedAt: nil))
    }

    @Test func answersAreCheckedAgainstTheQuestion() throws {
        var f = try Fixture.open()
        #expect(throws: IncidentError.unknownQuestion("favourite-colour")) { try f.apply(.answer(.init(question: "favourite-colour", value: "x")), at: 1) }
        #expect(throws: IncidentError.self) { try f.apply(.answer(.init(question: "terminals-affected", value: "three")), at: 1) }
        let s = try f.apply(.answer(.init(question: "terminals-affected", value: "3")), at: 1)
        #expect(s.answerValues["terminals-affected"] == "3")
    }

    @Test(arguments: [
        ("", IncidentError.emptyText(field: .text)),
        ("   \n ", IncidentError.emptyText(field: .text)),
        ("bell\u{07}", IncidentError.invalidCharacters(field: .text)),
        ("esc\u{1B}[31m", IncidentError.invalidCharacters(field: .text)),
        ("bad \u{FFFD} utf8", IncidentError.invalidCharacters(field: .text)),
        (String(repeating: "あ", count: 30_000), IncidentError.textTooLong(field: .text, limit: IncidentMachine.maxTextBytes)),
    ])
    func badTextIsRefused(text: String, expected: IncidentError) throws {
        var f = try Fixture.open()
        #expect(throws: expected) { try f.apply(.note(.init(text: text)), at: 1) }
    }

    @Test func ordinaryTextWithNewlinesTabsAndSQLIsKeptVerbatim() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("incident-verbatim-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try EventStore(path: dir.appendingPathComponent("s.sqlite").path, create: true)
        let (declared, _) = try store.declare(summary: "電子カルテが開かない", runbook: Fixture.runbook, awareAt: nil, actor: "山田", timeZone: .facilityDefault)
        let text = "1行目\n\t2行目'); DROP TABLE event; --"
        let (event, _) = try store.append(EventDraft(actor: "山田", body: .note(.init(text: text))), to: declared.incidentID)
        // Read back from SQLite: the same text, byte for byte, and the store still whole.
        let stored = try store.events(of: declared.incidentID)
        #expect(stored.count == 2)
        guard case .note(let note) = stored[1].body else {
            Issue.record("not a note: \(stored[1].body)")
            return
        }
        #expect(Array(note.text.utf8) == Array(text.utf8))
        #expect(stored[1].hash == event.hash)
        #expect(try store.verify(declared.incidentID) == nil)
    }
}
