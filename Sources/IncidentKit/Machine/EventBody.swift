import Foundation

/// The content of an event, one case per kind, each with its own payload type.
public enum EventBody: Sendable, Equatable {
    case declared(Declared)
    case note(Note)
    case stepStarted(StepChange)
    case stepCompleted(StepChange)
    case stepSkipped(StepChange)
    case correction(Correction)
    case closed(Closed)
    case reopened(Reopened)
    case answer(Answer)
    case contact(Contact)
    case impact(Impact)
    case leakAssessed(LeakAssessed)
    case fact(Fact)
    case chainBreakAcknowledged(ChainBreak)
    case checklistAnswered(ChecklistAnswered)
    case submitted(Submitted)
    case recoveryStaged(RecoveryStaged)
    case reentry(Reentry)
    case measureAdded(MeasureAdded)
    case measureDone(MeasureDone)
    case evidence(Evidence)
    case decision(Decision)
    case cost(Cost)

    public var kind: EventKind {
        switch self {
        case .declared: .declared
        case .note: .note
        case .stepStarted: .stepStarted
        case .stepCompleted: .stepCompleted
        case .stepSkipped: .stepSkipped
        case .correction: .correction
        case .closed: .closed
        case .reopened: .reopened
        case .answer: .answer
        case .contact: .contact
        case .impact: .impact
        case .leakAssessed: .leakAssessed
        case .fact: .fact
        case .chainBreakAcknowledged: .chainBreakAcknowledged
        case .checklistAnswered: .checklistAnswered
        case .submitted: .submitted
        case .recoveryStaged: .recoveryStaged
        case .reentry: .reentry
        case .measureAdded: .measureAdded
        case .measureDone: .measureDone
        case .evidence: .evidence
        case .decision: .decision
        case .cost: .cost
        }
    }

    /// Opens an incident. Carries the runbook (and profile, when there is one)
    /// it is run under, so its state never depends on files that may change.
    public struct Declared: Sendable, Equatable, Codable {
        public var summary: String
        public var runbook: String
        public var runbookSource: String
        /// The facility profile in force at declaration (YAML), if any.
        public var profileSource: String?
        /// IANA name of the facility time zone at declaration.
        public var timeZone: String
        /// Set only for a drill (an exercise): its scenario and speed. Absent from
        /// real incidents' payloads, so their bytes (and hashes) are unchanged.
        public var drill: Drill?
        /// True when no one gave a name (`--by`, `INCIDENT_ACTOR`, the name the
        /// store remembers) and the actor is the OS account the command ran
        /// under; absent otherwise, so earlier declarations keep their bytes.
        public var actorIsOSAccount: Bool?
        public init(
            summary: String, runbook: String, runbookSource: String, profileSource: String? = nil, timeZone: String, drill: Drill? = nil,
            actorIsOSAccount: Bool? = nil
        ) {
            (self.summary, self.runbook, self.runbookSource, self.profileSource, self.timeZone) = (summary, runbook, runbookSource, profileSource, timeZone)
            self.drill = drill
            self.actorIsOSAccount = actorIsOSAccount == true ? true : nil
        }
    }

    /// What makes a declaration a drill: the scenario played (its YAML as read, so
    /// the review measures against the targets in force that day) and how much
    /// faster than real time the scenario clock runs.
    public struct Drill: Sendable, Equatable, Codable {
        public var scenario: String
        public var scenarioSource: String
        public var speed: Double
        public init(scenario: String, scenarioSource: String, speed: Double) {
            (self.scenario, self.scenarioSource, self.speed) = (scenario, scenarioSource, speed)
        }
    }

    public struct Note: Sendable, Equatable, Codable {
        public var text: String
        /// True for an improvement noted during a drill or review (`drill note`);
        /// absent otherwise, so plain notes keep their bytes.
        public var improvement: Bool?
        public init(text: String, improvement: Bool? = nil) { (self.text, self.improvement) = (text, improvement) }
    }

    /// A step moving: `step` is the step id; `reason` is required for skips.
    public struct StepChange: Sendable, Equatable, Codable {
        public var step: String
        public var reason: String?
        public var note: String?
        public init(step: String, reason: String? = nil, note: String? = nil) {
            (self.step, self.reason, self.note) = (step, reason, note)
        }
    }

    /// Amends an earlier event without touching it; the timeline shows both.
    /// `occurredAt` moves the amended event's time (e.g. the awareness time).
    public struct Correction: Sendable, Equatable, Codable {
        public var corrects: Int64
        public var text: String
        public var occurredAt: Date?
        public init(corrects: Int64, text: String, occurredAt: Date? = nil) {
            (self.corrects, self.text, self.occurredAt) = (corrects, text, occurredAt)
        }
    }

    public struct Closed: Sendable, Equatable, Codable {
        /// Why, as a person wrote it.
        public var reason: String?
        public var forced: Bool
        /// Why, as a code the front end words when shown (absent from earlier
        /// events, which kept a sentence in `reason`, so their bytes are unchanged).
        public var code: Code?
        public init(reason: String?, forced: Bool, code: Code? = nil) { (self.reason, self.forced, self.code) = (reason, forced, code) }

