import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import IncidentKit
import Testing

@testable import IncidentBoard

/// The board's routes in process (`app.test(.router)`): the session, the
/// refusals, the headers, and the pages and JSON against the library's own.
@Suite struct BoardRouteTests {
    static let bearer: HTTPFields = [.authorization: "Bearer \(BoardFixture.token.value)"]

    /// `text` as the templates escape it.
    static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
            .replacingOccurrences(of: "\"", with: "&quot;").replacingOccurrences(of: "'", with: "&#39;")
    }

    static func text(_ r: TestResponse) -> String { String(buffer: r.body) }

    static func expectSecurityHeaders(_ r: TestResponse, sourceLocation: SourceLocation = #_sourceLocation) {
        let csp = r.headers[HTTPField.Name("Content-Security-Policy")!] ?? ""
        for directive in [
            "default-src 'none'", "style-src 'self'", "script-src 'self'", "connect-src 'self'", "img-src 'self' data:", "form-action 'self'",
            "frame-ancestors 'none'", "base-uri 'none'",
        ] {
            #expect(csp.contains(directive), "CSP lacks \(directive): \(csp)", sourceLocation: sourceLocation)
        }
        #expect(r.headers[HTTPField.Name("X-Frame-Options")!] == "DENY", sourceLocation: sourceLocation)
        #expect(r.headers[HTTPField.Name("Referrer-Policy")!] == "no-referrer", sourceLocation: sourceLocation)
        #expect(r.headers[.cacheControl] == "no-store", sourceLocation: sourceLocation)
        #expect(r.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff", sourceLocation: sourceLocation)
    }

    @Test func theTokenBecomesACookieAndLeavesTheAddress() async throws {
        let f = try BoardFixture()
        defer { f.cleanUp() }
        try f.declare()
        try await f.application().test(.router) { client in
            let r = try await client.execute(uri: "/?lang=en&token=\(BoardFixture.token.value)&view=room", method: .get)
            #expect(r.status == .seeOther)
            #expect(r.headers[.location] == "/?lang=en&view=room")
            let cookie = try #require(r.headers[.setCookie])
            #expect(cookie.hasPrefix("incident_session="))
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.contains("SameSite=Strict"))
            #expect(cookie.contains("Path=/"))
            #expect(!cookie.contains(BoardFixture.token.value), "the cookie is a secret of its own, not the token")
            Self.expectSecurityHeaders(r)
            // The cookie alone now opens the board.
            let value = try #require(cookie.split(separator: ";").first.map(String.init))
            let page = try await client.execute(uri: "/?lang=en&view=room", method: .get, headers: [.cookie: value])
            #expect(page.status == .ok)
            #expect(Self.text(page).contains("INC-"))
            // Another cookie value does not.
            let forged = try await client.execute(uri: "/", method: .get, headers: [.cookie: "incident_session=\(BoardFixture.token.value)"])
            #expect(forged.status == .unauthorized)
        }
    }

    @Test func aRedirectNeverLeavesTheBoard() {
        // `//evil.example/?token=…` must not become a redirect to another host.
        #expect(SessionMiddleware.withoutToken(path: "//evil.example/", query: "token=x") == "/")
        #expect(SessionMiddleware.withoutToken(path: "/", query: "token=x") == "/")
    }

    @Test func withoutTheSessionEveryRequestIsRefusedWithAJapanesePage() async throws {
        let f = try BoardFixture()
        defer { f.cleanUp() }
        try f.declare()
        try await f.application().test(.router) { client in
            for uri in ["/", "/api/status", "/api/timeline", "/static/board.css", "/nowhere", "/?token=wrong-token-0123456789012345678901234"] {
                let r = try await client.execute(uri: uri, method: .get)
                #expect(r.status == .unauthorized, "\(uri)")
                #expect(r.headers[.contentType]?.hasPrefix("text/html") == true)
                let body = Self.text(r)
                #expect(body.contains("アクセス用のアドレス"), "\(uri): \(body)")
                #expect(body.contains("incident serve"), "the page says where the address comes from")
                #expect(body.contains("ノートPC"))
                #expect(body.contains("href=\"data:,\""), "a data: favicon, so browsers ask for nothing more")
                #expect(!body.contains(BoardFixture.token.value))
                Self.expectSecurityHeaders(r)
            }
            let wrongBearer = try await client.execute(uri: "/api/status", method: .get, headers: [.authorization: "Bearer nope"])
            #expect(wrongBearer.status == .unauthorized)
        }
    }

    @Test func theBearerTokenOpensTheAPI() async throws {
        let f = try BoardFixture()
        defer { f.cleanUp() }
        try f.declare()
        try await f.application().test(.router) { client in
            let r = try await client.execute(uri: "/api/status", method: .get, headers: Self.bearer)
            #expect(r.status == .ok)
            #expect(r.headers[.contentType]?.hasPrefix("application/json") == true)
            Self.expectSecurityHeaders(r)
        }
    }

    @Test func aForeignHostIsRefused() async throws {
        let f = try BoardFixture()
        defer { f.cleanUp() }
        try f.declare()
        // Listening on port 8080: the router client's `Host: localhost` (port 80) names another address.
        try await f.application(port: 8080).test(.router) { client in
            let r = try await client.execute(uri: "/api/status", method: .get, headers: Self.bearer)
            #expect(r.status == .misdirectedRequest)
            #expect(Self.text(r).contains("このアドレスでは開けません"))
            Self.expectSecurityHeaders(r)
        }
    }

    @Test func acceptedHostsNameTheListeningAddress() {
        let hosts = ListenAddress(host: "127.0.0.1", port: 8080).acceptedHosts
        #expect(hosts == ["127.0.0.1:8080", "localhost:8080"])
        #expect(ListenAddress(host: "::1", port: 9000).acceptedHosts == ["[::1]:9000", "localhost:9000"])
    }

    @Test func largeBodiesAreRefused() async throws {
        let f = try BoardFixture()
        defer { f.cleanUp() }
        try await f.application().test(.router) { client in
            let body = ByteBuffer(repeating: UInt8(ascii: "a"), count: BoardLimits.maxBodyBytes + 1)
            let r = try await client.execute(uri: "/", method: .post, headers: Self.bearer, body: body)
            #expect(r.status == .contentTooLarge)
            Self.expectSecurityHeaders(r)
        }
    }

    @Test func statusIsByteForByteWhatTheLibraryProduces() async throws {
        let f = try BoardFixture()
        defer { f.cleanUp() }
        try f.declare()
        let expectedJa = try f.expectedStatusJSON()
        let expectedEn = try f.expectedStatusJSON(language: .en)
        try await f.application().test(.router) { client in
            let r = try await client.execute(uri: "/api/status", method: .get, headers: Self.bearer)
            #expect(Self.text(r) == expectedJa)
            let en = try await client.execute(uri: "/api/status?lang=en", method: .get, headers: Self.bearer)
            #expect(Self.text(en) == expectedEn)
        }
    }

    @Test func timelineIsByteForByteWhatTheLibraryProduces() async throws {
        let f = try BoardFixture()
        defer { f.cleanUp() }
        try f.declare()
        let expected = try f.expectedTimelineJSON()
        try await f.application().test(.router) { client in
            let r = try await client.execute(uri: "/api/timeline", method: .get, headers: Self.bearer)
            #expect(r.status == .ok)
            #expect(Self.text(r) == expected)
            let array = try JSONSerialization.jsonObject(with: Data(Self.text(r).utf8)) as? [[String: Any]]
            #expect(array?.count == 4)
        }
    }

    @Test func withoutAnIncidentTheAPISays404AndThePageSaysSo() async throws {
        let f = try BoardFixture()
        defer { f.cleanUp() }
        try await f.application().test(.router) { client in
            // No store at all.
            let status = try await client.execute(uri: "/api/status", method: .get, headers: Self.bearer)
            #expect(status.status == .notFound)
            let error = try JSONSerialization.jsonObject(with: Data(Self.text(status).utf8)) as? [String: Any]
            #expect(error?["error"] as? String == "noIncident")
            let page = try await client.execute(uri: "/", method: .get, headers: Self.bearer)
            #expect(page.status == .ok)
            #expect(Self.text(page).contains("記録はまだありません"))
            #expect(Self.text(page).contains("ここは電子カルテではありません"))
        }
        // A store with no incident (only a profile).
        let store = try EventStore(path: f.dbPath, create: true, clock: BoardFixture.clock)
        try store.importProfile(try BoardFixture.profile())
        try await f.application().test(.router) { client in
            let page = try await client.execute(uri: "/", method: .get, headers: Self.bearer)
            #expect(Self.text(page).contains("宣言されたインシデントはありません"))
            let status = try await client.execute(uri: "/api/status", method: .get, headers: Self.bearer)
            #expect(status.status == .notFound)
        }
    }

    @Test func theBoardShowsTheIncidentAndEscapesWhatPeopleTyped() async throws {
        let f = try BoardFixture()
        defer { f.cleanUp() }
        let id = try f.declare(summary: "<script>alert('x')</script> 受付の電子カルテが開かない")
        let state = try EventStore(path: f.dbPath, create: false).state(of: id)
        try await f.application().test(.router) { client in
            let r = try await client.execute(uri: "/", method: .get, headers: Self.bearer)
            #expect(r.status == .ok)
            #expect(r.headers[.contentType] == "text/html; charset=utf-8")
            Self.expectSecurityHeaders(r)
            let html = Self.text(r)
            #expect(html.contains("ここは電子カルテではありません。患者さんの氏名・病名は書かないでください"))
            #expect(html.contains(id))
            for step in state.runbook.steps { #expect(html.contains(Self.escaped(step.title.ja)), "step \(step.number) missing") }
            #expect(!html.contains("<script>"), "typed text is escaped")
            #expect(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"))
            #expect(html.contains("3台で身代金要求画面 &lt;b&gt;"))
            #expect(html.contains("2026-11-25 09:00"), "the declared time in the facility's zone")
            #expect(html.contains("電子カルテ"), "the impact")
            #expect(html.contains("href=\"tel:"), "numbers are tel: links")
            #expect(html.contains("#\(state.lastSeq) \(state.lastHash.prefix(16))"), "the paper head line")
            #expect(html.contains("href=\"data:,\""))
            // The stylesheet is inside the page (one round trip less on a phone), allowed by its hash alone.
            #expect(html.contains("<style>" + BoardStyle.css + "</style>"))
            #expect(!html.contains("/static/board.css"))
            let policy = r.headers[HTTPField.Name("Content-Security-Policy")!] ?? ""
            let digest = Data(SHA256.hash(data: Data(BoardStyle.css.utf8))).base64EncodedString()
            #expect(policy.contains("style-src 'self' 'sha256-\(digest)';"))
            #expect(!policy.contains("unsafe-inline"))
            #expect(!BoardStyle.css.contains("{{") && !BoardStyle.css.contains("</"), "the stylesheet holds no template tag and cannot end its element")
            #expect(!html.contains("style=\""), "no inline style")
            #expect(!html.contains("訓練 — "), "a real incident has no drill banner")
            #expect(html.contains("<html lang=\"ja\">"))
        }
    }

    @Test func englishAndTheRoomView() async throws {
        let f = try BoardFixture()
        defer { f.cleanUp() }
        let id = try f.declare()
        let state = try EventStore(path: f.dbPath, create: false).state(of: id)
        try await f.application().test(.router) { client in
            let r = try await client.execute(uri: "/?lang=en&view=room", method: .get, headers: Self.bearer)
            let html = Self.text(r)
            #expect(html.contains("<html lang=\"en\">"))
            #expect(html.contains("This is not the medical record system"))
            for step in state.runbook.steps { #expect(html.contains(Self.escaped(step.title.en)), "step \(step.number)") }
            #expect(html.contains("Next"))
            #expect(html.contains("<body class=\"room\">"))
            #expect(html.contains("href=\"/?view=room\""), "the language link keeps the view")
        }
    }

    @Test func aDrillCarriesItsBanner() async throws {
        let f = try BoardFixture()
        defer { f.cleanUp() }
        let id = try f.declare(drill: true)
        #expect(id.hasPrefix("DRILL-"))
        let board = BoardConfiguration(
            dbPath: f.dbPath, token: BoardFixture.token, listen: ListenAddress(host: "127.0.0.1", port: 80), incidentID: id, clock: BoardFixture.clock)
        let app = Application(router: BoardRoutes.router(board, hosts: AcceptedHosts(board.listen)))
        try await app.test(.router) { client in
            let html = Self.text(try await client.execute(uri: "/", method: .get, headers: Self.bearer))
            #expect(html.contains("訓練 — これは訓練の記録です"))
            #expect(html.contains(id))
        }
    }

    @Test func theStylesheetIsServed() async throws {
        let f = try BoardFixture()
        defer { f.cleanUp() }
        try await f.application().test(.router) { client in
            let r = try await client.execute(uri: "/static/board.css", method: .get, headers: Self.bearer)
            #expect(r.status == .ok)
            #expect(r.headers[.contentType] == "text/css; charset=utf-8")
            #expect(Self.text(r).contains("@media print"))
            #expect(!Self.text(r).contains("url(http"), "no external resource")
            Self.expectSecurityHeaders(r)
        }
    }

    @Test func unknownPagesAre404WithHeaders() async throws {
        let f = try BoardFixture()
        defer { f.cleanUp() }
        try await f.application().test(.router) { client in
            let r = try await client.execute(uri: "/nowhere", method: .get, headers: Self.bearer)
            #expect(r.status == .notFound)
            #expect(Self.text(r).contains("このページはありません"))
            Self.expectSecurityHeaders(r)
        }
    }

    @Test func tokensFromScriptsMustBeLongAndPlain() {
        #expect(SessionToken("short") == nil)
        #expect(SessionToken(String(repeating: "a", count: 31)) == nil)
        #expect(SessionToken(String(repeating: "a", count: 31) + "!") == nil)
        #expect(SessionToken(String(repeating: "あ", count: 40)) == nil)
        #expect(SessionToken(String(repeating: "a", count: 31) + "-") != nil)
        let random = SessionToken.random()
        #expect(random.value.count >= 32)
        #expect(SessionToken(random.value) == random)
        #expect(random != SessionToken.random())
        #expect(random.matches(random.value))
        #expect(!random.matches(random.value + "x"))
        #expect(!random.matches(""))
    }

    @Test func listenAddresses() throws {
        #expect(try ListenAddress.parse("127.0.0.1:8080") == ListenAddress(host: "127.0.0.1", port: 8080))
        #expect(try ListenAddress.parse("localhost:0") == ListenAddress(host: "localhost", port: 0))
        #expect(try ListenAddress.parse("[::1]:9000") == ListenAddress(host: "::1", port: 9000))
        #expect(throws: ListenAddress.Problem.malformed("8080")) { try ListenAddress.parse("8080") }
        #expect(throws: ListenAddress.Problem.malformed("127.0.0.1:99999")) { try ListenAddress.parse("127.0.0.1:99999") }
        #expect(throws: ListenAddress.Problem.notLoopback("0.0.0.0")) { try ListenAddress.parse("0.0.0.0:8080") }
        #expect(throws: ListenAddress.Problem.notLoopback("192.168.1.10")) { try ListenAddress.parse("192.168.1.10:8080") }
    }
}
