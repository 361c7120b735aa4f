import Foundation
import HTTPTypes
import Hummingbird
import IncidentKit

/// The board's pages beyond `/` and the bare forms: the guide (one thing at a
/// time, from the library's `GuideFlow`), the leak assessment, facts, drafts
/// (view, copy, print), the timeline (filter, print, Excel CSV) and, in
/// peacetime, the checklist, readiness and contacts check. Each reads what the
/// library computes and words it; the writes they offer are the forms of
/// `BoardWrites`. All work without JavaScript.
struct BoardViews: Sendable {
    let configuration: BoardConfiguration
    let reader: BoardReader
    let sessions: DeviceSessions
    let pages: BoardPages

    typealias Page = @Sendable (_ store: EventStore, _ id: String, _ l: Language, _ frame: PageFrame, _ forms: BoardFormBuilder) throws -> Response

    func register(on router: Router<BoardRequestContext>) {
        router.get("/guide") { request, context in
            let later = request.uri.queryParameters.get("later") ?? ""
            return try respond(request, context, back: later) { store, id, l, frame, f in try guide(store, id, l, frame, f, later: Self.later(later)) }
        }
        incidentPage(router, "/leak") { store, id, l, frame, f in try leak(store, id, l, frame, f) }
        incidentPage(router, "/facts") { store, id, l, frame, f in try facts(store, id, l, frame, f) }
        incidentPage(router, "/drafts") { store, id, l, frame, _ in try drafts(store, id, l, frame) }
        router.get("/drafts/:kind") { request, context in
            let kind = context.parameters.get("kind").flatMap(ReportKind.init(rawValue:))
            return try respond(request, context) { store, id, l, frame, _ in
                guard let kind else { return notFound(request, l) }
                return try draft(kind, store, id, l, frame)
            }
        }
        router.get("/drafts/:kind/print") { request, context in
            let kind = context.parameters.get("kind").flatMap(ReportKind.init(rawValue:))
            return try respond(request, context) { store, id, l, _, _ in
                guard let kind else { return notFound(request, l) }
                let (report, state) = try reader.service(store, language: l).draft(kind, of: id, templates: templates)
                let page = PrintedDraft.report(
                    report, title: BoardText.of(l).page.draftHeading(kind.title(l)), state: state, language: l, printedAt: configuration.clock.now())
                return Self.printed(page)
            }
        }
        router.get("/timeline") { request, context in
            let kind = request.uri.queryParameters.get("kind").flatMap(EventKind.init(rawValue:))
            let text = request.uri.queryParameters.get("q").map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            return try respond(request, context) { store, id, l, frame, _ in try timeline(store, id, l, frame, kind: kind, text: text) }
        }
        router.get("/timeline/print") { request, context in
            try respond(request, context) { store, id, l, _, _ in
                var events: [Event] = []
                let state = try store.forEachEventInTimelineOrder(of: id) { _, e in events.append(e) }
                return Self.printed(PrintedDraft.timeline(events, state: state, language: l, printedAt: configuration.clock.now()))
            }
        }
        // Byte for byte what `incident timeline --format csv` prints, as a download.
        router.get("/timeline.csv") { request, context in
            try respond(request, context) { store, id, l, _, _ in
                var csv = ""
                try reader.service(store, language: l).timeline(of: id, format: .csv) { csv += $0 }
                let name = String(id.unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) || $0 == "-" }.map(Character.init))
                return Response(
                    status: .ok,
                    headers: [.contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"timeline-\(name).csv\""],
                    body: .init(byteBuffer: ByteBuffer(string: csv)))
            }
        }
        let peacetime: [(String, Peacetime)] = [
            ("/checklist", { c, l, f in self.checklist(c, l, f) }), ("/readiness", { c, l, f in self.readiness(c, l, f) }),
            ("/doctor", { c, l, f in self.doctor(c, l, f) }),
        ]
        for (path, page) in peacetime {
            router.get(RouterPath(path)) { request, _ in
                let l = BoardRoutes.language(request, default: configuration.language)
                let frame = BoardRoutes.frame(request, l)
                do {
                    return BoardRoutes.html(pages.render(try page(try PeacetimeContext(self), l, frame), "view"))
                } catch {
                    return BoardRoutes.html(pages.message(.unreadable(error.boardMessage(l), l), frame: frame), status: .internalServerError)
                }
            }
        }
    }

    var templates: ReportTemplates { ReportTemplates(directory: configuration.templatesDirectory) }

    // MARK: - Plumbing

    func incidentPage(_ router: Router<BoardRequestContext>, _ path: RouterPath, _ page: @escaping Page) {
        router.get(path) { request, context in try respond(request, context, page) }
    }

    /// Runs `page` on the incident the board shows; with none, the declaration form.
    func respond(_ request: Request, _ context: BoardRequestContext, back: String? = nil, _ page: Page) throws -> Response {
        let l = BoardRoutes.language(request, default: configuration.language)
        let frame = BoardRoutes.frame(request, l)
        var forms = BoardFormBuilder(session: context.session ?? sessions.bearer, language: l, room: frame.room)
        do {
            switch try reader.subject() {
            case .noStore:
                let m = BoardMessage.noStore(path: configuration.dbPath, l)
                return BoardRoutes.html(pages.forms([forms.declare()], heading: m.heading, paragraphs: m.paragraphs, frame: frame))
            case .noIncident:
                let m = BoardMessage.noIncident(l)
                return BoardRoutes.html(pages.forms([forms.declare()], heading: m.heading, paragraphs: m.paragraphs, frame: frame))
            case .incident(let store, let id):
                forms.back = back
                var frame = frame
                frame.drill = try store.state(of: id).isDrill
                return try page(store, id, l, frame, forms)
            }
        } catch {
            return BoardRoutes.html(pages.message(.unreadable(error.boardMessage(l), l), frame: frame), status: .internalServerError)
        }
    }

    func notFound(_ request: Request, _ l: Language) -> Response {
        BoardRoutes.html(pages.message(.notFound(l), frame: BoardRoutes.frame(request, l)), status: .notFound)
    }

    /// A print page of the library (self-contained, its style inline, no script).
    static func printed(_ page: PrintPage) -> Response {
        Response(
            status: .ok,
            headers: [.contentType: "text/html; charset=utf-8", .contentSecurityPolicy: SecurityHeadersMiddleware<BoardRequestContext>.printPolicy],
            body: .init(byteBuffer: ByteBuffer(string: page.html)))
    }

    func view(_ frame: PageFrame, heading: String, cls: String, draft: Bool = false, intro: [String] = [], _ sections: [ViewSection], live: Bool = false)
        -> Response
    {
        var frame = frame
        frame.title = heading
        let t = BoardText.of(frame.language)
        return BoardRoutes.html(
            pages.render(
                ViewPage(
                    frame: frame, t: t, pageHeading: heading, pageCls: cls, draftMark: draft ? t.page.draftMark : nil, intro: intro,
                    sections: sections, backLink: "/" + frame.query, live: live),
                "view"))
    }

    /// The guide's `later` list: callees (`c:ROLE`), questions (`q:ID`) and optional steps offered (`o:ID`) passed over in this walk.
    static func later(_ text: String?) -> Set<String> {
        Set((text ?? "").split(separator: ",").map { String($0) }.filter { !$0.isEmpty })
    }

    // MARK: - Guide

    /// What the guide asks now: the library's walk, replayed with what was passed over in this walk.
    static func prompt(_ state: IncidentState, later: Set<String>, _ l: Language) -> GuideFlow.Prompt {
        var flow = GuideFlow(language: l)
        var prompt = flow.next(state)
        for _ in 0..<256 {
            switch prompt {
            case .call(_, let callee, _) where later.contains("c:" + callee.role): _ = flow.decide(prompt, .empty)
            case .question(_, let q) where later.contains("q:" + q.id): _ = flow.decide(prompt, .empty)
            case .offerOptional(let s) where later.contains("o:" + s.id): _ = flow.decide(prompt, .empty)
            default: return prompt
            }
            prompt = flow.next(state)
        }
        return prompt
    }

    /// A runbook's guidance as paragraphs: its lines are wrapped for a terminal, so a line break
    /// stays only after a sentence's end (。 . ! ?) and is joined otherwise (a space between English words).
    static func paragraphs(_ text: String) -> String {
        var out = ""
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map({ $0.trimmingCharacters(in: .whitespaces) }) {
            if let last = out.last, last != "\n" {
                if "。．.!?！？）」".contains(last) {
                    out += "\n"
                } else if last.isASCII, line.first?.isASCII == true {
                    out += " "
                }
            }
            out += line
        }
        return out
    }

    func guide(_ store: EventStore, _ id: String, _ l: Language, _ frame: PageFrame, _ f: BoardFormBuilder, later: Set<String>) throws -> Response {
        let state = try store.state(of: id)
        let w = BoardText.of(l).page
        let prompt = Self.prompt(state, later: later, l)
        func passOver(_ item: String, _ label: String) -> ViewSection.Link {
            let list = (later.sorted() + [item]).joined(separator: ",")
            var allowed = CharacterSet.urlQueryAllowed
            allowed.remove(charactersIn: "&=+,#")
            allowed.insert(",")
            let q = list.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
            return .init(linkHref: "/guide?later=\(q)" + frame.langParam + (frame.room ? "&view=room" : ""), linkLabel: label)
        }
        var sections: [ViewSection] = []
        var intro: [String] = []
        if let profile = state.profile, profile.startsWithPatientSafety(at: state.awareAt, timeZone: state.timeZone) {
            var safety = ViewSection("patient-safety", title: w.nightChecks)
            for line in OffHours.patientSafety(l) { safety.line(line) }
            sections.append(safety)
        }
        func stepSection(_ s: Runbook.Step) -> ViewSection {
            let progress = state.progress(of: s)
            var section = ViewSection(
                "guide-step", title: w.stepHeader(s.number, of: state.runbook.steps.count, s.title(l), EventDescription.stepState(progress, l)))
            section.line(Self.paragraphs(s.guidance(l)), cls: "guidance")
            if !s.checkpoints.isEmpty {
                section.line(w.checkpoints + ":")
                section.items = s.checkpoints.map { .init(itemLabel: $0(l)) }
            }
            return section
        }
        var action = ViewSection("guide-action")
        switch prompt {
        case .offerOptional(let s):
            sections.append(stepSection(s))
            action.line(w.offerOptional)
            action.links = [passOver("o:" + s.id, w.doIt)]
            action.sectionForms = [f.step(s, only: "skip")]
        case .start(let s):
            sections.append(stepSection(s))
            action.line(w.startPrompt)
            action.sectionForms = [f.step(s, only: "start")]
        case .call(let s, let callee, let advice):
            sections.append(stepSection(s))
            action.sectionTitle = ContactPlan.label(callee, profile: state.profile, l)
            action.line(w.callPrompt)
            if let advice { action.line(advice) }
            action.items = [
                .init(
                    itemLabel: ContactPlan.statusText(callee, now: configuration.clock.now(), timeZone: state.timeZone, profile: state.profile, l),
                    itemPhones: callee.phones.map(BoardPage.Phone.init))
            ]
            action.sectionForms = [f.contact(role: callee.role)]
            action.links = [passOver("c:" + callee.role, w.later)]
        case .question(let s, let q):
            sections.append(stepSection(s))
            action.line(w.questionPrompt)
            action.sectionForms = [f.answer(q, current: nil)]
            action.links = [passOver("q:" + q.id, w.skipQuestion)]
        case .confirmDone(let s, let unreached, let notContained):
            sections.append(stepSection(s))
            action.line(w.confirmDone)
            if !unreached.isEmpty { action.line(w.unreached(unreached.map { ContactPlan.label($0, profile: state.profile, l) }), cls: "warning") }
            if notContained { action.line(w.notContained, cls: "warning") }
            action.sectionForms = [f.step(s, only: "finish")]
            action.links = [.init(linkHref: "/" + frame.query, linkLabel: w.notYet)]
        case .finished(let next):
            intro.append(w.finished)
            action.line(next.text(l), cls: "next-text")
        }
        if !later.isEmpty { action.links.append(.init(linkHref: "/guide" + frame.query, linkLabel: w.restart)) }
        sections.append(action)
        return view(frame, heading: w.guideHeading, cls: "guide", intro: intro, sections)
    }

    // MARK: - Leak assessment

    func leak(_ store: EventStore, _ id: String, _ l: Language, _ frame: PageFrame, _ f: BoardFormBuilder) throws -> Response {
        let (report, state) = try reader.status(store, id, language: l)
        let w = BoardText.of(l).page
        var current = ViewSection("leak-decision", title: w.leakCurrent)
        if let d = report.leak {
            current.line(d.reportRequired ? w.reportRequired : w.reportNotRequired, cls: d.reportRequired ? "warning" : "ok")
            if d.reportRequired {
                current.line(w.preliminaryDue("\(d.preliminaryDue)"))
                current.line(w.finalDue("\(d.finalDue)"))
            }
            if d.notifyIndividuals { current.line(w.notifyIndividuals) }
            for r in d.reasons ?? [] { current.line(r) }
            for r in d.warnings ?? [] { current.line(r, cls: "warning") }
            if d.basisMissing == true { current.line(w.basisMissing, cls: "warning") }
        } else {
            current.line(w.leakNone)
        }
        var form = ViewSection("leak-form", title: w.leakFormHeading)
        if state.isOpen { form.sectionForms = [f.leak(current: state.leakAssessment?.value)] }
        return view(frame, heading: w.leakHeading, cls: "leak", intro: [w.leakIntro], [current, form])
    }

    // MARK: - Facts

    func facts(_ store: EventStore, _ id: String, _ l: Language, _ frame: PageFrame, _ f: BoardFormBuilder) throws -> Response {
        let state = try store.state(of: id)
        let w = BoardText.of(l).page
        let fields = ReportField.all.filter { $0.source == .fact }
        var recorded = ViewSection("facts-recorded", title: w.factsRecorded)
        recorded.items = fields.compactMap { field in
            state.facts[field.key].map { r in
                .init(
                    itemLabel: field.label(l), itemDetail: Timestamp.local(r.at, in: state.timeZone) + " " + TextRules.visible(r.actor),
                    itemNote: TextRules.visible(r.value))
            }
        }
        if recorded.items.isEmpty { recorded.line(w.factsNone) }
        var form = ViewSection("facts-form", title: w.factFormHeading)
        if state.isOpen { form.sectionForms = [f.fact(fields.filter { state.facts[$0.key] == nil } + fields.filter { state.facts[$0.key] != nil })] }
        var open = ViewSection("facts-missing", title: w.factsMissing)
        open.items = fields.filter { state.facts[$0.key] == nil }.map { .init(itemLabel: $0.label(l), itemDetail: $0.help(l)) }
        return view(frame, heading: w.factsHeading, cls: "facts", intro: [w.factsIntro], [form, recorded, open])
    }

    // MARK: - Drafts

    func drafts(_ store: EventStore, _ id: String, _ l: Language, _ frame: PageFrame) throws -> Response {
        let (report, _) = try reader.status(store, id, language: l)
        let w = BoardText.of(l).page
        let missing = Dictionary(report.reports.map { ($0.kind, $0.missing.count) }, uniquingKeysWith: { a, _ in a })
        var list = ViewSection("drafts-list")
        list.items = ReportKind.allCases.map { k in
            .init(itemLabel: k.title(l), itemHref: "/drafts/\(k.rawValue)" + frame.query, itemDetail: missing[k.rawValue].map { w.missing($0) })
        }
        return view(frame, heading: w.draftsHeading, cls: "drafts", draft: true, [list])
    }

    func draft(_ kind: ReportKind, _ store: EventStore, _ id: String, _ l: Language, _ frame: PageFrame) throws -> Response {
        let (report, _) = try reader.service(store, language: l).draft(kind, of: id, templates: templates)
        let w = BoardText.of(l).page
        var body = ViewSection("draft-text")
        body.line(w.missing(report.missing.count), cls: report.missing.isEmpty ? "ok" : "warning")
        body.links = [
            .init(linkHref: "/drafts/\(kind.rawValue)/print" + frame.query, linkLabel: w.printDraft, linkCls: "print"),
            .init(linkHref: "/drafts" + frame.query, linkLabel: w.allDrafts),
        ]
        body.copy = .init(copyLabel: w.copyLabel, copyText: report.text)
        var sections = [body]
        if !report.missing.isEmpty {
            var gaps = ViewSection("draft-missing", title: w.missingHeading)
            gaps.items = report.missing.compactMap(ReportField.field).map {
                .init(itemLabel: $0.label(l), itemHref: $0.source == .fact ? "/facts" + frame.query : nil)
            }
            sections.append(gaps)
        }
        return view(frame, heading: w.draftHeading(kind.title(l)), cls: "draft", draft: true, sections)
    }

    // MARK: - Timeline

    func timeline(_ store: EventStore, _ id: String, _ l: Language, _ frame: PageFrame, kind: EventKind?, text: String) throws -> Response {
        let w = BoardText.of(l).page
        var rows: [BoardPage.Event] = []
        var total = 0
        var kinds: Set<EventKind> = []
        let corrections = try store.corrections(of: id)
        _ = try store.forEachEventInTimelineOrder(of: id) { state, e in
            total += 1
            kinds.insert(e.kind)
            if let kind, e.kind != kind { return }
            var row = BoardPages.event(e, state: state, l)
            if corrections[e.seq] != nil { row.text += " " + w.corrected }
            if !text.isEmpty, !(row.text.localizedCaseInsensitiveContains(text) || row.actor.localizedCaseInsensitiveContains(text)) { return }
            rows.append(row)
        }
        var section = ViewSection("timeline-list")
        var hidden: [ViewSection.Filter.Hidden] = []
        if l == .en { hidden.append(.init(hiddenName: "lang", hiddenValue: "en")) }
        if frame.room { hidden.append(.init(hiddenName: "view", hiddenValue: "room")) }
        section.filter = .init(
            filterAction: "/timeline", filterHidden: hidden, kindLabel: w.filterKind,
            kinds: [.init(optionValue: "", optionLabel: w.filterAll, optionSelected: kind == nil)]
                + EventKind.allCases.filter { kinds.contains($0) || $0 == kind }.map {
                    .init(optionValue: $0.rawValue, optionLabel: EventDescription.label($0, l), optionSelected: $0 == kind)
                },
            textLabel: w.filterText, textValue: text, filterButton: w.filterButton)
        section.line(w.shown(rows.count, of: total), cls: "count")
        section.links = [
            .init(linkHref: "/timeline/print" + frame.query, linkLabel: w.printTimeline, linkCls: "print"),
            .init(linkHref: "/timeline.csv" + frame.query, linkLabel: w.csv, linkCls: "csv", download: true),
        ]
        section.events = .init(eventRows: rows)
        return view(frame, heading: w.timelineHeading + " " + id, cls: "timeline", [section], live: true)
    }

    // MARK: - Peacetime

    /// What the peacetime pages read: the store if there is one, its profile, ledger and answers.
    struct PeacetimeContext {
        var store: EventStore?
        var profile: FacilityProfile?
        var ledger: EquipmentLedger?
        var status: ChecklistStatus
        var runbook: Runbook

        init(_ views: BoardViews) throws {
            store = try views.reader.store()
            profile = try store?.currentProfile()
            ledger = try store?.currentLedger()
            let zone = profile.flatMap { TimeZone(identifier: $0.facility.timeZone) } ?? .facilityDefault
            let today = Timestamp.day(of: views.configuration.clock.now(), in: zone)
            status = ChecklistStatus(checklist: try ChecklistCatalog().checklist(), log: try store?.readinessLog() ?? ReadinessLog(), today: today)
            runbook = try RunbookCatalog().runbook(named: RunbookCatalog.defaultName)
        }
    }

    typealias Peacetime = @Sendable (PeacetimeContext, Language, PageFrame) throws -> ViewPage

    func peacetimePage(_ frame: PageFrame, heading: String, cls: String, _ sections: [ViewSection]) -> ViewPage {
        var frame = frame
        frame.title = heading
        let t = BoardText.of(frame.language)
        return ViewPage(
            frame: frame, t: t, pageHeading: heading, pageCls: cls, draftMark: nil, intro: [t.page.peacetimeNote], sections: sections,
            backLink: "/" + frame.query)
    }

    func checklist(_ c: PeacetimeContext, _ l: Language, _ frame: PageFrame) -> ViewPage {
        let w = BoardText.of(l).page
        let s = c.status
        var head = ViewSection("checklist-progress")
        head.line(s.checklist.edition(l))
        head.line(w.answered(s.answered, of: s.total), cls: s.answered == s.total ? "ok" : "warning")
        head.line(w.checklistIntro)
        var sections = [head]
        for group in s.checklist.groups {
            var section = ViewSection("checklist-group", title: group.title(l))
            section.items = s.rows.filter { $0.item.group == group.id }.map { row in
                var detail = row.answer?.label(l) ?? w.unanswered
                if let target = row.entry?.answer.target { detail += "（" + w.target("\(target)") + "）" }
                let flags = row.flags.map { $0.message(l) }.joined(separator: " / ")
                return .init(
                    itemLabel: "\(row.item.id) \(row.item.text(l))", itemDetail: detail, itemCls: row.flags.isEmpty ? "" : "warning",
                    itemNote: flags.isEmpty ? nil : flags)
            }
            sections.append(section)
        }
        return peacetimePage(frame, heading: s.checklist.title(l), cls: "checklist", sections)
    }

    func readiness(_ c: PeacetimeContext, _ l: Language, _ frame: PageFrame) -> ViewPage {
        let w = BoardText.of(l).page
        let review = ReadinessReview(status: c.status, profile: c.profile, ledger: c.ledger, runbook: c.runbook)
        var head = ViewSection("readiness-summary")
        head.line(review.inOrder ? w.readinessOK : w.answered(review.status.answered, of: review.status.total), cls: review.inOrder ? "ok" : "warning")
        var open = ViewSection("readiness-open", title: w.readinessOpen)
        open.items = review.openItems.map {
            .init(itemLabel: "\($0.item.id) \($0.item.text(l))", itemDetail: $0.answer?.label(l) ?? w.unanswered)
        }
        var findings = ViewSection("readiness-findings", title: w.readinessFindings)
        findings.items = (review.ledgerFindings + review.contactFindings).map { .init(itemLabel: $0.message(l), itemCls: "warning") }
        if findings.items.isEmpty { findings.line(w.noFindings) }
        var evidence = ViewSection("readiness-evidence", title: w.readinessEvidence)
        evidence.items = review.evidence.map { .init(itemLabel: "\($0.item) \($0.text(l))", itemCls: $0.supports ? "ok" : "") }
        return peacetimePage(frame, heading: w.readinessHeading, cls: "readiness", [head, open, findings, evidence])
    }

    func doctor(_ c: PeacetimeContext, _ l: Language, _ frame: PageFrame) -> ViewPage {
        let w = BoardText.of(l).page
        var findings = Readiness.check(profile: c.profile, runbook: c.runbook)
        if let ledger = c.ledger { findings += LedgerCheck.check(ledger, profile: c.profile, today: c.status.today) }
        var section = ViewSection("doctor-findings", title: findings.isEmpty ? nil : w.doctorMissing(findings.count))
        if findings.isEmpty { section.line(w.doctorReady(c.runbook.title(l)), cls: "ok") }
        section.items = findings.map { .init(itemLabel: $0.message(l), itemCls: "warning") }
        return peacetimePage(frame, heading: w.doctorHeading, cls: "doctor", [section])
    }
}

extension BoardPages {
    /// One event as the board's lists show it (the same words as the timeline).
    static func event(_ e: Event, state s: IncidentState, _ l: Language) -> BoardPage.Event {
        BoardPage.Event(
            seq: e.seq, occurred: Timestamp.local(e.occurredAt, in: s.timeZone), occurredISO: Timestamp.iso(e.occurredAt, in: s.timeZone),
            kind: EventDescription.label(e.kind, l), actor: TextRules.visible(e.actor),
            text: TextRules.visible(EventDescription.text(e, runbook: s.runbook, timeZone: s.timeZone, profile: s.profile, l)))
    }
}

extension HTTPField.Name {
    static var contentDisposition: Self { .init("Content-Disposition")! }
    static var link: Self { .init("Link")! }
}