        /// A reason the tool itself gives.
        public enum Code: String, Sendable, Codable {
            /// `drill end`: a drill ends when its time is up, whatever is left.
            case drillEnded
        }
    }

    public struct Reopened: Sendable, Equatable, Codable {
        public var reason: String
        public init(reason: String) { self.reason = reason }
    }

    /// An answer to one of the runbook's questions; a later answer supersedes it.
    public struct Answer: Sendable, Equatable, Codable {
        public var question: String
        public var value: String
        /// A count given as approximate (`約2,300人`): the value holds the number,
        /// this says it is "about". Absent (never false) otherwise, so the
        /// stored bytes of earlier answers are unchanged.
        public var approximate: Bool?
        public init(question: String, value: String, approximate: Bool? = nil) {
            (self.question, self.value, self.approximate) = (question, value, approximate == true ? true : nil)
        }
    }

    /// One attempt to reach a contact role.
    public struct Contact: Sendable, Equatable, Codable {
        public enum Outcome: String, Sendable, Codable, CaseIterable {
            case reached
            case noAnswer = "no-answer"
            case messageLeft = "message-left"
            case emailSent = "email-sent"
        }
        public var role: String
        public var name: String?
        public var channel: String?
        public var outcome: Outcome
        public var note: String?
        public init(role: String, name: String? = nil, channel: String? = nil, outcome: Outcome, note: String? = nil) {
            (self.role, self.name, self.channel, self.outcome, self.note) = (role, name, channel, outcome, note)
        }
    }

    /// What is affected: a system, terminal, department or patient service.
    public struct Impact: Sendable, Equatable, Codable {
        public enum Status: String, Sendable, Codable, CaseIterable {
            case down, degraded, restored
        }
        public var target: String
        public var category: String?
        public var status: Status
        public var note: String?
        public init(target: String, category: String? = nil, status: Status, note: String? = nil) {
            (self.target, self.category, self.status, self.note) = (target, category, status, note)
        }
    }

    /// The answers of a PPC leak assessment; the decision is derived from them.
    public struct LeakAssessed: Sendable, Equatable, Codable {
        public var answers: [String: String]
        public var note: String?
        /// The number of individuals was given as an estimate (`約2,300人`); absent
        /// otherwise (earlier events said so in `note`, in words).
        public var peopleApproximate: Bool?
        /// Why the answer is what it is (who investigated, what logs, what was found):
        /// needed, while an attack is suspected, for "no leak" to settle the question.
        public var basis: String?
        public init(answers: [String: String], note: String? = nil, peopleApproximate: Bool? = nil, basis: String? = nil) {
            (self.answers, self.note, self.peopleApproximate) = (answers, note, peopleApproximate == true ? true : nil)
            self.basis = basis.flatMap { $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : $0 }
        }
    }

    /// A fact the reports need (cause, data items, number of people, …); the latest per key wins.
    public struct Fact: Sendable, Equatable, Codable {
        public var key: String
        public var value: String
        public init(key: String, value: String) { (self.key, self.value) = (key, value) }
    }

    /// A person acknowledged a broken hash chain; the log continues from here.
    public struct ChainBreak: Sendable, Equatable, Codable {
        public var firstBadSeq: Int64?
        public var reason: String
        public var detail: String
        /// Seals the damaged stretch as it was when acknowledged (`ChainSeal`), so
        /// that any later change to it is a new, unacknowledged break.
        public var seal: String?
        public init(firstBadSeq: Int64?, reason: String, detail: String, seal: String? = nil) {
            (self.firstBadSeq, self.reason, self.detail, self.seal) = (firstBadSeq, reason, detail, seal)
        }
    }

    /// A self-assessment of one checklist item (readiness log only): the latest
    /// per checklist and item stands; earlier ones stay as the history.
    public struct ChecklistAnswered: Sendable, Equatable, Codable {
        /// The checklist's id (`mhlw-2025`).
        public var checklist: String
        /// The item as printed on the form (`2-⑤`).
        public var item: String
        /// `yes`, `no` or `na` (記入不要).
        public var answer: ChecklistAnswer
        /// 確認日 and 目標日: calendar days in the facility's time zone.
        public var checked: Day
        public var target: Day?
        public var note: String?
        public init(checklist: String, item: String, answer: ChecklistAnswer, checked: Day, target: Day? = nil, note: String? = nil) {
            (self.checklist, self.item, self.answer, self.checked, self.target, self.note) = (checklist, item, answer, checked, target, note)
        }
    }
}

