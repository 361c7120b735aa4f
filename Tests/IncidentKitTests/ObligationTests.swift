import Foundation
import Testing

@testable import IncidentKit

/// Which obligations apply (from the runbook's signals, the leak decision and the
/// profile), where each stands, and the `submitted` event in the state machine.
@Suite struct ObligationTests {
    static let today = Day("2026-11-25")!

    static func declared(profile: String) -> EventBody {
        .declared(
            .init(
                summary: "電子カルテが開かない", runbook: Fixture.runbook.id, runbookSource: Fixture.runbook.sourceText,
                profileSource: profile, timeZone: "Asia/Tokyo"))
    }

    static let insuredProfile = """
        facility:
          name: "さくら内科クリニック"
          manager: "院長 佐藤 一郎"
          operator: "医療法人さくら会"
          representative: "理事長 佐藤 太郎"
        insurance:
          insurer: "架空損害保険株式会社"
          policy: "CY-0001"
          phone: "0120-000-009"
          noticeDays: 30
        """

    @Test func profileNamesOperatorRepresentativeAndInsurance() throws {
        let p = try FacilityProfileLoader.load(text: Self.insuredProfile, file: "p.yaml")
        #expect(p.facility.operatorName == "医療法人さくら会")
        #expect(p.facility.representative == "理事長 佐藤 太郎")
        #expect(p.insurance?.insurer == "架空損害保険株式会社")
        #expect(p.insurance?.noticeDays == 30)
        let bad = Self.insuredProfile.replacingOccurrences(of: "noticeDays: 30", with: "noticeDays: すぐ")
        #expect {
            try FacilityProfileLoader.load(text: bad, file: "p.yaml")
        } throws: { error in
            guard case IncidentError.invalidFile(let problems) = error else { return false }
            return problems.contains { $0.line == 10 && $0.message.ja.contains("noticeDays") }
        }
    }

    @Test func nothingIsOwedBeforeAnySignal() throws {
        let f = try Fixture.open()
        #expect(Obligations.of(f.state!, today: Self.today, language: .ja).isEmpty)
    }

    @Test func attackSuspectedOwesMHLWPoliceAndTheInsurer() throws {
        var f = Fixture()
        try f.apply(Self.declared(profile: Self.insuredProfile), at: 0)
        let question = try #require(Fixture.runbook.questions(raising: .attackSuspected).first)
        let value = try #require(question.signal?.when.first)
        let s = try f.apply(.answer(.init(question: question.id, value: value)), at: 5)
        let o = Obligations.of(s, today: Self.today, language: .ja)
        #expect(o.map(\.kind.rawValue) == ["mhlw", "police", "insurer"])
        let insurer = try #require(o.last)
        // 30 days counting the day of awareness (2026-11-25) as day 1.
        #expect(insurer.due == "2026-12-24")
        #expect(insurer.daysLeft == 29)
        #expect(insurer.state == .pending)
        #expect(Obligations.urgent(o) == nil)
    }

    @Test func submissionsSettleAndAFollowUpRequestReopens() throws {
        var f = try Fixture.open()
        try f.apply(.leakAssessed(.init(answers: LeakAnswers(leak: .yes, sensitive: true, malicious: false, people: 10).recorded)), at: 10)
        var s = try f.apply(.submitted(.init(kind: "ppc-preliminary", channel: .form, ref: "R-1")), at: 20)
        var o = Obligations.of(s, today: Self.today, language: .ja)
        #expect(o.first { $0.kind.rawValue == "ppc-preliminary" }?.state == .submitted)
        #expect(o.first { $0.kind.rawValue == "ppc-final" }?.state == .pending)
        // 2026-11-25 + 29 = 2026-12-24 (Thursday): not moved.
        #expect(o.first { $0.kind.rawValue == "ppc-final" }?.due == "2026-12-24")
        s = try f.apply(.submitted(.init(kind: "ppc-final", channel: .form, ref: "R-2")), at: 30)
        s = try f.apply(.submitted(.init(kind: "ppc-final", note: "原因の追加報告を求められた", followUpRequested: true)), at: 40)
        o = Obligations.of(s, today: Self.today, language: .ja)
        #expect(o.first { $0.kind.rawValue == "ppc-final" }?.state == .followUpRequested)
        #expect(s.submissions["ppc-final"]?.count == 2)
        #expect(s.submissions["ppc-final"]?.first.ref == "R-2")
    }

    @Test func decideRefusesAnUnknownKind() throws {
        var f = try Fixture.open()
        #expect(throws: IncidentError.self) { try f.apply(.submitted(.init(kind: "ppc-interim")), at: 5) }
        #expect(f.state!.submissions.isEmpty)
    }

    @Test func submissionsSurviveTheSnapshot() throws {
        var f = try Fixture.open()
        let s = try f.apply(.submitted(.init(kind: "police", channel: .inPerson, ref: "相談 第12号")), at: 5)
        let stored = StoredState(s)
        #expect(stored.state(s.documents) == s)
    }
}
