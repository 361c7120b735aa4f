import Foundation

/// The command layer every front end calls: one typed intent in, the appended
/// event, the new state and the typed next action out. The CLI and the board
/// differ only in how they read input and word the result; the rules (which
/// incident, which time zone, what an answer means) are here, once.
///
/// `now` comes from the injected clock; the language only words the
/// obligations that the next action may carry.
public struct IncidentService: Sendable {
    public let store: EventStore
    public let clock: Clock
    public let language: Language

    public init(store: EventStore, clock: Clock, language: Language = .ja) {
        (self.store, self.clock, self.language) = (store, clock, language)
    }

    /// What one write recorded.
    public struct Recorded: Sendable {
        public let event: Event
        public let state: IncidentState
        /// What to do next, as of the recording (DOMAIN.md §5's order).
        public let next: NextAction
        /// Why a declaration could not be made the store's current incident
        /// (the declaration itself is recorded); nil otherwise.
        public var currentNotSaved: IncidentError? = nil
    }

    /// Records `intent` on incident `id` as `actor`; `occurredAt` nil means now.
    /// Either the event is durably stored and returned, or nothing changes.
    @discardableResult
    public func record(_ intent: Intent, on id: String, by actor: String, at occurredAt: Date? = nil) throws(IncidentError) -> Recorded {
        // Only an impact may need the ledger (to tell a terminal from a system).
        let ledger: EquipmentLedger? = if case .impact(_, _, nil, _) = intent { try store.currentLedger() } else { nil }
        // A file of evidence is hashed before the write begins (it may be a disk image).
        let evidence: EvidenceFile? = if case .addEvidence(_, _, let path?, _) = intent { try EvidenceFile.digest(of: path) } else { nil }
        let (event, state) = try store.append(to: id) { state in
            EventDraft(occurredAt: occurredAt, actor: actor, body: try intent.event(in: state, ledger: ledger, evidenceFile: evidence))
        }
        return recorded(event, state)
    }

    /// Records the event a library decision made (the guide's `GuideFlow.Decision.record`).
    @discardableResult
    public func record(decided body: EventBody, on id: String, by actor: String) throws(IncidentError) -> Recorded {
        let (event, state) = try store.append(EventDraft(actor: actor, body: body), to: id)
        return recorded(event, state)
    }

    private func recorded(_ event: Event, _ state: IncidentState) -> Recorded {
        Recorded(event: event, state: state, next: next(of: state))
    }

    /// The next action of `state` today (the facility's date).
    public func next(of state: IncidentState) -> NextAction {
        NextAction.of(state, today: Timestamp.day(of: clock.now(), in: state.timeZone), language: language)
    }

    // MARK: - Opening an incident or a drill

    /// The time zone a new incident (or drill) is declared in: the facility
    /// profile's, else `configured` (the front end's setting, e.g. `INCIDENT_TZ`,
    /// else Asia/Tokyo). A profile naming no real zone is refused, never
    /// silently Tokyo. Read it before parsing a typed awareness time.
    public func timeZoneForNewIncident(configured: TimeZone) throws(IncidentError) -> TimeZone {
        guard let profile = try store.currentProfile() else { return configured }
        guard let zone = TimeZone(identifier: profile.facility.timeZone) else { throw .unknownTimeZone(profile.facility.timeZone, source: "facility.timeZone") }
        return zone
    }

    /// Opens an incident under `runbook` with the current facility profile; a
    /// real one becomes the store's current incident (a drill never does), made
    /// current by the declaration rather than chosen, so beside an open drill it
    /// does not settle which incident an unnamed command acts on.
    public func declare(
        summary: String, runbook: Runbook, awareAt: Date?, by actor: String, actorIsOSAccount: Bool = false, timeZone: TimeZone,
        drill: EventBody.Drill? = nil
    ) throws(IncidentError) -> Recorded {
        let profile = try store.currentProfile()
        let (event, state) = try store.declare(
            summary: summary, runbook: runbook, awareAt: awareAt, actor: actor, timeZone: timeZone,
            profile: profile, drill: drill, actorIsOSAccount: actorIsOSAccount)
        var result = recorded(event, state)
        if !state.isDrill {
            var settings = LocalSettings.load(store: store.path)
            (settings.currentIncident, settings.currentChosenAt) = (state.id, nil)
            do { try settings.save(store: store.path) } catch { result.currentNotSaved = error }
        }
        return result
    }

