import Foundation
import Hummingbird
import IncidentKit

/// The board's forms: each GET shows one, each POST decodes it, checks the
/// session's CSRF token and the form's one-time key, and calls ONE library
/// intent; then it redirects to the board (303, so a reload does not post
/// again), or shows the form again with what was typed and the error beside
/// the field. No rule of the incident is written here: `Intent` holds them.
struct BoardWrites: Sendable {
    let configuration: BoardConfiguration
    let reader: BoardReader
    let sessions: DeviceSessions
    let pages: BoardPages

    /// A write to carry out: the store's current incident (or none, for `declare`).
    typealias Write = @Sendable (_ form: FormBody, _ actor: BoardActor, _ l: Language) throws(IncidentError) -> Void

    // MARK: - Posting

    /// Runs a posted form: CSRF, who, one-time key, then `write`; `formPage` shows
    /// the form again on a refusal.
    func post(
        _ request: Request, _ context: BoardRequestContext, formPage: @escaping @Sendable (FormFailure, DeviceSession, Language) -> Response,
        write: Write
    ) async throws -> Response {
        var request = request
        let l = BoardRoutes.language(request, default: configuration.language)
        guard let held = context.session, let session = sessions.current(held.id) else { return forbidden(request, l) }
        let body = try await request.collectBody(upTo: BoardLimits.maxBodyBytes)
        let form = FormBody(decoding: String(buffer: body))
        // A page of another site cannot know the session's CSRF token.
        guard let csrf = form["csrf"], session.csrf.matches(csrf) else { return forbidden(request, l) }
        guard let key = form["key"], (16...128).contains(key.utf8.count) else { return forbidden(request, l) }
        // The name and device are asked at the device's first write, then kept with its session.
        let actor: BoardActor
        if let known = session.actor {
            actor = known
        } else {
            do {
                actor = try BoardActor(name: form["who"] ?? "", device: form["device"] ?? "")
            } catch {
                return formPage(failure(form, error, l), session, l)
            }
        }
        // A double tap or a reload sends the same key: the second is not appended.
        guard sessions.claim(key, for: session.id) else { return done(request, form) }
        do {
            try write(form, actor, l)
        } catch {
            sessions.release(key, for: session.id)
            return formPage(failure(form, error, l), session, l)
        }
        sessions.setActor(actor, for: session.id)
        return done(request, form)
    }

    /// The refusal of a post without the session's CSRF token or a form key.
    func forbidden(_ request: Request, _ l: Language) -> Response {
        BoardRoutes.html(pages.message(.forbidden(l), frame: BoardRoutes.frame(request, l)), status: .forbidden)
    }

    /// After a write: back to the board (or to the guide it came from), in the same language and view.
    func done(_ request: Request, _ form: FormBody = FormBody()) -> Response {
        var query: [String] = []
        var path = "/"
        if let back = form["back"] {
            path = "/guide"
            var allowed = CharacterSet.alphanumerics
            allowed.insert(charactersIn: "-._~:,")
            if !back.isEmpty, let later = back.addingPercentEncoding(withAllowedCharacters: allowed) { query.append("later=" + later) }
        }
        if let lang = request.uri.queryParameters.get("lang") { query.append("lang=\(lang == "en" ? "en" : "ja")") }
        if request.uri.queryParameters.get("view") == "room" { query.append("view=room") }
        return Response.redirect(to: path + (query.isEmpty ? "" : "?" + query.joined(separator: "&")), type: .normal)
    }

    /// A refusal as the form shows it: beside the field it names, else above the form.
    func failure(_ form: FormBody, _ error: IncidentError, _ l: Language, timeZone: TimeZone = .facilityDefault) -> FormFailure {
        let message = error.boardFormMessage(l, timeZone: timeZone)
        var failure = FormFailure(values: form)
        var field = Self.formField(of: error)
        // The recovery forms name the system `system` (the impact form, `target`).
        if field == "target", form["target"] == nil, form["system"] != nil { field = "system" }
        // The measure form's date is its `due`.
        if field == "at", form["at"] == nil, form["due"] != nil { field = "due" }
        if let field {
            failure.fieldErrors[field] = message
        } else {
            failure.formError = message
        }
        return failure
    }

    /// The form field a refusal concerns.
    static func formField(of error: IncidentError) -> String? {
        switch error {
        case .invalidTime, .nonexistentLocalTime, .ambiguousLocalTime, .awarenessAfterNow, .beforeDeclaration: return "at"
        case .reasonRequired: return "reason"
        // Step 7: the evidence gate sits beside the reason to go on without it.
        case .evidenceRequired: return "reason"
        case .reentryNeedsOneCount, .moreEnteredThanPending: return "count"
        case .invalidCount(let field, _, _) where field == .count: return "count"
        case .invalidAnswer(let q, _, _) where q == "stage": return "stage"
        default: break
        }
        switch error.inputField {
        case .actor: return "who"
        case .device: return "device"
        case .text, .correctionText: return "text"
        case .summary: return "summary"
        case .reason: return "reason"
        case .system: return "target"
        case .ref: return "ref"
        case .note: return "note"
        case .department: return "department"
        case .owner: return "owner"
        case .due: return "due"
        case .backup: return "backup"
        case .keptAt: return "keptAt"
        case .answer:
            // A leak question's answer sits beside its own field; a runbook question's in `value`.
            if case .invalidAnswer(let q, _, _) = error, LeakQuestion.question(id: q) != nil { return q }
            return "value"
        default: return nil
        }
    }

    // MARK: - The incident written to

    /// The store, opened for writing (made when `create`, for a declaration).
    func store(create: Bool) throws(IncidentError) -> EventStore {
        if let store = try reader.store() { return store }
        guard create else { throw .noIncident }
        return try reader.createStore()
    }

    /// The incident a write goes to, by the rule every front end shares.
    func target() throws(IncidentError) -> (IncidentService, String) {
        let store = try store(create: false)
        let choice = IncidentChoice(environment: configuration.incidentID, settings: LocalSettings.load(store: configuration.dbPath))
        let id = try choice.resolve(in: store, for: .write).id
        return (IncidentService(store: store, clock: configuration.clock, language: configuration.language), id)
    }

    /// The time typed in 「実際の時刻」 (`datetime-local`), in the incident's zone; nil for now.
    func time(_ form: FormBody, in zone: TimeZone) throws(IncidentError) -> Date? {
        guard let text = form.trimmed("at") else { return nil }
        return try TimeInput.parse(text, now: configuration.clock.now(), timeZone: zone)
    }

    /// Records `intent` on the incident a write goes to.
    func record(_ intent: Intent, _ form: FormBody, _ actor: BoardActor) throws(IncidentError) {
        let (service, id) = try target()
        let zone = try service.store.head(of: id).timeZone
        try service.record(intent, on: id, by: actor.recorded, at: try time(form, in: zone))
    }
}
