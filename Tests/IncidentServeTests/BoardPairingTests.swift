import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import IncidentKit
import Synchronization
import Testing

@testable import IncidentBoard

/// Phones joining the board: the address (QR code) alone grants nothing; a
/// 6-digit code shown on the laptop's board, then the laptop's approval, gives
/// the phone its session; the laptop lists joined devices and can revoke any.
@Suite struct BoardPairingTests {
    typealias Client = any TestClientProtocol

    final class TestClock: Sendable {
        let now = Mutex(BoardFixture.t0)
        var clock: Clock { Clock { self.now.withLock { $0 } } }
        func advance(_ seconds: TimeInterval) { now.withLock { $0 += seconds } }
    }

    static func application(_ f: BoardFixture, _ desk: PairingDesk) -> some ApplicationProtocol {
        let configuration = f.configuration()
        return Application(
            router: BoardRoutes.router(configuration, hosts: AcceptedHosts(configuration.listen), pollInterval: .milliseconds(250), pairing: desk))
    }

    static func text(_ r: TestResponse) -> String { String(buffer: r.body) }

    /// `name=value` of the `Set-Cookie` named `name`.
    static func cookie(_ name: String, _ r: TestResponse) -> String? {
        r.headers[values: .setCookie].first { $0.hasPrefix(name + "=") }?.split(separator: ";").first.map(String.init)
    }

    static func form(_ fields: [String: String]) -> (HTTPFields, ByteBuffer) {
        ([.contentType: "application/x-www-form-urlencoded"], ByteBuffer(string: BoardFormTests.encode(fields)))
    }

    static func postForm(_ client: Client, _ path: String, _ fields: [String: String], cookie: String? = nil) async throws -> TestResponse {
        var (headers, body) = form(fields)
        if let cookie { headers[.cookie] = cookie }
        return try await client.execute(uri: path, method: .post, headers: headers, body: body)
    }

    static func join(_ client: Client, code: String, who: String = "田中", device: String = "受付iPhone") async throws -> TestResponse {
        try await postForm(client, "/pair", ["code": code, "who": who, "device": device])
    }

