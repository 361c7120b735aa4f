import Foundation
import Hummingbird
import IncidentKit

/// Lets a request through only when it names this board's address and holds
/// the session: the start line's token once in the address (which then becomes
/// an HttpOnly, SameSite=Strict cookie, and leaves the address bar by a 303),
/// the cookie, or `Authorization: Bearer TOKEN` for scripts.
struct SessionMiddleware: RouterMiddleware {
    typealias Context = BoardRequestContext
    let token: SessionToken
    /// The sessions: each browser redeeming the token gets one, held by a cookie of its own.
    let sessions: DeviceSessions
    let hosts: AcceptedHosts
    let pages: BoardPages
    let language: Language
    /// Codes for joining phones, and the count of wrong tokens per client address.
    let pairing: PairingDesk

    static var cookieName: String { "incident_session" }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let l = BoardRoutes.language(request, default: language)
        // A page fetched through another name (DNS rebinding) is refused before anything else.
        guard let authority = request.head.authority, hosts.accepts(authority) else {
            return BoardRoutes.html(pages.message(.misdirected(l), frame: BoardRoutes.frame(request, l)), status: .misdirectedRequest)
        }
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > BoardLimits.maxBodyBytes {
            return BoardRoutes.html(pages.message(.tooLarge(l), frame: BoardRoutes.frame(request, l)), status: .contentTooLarge)
        }
        if let given = Self.queryValue(request.uri.query, "token") {
            // Repeated wrong tokens from one address: not even checked for a while.
            if let wait = pairing.retryAfter(context.clientAddress) { return BoardPairing.tooMany(wait, request, l, pages) }
            guard token.matches(given) else {
                pairing.wrongToken(from: context.clientAddress)
                return unauthorized(request, l)
            }
            var response = Response.redirect(to: Self.withoutToken(path: request.uri.path, query: request.uri.query), type: .normal)
            // A browser that already holds a session keeps it (its name and device stay).
            let held = request.cookies[Self.cookieName].flatMap { sessions.session(cookie: $0.value) }
            let session = held ?? sessions.open()
            response.setCookie(Cookie(name: Self.cookieName, value: session.id.value, path: "/", httpOnly: true, sameSite: .strict))
            return response
        }
        if let cookie = request.cookies[Self.cookieName], let session = sessions.session(cookie: cookie.value) {
            var context = context
            context.session = session
            return try await next(request, context)
        }
        if let authorization = request.headers[.authorization], authorization.hasPrefix("Bearer ") {
            if let wait = pairing.retryAfter(context.clientAddress) { return BoardPairing.tooMany(wait, request, l, pages) }
            if token.matches(authorization.dropFirst("Bearer ".count).trimmingCharacters(in: .whitespaces)) {
                var context = context
                context.session = sessions.current(sessions.bearer.id)
                return try await next(request, context)
            }
            pairing.wrongToken(from: context.clientAddress)
        }
        // Joining by pairing code needs no session (the code and the laptop's approval are the proof).
        if BoardPairing.openPaths.contains(request.uri.path) { return try await next(request, context) }
        return unauthorized(request, l)
    }

    func unauthorized(_ request: Request, _ l: Language) -> Response {
        var response = BoardRoutes.html(BoardPairing.joinPage(request, l, pages), status: .unauthorized)
        response.headers[.wwwAuthenticate] = "Bearer"
        return response
    }

    /// The raw value of `name` in a query string (nil when absent).
    static func queryValue(_ query: String?, _ name: String) -> String? {
        guard let query else { return nil }
        for part in query.split(separator: "&") {
            let pair = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            if pair[0] == name { return pair.count > 1 ? String(pair[1]) : "" }
        }
        return nil
    }

    /// Where the token leaves the address bar: the same path and query without `token`.
    /// A path starting `//` would send the browser to another host: it becomes `/`.
    static func withoutToken(path: String, query: String?) -> String {
        let rest = (query ?? "").split(separator: "&").filter { $0.split(separator: "=", maxSplits: 1).first != "token" }
        let safePath = path.hasPrefix("/") && !path.hasPrefix("//") && !path.hasPrefix("/\\") ? path : "/"
        return safePath + (rest.isEmpty ? "" : "?" + rest.joined(separator: "&"))
    }
}

/// The `Host` header values this board answers to; the port is known once the server is listening.
public final class AcceptedHosts: @unchecked Sendable {
    private let lock = NSLock()
    private var hosts: Set<String>
    private var bound: ListenAddress

    public init(_ address: ListenAddress) {
        hosts = address.acceptedHosts
        bound = address
    }

    /// Called once the server listens: port 0 became a real port.
    public func listening(on address: ListenAddress) {
        lock.withLock {
            hosts = address.acceptedHosts
            bound = address
        }
    }

    /// The address the board answers on (the real port once listening).
    var address: ListenAddress { lock.withLock { bound } }

    func accepts(_ authority: String) -> Bool {
        let name = authority.lowercased()
        return lock.withLock { hosts.contains(name) }
    }
}