    /// Starts a drill on `scenario` at `speed` (1–60 times real time); it is
    /// kept apart from real incidents and never becomes current by itself.
    public func startDrill(_ scenario: Scenario, runbook: Runbook, speed: Double, by actor: String, timeZone: TimeZone, language l: Language)
        throws(IncidentError) -> Recorded
    {
        guard DrillID.speeds.contains(speed) else { throw .invalidSpeed(speed) }
        let drill = EventBody.Drill(scenario: scenario.id, scenarioSource: scenario.sourceText, speed: speed)
        return try declare(summary: scenario.summary(l), runbook: runbook, awareAt: nil, by: actor, timeZone: timeZone, drill: drill)
    }

    // MARK: - Peacetime

    /// Records a checklist answer in the readiness log; `checked` defaults to today.
    public func answerChecklist(
        _ checklist: Checklist, item: String, answer: ChecklistAnswer, checked: Day? = nil, target: Day? = nil, note: String? = nil, by actor: String,
        timeZone: TimeZone
    ) throws(IncidentError) -> (Event, ReadinessLog) {
        guard let resolved = checklist.resolve(item) else { throw .unknownChecklistItem(item, available: checklist.items.map(\.id)) }
        if answer == .na && !resolved.blankWithoutVendorContract { throw .checklistBlankNotAllowed(resolved.id) }
        let today = Timestamp.day(of: clock.now(), in: timeZone)
        let body = EventBody.ChecklistAnswered(
            checklist: checklist.id, item: resolved.id, answer: answer, checked: checked ?? today, target: target, note: note)
        return try store.recordChecklistAnswer(body, actor: actor, timeZone: timeZone)
    }
}

// MARK: - Reading

extension IncidentService {
    /// Where incident `id` stands now, as `status --json` shows it (every front
    /// end shows the same report): `templates` give the drafts' missing fields.
    public func status(of id: String, templates: ReportTemplates = .init()) throws(IncidentError) -> (StatusReport, IncidentState) {
        let state = try store.state(of: id)
        let now = clock.now()
        var report = StatusReport(state, language: language, today: Timestamp.day(of: now, in: state.timeZone), now: now, templates: templates)
        report.drill = StatusReport.DrillStatus(state, now: now)
        return (report, state)
    }

    /// The draft of report `kind` for incident `id` as of today (the facility's
    /// date), as `report KIND` renders it for every front end: every contact
    /// attempt from the log, the equipment ledger, and (for a 確報 or a 続報)
    /// what changed since the recorded earlier report.
    public func draft(_ kind: ReportKind, of id: String, templates: ReportTemplates = .init()) throws(IncidentError) -> (RenderedReport, IncidentState) {
        let (state, calls) = try store.stateAndContactHistory(of: id)
        let today = Timestamp.day(of: clock.now(), in: state.timeZone)
        let changes = try ReportContext.changesBaseline(kind, state: state).map { (t: Date) throws(IncidentError) in try store.changes(of: id, after: t) }
        let report = try templates.render(
            kind, state: state, today: today, language: language, calls: calls, ledger: try store.currentLedger(), changes: changes,
            bcp: try store.currentBCP())
        return (report, state)
    }

    /// The timeline of incident `id` in `format`, streamed to `write` in chunks
    /// of about 64 KiB (a long timeline is never held whole); `configure` sets
    /// the renderer's options (plain CSV, terminal width) before the first line.
    @discardableResult
    public func timeline(
        of id: String, format: TimelineRenderer.Format, configure: (inout TimelineRenderer) -> Void = { _ in }, write: (String) -> Void
    ) throws(IncidentError) -> IncidentState {
        var renderer: TimelineRenderer? = nil
        var buffer = ""
        buffer.reserveCapacity(1 << 17)
        var first = true
        let corrections = try store.corrections(of: id)
        let state = try store.forEachEventInTimelineOrder(of: id) { state, event in
            if renderer == nil {
                var r = TimelineRenderer(format: format, language: language, runbook: state.runbook, timeZone: state.timeZone)
                r.correctedBy = corrections
                r.profile = state.profile
                configure(&r)
                r.header(state) { buffer += $0 }
                renderer = r
            }
            buffer += renderer!.line(event, first: first)
            first = false
            if buffer.utf8.count > 1 << 16 {
                write(buffer)
                buffer = ""
            }
        }
        renderer?.footer(state, empty: first) { buffer += $0 }
        write(buffer)
        return state
    }
}