    @Test func aPhoneJoinsWithTheCodeAndTheLaptopsApprovalAndCanBeRevoked() async throws {
        let f = try BoardFixture()
        defer { f.cleanUp() }
        try f.declare()
        let desk = PairingDesk(clock: BoardFixture.clock)
        try await Self.application(f, desk).test(.router) { client in
            let laptop = try await BoardFormTests.open(client)
            // The laptop's page: the code, the address and its QR code; no secret in either.
            let devices = Self.text(try await client.execute(uri: "/devices", method: .get, headers: laptop.headers))
            let code = desk.currentCode().digits
            #expect(devices.contains(String(code.prefix(3)) + " " + String(code.dropFirst(3))))
            #expect(devices.contains("http://127.0.0.1:80/"))
            #expect(devices.contains("<svg"))
            #expect(devices.contains(try QRCode("http://127.0.0.1:80/").svg(title: "http://127.0.0.1:80/")), "the QR code carries the address only")
            #expect(!devices.contains(BoardFixture.token.value))
            #expect(devices.contains("今はこのパソコンの中だけで開いています"), "loopback: phones cannot reach it yet")

            // The phone opens the address (a photo of the QR code): 401, with the code entry.
            let first = try await client.execute(uri: "/", method: .get)
            #expect(first.status == .unauthorized)
            let entry = Self.text(first)
            #expect(entry.contains("action=\"/pair\""))
            #expect(entry.contains("参加番号"))
            #expect(entry.contains("QRコード"), "it says where the address comes from")
            BoardRouteTests.expectSecurityHeaders(first)

            // The right code: the phone waits; it has no session yet.
            let joined = try await Self.join(client, code: code)
            #expect(joined.status == .seeOther)
            #expect(joined.headers[.location] == "/pair/wait")
            #expect(Self.cookie(SessionMiddleware.cookieName, joined) == nil)
            let join = try #require(Self.cookie(BoardPairing.joinCookie, joined))
            let waiting = try await client.execute(uri: "/pair/wait", method: .get, headers: [.cookie: join])
            #expect(waiting.status == .ok)
            #expect(Self.text(waiting).contains("承認を待っています"))
            #expect(Self.text(waiting).contains("<meta http-equiv=\"refresh\" content=\"3\">"))
            #expect(try await client.execute(uri: "/", method: .get, headers: [.cookie: join]).status == .unauthorized)
            #expect(try await client.execute(uri: "/api/status", method: .get, headers: [.cookie: join]).status == .unauthorized)

            // The code was used: typing it again (another phone that saw it) gets nothing.
            #expect(try await Self.join(client, code: code, who: "誰か", device: "待合室").status == .unauthorized)
            #expect(desk.waiting().count == 1)

            // The laptop sees the request by name and approves it (with its CSRF token).
            let list = Self.text(try await client.execute(uri: "/devices", method: .get, headers: laptop.headers))
            #expect(list.contains("田中（受付iPhone）"))
            let handle = try BoardFormTests.hidden("handle", in: list)
            let csrf = try BoardFormTests.hidden("csrf", in: list)
            #expect(try await Self.postForm(client, "/devices/approve", ["handle": handle], cookie: laptop.cookie).status == .forbidden, "no CSRF token")
            #expect(try await Self.postForm(client, "/devices/approve", ["handle": handle, "csrf": csrf]).status == .unauthorized, "no session")
            let approved = try await Self.postForm(client, "/devices/approve", ["handle": handle, "csrf": csrf], cookie: laptop.cookie)
            #expect(approved.status == .seeOther)
            #expect(approved.headers[.location] == "/devices")

            // Now the phone gets its session, once.
            let admitted = try await client.execute(uri: "/pair/wait", method: .get, headers: [.cookie: join])
            #expect(admitted.status == .seeOther)
            #expect(admitted.headers[.location] == "/")
            let phone = try #require(Self.cookie(SessionMiddleware.cookieName, admitted))
            #expect(try await client.execute(uri: "/pair/wait", method: .get, headers: [.cookie: join]).status == .unauthorized)
            let board = try await client.execute(uri: "/", method: .get, headers: [.cookie: phone])
            #expect(board.status == .ok)
            #expect(Self.text(board).contains("INC-"))
            // Its writes carry the name and device given when joining.
            #expect(!Self.text(board).contains("name=\"who\""), "the name was given at joining")
            // A joined phone cannot approve or revoke devices.
            #expect(try await client.execute(uri: "/devices", method: .get, headers: [.cookie: phone]).status == .forbidden)
            let phoneDevicesCSRF = try BoardFormTests.hidden("csrf", in: Self.text(board))
            #expect(
                try await Self.postForm(client, "/devices/revoke", ["handle": handle, "csrf": phoneDevicesCSRF], cookie: phone).status == .forbidden)

            // The laptop lists it as joined and revokes it: its cookie opens nothing any more.
            let after = Self.text(try await client.execute(uri: "/devices", method: .get, headers: laptop.headers))
            #expect(after.contains("参加している端末"))
            #expect(after.contains("田中（受付iPhone）"))
            #expect(!after.contains(code), "a used code is replaced")
            let revoked = try await Self.postForm(client, "/devices/revoke", ["handle": handle, "csrf": csrf], cookie: laptop.cookie)
            #expect(revoked.status == .seeOther)
            let refused = try await client.execute(uri: "/", method: .get, headers: [.cookie: phone])
            #expect(refused.status == .unauthorized)
            #expect(Self.text(refused).contains("参加番号"))
            #expect(try await client.execute(uri: "/", method: .get, headers: laptop.headers).status == .ok, "the laptop keeps its session")
        }
    }

    @Test func guessingCodesIsSlowedDownAndARejectedPhoneGetsNothing() async throws {
        let f = try BoardFixture()
        defer { f.cleanUp() }
        try f.declare()
        let desk = PairingDesk(clock: BoardFixture.clock)
        try await Self.application(f, desk).test(.router) { client in
            let laptop = try await BoardFormTests.open(client)
            let code = desk.currentCode().digits
            let wrong = code == "123456" ? "654321" : "123456"
            let refused = try await Self.join(client, code: wrong)
            #expect(refused.status == .unauthorized)
            #expect(Self.text(refused).contains("参加番号が違うか、期限が切れています"))
            #expect(Self.text(refused).contains("value=\"受付iPhone\""), "what was typed comes back")
            // A missing name is said beside the form and not counted as a guess.
            let nameless = try await Self.join(client, code: wrong, who: "")
            #expect(nameless.status == .unauthorized)
            for _ in 0..<4 { _ = try await Self.join(client, code: wrong) }
            // Five wrong codes: now even the right one is not checked.
            let limited = try await Self.join(client, code: code)
            #expect(limited.status == .tooManyRequests)
            #expect(limited.headers[.retryAfter].flatMap { Int($0) } ?? 0 > 0)
            #expect(Self.text(limited).contains("間違いが続いたため"))
            BoardRouteTests.expectSecurityHeaders(limited)
            #expect(desk.waiting().isEmpty)
            // Tokens from the same address are not checked either.
            let token = try await client.execute(uri: "/?token=\(BoardFixture.token.value)", method: .get)
            #expect(token.status == .tooManyRequests)
            // The laptop's session still works.
            #expect(try await client.execute(uri: "/devices", method: .get, headers: laptop.headers).status == .ok)
        }
    }

    @Test func wrongTokensAreSlowedDown() async throws {
        let f = try BoardFixture()
        defer { f.cleanUp() }
        try await f.application().test(.router) { client in
            for _ in 0..<5 {
                let wrong = try await client.execute(uri: "/?token=wrong-token-0123456789012345678901234", method: .get)
                #expect(wrong.status == .unauthorized)
            }
            let right = try await client.execute(uri: "/?token=\(BoardFixture.token.value)", method: .get)
            #expect(right.status == .tooManyRequests)
            let bearer = try await client.execute(uri: "/api/status", method: .get, headers: BoardRouteTests.bearer)
            #expect(bearer.status == .tooManyRequests)
        }
    }

    @Test func codesExpireAndRejectedOrStaleRequestsGetNothing() async throws {
        let f = try BoardFixture()
        defer { f.cleanUp() }
        try f.declare()
        let time = TestClock()
        let desk = PairingDesk(clock: time.clock)
        try await Self.application(f, desk).test(.router) { client in
            let laptop = try await BoardFormTests.open(client)
            // Five minutes after it was shown, the code is refused.
            let stale = desk.currentCode().digits
            time.advance(301)
            #expect(try await Self.join(client, code: stale).status == .unauthorized)
            // A request the laptop rejects gets no session.
            let joined = try await Self.join(client, code: desk.currentCode().digits, who: "誰か", device: "待合室のスマホ")
            let join = try #require(Self.cookie(BoardPairing.joinCookie, joined))
            let list = Self.text(try await client.execute(uri: "/devices", method: .get, headers: laptop.headers))
            #expect(list.contains("誰か（待合室のスマホ）"))
            let fields = ["handle": try BoardFormTests.hidden("handle", in: list), "csrf": try BoardFormTests.hidden("csrf", in: list)]
            #expect(try await Self.postForm(client, "/devices/reject", fields, cookie: laptop.cookie).status == .seeOther)
            let after = try await client.execute(uri: "/pair/wait", method: .get, headers: [.cookie: join])
            #expect(after.status == .unauthorized)
            #expect(Self.cookie(SessionMiddleware.cookieName, after) == nil)
            #expect(Self.text(after).contains("承認されなかったか"))
            // Approving it afterwards does nothing.
            #expect(try await Self.postForm(client, "/devices/approve", fields, cookie: laptop.cookie).status == .seeOther)
            #expect(try await client.execute(uri: "/pair/wait", method: .get, headers: [.cookie: join]).status == .unauthorized)
            // A request never decided expires.
            let late = try await Self.join(client, code: desk.currentCode().digits, device: "病棟iPad")
            let lateJoin = try #require(Self.cookie(BoardPairing.joinCookie, late))
            time.advance(desk.requestLifetime)
            #expect(try await client.execute(uri: "/pair/wait", method: .get, headers: [.cookie: lateJoin]).status == .unauthorized)
            // A guessed join cookie is nothing.
            #expect(try await client.execute(uri: "/pair/wait", method: .get, headers: [.cookie: "incident_join=guess"]).status == .unauthorized)
        }
    }

    @Test func theJoinSheetCarriesTheAddressAndNoSecret() async throws {
        let f = try BoardFixture()
        defer { f.cleanUp() }
        let desk = PairingDesk(clock: BoardFixture.clock)
        try await Self.application(f, desk).test(.router) { client in
            let laptop = try await BoardFormTests.open(client)
            let r = try await client.execute(uri: "/join-sheet", method: .get, headers: laptop.headers)
            #expect(r.status == .ok)
            let sheet = Self.text(r)
            #expect(sheet.contains("http://127.0.0.1:80/"))
            #expect(sheet.contains("<svg"))
            #expect(sheet.contains("秘密の情報はありません"))
            #expect(!sheet.contains(BoardFixture.token.value))
            #expect(!sheet.contains(desk.currentCode().digits))
            #expect(!sheet.contains(String(laptop.cookie.split(separator: "=")[1])))
            BoardRouteTests.expectSecurityHeaders(r)
            let english = Self.text(try await client.execute(uri: "/join-sheet?lang=en", method: .get, headers: laptop.headers))
            #expect(english.contains("Join the incident board"))
        }
    }
}
