import Foundation
import Testing

@testable import IncidentKit

/// Step 7's guards (issue #23), one input and one expected outcome each: only the
/// evidence gate refuses a stage; counts, measures, costs and the close are checked.
@Suite struct RecoveryMachineTests {
    typealias R = EventBody.RecoveryStaged

    @Test func restoringASystemWithoutEvidenceIsRefused() throws {
        var f = try Fixture.open()
        #expect(throws: IncidentError.evidenceRequired(system: "電子カルテ", stage: .restored)) {
            try f.apply(.recoveryStaged(R(system: " 電子カルテ ", stage: .restored, backup: "12/03 夜間分", offline: true)), at: 1)
        }
    }

    @Test func rebuildingASystemWithoutEvidenceIsRefused() throws {
        var f = try Fixture.open()
        #expect(throws: IncidentError.evidenceRequired(system: "電子カルテ", stage: .rebuilt)) {
            try f.apply(.recoveryStaged(R(system: "電子カルテ", stage: .rebuilt)), at: 1)
        }
    }

    @Test func evidenceForTheSystemOpensTheGateWhateverItsCaseOrSpaces() throws {
        var f = try Fixture.open()
        try f.apply(.evidence(.init(system: "EMR ", text: "サーバのディスクイメージ", keptAt: "金庫")), at: 1)
        let s = try f.apply(.recoveryStaged(R(system: "emr", stage: .restored, backup: "12/03 夜間分", offline: true)), at: 2)
        #expect(s.recovery.systems["emr"]?.stage == .restored)
        #expect(s.recovery.systems["emr"]?.restoredFrom?.backup == "12/03 夜間分")
        // Evidence for another system opens nothing.
        #expect(throws: IncidentError.evidenceRequired(system: "レセコン", stage: .restored)) {
            try f.apply(.recoveryStaged(R(system: "レセコン", stage: .restored)), at: 3)
        }
    }

    @Test func goingOnWithoutEvidenceRecordsWhoDecidedAndWhy() throws {
        var f = try Fixture.open()
        let s = try f.apply(.recoveryStaged(R(system: "レセコン", stage: .rebuilt, withoutEvidence: "業者が工場出荷状態から再構築、ログは業者が保全済み")), at: 1)
        let mark = try #require(s.recovery.systems["レセコン"]?.current)
        #expect(mark.withoutEvidence == "業者が工場出荷状態から再構築、ログは業者が保全済み")
        #expect(mark.actor == "山田")
    }

    @Test func aBlankReasonToGoOnWithoutEvidenceIsRefused() throws {
        var f = try Fixture.open()
        #expect(throws: IncidentError.emptyText(field: .reason)) {
            try f.apply(.recoveryStaged(R(system: "レセコン", stage: .restored, withoutEvidence: "  ")), at: 1)
        }
    }

    @Test func stagesMayBeSkippedOrRecordedOutOfOrder() throws {
        var f = try Fixture.open()
        try f.apply(.recoveryStaged(R(system: "予約システム", stage: .inUse)), at: 1)
        // Back-dated isolation before it: the latest by occurrence stands.
        let s = try f.apply(.recoveryStaged(R(system: "予約システム", stage: .isolated)), at: 0.5, recorded: 2)
        #expect(s.recovery.systems["予約システム"]?.stage == .inUse)
        #expect(s.recovery.systems["予約システム"]?.reached(.isolated) == Fixture.t0.addingTimeInterval(30))
        #expect(s.recovery.systems["予約システム"]?.reached(.investigated) == nil)
    }

    @Test func enteringMoreRecordsThanAreWaitingIsRefused() throws {
        var f = try Fixture.open()
        try f.apply(.reentry(.init(department: "外来", pending: 120)), at: 1)
        #expect(throws: IncidentError.moreEnteredThanPending(department: "外来", pending: 120, entered: 121)) {
            try f.apply(.reentry(.init(department: "外来", entered: 121)), at: 2)
        }
        let s = try f.apply(.reentry(.init(department: "外来", entered: 40)), at: 2)
        #expect(s.recovery.departments["外来"] == .init(name: "外来", pending: 80, entered: 40, at: Fixture.t0.addingTimeInterval(120)))
        #expect(s.recovery.reentryPending == 80)
    }

    @Test func enteringRecordsInADepartmentWithNoneWaitingIsRefused() throws {
        var f = try Fixture.open()
        #expect(throws: IncidentError.moreEnteredThanPending(department: "病棟", pending: 0, entered: 5)) {
            try f.apply(.reentry(.init(department: "病棟", entered: 5)), at: 1)
        }
    }

    @Test func aReentryGivesExactlyOneCount() throws {
        var f = try Fixture.open()
        #expect(throws: IncidentError.reentryNeedsOneCount) { try f.apply(.reentry(.init(department: "外来", pending: 3, entered: 1)), at: 1) }
        #expect(throws: IncidentError.reentryNeedsOneCount) { try f.apply(.reentry(.init(department: "外来")), at: 1) }
    }

    @Test func aNegativeCountWaitingIsRefused() throws {
        var f = try Fixture.open()
        #expect(throws: IncidentError.invalidCount(field: .count, value: -1, minimum: 0)) {
            try f.apply(.reentry(.init(department: "外来", pending: -1)), at: 1)
        }
    }

    @Test func finishingAnUnknownMeasureIsRefusedWithTheNumbersThereAre() throws {
        var f = try Fixture.open()
        try f.apply(.measureAdded(.init(id: 1, text: "VPN装置の更新", owner: "田中", due: Day(year: 2026, month: 12, day: 20))), at: 1)
        #expect(throws: IncidentError.unknownMeasure(5, available: [1])) { try f.apply(.measureDone(.init(id: 5)), at: 2) }
    }

    @Test func finishingAMeasureTwiceIsRefused() throws {
        var f = try Fixture.open()
        try f.apply(.measureAdded(.init(id: 1, text: "VPN装置の更新", owner: "田中", due: Day(year: 2026, month: 12, day: 20))), at: 1)
        let s = try f.apply(.measureDone(.init(id: 1)), at: 2)
        #expect(s.recovery.openMeasures.isEmpty)
        #expect(throws: IncidentError.measureAlreadyDone(1)) { try f.apply(.measureDone(.init(id: 1)), at: 3) }
    }

    @Test func aMeasureNumberIsUsedOnce() throws {
        var f = try Fixture.open()
        try f.apply(.measureAdded(.init(id: 1, text: "a", owner: "田中", due: Day(year: 2026, month: 12, day: 20))), at: 1)
        #expect(throws: IncidentError.measureExists(1)) {
            try f.apply(.measureAdded(.init(id: 1, text: "b", owner: "田中", due: Day(year: 2026, month: 12, day: 20))), at: 2)
        }
    }

    @Test func aCostOfNoYenIsRefused() throws {
        var f = try Fixture.open()
        #expect(throws: IncidentError.invalidCount(field: .amount, value: 0, minimum: 1)) {
            try f.apply(.cost(.init(amount: 0, category: "調査", payee: "A社")), at: 1)
        }
    }

    @Test func aDecisionNeedsItsReason() throws {
        var f = try Fixture.open()
        #expect(throws: IncidentError.emptyText(field: .why)) {
            try f.apply(.decision(.init(text: "身代金は支払わない", decidedBy: "理事長", why: " ")), at: 1)
        }
    }

    @Test func evidenceWithADigestThatIsNotSHA256IsRefused() throws {
        var f = try Fixture.open()
        #expect(throws: IncidentError.invalidDigest("abc")) {
            try f.apply(.evidence(.init(system: "電子カルテ", text: "ログ", file: "log.txt", sha256: "abc", bytes: 3)), at: 1)
        }
    }

    // MARK: - The close

    /// Every step done, so that only step 7's work can hold the close.
    static func allStepsDone() throws -> Fixture {
        var f = try Fixture.open()
        for (k, step) in Fixture.runbook.steps.enumerated() { try f.apply(.stepCompleted(.init(step: step.id)), at: Double(k + 1)) }
        return f
    }

    @Test func aSystemNotBackInUseHoldsTheClose() throws {
        var f = try Self.allStepsDone()
        try f.apply(.recoveryStaged(R(system: "電子カルテ", stage: .verified)), at: 10)
        var expected = CloseHolds()
        expected.systems = [.init(name: "電子カルテ", stage: .verified)]
        #expect(throws: IncidentError.closeHeld(expected)) { try f.apply(.closed(.init(reason: nil, forced: false)), at: 11) }
        try f.apply(.recoveryStaged(R(system: "電子カルテ", stage: .inUse)), at: 12)
        #expect(try f.apply(.closed(.init(reason: nil, forced: false)), at: 13).isOpen == false)
    }

    @Test func recordsWaitingAndOpenMeasuresHoldTheClose() throws {
        var f = try Self.allStepsDone()
        try f.apply(.reentry(.init(department: "外来", pending: 3)), at: 10)
        try f.apply(.measureAdded(.init(id: 1, text: "VPN装置の更新", owner: "田中", due: Day(year: 2026, month: 12, day: 20))), at: 10)
        var expected = CloseHolds()
        expected.reentry = [.init(department: "外来", pending: 3)]
        expected.measures = [1]
        #expect(throws: IncidentError.closeHeld(expected)) { try f.apply(.closed(.init(reason: nil, forced: false)), at: 11) }
    }

    @Test func withOnlyStepsOpenTheRefusalNamesTheSteps() throws {
        var f = try Fixture.open()
        #expect {
            try f.apply(.closed(.init(reason: nil, forced: false)), at: 1)
        } throws: { error in
            guard case IncidentError.mandatoryStepsOpen(let steps) = error else { return false }
            return steps.first == "1 confirm-anomaly"
        }
    }

    @Test func aForcedCloseWithAReasonGoesOverRecoveryLeftOpen() throws {
        var f = try Self.allStepsDone()
        try f.apply(.recoveryStaged(R(system: "電子カルテ", stage: .isolated)), at: 10)
        #expect(throws: IncidentError.reasonRequired(action: .forceClose)) { try f.apply(.closed(.init(reason: nil, forced: true)), at: 11) }
        let s = try f.apply(.closed(.init(reason: "電子カルテは入れ替え、旧機は廃棄", forced: true)), at: 11)
        #expect(!s.isOpen)
    }

    @Test func aDrillsEndIsNotHeldByRecovery() throws {
        var f = try Self.allStepsDone()
        try f.apply(.recoveryStaged(R(system: "電子カルテ", stage: .isolated)), at: 10)
        try f.apply(.reentry(.init(department: "外来", pending: 3)), at: 10)
        // What `Intent.endDrill` records once the steps are done: not forced, the tool's reason.
        let s = try f.apply(.closed(.init(reason: nil, forced: false, code: .drillEnded)), at: 11)
        #expect(!s.isOpen)
    }

    @Test func aCorrectionMovesARecoveryStageTime() throws {
        var f = try Fixture.open()
        try f.apply(.recoveryStaged(R(system: "電子カルテ", stage: .isolated)), at: 10)
        let s = try f.apply(.correction(.init(corrects: 2, text: "隔離は9:05", occurredAt: Fixture.t0.addingTimeInterval(300))), at: 11)
        #expect(s.recovery.systems["電子カルテ"]?.since == Fixture.t0.addingTimeInterval(300))
    }

    @Test func stagesReadInJapaneseAndEnglish() {
        #expect(RecoveryStage(input: "利用再開") == .inUse)
        #expect(RecoveryStage(input: "in-use") == .inUse)
        #expect(RecoveryStage(input: "Restored") == .restored)
        #expect(RecoveryStage(input: "再起動") == nil)
        #expect(RecoveryStage.isolated.next == .investigated)
        #expect(RecoveryStage.inUse.next == nil)
    }

    @Test(arguments: [
        ("1200000", 1_200_000), ("1,650,000", 1_650_000), ("¥1,650,000", 1_650_000), ("1,650,000円", 1_650_000), ("120万円", 1_200_000),
        ("１２０万", 1_200_000),
    ])
    func amountsAreReadAsWholeYen(_ text: String, _ yen: Int) {
        #expect(CostList.amount(text) == yen)
    }

    @Test(arguments: ["", "12.5", "-100", "約100万円", "百円"])
    func otherAmountsAreRefused(_ text: String) {
        #expect(CostList.amount(text) == nil)
    }
}
