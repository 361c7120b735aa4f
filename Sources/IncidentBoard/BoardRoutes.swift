import Foundation
import Hummingbird
import IncidentKit

/// The board's routes: `/`, the forms (`/declare`, `/record`, `/contact`,
/// `/impact`, `/step`, `/answer`, `/submit`), `/events` (live updates),
/// `/api/status`, `/api/timeline`, `/static/board.css` and `/static/board.js`,
/// behind the security middleware.
public enum BoardRoutes {
    /// The router of a board serving `configuration`; `hosts` is what the
    /// `Host` header must name (updated once the real port is known).
    public static func router(_ configuration: BoardConfiguration, hosts: AcceptedHosts) -> Router<BoardRequestContext> {
        router(configuration, hosts: hosts, pollInterval: .milliseconds(50))
    }

    static func router(
        _ configuration: BoardConfiguration, hosts: AcceptedHosts, pollInterval: Duration, pairing: PairingDesk? = nil
    ) -> Router<BoardRequestContext> {
        let pages = BoardPages()
        let reader = BoardReader(configuration: configuration)
        let language = configuration.language
        let sessions = DeviceSessions()
        let feed = ChangeFeed(reader: reader, interval: pollInterval)
        let desk = pairing ?? PairingDesk(clock: configuration.clock)
        let router = Router(context: BoardRequestContext.self)
        router.add(middleware: SecurityHeadersMiddleware(pages: pages, language: language))
        router.add(
            middleware: SessionMiddleware(
                token: configuration.token, sessions: sessions, hosts: hosts, pages: pages, language: language, pairing: desk))
        let joined = JoinedDevices()
        // Pages offer 「端末を追加」 only to the laptop's session (phones that joined cannot use it).
        router.add(middleware: LaptopMarkMiddleware(joined: joined))
        BoardPairing(configuration: configuration, sessions: sessions, joined: joined, desk: desk, hosts: hosts, pages: pages)
            .register(on: router)

        router.get("/static/board.js") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/javascript; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: pages.script)))
        }
        router.get("/events") { _, _ in LiveEvents.response(feed) }
        BoardWrites(configuration: configuration, reader: reader, sessions: sessions, pages: pages).register(on: router)
        BoardViews(configuration: configuration, reader: reader, sessions: sessions, pages: pages).register(on: router)
        BoardRecovery(configuration: configuration, reader: reader, sessions: sessions, pages: pages).register(on: router)

        router.get("/static/board.css") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/css; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: pages.stylesheet)))
        }

        // The machine forms, byte for byte what the CLI prints (`status --json`, `timeline --format json`).
        let api: [(String, @Sendable (BoardReader, EventStore, String, Language) throws -> String)] = [
            ("/api/status", { reader, store, id, l in try reader.statusJSON(store, id, language: l) }),
            ("/api/timeline", { reader, store, id, l in try reader.timelineJSON(store, id, language: l) }),
        ]
        for (path, render) in api {
            router.get(RouterPath(path)) { request, _ in
                let l = Self.language(request, default: language)
                do {
                    switch try reader.subject() {
                    case .noStore, .noIncident:
                        return Self.jsonError(.notFound, code: "noIncident", message: IncidentError.noIncident.message(l, timeZone: .facilityDefault))
                    case .incident(let store, let id):
                        return Self.json(try render(reader, store, id, l))
                    }
                } catch {
                    return Self.jsonError(error, l)
                }
            }
        }

        router.get("/") { request, context in
            let l = Self.language(request, default: language)
            let frame = Self.frame(request, l)
            let forms = BoardFormBuilder(session: context.session ?? sessions.bearer, language: l, room: frame.room)
            do {
                switch try reader.subject() {
                case .noStore:
                    // Nothing recorded yet: the first thing to do is to declare.
                    let m = BoardMessage.noStore(path: configuration.dbPath, l)
                    return Self.html(pages.forms([forms.declare()], heading: m.heading, paragraphs: m.paragraphs, frame: frame))
                case .noIncident:
                    let m = BoardMessage.noIncident(l)
                    return Self.html(pages.forms([forms.declare()], heading: m.heading, paragraphs: m.paragraphs, frame: frame))
                case .incident(let store, let id):
                    let (report, state) = try reader.status(store, id, language: l)
                    let next = reader.service(store, language: l).next(of: state)
                    let events = try reader.latestEvents(store, id, count: 10)
                    return Self.html(
                        pages.board(report: report, state: state, next: next, events: events, now: configuration.clock.now(), forms: forms, frame: frame))
                }
            } catch {
                // A broken chain, an ambiguous choice…: say so in words, as the CLI would.
                return Self.html(pages.message(.unreadable(error.boardMessage(l), l), frame: frame), status: .internalServerError)
            }
        }
        return router
    }

    /// `?lang=en|ja`, else the board's language.
    static func language(_ request: Request, default language: Language) -> Language {
        request.uri.queryParameters.get("lang").flatMap { Language(rawValue: $0.lowercased()) } ?? language
    }

    static func frame(_ request: Request, _ l: Language) -> PageFrame {
        let path = request.uri.path.hasPrefix("/") && !request.uri.path.hasPrefix("//") ? request.uri.path : "/"
        return PageFrame(language: l, room: request.uri.queryParameters.get("view") == "room", path: path)
    }

    /// A page of the templates (its stylesheet inside it: `BoardStyle`).
    static func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: "text/html; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func json(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// A store that cannot be read: 409 when the choice of incident is ambiguous, else 500.
    static func jsonError(_ error: any Error, _ l: Language) -> Response {
        if case .ambiguousIncident = error as? IncidentError {
            return jsonError(.conflict, code: "ambiguousIncident", message: error.boardMessage(l))
        }
        return jsonError(.internalServerError, code: "unreadable", message: error.boardMessage(l))
    }

    static func jsonError(_ status: HTTPResponse.Status, code: String, message: String) -> Response {
        struct Failure: Encodable {
            var error: String
            var message: String
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(Failure(error: code, message: message))) ?? Data()
        return json(String(decoding: data, as: UTF8.self) + "\n", status: status)
    }
}

extension Error {
    /// The error in words for people, as the CLI words it.
    func boardMessage(_ l: Language) -> String {
        if let e = self as? IncidentError { return e.message(l, timeZone: .facilityDefault) }
        if let e = self as? IntegrityFailure { return e.message(l) }
        return String(describing: self)
    }
}

/// The board as a runnable application.
public enum BoardServer {
    /// An application serving `configuration`; `onListening` gets the real
    /// address (port 0 resolved) once the server accepts connections.
    public static func application(
        _ configuration: BoardConfiguration, onListening: @escaping @Sendable (ListenAddress) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        let hosts = AcceptedHosts(configuration.listen)
        let router = BoardRoutes.router(configuration, hosts: hosts)
        let listen = configuration.listen
        return Application(
            router: router,
            // Idle keep-alive connections close after a minute.
            server: .http1(configuration: .init(idleTimeout: .seconds(60))),
            configuration: .init(address: .hostname(listen.host, port: listen.port), serverName: nil),
            onServerRunning: { channel in
                let bound = ListenAddress(host: listen.host, port: channel.localAddress?.port ?? listen.port)
                hosts.listening(on: bound)
                await onListening(bound)
            }
        )
    }
}