extension EventBody {
    /// A report or notice was submitted (or sent, posted, handed over): the
    /// obligation `kind` (`ObligationKind` raw value) is settled by it. Rendering a
    /// draft records nothing; only `submit` does.
    public struct Submitted: Sendable, Equatable, Codable {
        /// form | email | phone | post | web | in-person.
        public enum Channel: String, Sendable, Codable, CaseIterable {
            case form, email, phone, post, web
            case inPerson = "in-person"
        }
        public var kind: String
        public var channel: Channel?
        /// A reference number, receipt e-mail subject, or whatever the channel gave.
        public var ref: String?
        public var note: String?
        /// The receiving body asked for more (the PPC may): the obligation reopens as `follow-up-requested`.
        public var followUpRequested: Bool?
        public init(kind: String, channel: Channel? = nil, ref: String? = nil, note: String? = nil, followUpRequested: Bool? = nil) {
            (self.kind, self.channel, self.ref, self.note, self.followUpRequested) = (kind, channel, ref, note, followUpRequested)
        }
    }
}

extension EventBody {
    private static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        e.dateEncodingStrategy = .custom { date, encoder in
            var c = encoder.singleValueContainer()
            try c.encode(Timestamp.utc(date))
        }
        return e
    }()

    private static let decoder: JSONDecoder = {
        let d = JSONDecoder()
        d.dateDecodingStrategy = .custom { decoder in
            let c = try decoder.singleValueContainer()
            let text = try c.decode(String.self)
            guard let date = Timestamp.parseUTC(text) else {
                throw DecodingError.dataCorruptedError(in: c, debugDescription: "bad timestamp \(text)")
            }
            return date
        }
        return d
    }()

    /// The payload as stored: canonical JSON with sorted keys.
    public func encodedPayload() -> String {
        let data: Data
        do {
            switch self {
            case .declared(let p): data = try Self.encoder.encode(p)
            case .note(let p): data = try Self.encoder.encode(p)
            case .stepStarted(let p), .stepCompleted(let p), .stepSkipped(let p): data = try Self.encoder.encode(p)
            case .correction(let p): data = try Self.encoder.encode(p)
            case .closed(let p): data = try Self.encoder.encode(p)
            case .reopened(let p): data = try Self.encoder.encode(p)
            case .answer(let p): data = try Self.encoder.encode(p)
            case .contact(let p): data = try Self.encoder.encode(p)
            case .impact(let p): data = try Self.encoder.encode(p)
            case .leakAssessed(let p): data = try Self.encoder.encode(p)
            case .fact(let p): data = try Self.encoder.encode(p)
            case .chainBreakAcknowledged(let p): data = try Self.encoder.encode(p)
            case .checklistAnswered(let p): data = try Self.encoder.encode(p)
            case .submitted(let p): data = try Self.encoder.encode(p)
            case .recoveryStaged(let p): data = try Self.encoder.encode(p)
            case .reentry(let p): data = try Self.encoder.encode(p)
            case .measureAdded(let p): data = try Self.encoder.encode(p)
            case .measureDone(let p): data = try Self.encoder.encode(p)
            case .evidence(let p): data = try Self.encoder.encode(p)
            case .decision(let p): data = try Self.encoder.encode(p)
            case .cost(let p): data = try Self.encoder.encode(p)
            }
        } catch {
            preconditionFailure("payload types encode infallibly: \(error)")
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// Decodes a stored payload of `kind`.
    public static func decode(kind: EventKind, payload: String) throws -> EventBody {
        let data = Data(payload.utf8)
        let d = decoder
        switch kind {
        case .declared: return .declared(try d.decode(Declared.self, from: data))
        case .note: return .note(try d.decode(Note.self, from: data))
        case .stepStarted: return .stepStarted(try d.decode(StepChange.self, from: data))
        case .stepCompleted: return .stepCompleted(try d.decode(StepChange.self, from: data))
        case .stepSkipped: return .stepSkipped(try d.decode(StepChange.self, from: data))
        case .correction: return .correction(try d.decode(Correction.self, from: data))
        case .closed: return .closed(try d.decode(Closed.self, from: data))
        case .reopened: return .reopened(try d.decode(Reopened.self, from: data))
        case .answer: return .answer(try d.decode(Answer.self, from: data))
        case .contact: return .contact(try d.decode(Contact.self, from: data))
        case .impact: return .impact(try d.decode(Impact.self, from: data))
        case .leakAssessed: return .leakAssessed(try d.decode(LeakAssessed.self, from: data))
        case .fact: return .fact(try d.decode(Fact.self, from: data))
        case .chainBreakAcknowledged: return .chainBreakAcknowledged(try d.decode(ChainBreak.self, from: data))
        case .checklistAnswered: return .checklistAnswered(try d.decode(ChecklistAnswered.self, from: data))
        case .submitted: return .submitted(try d.decode(Submitted.self, from: data))
        case .recoveryStaged: return .recoveryStaged(try d.decode(RecoveryStaged.self, from: data))
        case .reentry: return .reentry(try d.decode(Reentry.self, from: data))
        case .measureAdded: return .measureAdded(try d.decode(MeasureAdded.self, from: data))
        case .measureDone: return .measureDone(try d.decode(MeasureDone.self, from: data))
        case .evidence: return .evidence(try d.decode(Evidence.self, from: data))
        case .decision: return .decision(try d.decode(Decision.self, from: data))
        case .cost: return .cost(try d.decode(Cost.self, from: data))
        }
    }
}
