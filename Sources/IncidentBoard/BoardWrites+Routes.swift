import Foundation
import Hummingbird
import IncidentKit

extension BoardWrites {
    /// The state of the incident a write would go to, for building its form again.
    func currentState() -> IncidentState? {
        guard let target = try? target() else { return nil }
        return try? target.0.store.state(of: target.1)
    }

    /// A form page: one form (`build`), shown with `failure` (the values typed, the errors).
    func page(_ request: Request, heading: String, _ build: @escaping @Sendable (BoardFormBuilder) -> [BoardForm])
        -> @Sendable (FormFailure, DeviceSession, Language) -> Response
    {
        let frame = BoardRoutes.frame(request, BoardRoutes.language(request, default: configuration.language))
        let pages = self.pages
        return { failure, session, l in
            let builder = BoardFormBuilder(session: session, language: l, failure: failure, room: frame.room)
            return BoardRoutes.html(
                pages.forms(build(builder), heading: heading, frame: frame), status: failure.isEmpty ? .ok : .unprocessableContent)
        }
    }

    func register(on router: Router<BoardRequestContext>) {
        let l0 = configuration.language

        // A form page on GET; the same form with what was typed after a refusal.
        func get(
            _ path: RouterPath, heading: @escaping @Sendable (Request) -> (String, String),
            build: @escaping @Sendable (BoardFormBuilder, IncidentState?, Request) -> [BoardForm]
        ) {
            router.get(path) { request, context in
                let l = BoardRoutes.language(request, default: l0)
                let (ja, en) = heading(request)
                let state = self.currentState()
                let show = self.page(request, heading: l.pick(ja: ja, en: en)) { build($0, state, request) }
                return show(.none, context.session ?? self.sessions.bearer, l)
            }
        }
        func post(
            _ path: RouterPath, heading: @escaping @Sendable (Request) -> (String, String),
            build: @escaping @Sendable (BoardFormBuilder, IncidentState?, Request, FormBody) -> [BoardForm], write: @escaping Write
        ) {
            router.post(path) { request, context in
                let (ja, en) = heading(request)
                let show: @Sendable (FormFailure, DeviceSession, Language) -> Response = { failure, session, l in
                    let state = self.currentState()
                    return self.page(request, heading: l.pick(ja: ja, en: en)) { build($0, state, request, failure.values) }(failure, session, l)
                }
                return try await self.post(request, context, formPage: show, write: write)
            }
        }

        // Declare (when nothing is open: the board's first page shows this form).
        let declareHeading: @Sendable (Request) -> (String, String) = { _ in ("インシデントを宣言する", "Declare an incident") }
        get("/declare", heading: declareHeading) { f, _, _ in [f.declare()] }
        post(
            "/declare", heading: declareHeading, build: { f, _, _, _ in [f.declare()] },
            write: {
                (form: FormBody, actor: BoardActor, _: Language) throws(IncidentError) in
                try self.declare(form, actor)
            })

        // A note on the timeline.
        let recordHeading: @Sendable (Request) -> (String, String) = { _ in ("記録する", "Record") }
        get("/record", heading: recordHeading) { f, _, _ in [f.record()] }
        post(
            "/record", heading: recordHeading, build: { f, _, _, _ in [f.record()] },
            write: {
                (form: FormBody, actor: BoardActor, _: Language) throws(IncidentError) in
                try self.record(.note(form["text"] ?? ""), form, actor)
            })

        // The outcome of a call, in one tap.
        let contactHeading: @Sendable (Request) -> (String, String) = { _ in ("連絡の結果", "Call outcome") }
        get("/contact", heading: contactHeading) { f, _, request in
            request.uri.queryParameters.get("role").map { [f.contact(role: $0)] } ?? []
        }
        post(
            "/contact", heading: contactHeading, build: { f, _, _, form in form["role"].map { [f.contact(role: $0)] } ?? [] },
            write: {
                (form: FormBody, actor: BoardActor, _: Language) throws(IncidentError) in
                guard let outcome = form["outcome"].flatMap(EventBody.Contact.Outcome.init(rawValue:)) else { throw .emptyText(field: .channel) }
                try self.record(.contact(role: form["role"] ?? "", outcome: outcome), form, actor)
            })

        // What is affected.
        let impactHeading: @Sendable (Request) -> (String, String) = { _ in ("影響を記録する", "Record an impact") }
        get("/impact", heading: impactHeading) { f, _, _ in [f.impact()] }
        post(
            "/impact", heading: impactHeading, build: { f, _, _, _ in [f.impact()] },
            write: {
                (form: FormBody, actor: BoardActor, _: Language) throws(IncidentError) in
                let status = form["status"].flatMap(EventBody.Impact.Status.init(rawValue:)) ?? .down
                try self.record(.impact(target: form["target"] ?? "", status: status, note: form.trimmed("note")), form, actor)
            })

        // Start, finish or skip a step.
        let stepHeading: @Sendable (Request) -> (String, String) = { _ in ("手順", "Step") }
        let stepForms: @Sendable (BoardFormBuilder, IncidentState?, String?) -> [BoardForm] = { f, state, reference in
            guard let state, let step = reference.flatMap({ state.runbook.step(matching: $0) }) else { return [] }
            return [f.step(step)]
        }
        get("/step", heading: stepHeading) { f, state, request in stepForms(f, state, request.uri.queryParameters.get("step")) }
        post(
            "/step", heading: stepHeading, build: { f, state, _, form in stepForms(f, state, form["step"]) },
            write: {
                (form: FormBody, actor: BoardActor, _: Language) throws(IncidentError) in
                let step = form["step"] ?? ""
                let intent: Intent =
                    switch form["do"] {
                    case "finish": .finishStep(step)
                    case "skip": .skipStep(step, reason: form.trimmed("reason"))
                    default: .startStep(step)
                    }
                try self.record(intent, form, actor)
            })

        // The answer to one of the runbook's questions.
        let answerHeading: @Sendable (Request) -> (String, String) = { _ in ("質問に答える", "Answer") }
        let answerForms: @Sendable (BoardFormBuilder, IncidentState?, String?) -> [BoardForm] = { f, state, id in
            guard let state, let found = id.flatMap({ state.runbook.question(id: $0) }) else { return [] }
            return [f.answer(found.1, current: state.answerValues[found.1.id])]
        }
        get("/answer", heading: answerHeading) { f, state, request in answerForms(f, state, request.uri.queryParameters.get("question")) }
        post(
            "/answer", heading: answerHeading, build: { f, state, _, form in answerForms(f, state, form["question"]) },
            write: {
                (form: FormBody, actor: BoardActor, _: Language) throws(IncidentError) in
                try self.record(.answer(question: form["question"] ?? "", value: form["value"] ?? ""), form, actor)
            })

        // A report or notice submitted: how, and the reference it gave.
        let submitHeading: @Sendable (Request) -> (String, String) = { _ in ("提出を記録する", "Record a submission") }
        let submitForms: @Sendable (BoardFormBuilder, IncidentState?, String?) -> [BoardForm] = { f, state, kind in
            guard let state else { return [] }
            let today = Timestamp.day(of: self.configuration.clock.now(), in: state.timeZone)
            return Obligations.of(state, today: today, language: f.language).filter { $0.kind.rawValue == kind }.map { f.submit($0) }
        }
        get("/submit", heading: submitHeading) { f, state, request in submitForms(f, state, request.uri.queryParameters.get("kind")) }
        post(
            "/submit", heading: submitHeading, build: { f, state, _, form in submitForms(f, state, form["kind"]) },
            write: {
                (form: FormBody, actor: BoardActor, _: Language) throws(IncidentError) in
                guard let kind = form["kind"].flatMap(ObligationKind.init(rawValue:)) else {
                    throw .unknownReportKind(form["kind"] ?? "", available: ObligationKind.allCases.map(\.rawValue))
                }
                let channel = form["channel"].flatMap(EventBody.Submitted.Channel.init(rawValue:))
                try self.record(.submit(kind, channel: channel, ref: form.trimmed("ref")), form, actor)
            })

        // The PPC leak assessment (answers, note, basis); the page itself is `BoardViews`.
        post(
            "/leak", heading: { _ in (BoardText.ja.page.leakHeading, BoardText.en.page.leakHeading) },
            build: { f, state, _, _ in [f.leak(current: state?.leakAssessment?.value)] },
            write: {
                (form: FormBody, actor: BoardActor, _: Language) throws(IncidentError) in
                var answers: [String: String] = [:]
                for q in LeakQuestion.all { if let v = form.trimmed(q.id) { answers[q.id] = v } }
                try self.record(.assessLeak(answers: answers, note: form.trimmed("note"), basis: form.trimmed("basis")), form, actor)
            })

        // A fact the reports need; the page itself is `BoardViews`.
        let factForms: @Sendable (BoardFormBuilder, IncidentState?) -> [BoardForm] = { f, state in
            [
                f.fact(
                    ReportField.all.filter { $0.source == .fact && state?.facts[$0.key] == nil }
                        + ReportField.all.filter { $0.source == .fact && state?.facts[$0.key] != nil })
            ]
        }
        post(
            "/fact", heading: { _ in (BoardText.ja.page.factsHeading, BoardText.en.page.factsHeading) }, build: { f, state, _, _ in factForms(f, state) },
            write: {
                (form: FormBody, actor: BoardActor, _: Language) throws(IncidentError) in
                try self.record(.fact(key: form["fact"] ?? "", value: form.trimmed("value") ?? ""), form, actor)
            })
    }

    /// Declares an incident, in the facility's zone, under the default runbook;
    /// a real one becomes the store's current incident, as with the CLI.
    func declare(_ form: FormBody, _ actor: BoardActor) throws(IncidentError) {
        let store = try store(create: true)
        let service = IncidentService(store: store, clock: configuration.clock, language: configuration.language)
        let zone = try service.timeZoneForNewIncident(configured: .facilityDefault)
        let runbook = try RunbookCatalog().runbook(named: RunbookCatalog.defaultName)
        // A real incident becomes the store's current one (the library's rule, as for the CLI).
        _ = try service.declare(
            summary: form["summary"] ?? "", runbook: runbook, awareAt: try time(form, in: zone), by: actor.recorded, timeZone: zone)
    }
}

extension FormFailure {
    var isEmpty: Bool { fieldErrors.isEmpty && formError == nil }
}
