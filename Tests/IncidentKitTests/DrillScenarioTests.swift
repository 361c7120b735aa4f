import Foundation
import Testing

@testable import IncidentKit

/// Scenarios as data, and the rules that keep drills apart from real incidents.
@Suite struct DrillScenarioTests {
    @Test func everyShippedScenarioLoadsAgainstTheDefaultRunbook() throws {
        let catalog = ScenarioCatalog()
        #expect(try catalog.names() == ["bcp-paper-operation", "ehr-outage-not-attack", "reception-ransomware", "vpn-weekend-leak", "ward-night-nurse-call"])
        for name in try catalog.names() {
            let s = try catalog.scenario(named: name)
            #expect(s.id == name)
            #expect(!s.injects.isEmpty && !s.targets.isEmpty)
            #expect(s.injects.map(\.offset) == s.injects.map(\.offset).sorted())
        }
        let reception = try catalog.scenario(named: "reception-ransomware")
        #expect(reception.start == Scenario.Start(weekday: 2, hour: 8, minute: 50))
        #expect(reception.injects[1].offset == 5)
        #expect(reception.injects[1].text.ja == "受付の2台目にも同じ画面が出た。")
        #expect(reception.targets.first { $0.id == "responsible-reached" }?.within == 15)
        #expect(reception.targets.first { $0.id == "responsible-reached" }?.expect == .contact(role: "security-officer", reached: true))
        let vpn = try catalog.scenario(named: "vpn-weekend-leak")
        #expect(vpn.start.weekday == 6)
    }

    @Test func aScenarioNameIsNeverAPath() {
        #expect(
            throws: IncidentError.unknownScenario(
                "../Runbooks/initial-response",
                available: ["bcp-paper-operation", "ehr-outage-not-attack", "reception-ransomware", "vpn-weekend-leak", "ward-night-nurse-call"])
        ) {
            try ScenarioCatalog().scenario(named: "../Runbooks/initial-response")
        }
    }

    @Test func aScenarioAnswerMustBeOneTheRunbookAccepts() throws {
        let text = """
            title: {ja: "t", en: "t"}
            premise: {ja: "p", en: "p"}
            summary: {ja: "s", en: "s"}
            facilitator: {ja: "f", en: "f"}
            start: {weekday: monday, time: "09:00"}
            injects:
              - at: "+00:00"
                text: {ja: "a", en: "a"}
                answers: {attack-suspected: "maybe"}
            targets:
              - {id: x, title: {ja: "x", en: "x"}, signal: noSuchSignal}
            """
        let error = #expect(throws: IncidentError.self) { try ScenarioLoader.load(text: text, file: "bad.yaml", catalog: RunbookCatalog()) }
        guard case .invalidFile(let problems)? = error else { Issue.record("not a file problem: \(String(describing: error))"); return }
        #expect(problems.map { "\($0.line):\($0.column)" } == ["9:33", "11:48"])
    }

    static func declaration(_ id: String, drill: EventBody.Drill?) -> Event {
        let body = EventBody.declared(
            .init(
                summary: "訓練", runbook: Fixture.runbook.id, runbookSource: Fixture.runbook.sourceText,
                timeZone: "Asia/Tokyo", drill: drill))
        return EventStore.makeEvent(
            id: id, seq: 1, previous: HashChain.genesis, draft: EventDraft(occurredAt: Fixture.t0, actor: "山田", body: body), now: Fixture.t0)
    }

    static let drill = EventBody.Drill(scenario: "reception-ransomware", scenarioSource: "x", speed: 2)

    @Test func aRealIncidentIDCannotCarryADrill() {
        #expect(throws: IncidentError.drillMismatch("INC-20261125-1")) {
            try IncidentMachine.decide(Self.declaration("INC-20261125-1", drill: Self.drill), given: nil)
        }
    }

    @Test func aDrillIDCannotBeARealIncident() {
        #expect(throws: IncidentError.drillMismatch("DRILL-20261125-1")) {
            try IncidentMachine.decide(Self.declaration("DRILL-20261125-1", drill: nil), given: nil)
        }
    }

    @Test func aDrillSpeedIsBetweenOneAndSixty() throws {
        var fast = Self.drill
        fast.speed = 61
        #expect(throws: IncidentError.invalidSpeed(61)) { try IncidentMachine.decide(Self.declaration("DRILL-20261125-1", drill: fast), given: nil) }
        try IncidentMachine.decide(Self.declaration("DRILL-20261125-1", drill: Self.drill), given: nil)
    }

    @Test func realPayloadsKeepTheirBytes() throws {
        // A declaration and a note without the drill fields encode exactly as before (so their hashes do not change).
        let declared = Self.declaration("INC-20261125-1", drill: nil)
        #expect(!declared.payload.contains(#""drill":"#))
        let note = EventBody.note(.init(text: "メモ"))
        #expect(note.encodedPayload() == #"{"text":"メモ"}"#)
        // An old declaration (no drill key) still decodes, as a real incident's.
        let old = #"{"runbook":"initial-response","runbookSource":"x","summary":"s","timeZone":"Asia/Tokyo"}"#
        let body = try EventBody.decode(kind: .declared, payload: old)
        #expect(body == .declared(.init(summary: "s", runbook: "initial-response", runbookSource: "x", timeZone: "Asia/Tokyo")))
    }

    @Test func aStoreNumbersDrillsApartFromIncidents() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("drill-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try EventStore(path: dir.appendingPathComponent("s.sqlite").path, create: true, clock: .fixed(Fixture.t0))
        let (d, _) = try store.declare(summary: "訓練", runbook: Fixture.runbook, awareAt: nil, actor: "山田", timeZone: .facilityDefault, drill: Self.drill)
        let (i, _) = try store.declare(summary: "実際", runbook: Fixture.runbook, awareAt: nil, actor: "山田", timeZone: .facilityDefault)
        #expect(d.incidentID == "DRILL-20261125-1")
        #expect(i.incidentID == "INC-20261125-1")
        #expect(try store.incidents().map(\.id) == ["INC-20261125-1"])
        #expect(try store.incidents(.drills).map(\.id) == ["DRILL-20261125-1"])
        #expect(try store.resolveIncident(nil) == "INC-20261125-1")
        #expect(try store.resolveIncident(nil, scope: .drills) == "DRILL-20261125-1")
        #expect(throws: IncidentError.notADrill("INC-20261125-1")) { try store.resolveIncident("INC-20261125-1", scope: .drills) }
        #expect(try store.state(of: d.incidentID).drill == Self.drill)
        #expect(try store.state(of: i.incidentID).drill == nil)
    }

    @Test func targetsAreMeasuredOnTheScenarioClock() {
        // 6 real minutes at speed 2 are 12 scenario minutes.
        #expect(ResponseReview.minutes(from: Fixture.t0, to: Fixture.t0.addingTimeInterval(360), speed: 2) == 12)
        #expect(ResponseReview.offset(12.9) == "+00:12")
        #expect(ResponseReview.offset(75) == "+01:15")
        #expect(ResponseReview.offset(nil) == "—")
    }
}
