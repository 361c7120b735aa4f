import Foundation

/// What happened, as one of the kinds the state machine understands.
///
/// The raw values are stored in the `kind` column and shown in JSON; never
/// rename one that has shipped.
public enum EventKind: String, Sendable, Codable, CaseIterable {
    case declared
    case note
    case stepStarted
    case stepCompleted
    case stepSkipped
    case correction
    case closed
    case reopened
    case answer
    case contact
    case impact
    case leakAssessed
    case fact
    case chainBreakAcknowledged
    /// An answer to a readiness checklist item; only in the readiness log, never in an incident's.
    case checklistAnswered
    case submitted
    /// Step 7 (issue #23): a system's recovery stage, paper records to enter,
    /// prevention measures, evidence, decisions, costs.
    case recoveryStaged
    case reentry
    case measureAdded
    case measureDone
    case evidence
    case decision
    case cost
}

/// One entry of an incident's append-only log, as stored and hash-chained.
public struct Event: Sendable, Equatable {
    public var incidentID: String
    /// 1, 2, 3 … within the incident.
    public var seq: Int64
    /// When it happened, as stated by staff (may be back-dated, never in the future).
    public var occurredAt: Date
    /// When the machine wrote it.
    public var recordedAt: Date
    /// Who recorded it (`--by`).
    public var actor: String
    public var body: EventBody
    /// The exact JSON bytes of `body` as stored and hashed.
    public var payload: String
    /// The hash of the previous event (64 zeros for the first).
    public var prevHash: String
    public var hash: String

    public var kind: EventKind { body.kind }
    /// The event this one amends, for corrections.
    public var corrects: Int64? {
        if case .correction(let c) = body { return c.corrects }
        return nil
    }
}

/// An event not yet numbered, timestamped by the machine or chained.
public struct EventDraft: Sendable, Equatable {
    public var occurredAt: Date?
    public var actor: String
    public var body: EventBody

    /// `occurredAt` nil means "now" (the recording time).
    public init(occurredAt: Date? = nil, actor: String, body: EventBody) {
        (self.occurredAt, self.actor, self.body) = (occurredAt, actor, body)
    }
}

extension Event {
    /// The declaration's payload, when this event is one.
    public var declared: EventBody.Declared? {
        if case .declared(let d) = body { return d }
        return nil
    }
}
