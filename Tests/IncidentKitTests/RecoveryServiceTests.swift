import Foundation
import Testing

@testable import IncidentKit

/// Step 7 through the command layer (issue #23): evidence hashed before the
/// write, measures numbered, the next action's order, the close held by
/// obligations, and what the status, the review and the drafts show.
@Suite struct RecoveryServiceTests {
    typealias World = IncidentServiceTests.World

    /// SHA-256 of the three bytes `abc` (FIPS 180-2, appendix B.1).
    static let abcDigest = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"

    static func day(_ y: Int, _ m: Int, _ d: Int) -> Day { Day(year: y, month: m, day: d) }

    /// The first-hour calls a store without a profile asks for, made: recovery may come next.
    static func callsMade(_ w: World) throws {
        for role in ["security-officer", "director", "office-manager", "mhlw"] { try w.record(.contact(role: role, outcome: .reached)) }
    }

    @Test func aFileOfEvidenceIsRecordedWithItsSHA256AndSize() throws {
        let w = try World()
        defer { w.cleanUp() }
        let path = w.dir.appendingPathComponent("vpn.log").path
        try Data("abc".utf8).write(to: URL(fileURLWithPath: path))
        let r = try w.record(.addEvidence(system: "VPN装置", text: "VPN装置のログ", file: path, keptAt: "金庫"))
        #expect(r.event.body == .evidence(.init(system: "VPN装置", text: "VPN装置のログ", file: path, sha256: Self.abcDigest, bytes: 3, keptAt: "金庫")))
    }

    @Test func aMissingFileIsRefusedAndNothingIsRecorded() throws {
        let w = try World()
        defer { w.cleanUp() }
        let before = try w.events()
        let path = w.dir.appendingPathComponent("nowhere.img").path
        #expect(throws: IncidentError.fileUnreadable(path)) { try w.record(.addEvidence(system: "電子カルテ", text: "イメージ", file: path)) }
        #expect(try w.events() == before)
    }

    @Test func measuresAreNumberedInTheOrderAdded() throws {
        let w = try World()
        defer { w.cleanUp() }
        let first = try w.record(.addMeasure(text: "VPN装置の更新", owner: "田中", due: Self.day(2026, 12, 20)))
        let second = try w.record(.addMeasure(text: "パスワードの変更", owner: "鈴木", due: Self.day(2026, 12, 1)))
        #expect(first.event.body == .measureAdded(.init(id: 1, text: "VPN装置の更新", owner: "田中", due: Self.day(2026, 12, 20))))
        #expect(second.state.recovery.measures.map(\.id) == [1, 2])
        #expect(throws: IncidentError.unknownMeasure(3, available: [1, 2])) { try w.record(.finishMeasure(3)) }
    }

