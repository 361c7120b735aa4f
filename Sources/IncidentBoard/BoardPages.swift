import Foundation
import IncidentKit
import Mustache

/// The board's pages, rendered from the Mustache templates in `Board/` (embedded
/// in the binary). Templates HTML-escape every value; no handler builds HTML.
struct BoardPages: Sendable {
    let library: MustacheLibrary
    /// `Board/board.css`: inside every page's head (see `BoardStyle`), and served at `/static/board.css`.
    let stylesheet: String
    /// `Board/board.js`, served at `/static/board.js`: the live updates (pages work without it).
    let script: String

    init() {
        var library = MustacheLibrary()
        for (key, text) in EmbeddedResources.files where key.hasPrefix("Board/") && key.hasSuffix(".mustache") {
            let name = String(key.dropFirst("Board/".count).dropLast(".mustache".count))
            do {
                try library.register(BoardStyle.inlined(in: text), named: name)
            } catch {
                preconditionFailure("Board/\(name).mustache does not parse: \(error)")
            }
        }
        self.library = library
        stylesheet = BoardStyle.css
        script = EmbeddedResources.files["Board/board.js"] ?? ""
    }

    func render(_ page: some Any, _ template: String) -> String {
        guard let html = library.render(TemplateValues.of(page), withTemplate: template) else { preconditionFailure("no template \(template)") }
        return html
    }

    /// A page of a heading and paragraphs (no store, no incident, refusals).
    func message(_ m: BoardMessage, frame: PageFrame) -> String {
        var frame = frame
        frame.title = m.title
        return render(MessagePage(frame: frame, t: .of(frame.language), heading: m.heading, paragraphs: m.paragraphs, code: m.code), "message")
    }

    /// A page holding `forms` under `heading`.
    func forms(_ forms: [BoardForm], heading: String, paragraphs: [String] = [], frame: PageFrame) -> String {
        var frame = frame
        frame.title = heading
        let back = frame.language == .en ? "/?lang=en" : "/"
        return render(FormPage(frame: frame, t: .of(frame.language), pageHeading: heading, paragraphs: paragraphs, forms: forms, backLink: back), "form")
    }

    /// The board of one incident.
    func board(
        report r: StatusReport, state s: IncidentState, next: NextAction, events: [Event], now: Date, forms f: BoardFormBuilder, frame: PageFrame
    ) -> String {
        let l = frame.language
        let tz = s.timeZone
        var frame = frame
        frame.title = "\(r.id) — " + BoardText.of(l).boardTitle
        frame.drill = s.isDrill
        let steps = zip(s.runbook.steps, r.steps).map { step, rs in
            let progress = s.progress(of: step)
            var when: String? = nil
            switch progress {
            case .pending: break
            case .active(let d, _), .done(let d, _, _), .skipped(let d, _, _): when = Timestamp.local(d, in: tz)
            }
            return BoardPage.Step(
                number: rs.number, title: rs.title, stateCode: rs.state.rawValue, state: EventDescription.stepState(progress, l), when: when,
                optional: progress == .pending && !rs.mandatory, reason: rs.reason)
        }
        var contacts: [BoardPage.Contact] = []
        var shown: Set<String> = []
        if let step = s.nextAction.step {
            for e in ContactPlan(step: step, state: s).entries {
                shown.insert(e.role)
                contacts.append(.init(e, state: s, now: now, l, form: s.isOpen ? f.contact(role: e.role) : nil))
            }
        }
        let others = ContactPlan(roles: s.contactsInOrder.map(\.role), profile: s.profile, contacts: s.contacts).entries
        for e in others where !shown.contains(e.role) { contacts.append(.init(e, state: s, now: now, l, form: s.isOpen ? f.contact(role: e.role) : nil)) }
        // The same items, in the same order, as `status --json` `impacts`.
        let impacts = ImpactPicture(state: s).items.map { i in
            BoardPage.Impact(
                target: i.target, statusCode: i.status.rawValue, status: EventDescription.status(i.status, l),
                since: Timestamp.local(i.since, in: tz), note: i.note)
        }
        let obligations = r.obligations.map { o in
            BoardPage.Obligation(
                title: o.title, due: o.due, line: Obligations.line(o, l), open: o.isOpen, overdue: o.isOpen && (o.daysLeft ?? 0) < 0,
                form: s.isOpen && o.isOpen ? f.submit(o) : nil)
        }
        // The next action as a button that does it (a step); else its words only.
        let nextForm: BoardForm? =
            switch next {
            case .startStep(let step), .considerStep(let step): f.step(step, only: "start")
            case .finishStep(let step): f.step(step, only: "finish")
            case .submit(let o): f.submit(o)
            case .call(let role, _, _): f.contact(role: role.id)
            // Step 7: the stage reached, the records entered, the measure done (`BoardRecovery`).
            case .recover(let system, let stage, _): stage.next.map { f.recoverNext(system: system, stage: $0) }
            case .enterRecords(let department, let pending): f.reentryEntered(department: department, pending: pending)
            case .measure(let id, _, _, _): s.recovery.measure(id).map { f.finishMeasure($0) }
            case .assessLeak, .close, .none: nil
            }
        // The questions of the step in progress (or the next one), with their answers so far.
        let answerForms: [BoardForm] =
            s.isOpen ? (next.step?.questions ?? []).map { q in f.answer(q, current: s.answerValues[q.id]) } : []

        let shownEvents = events.reversed().map { e in
            BoardPage.Event(
                seq: e.seq, occurred: Timestamp.local(e.occurredAt, in: tz), occurredISO: Timestamp.iso(e.occurredAt, in: tz),
                kind: EventDescription.label(e.kind, l), actor: TextRules.visible(e.actor),
                text: TextRules.visible(EventDescription.text(e, runbook: s.runbook, timeZone: tz, profile: s.profile, l)))
        }
        let page = BoardPage(
            frame: frame, t: .of(l),
            incident: .init(
                id: r.id, summary: r.summary, phaseCode: r.state, phase: s.isOpen ? BoardText.of(l).phaseOpen : BoardText.of(l).phaseClosed,
                declared: Timestamp.local(s.awareAt, in: tz), declaredISO: r.declaredAt, timeZone: tz.identifier),
            nextAction: r.nextAction.text, nextForm: nextForm,
            callNext: r.nextContact.flatMap { n in n.phone.map { BoardPage.Phone($0) } },
            recordForm: s.isOpen ? f.record() : nil, impactForm: s.isOpen ? f.impact() : nil, answerForms: answerForms,
            hasAnswers: !answerForms.isEmpty, updated: Timestamp.local(now, in: tz),
            nextContact: r.nextContact.map { n in BoardPage.NextContact(text: n.text, phones: n.phone.map { [BoardPage.Phone($0)] } ?? []) },
            steps: steps, contacts: contacts, hasContacts: !contacts.isEmpty, noProfile: s.profile == nil,
            impacts: impacts, hasImpacts: !impacts.isEmpty, obligations: obligations, hasObligations: !obligations.isEmpty,
            events: Array(shownEvents), eventsCount: l.pick(ja: "記録 \(r.events) 件（新しい順に最大10件）", en: "\(r.events) events (latest 10 shown, newest first)"),
            paperHead: "\(r.id) \(r.head)")
        return render(page, "board")
    }
}

