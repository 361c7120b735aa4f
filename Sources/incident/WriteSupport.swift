import ArgumentParser
import Foundation
import IncidentKit

/// What a write command acts on: the open store, the incident chosen by the
/// library's rule (`IncidentChoice`) and its time zone.
struct Target {
    let options: GlobalOptions
    let store: EventStore
    let head: IncidentHead

    init(_ options: GlobalOptions, reopening: Bool = false) throws {
        self.options = options
        store = try options.store()
        head = try store.head(of: try options.choice.resolve(in: store, for: reopening ? .reopen : .write).id)
    }

    var language: Language { options.language }
    var service: IncidentService { options.service(store) }

    /// Runs `body`; an error of the library is shown in the incident's time zone.
    func zoned<T>(_ body: () throws -> T) throws -> T {
        try inZone(head.timeZone, body)
    }

    func time(_ text: String?) throws -> Date? { try zoned { try options.time(text, timeZone: head.timeZone) } }

    /// Records `intent` and prints the acknowledgement (only after the commit is durable).
    @discardableResult
    func record(_ intent: Intent, at: String? = nil) throws -> IncidentService.Recorded {
        let occurredAt = try time(at)
        // A name remembered from an earlier shift is confirmed at a terminal first.
        let actor = options.actorIsStale ? options.askedActor().name : options.actor
        let recorded = try zoned { try service.record(intent, on: head.id, by: actor, at: occurredAt) }
        acknowledge(recorded)
        return recorded
    }

    func acknowledge(_ r: IncidentService.Recorded) {
        let l = language
        let (event, state) = (r.event, r.state)
        if options.json {
            try? Console.json(EventAck(event, timeZone: state.timeZone))
            return
        }
        let when = Timestamp.local(event.occurredAt, in: state.timeZone)
        let text = TextRules.visible(EventDescription.text(event, runbook: state.runbook, timeZone: state.timeZone, profile: state.profile, l))
        Console.out(
            StatusText.wrapped(
                l.pick(
                    ja: "記録しました: #\(event.seq) \(when) [\(EventDescription.label(event.kind, l))] \(text)（記録者: \(event.actor)）",
                    en: "Recorded: #\(event.seq) \(when) [\(EventDescription.label(event.kind, l))] \(text) (by \(event.actor))")))
        Console.out(StatusText.wrapped(l.pick(ja: "次にすること: ", en: "Next: ") + CLIWording.for(state).next(r.next, l)))
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
    /// The name the event was recorded under (who is recording is always visible).
    var actor: String

    init(_ e: Event, timeZone: TimeZone) {
        id = e.incidentID
        seq = e.seq
        kind = e.kind.rawValue
        occurredAt = Timestamp.iso(e.occurredAt, in: timeZone)
        recordedAt = Timestamp.iso(e.recordedAt, in: timeZone)
        hash = e.hash
        actor = e.actor
    }
}

extension GlobalOptions {
    /// The incident a reading command shows: the library's choice for reading,
    /// with a note on stderr when that is a guess among several closed incidents.
    func readIncident(_ store: EventStore) throws -> String {
        let r = try choice.resolve(in: store, for: .read)
        if r.guessedAmongClosed {
            Console.err(
                language.pick(
                    ja: "注意: 対応中のインシデントがないため、最後に宣言した \(r.id) を対象にしています。別のものは --incident ID で指定してください（`incident list`）。",
                    en: "Note: no incident is open, so this is the latest declared, \(r.id). Choose another with --incident ID (see `incident list`)."))
        }
        return r.id
    }
}