    /// The BCP imported at any time sets the order and the target times of the
    /// systems being recovered (checklist 4-1: a priority set in advance).
    @Test func theImportedBCPOrdersTheSystemsAndSetsTheirTargets() throws {
        let w = try World(profile: false)
        defer { w.cleanUp() }
        try w.record(.recover(system: "レセコン", stage: .isolated), at: 10)
        try w.record(.recover(system: "電子カルテ", stage: .isolated), at: 20)
        var status = RecoveryStatus(try w.store.state(of: w.id), today: Self.day(2026, 11, 25))
        #expect(status.systems.map(\.name) == ["レセコン", "電子カルテ"])
        #expect(status.systems.map(\.priority) == [nil, nil])
        let bcp = "systems:\n  - name: 電子カルテ\n    priority: 1\n    targetHours: 24\n  - name: レセコン\n    priority: 2\n    targetHours: 72\n"
        try w.store.importBCP(try BCPLoader.load(text: bcp, file: "bcp.yaml"), file: "bcp.yaml")
        let state = try w.store.state(of: w.id)
        status = RecoveryStatus(state, today: Self.day(2026, 11, 25))
        #expect(status.systems.map(\.name) == ["電子カルテ", "レセコン"])
        #expect(status.systems.map(\.priority) == [1, 2])
        let zone = state.timeZone
        #expect(status.systems[0].target == Timestamp.iso(Fixture.t0.addingTimeInterval(24 * 3600), in: zone))
        #expect(status.systems[1].target == Timestamp.iso(Fixture.t0.addingTimeInterval(72 * 3600), in: zone))
        // A write sees the same plan: the next action names the first system of the BCP.
        try Self.callsMade(w)
        let r = try w.record(.note("復旧を始める"))
        if case .recover(let system, _, _) = r.next { #expect(system == "電子カルテ") } else { Issue.record("next: \(r.next)") }
    }

    /// A system past its BCP target is late by the clock, even when nothing was
    /// recorded since (a manager reading the board the next morning); once back in
    /// use it is judged by when it came back, and a closed incident by its end.
    @Test func aSystemPastItsTargetIsLateByTheClockNotByTheLastEvent() throws {
        let w = try World(profile: false)
        defer { w.cleanUp() }
        let bcp = "systems:\n  - name: 電子カルテ\n    priority: 1\n    targetHours: 24\n"
        try w.store.importBCP(try BCPLoader.load(text: bcp, file: "bcp.yaml"), file: "bcp.yaml")
        try w.record(.recover(system: "電子カルテ", stage: .isolated), at: 10)
        let state = try w.store.state(of: w.id)
        let day = Self.day(2026, 11, 25)
        let before = Fixture.t0.addingTimeInterval(23 * 3600)
        let after = Fixture.t0.addingTimeInterval(25 * 3600)
        #expect(RecoveryStatus(state, today: day, now: before).systems[0].late == false)
        #expect(RecoveryStatus(state, today: day, now: after).systems[0].late == true)
        // Replayed without a clock, the latest event (10 minutes after awareness) decides.
        #expect(RecoveryStatus(state, today: day).systems[0].late == false)
        #expect(StatusReport(state, language: .ja, today: day, now: after).recovery.systems[0].late == true)
    }

    /// Care that could not be billed is counted (patients to settle later, never
    /// named) beside its amount: in the state, the Excel CSV for the insurer and
    /// the management report; a count below one is refused and nothing is recorded.
    @Test func unbilledCareCountsThePatientsToSettleLater() throws {
        let w = try World(profile: false)
        defer { w.cleanUp() }
        try w.record(.addCost(amount: 1_650_000, category: "調査", payee: "〇〇フォレンジック"))
        try w.record(.addCost(amount: 84_000, category: "未収", payee: "外来患者（後日精算）", patients: 35))
        try w.record(.addCost(amount: 12_000, category: "未収", payee: "外来患者（後日精算）", patients: 5))
        let before = try w.events()
        #expect(throws: IncidentError.invalidCount(field: .patients, value: 0, minimum: 1)) {
            try w.record(.addCost(amount: 1, category: "未収", payee: "外来患者", patients: 0))
        }
        #expect(try w.events() == before)
        let state = try w.store.state(of: w.id)
        #expect(state.recovery.unbilledPatients == 40)
        #expect(RecoveryStatus(state, today: Self.day(2026, 11, 25)).unbilledPatients == 40)
        let csv = CostList.csv(state, .ja).split(separator: "\r\n").map(String.init)
        #expect(csv[0].hasSuffix(",後日精算の患者数"))
        #expect(csv[2].hasSuffix(",35"))
        #expect(csv.last?.hasSuffix(",40") == true, "the total row counts every patient")
        let ja = try ReportTemplates().render(.management, state: state, today: Self.day(2026, 11, 25), language: .ja).text
        #expect(ja.contains("後日精算の患者: 40人"))
        let en = try ReportTemplates().render(.management, state: state, today: Self.day(2026, 11, 25), language: .en).text
        #expect(en.contains("Patients to settle later: 40"))
    }

    // MARK: - The next action

    @Test func recoveryComesNextOnceNoCallIsOwed() throws {
        let w = try World(profile: false)
        defer { w.cleanUp() }
        try Self.callsMade(w)
        var r = try w.record(.recover(system: "電子カルテ", stage: .isolated))
        #expect(r.next == .recover(system: "電子カルテ", stage: .isolated, target: nil))
        #expect(r.next.code == "recover")
        r = try w.record(.recover(system: "電子カルテ", stage: .inUse))
        try w.record(.reentry(department: "病棟", pending: 5))
        r = try w.record(.reentry(department: "外来", pending: 120))
        #expect(r.next == .enterRecords(department: "外来", pending: 120))
        r = try w.record(.reentry(department: "外来", entered: 120))
        #expect(r.next == .enterRecords(department: "病棟", pending: 5))
        try w.record(.reentry(department: "病棟", entered: 5))
        try w.record(.addMeasure(text: "VPN装置の更新", owner: "田中", due: Self.day(2026, 12, 20)))
        r = try w.record(.addMeasure(text: "パスワードの変更", owner: "鈴木", due: Self.day(2026, 12, 1)))
        #expect(r.next == .measure(id: 2, text: "パスワードの変更", owner: "鈴木", due: Self.day(2026, 12, 1)))
        r = try w.record(.finishMeasure(2))
        #expect(r.next.code == "measure")
        r = try w.record(.finishMeasure(1))
        #expect(!["recover", "enterRecords", "measure"].contains(r.next.code))
    }