/// What every page's frame (head, banners, language and view links) needs.
struct PageFrame: Sendable {
    var language: Language
    var room: Bool
    var title: String = ""
    var drill: Bool = false
    /// The same page in the other language (keeping the view).
    var langLink: String
    /// The same page in the other view (keeping the language).
    var viewLink: String

    /// Stored, not computed: templates read values through reflection.
    var lang: String
    var otherLang: String
    /// `&lang=en` for links that carry a query already ("" in Japanese).
    var langParam: String
    /// `?lang=en` (and `view=room`) for links without a query of their own.
    var query: String
    /// The page is shown on the laptop (the token's session): only there does 「端末を追加」 work.
    var laptop: Bool

    init(language: Language, room: Bool, path: String) {
        self.language = language
        var q: [String] = []
        if language == .en { q.append("lang=en") }
        if room { q.append("view=room") }
        query = q.isEmpty ? "" : "?" + q.joined(separator: "&")
        lang = language.rawValue
        otherLang = language == .ja ? "en" : "ja"
        langParam = language == .en ? "&lang=en" : ""
        self.room = room
        laptop = BoardDevice.isLaptop
        func link(_ l: Language, _ room: Bool) -> String {
            var query: [String] = []
            if l == .en { query.append("lang=en") }
            if room { query.append("view=room") }
            return path + (query.isEmpty ? "" : "?" + query.joined(separator: "&"))
        }
        langLink = link(language == .ja ? .en : .ja, room)
        viewLink = link(language, !room)
    }
}

/// A page of forms (one form, shown again with its errors after a refused post).
struct FormPage {
    var frame: PageFrame
    var t: BoardText
    var pageHeading: String
    var paragraphs: [String]
    var forms: [BoardForm]
    var backLink: String
}

struct MessagePage {
    var frame: PageFrame
    var t: BoardText
    var heading: String
    var paragraphs: [String]
    var code: String?
}

/// The board `/` as the template reads it.
struct BoardPage {
    struct Incident {
        var id, summary, phaseCode, phase, declared, declaredISO, timeZone: String
    }
    struct Step {
        var number: Int
        var title, stateCode, state: String
        var when: String?
        var optional: Bool
        var reason: String?
    }
    struct Phone {
        var number: String
        var href: String
        /// A `tel:` link keeps digits, `+`, `*`, `#` and `,` only (no spaces, hyphens or words).
        init(_ number: String) {
            self.number = number
            href = "tel:" + String(number.unicodeScalars.filter { ("0"..."9").contains($0) || "+*#,".unicodeScalars.contains($0) })
        }
    }
    struct NextContact {
        var text: String
        var phones: [Phone]
    }
    struct Contact {
        var label, status, statusCode: String
        var phones: [Phone]

        var form: BoardForm?

        init(_ e: ContactPlan.Entry, state s: IncidentState, now: Date, _ l: Language, form: BoardForm?) {
            self.form = form
            label = ContactPlan.label(e, profile: s.profile, l)
            status = ContactPlan.statusText(e, now: now, timeZone: s.timeZone, profile: s.profile, l)
            statusCode = e.status.rawValue
            phones = e.phones.map(Phone.init)
        }
    }
    struct Impact {
        var target, statusCode, status, since: String
        var note: String?
    }
    struct Obligation {
        var title: String
        var due: String?
        var line: String
        var open, overdue: Bool
        var form: BoardForm?
    }
    struct Event {
        var seq: Int64
        var occurred, occurredISO, kind, actor, text: String
    }

    var frame: PageFrame
    var t: BoardText
    var incident: Incident
    var nextAction: String
    var nextForm: BoardForm?
    var callNext: Phone?
    var recordForm: BoardForm?
    var impactForm: BoardForm?
    var answerForms: [BoardForm]
    var hasAnswers: Bool
    /// When the page was made: greyed by the script when the live connection drops.
    var updated: String
    var nextContact: NextContact?
    var steps: [Step]
    var contacts: [Contact]
    var hasContacts: Bool
    var noProfile: Bool
    var impacts: [Impact]
    var hasImpacts: Bool
    var obligations: [Obligation]
    var hasObligations: Bool
    var events: [Event]
    var eventsCount: String
    var paperHead: String
}
