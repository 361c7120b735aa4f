import Foundation

/// One write that any front end (the CLI, the board) can ask for on an open
/// incident: the values a person typed or chose, before the rules of today turn
/// them into an event. `Intent.event(in:ledger:)` holds those rules, so that a
/// second front end cannot get them wrong (STYLE.md: two front ends, one core).
public enum Intent: Sendable, Equatable {
    /// A note on the timeline.
    case note(String)
    /// An improvement noted during a drill (`drill note`) or a review.
    case improvement(String)
    /// Start a step, given by number or id.
    case startStep(String, note: String? = nil)
    /// Mark a step done, given by number or id.
    case finishStep(String, note: String? = nil)
    /// Skip a step, with the reason (required by the machine).
    case skipStep(String, reason: String?)
    /// The answer to a runbook question, as typed (`はい`, `約2,300人`, a choice id).
    case answer(question: String, value: String)
    /// A call or message to a role; `name` overrides the profile's person,
    /// `channel` the default (phone, or e-mail for `emailSent`).
    case contact(role: String, outcome: EventBody.Contact.Outcome, name: String? = nil, channel: String? = nil, note: String? = nil)
    /// What is affected; without a category, the profile and the equipment ledger say which kind the target is.
    case impact(target: String, status: EventBody.Impact.Status, category: ImpactCategory? = nil, note: String? = nil)
    /// A fact the reports need, by key or by its Japanese name.
    case fact(key: String, value: String)
    /// Amends event `seq`; `time` moves that event's time.
    case correct(seq: Int64, text: String, time: Date? = nil)
    /// The PPC leak assessment, answers as typed (keys of `LeakQuestion.all`), with the
    /// basis of the answer (never refused without one: a "no" while an attack is
    /// suspected is then recorded as unsupported and the assessment stays owed).
    case assessLeak(answers: [String: String], note: String? = nil, basis: String? = nil)
    /// A report or notice submitted.
    case submit(ObligationKind, channel: EventBody.Submitted.Channel? = nil, ref: String? = nil, note: String? = nil, followUpRequested: Bool = false)
    /// Close; `force` closes over open mandatory steps (a reason is then required).
    case close(reason: String?, force: Bool = false)
    /// Reopen a closed incident, with the reason.
    case reopen(reason: String)
    /// End a drill: it ends when time is up, whatever is left (the review lists it).
    case endDrill
    /// A system reached a recovery stage; `backup` names the generation used,
    /// `offline` says that copy was kept offline; `withoutEvidence` is the reason
    /// to rebuild or restore before any evidence for the system is registered.
    case recover(system: String, stage: RecoveryStage, backup: String? = nil, offline: Bool = false, withoutEvidence: String? = nil)
    /// Paper records of a department: set the count waiting, or add the count entered.
    case reentry(department: String, pending: Int? = nil, entered: Int? = nil)
    /// A prevention measure with its owner and due date (numbered 1, 2, 3 … in the incident).
    case addMeasure(text: String, owner: String, due: Day)
    /// Prevention measure `id` carried out.
    case finishMeasure(Int)
    /// Evidence preserved for `system`; a `file` is hashed (SHA-256) when registered.
    case addEvidence(system: String, text: String, file: String? = nil, keptAt: String? = nil)
    /// A decision that carries liability: who decided, on whose advice, why.
    case decide(text: String, decidedBy: String, advisedBy: String? = nil, why: String)
    /// A cost in yen, for the insurer's claim; for care that could not be
    /// billed, the number of `patients` to settle later.
    case addCost(amount: Int, category: String, payee: String, ref: String? = nil, patients: Int? = nil)