    @Test func theFirstHourCallsComeBeforeRecovery() throws {
        let w = try World()
        defer { w.cleanUp() }
        let r = try w.record(.recover(system: "電子カルテ", stage: .isolated))
        // The runbook's steps go on (and ask for their calls) until every first-hour call is made.
        #expect(r.next == .startStep(Fixture.runbook.steps[0]))
    }

    @Test func anObligationDueWithinTwoDaysComesBeforeRecovery() throws {
        let w = try World(profile: false)
        defer { w.cleanUp() }
        try w.record(.answer(question: "attack-suspected", value: "yes"))
        try w.record(
            .assessLeak(answers: ["leak": "suspected", "sensitive": "yes", "malicious": "yes", "financial": "no", "people": "300", "encrypted": "no"]))
        try Self.callsMade(w)
        let state = try w.record(.recover(system: "電子カルテ", stage: .isolated)).state
        // Aware 2026-11-25: the 速報's target is 11-29 (day 5). Two days before it, the 速報 comes first.
        let early = NextAction.of(state, today: Self.day(2026, 11, 26))
        let due = NextAction.of(state, today: Self.day(2026, 11, 27))
        #expect(early.code == "recover")
        #expect(due.obligation?.kind == .ppcPreliminary)
    }

    // MARK: - The close

    @Test func anObligationWithALegalDeadlineHoldsTheCloseButNotThePoliceOrTheFollowUps() throws {
        let w = try World(profile: false)
        defer { w.cleanUp() }
        try w.record(.answer(question: "attack-suspected", value: "yes"))
        try w.record(
            .assessLeak(answers: ["leak": "suspected", "sensitive": "yes", "malicious": "yes", "financial": "no", "people": "300", "encrypted": "no"]))
        for step in Fixture.runbook.steps { try w.record(.finishStep(step.id)) }
        for kind: ObligationKind in [.mhlw, .ppcPreliminary, .individualNotice] { try w.record(.submit(kind)) }
        var expected = CloseHolds()
        expected.obligations = [.ppcFinal]
        #expect(throws: IncidentError.closeHeld(expected)) { try w.record(.close(reason: nil)) }
        try w.record(.submit(.ppcFinal))
        #expect(try w.record(.close(reason: nil)).state.isOpen == false)
    }

    // MARK: - What is shown

    @Test func statusShowsRecoveryUnderItsContractKeys() throws {
        let w = try World(profile: false)
        defer { w.cleanUp() }
        try Self.callsMade(w)
        try w.record(.recover(system: "電子カルテ", stage: .isolated), at: 10)
        try w.record(.reentry(department: "外来", pending: 12))
        try w.record(.addMeasure(text: "VPN装置の更新", owner: "田中", due: Self.day(2026, 12, 20)))
        let (report, _) = try w.service.status(of: w.id)
        let json = try #require(try JSONSerialization.jsonObject(with: try JSONEncoder().encode(report)) as? [String: Any])
        let recovery = try #require(json["recovery"] as? [String: Any])
        #expect(recovery["reentryPending"] as? Int == 12)
        #expect(recovery["measuresOpen"] as? Int == 1)
        let system = try #require((recovery["systems"] as? [[String: Any]])?.first)
        #expect(system["name"] as? String == "電子カルテ")
        #expect(system["stage"] as? String == "isolated")
        #expect(system["since"] as? String == "2026-11-25T09:10:00+09:00")
        // No plan ranks it yet: null, never missing.
        #expect(system.keys.contains("priority") && system["priority"] is NSNull)
        #expect(system.keys.contains("target") && system["target"] is NSNull)
        // Today is 2026-11-25: 25 days to 2026-12-20.
        #expect(report.recovery.measures.first?.daysLeft == 25)
        let next = try #require(json["nextAction"] as? [String: Any])
        #expect(next["action"] as? String == "recover" && next["system"] as? String == "電子カルテ")
    }

