import ArgumentParser
import Foundation
import IncidentKit

/// What a write command acts on: the open store, the incident and its time zone.
struct Target {
    let options: GlobalOptions
    let store: EventStore
    let head: IncidentHead

    init(_ options: GlobalOptions, reopening: Bool = false) throws {
        self.options = options
        store = try options.store()
        let chosen = try options.chosenIncident(store, current: !reopening)
        if reopening, chosen == nil {
            // Never guess which closed incident to reopen: a duplicate declared by
            // mistake and closed is "latest" too.
            let all = try store.incidents()
            let closed = all.filter { !$0.isOpen }
            if all.allSatisfy({ !$0.isOpen }), closed.count > 1 { throw IncidentError.ambiguousClosedIncident(closed.map(\.id)) }
        }
        head = try store.head(of: try store.resolveIncident(chosen, fallbackToLatest: reopening))
        IncidentCommand.errorTimeZone = head.timeZone
    }

    var language: Language { options.language }

    func time(_ text: String?) throws -> Date? { try options.time(text, timeZone: head.timeZone) }

    /// Appends and prints the acknowledgement (only after the commit is durable).
    @discardableResult
    func append(_ body: EventBody, at: String?) throws -> (Event, IncidentState) {
        try append(at: at) { _ in body }
    }

    /// Appends the event `make` builds from the current state.
    @discardableResult
    func append(at: String?, _ make: (IncidentState) throws -> EventBody) throws -> (Event, IncidentState) {
        let occurredAt = try time(at)
        let actor = options.actor
        let result = try store.append(to: head.id) { state in
            EventDraft(occurredAt: occurredAt, actor: actor, body: try make(state))
        }
        acknowledge(result.0, result.1)
        return result
    }

    func acknowledge(_ event: Event, _ state: IncidentState) {
        let l = language
        if options.json {
            try? Console.json(EventAck(event, timeZone: state.timeZone))
            return
        }
        let when = Timestamp.local(event.occurredAt, in: state.timeZone)
        let text = TextRules.visible(EventDescription.text(event, runbook: state.runbook, timeZone: state.timeZone, profile: state.profile, l))
        Console.out(
            StatusText.wrapped(
                l.pick(
                    ja: "記録しました: #\(event.seq) \(when) [\(EventDescription.label(event.kind, l))] \(text)",
                    en: "Recorded: #\(event.seq) \(when) [\(EventDescription.label(event.kind, l))] \(text)")))
        let today = Timestamp.day(of: GlobalOptions.clock.now(), in: state.timeZone)
        Console.out(
            StatusText.wrapped(
                l.pick(ja: "次にすること: ", en: "Next: ")
                    + StatusReport.nextAction(of: state, today: today, language: l).text))
    }
}

/// `--json` acknowledgement of a recorded event.
struct EventAck: Encodable {
    var id: String
    var seq: Int64
    var kind: String
    var occurredAt: String
    var recordedAt: String
    var hash: String

    init(_ e: Event, timeZone: TimeZone) {
        id = e.incidentID
        seq = e.seq
        kind = e.kind.rawValue
        occurredAt = Timestamp.iso(e.occurredAt, in: timeZone)
        recordedAt = Timestamp.iso(e.recordedAt, in: timeZone)
        hash = e.hash
    }
}

extension GlobalOptions {
    /// The incident a reading command shows: `--incident`, else the one open
    /// incident, else the latest, with a note on stderr when that is a guess
    /// among several closed incidents.
    func readIncident(_ store: EventStore) throws -> String {
        let chosen = try chosenIncident(store)
        let id = try store.resolveIncident(chosen, fallbackToLatest: true)
        if chosen == nil {
            let all = try store.incidents()
            if all.count > 1, all.allSatisfy({ !$0.isOpen }) {
                Console.err(
                    language.pick(
                        ja: "注意: 対応中のインシデントがないため、最後に宣言した \(id) を対象にしています。別のものは --incident ID で指定してください（`incident list`）。",
                        en: "Note: no incident is open, so this is the latest declared, \(id). Choose another with --incident ID (see `incident list`)."))
            }
        }
        return id
    }
}