    /// The event body this intent records on `state`: numbers and names resolved,
    /// answers normalised, categories inferred. Throws the refusal a person can
    /// fix (unknown step, role, question or key; an answer of the wrong form).
    /// The state machine's guards still judge the event when it is appended.
    public func event(in state: IncidentState, ledger: EquipmentLedger? = nil, evidenceFile: EvidenceFile? = nil) throws(IncidentError) -> EventBody {
        switch self {
        case .note(let text):
            return .note(.init(text: text))
        case .improvement(let text):
            return .note(.init(text: text, improvement: true))
        case .startStep(let reference, let note):
            return .stepStarted(.init(step: try Self.step(reference, in: state).id, note: note))
        case .finishStep(let reference, let note):
            return .stepCompleted(.init(step: try Self.step(reference, in: state).id, note: note))
        case .skipStep(let reference, let reason):
            return .stepSkipped(.init(step: try Self.step(reference, in: state).id, reason: reason))
        case .answer(let question, let value):
            return .answer(try Self.answer(question, value, in: state.runbook))
        case .contact(let role, let outcome, let name, let channel, let note):
            let callee = try ContactPlan.callee(role, profile: state.profile)
            let who = name ?? callee.person.flatMap { $0.name ?? $0.organization ?? $0.title }
            let via = channel.map(JapaneseInput.channel) ?? (outcome == .emailSent ? "email" : "phone")
            return .contact(.init(role: callee.role, name: who, channel: via, outcome: outcome, note: note))
        case .impact(let target, let status, let category, let note):
            let kind = category ?? Self.category(of: target, profile: state.profile, ledger: ledger)
            return .impact(.init(target: target.trimmingCharacters(in: .whitespaces), category: kind?.rawValue, status: status, note: note))
        case .fact(let key, let value):
            let field = try ReportField.fact(key)
            if ReportField.timeFacts.contains(field.key) {
                // A time is stored in UTC; the forms accepted are those of --at (HH:MM is the day of the latest event).
                let time = try TimeInput.parse(value, now: state.lastOccurredAt, timeZone: state.timeZone)
                return .fact(.init(key: field.key, value: Timestamp.iso(time, in: TimeZone(identifier: "UTC")!)))
            }
            return .fact(.init(key: field.key, value: value))
        case .correct(let seq, let text, let time):
            return .correction(.init(corrects: seq, text: text, occurredAt: time))
        case .assessLeak(let given, let note, let basis):
            var answers: [String: String] = [:]
            for q in LeakQuestion.all {
                guard let raw = given[q.id] else { continue }
                guard let v = q.normalize(raw) else { throw .invalidAnswer(question: q.id, value: raw, expected: q.expected) }
                answers[q.id] = v
            }
            // Every answer is needed, except after "no leak" (nothing to report).
            if answers["leak"] != "no" {
                let missing = LeakQuestion.all.map(\.id).filter { answers[$0] == nil }
                if !missing.isEmpty { throw .missingLeakAnswers(missing) }
            }
            // `約2,300人`: the number is decided on, and the record says it is approximate.
            let approximate = given["people"].flatMap { JapaneseInput.count($0)?.approximate } == true
            return .leakAssessed(.init(answers: answers, note: note, peopleApproximate: approximate ? true : nil, basis: basis))
        case .submit(let kind, let channel, let ref, let note, let followUp):
            return .submitted(.init(kind: kind.rawValue, channel: channel, ref: ref, note: note, followUpRequested: followUp ? true : nil))
        case .close(let reason, let force):
            return .closed(.init(reason: reason, forced: force))
        case .reopen(let reason):
            return .reopened(.init(reason: reason))
        case .endDrill:
            guard state.isDrill else { throw .notADrill(state.id) }
            return .closed(.init(reason: nil, forced: !state.openMandatorySteps.isEmpty, code: .drillEnded))
        case .recover(let system, let stage, let backup, let offline, let withoutEvidence):
            // Offline or not is only known of a backup named (or said to be offline).
            let wasOffline: Bool? = backup != nil ? offline : (offline ? true : nil)
            return .recoveryStaged(
                .init(
                    system: system.trimmingCharacters(in: .whitespacesAndNewlines), stage: stage, backup: backup, offline: wasOffline,
                    withoutEvidence: withoutEvidence))
        case .reentry(let department, let pending, let entered):
            return .reentry(.init(department: department.trimmingCharacters(in: .whitespacesAndNewlines), pending: pending, entered: entered))
        case .addMeasure(let text, let owner, let due):
            return .measureAdded(.init(id: state.recovery.nextMeasureID, text: text, owner: owner, due: due))
        case .finishMeasure(let id):
            return .measureDone(.init(id: id))
        case .addEvidence(let system, let text, let file, let keptAt):
            var digest: EvidenceFile? = evidenceFile
            if digest == nil, let path = file { digest = try EvidenceFile.digest(of: path) }
            return .evidence(
                .init(
                    system: system.trimmingCharacters(in: .whitespacesAndNewlines), text: text, file: digest?.path, sha256: digest?.sha256,
                    bytes: digest?.bytes, keptAt: keptAt))
        case .decide(let text, let decidedBy, let advisedBy, let why):
            return .decision(.init(text: text, decidedBy: decidedBy, advisedBy: advisedBy, why: why))
        case .addCost(let amount, let category, let payee, let ref, let patients):
            return .cost(.init(amount: amount, category: category.trimmingCharacters(in: .whitespaces), payee: payee, ref: ref, patients: patients))
        }
    }

    /// The step a number or id names.
    static func step(_ reference: String, in state: IncidentState) throws(IncidentError) -> Runbook.Step {
        guard let step = state.runbook.step(matching: reference) else {
            throw .unknownStep(reference, available: state.runbook.steps.map { "\($0.number) \($0.id)" })
        }
        return step
    }

    /// A runbook answer as typed, normalised (`はい` → `yes`, `約2,300人` → `2300`, approximate).
    public static func answer(_ question: String, _ value: String, in runbook: Runbook) throws(IncidentError) -> EventBody.Answer {
        guard let (_, q) = runbook.question(id: question) else { throw .unknownQuestion(question) }
        guard let normalized = q.normalize(value) else {
            throw .invalidAnswer(question: question, value: value, expected: IncidentMachine.expectedAnswer(q))
        }
        let approximate = q.type == .count && JapaneseInput.count(value)?.approximate == true
        return .init(question: q.id, value: normalized, approximate: approximate)
    }

    /// The kind of an affected target nobody named: a name the profile lists as
    /// a system is a system; a device of the equipment ledger is a terminal (or
    /// the online qualification terminal), else a system's machine.
    public static func category(of target: String, profile: FacilityProfile?, ledger: EquipmentLedger?) -> ImpactCategory? {
        if let p = profile {
            let key = target.trimmingCharacters(in: .whitespaces).lowercased()
            let known = p.facility.systems + p.vendors.flatMap(\.systems)
            if known.contains(where: { $0.lowercased() == key }) { return .system }
        }
        if let device = ledger?.device(named: target) {
            return device.kind == .terminal || device.kind == .onlineQualification ? .terminal : .system
        }
        return nil
    }
}