    @Test func theReviewTimesEachStage() throws {
        let w = try World(profile: false)
        defer { w.cleanUp() }
        try w.record(.recover(system: "電子カルテ", stage: .isolated), at: 5)
        try w.record(.addEvidence(system: "電子カルテ", text: "イメージ"), at: 10)
        try w.record(.recover(system: "電子カルテ", stage: .restored, backup: "12/03 夜間分", offline: true), at: 20)
        try w.record(.recover(system: "電子カルテ", stage: .inUse), at: 29)
        let state = try w.store.state(of: w.id)
        let review = ResponseReview(state: state, events: [], language: .ja)
        let line = try #require(review.recovery.first)
        #expect(line.system == "電子カルテ")
        #expect(line.stages.map { $0.minute } == [5, nil, nil, 20, nil, 29])
        #expect(line.met == nil)
        #expect(review.markdown(.ja).contains("| 電子カルテ | +00:05 | — | — | +00:20 | — | +00:29 | — | 目標の定めなし |"))
    }

    /// An incident with every kind of step-7 record.
    static func recorded(_ w: World) throws {
        let path = w.dir.appendingPathComponent("emr.img").path
        try Data("abc".utf8).write(to: URL(fileURLWithPath: path))
        try w.record(.recover(system: "電子カルテ", stage: .isolated))
        try w.record(.addEvidence(system: "電子カルテ", text: "サーバのディスクイメージ", file: path, keptAt: "院長室金庫"))
        try w.record(.recover(system: "電子カルテ", stage: .restored, backup: "12/03 夜間分", offline: true))
        try w.record(.decide(text: "身代金は支払わない", decidedBy: "理事長 山田", advisedBy: "県警サイバー犯罪相談窓口", why: "支払っても復号の保証がない"))
        try w.record(.addCost(amount: 1_650_000, category: "調査", payee: "フォレンジック社", ref: "請求書 118"))
        try w.record(.addCost(amount: 1_200_000, category: "復旧", payee: "A社"))
        try w.record(.addMeasure(text: "VPN装置の更新と多要素認証", owner: "田中", due: Self.day(2026, 12, 20)))
    }

    @Test func theManagementReportIsADraftWithDecisionsCostsAndMeasures() throws {
        let w = try World()
        defer { w.cleanUp() }
        try Self.recorded(w)
        let state = try w.store.state(of: w.id)
        let ja = try ReportTemplates().render(.management, state: state, today: Self.day(2026, 11, 25), language: .ja).text
        #expect(ja.hasPrefix("理事会・経営層への報告【下書き】"))
        #expect(ja.contains("  ・2026年11月25日（水）09:30 身代金は支払わない\n    決定: 理事長 山田　助言: 県警サイバー犯罪相談窓口\n    理由: 支払っても復号の保証がない\n"))
        #expect(ja.contains("  ・調査: 1,650,000円\n  ・復旧: 1,200,000円\n  合計: 2,850,000円\n"))
        #expect(ja.contains("  ・#1 VPN装置の更新と多要素認証（担当 田中、期日 2026年12月20日（日））: 実施予定\n"))
        #expect(ja.contains("  ・電子カルテ: データ復元（2026年11月25日（水）09:30〜）　復元に使ったバックアップ: 12/03 夜間分（オフライン保管）\n"))
        let en = try ReportTemplates().render(.management, state: state, today: Self.day(2026, 11, 25), language: .en).text
        #expect(en.hasPrefix("Report to the board and management [DRAFT]"))
        #expect(en.contains("  Total: ¥2,850,000\n"))
    }

    @Test func theFinalReportsMeasuresThePoliceMemosEvidenceAndTheFollowUpsRecovery() throws {
        let w = try World()
        defer { w.cleanUp() }
        try Self.recorded(w)
        let state = try w.store.state(of: w.id)
        let today = Self.day(2026, 11, 25)
        let final = try ReportTemplates().render(.ppcFinal, state: state, today: today, language: .ja).text
        #expect(final.contains("(8) 再発防止のための措置\n  ・VPN装置の更新と多要素認証（担当 田中、2026年12月20日（日）までに実施予定）\n"))
        let police = try ReportTemplates().render(.police, state: state, today: today, language: .ja).text
        #expect(police.contains("電子カルテ: サーバのディスクイメージ（ファイル "))
        #expect(police.contains("SHA-256 \(Self.abcDigest)） 保管場所: 院長室金庫（保全: 事務長 鈴木）"))
        let followup = try ReportTemplates().render(.mhlwFollowup, state: state, today: today, language: .ja).text
        #expect(followup.contains("  復旧の状況:\n  ・電子カルテ: データ復元"))
        #expect(followup.contains("  決定したこと:\n  ・2026年11月25日（水）09:30 身代金は支払わない（決定 理事長 山田、助言 県警サイバー犯罪相談窓口、理由: 支払っても復号の保証がない）\n"))
    }
}
