import Foundation

@testable import IncidentKit

/// Builds events for reducer tests without a store.
struct Fixture {
    static let runbook: Runbook = try! RunbookCatalog().runbook(named: "initial-response")
    static let t0 = CivilTime(year: 2026, month: 11, day: 25, hour: 0, minute: 0).date()  // 09:00 JST

    var state: IncidentState?
    var seq: Int64 = 0
    var previous = HashChain.genesis

    /// `minutes` after t0; recorded at `recordedMinutes` (default: same time).
    func event(_ body: EventBody, at minutes: Double, recorded recordedMinutes: Double? = nil, actor: String = "山田") -> Event {
        let occurred = Fixture.t0.addingTimeInterval(minutes * 60)
        let recorded = Fixture.t0.addingTimeInterval((recordedMinutes ?? minutes) * 60)
        return EventStore.makeEvent(
            id: "INC-TEST-1", seq: seq + 1, previous: previous,
            draft: EventDraft(occurredAt: occurred, actor: actor, body: body), now: recorded)
    }

    /// Applies an event; on success the fixture moves on.
    @discardableResult
    mutating func apply(_ body: EventBody, at minutes: Double, recorded: Double? = nil) throws(IncidentError) -> IncidentState {
        let e = event(body, at: minutes, recorded: recorded)
        let next = try IncidentMachine.apply(e, to: state)
        state = next
        seq = e.seq
        previous = e.hash
        return next
    }

    static func declared(summary: String = "電子カルテが開かない") -> EventBody {
        .declared(.init(summary: summary, runbook: runbook.id, runbookSource: runbook.sourceText, timeZone: "Asia/Tokyo"))
    }

    /// A fixture already declared at t0.
    static func open() throws -> Fixture {
        var f = Fixture()
        try f.apply(declared(), at: 0)
        return f
    }
}
