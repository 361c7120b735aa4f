import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import IncidentKit
import Testing

@testable import IncidentBoard

/// What a page offers depends on where it works: 「端末を追加」 only on the
/// laptop (phones that joined are refused by `/devices`), and with nothing
/// declared the first page points to the declaration form below it.
@Suite struct BoardLaptopOnlyTests {
    static func text(_ r: TestResponse) -> String { String(buffer: r.body) }

    @Test func addADeviceIsOfferedOnTheLaptopOnlyNeverToAJoinedPhone() async throws {
        let f = try BoardFixture()
        defer { f.cleanUp() }
        try f.declare()
        let desk = PairingDesk(clock: BoardFixture.clock)
        try await BoardPairingTests.application(f, desk).test(.router) { client in
            let laptop = try await BoardFormTests.open(client)
            for path in ["/", "/timeline", "/record", "/recovery"] {
                let page = Self.text(try await client.execute(uri: path, method: .get, headers: laptop.headers))
                #expect(page.contains("<a href=\"/devices\">端末を追加</a>"), "the laptop's \(path)")
            }
            let en = Self.text(try await client.execute(uri: "/?lang=en", method: .get, headers: laptop.headers))
            #expect(en.contains("<a href=\"/devices?lang=en\">Add a device</a>"))

            // A phone joins (code, then the laptop's approval).
            let code = desk.currentCode().digits
            let joined = try await BoardPairingTests.join(client, code: code)
            let join = try #require(BoardPairingTests.cookie(BoardPairing.joinCookie, joined))
            let list = Self.text(try await client.execute(uri: "/devices", method: .get, headers: laptop.headers))
            let approved = try await BoardPairingTests.postForm(
                client, "/devices/approve", ["handle": try BoardFormTests.hidden("handle", in: list), "csrf": try BoardFormTests.hidden("csrf", in: list)],
                cookie: laptop.cookie)
            #expect(approved.status == .seeOther)
            let admitted = try await client.execute(uri: "/pair/wait", method: .get, headers: [.cookie: join])
            let phone = try #require(BoardPairingTests.cookie(SessionMiddleware.cookieName, admitted))

            // The phone's pages work, but none links to what would refuse it.
            for path in ["/", "/?lang=en", "/timeline", "/record", "/recovery", "/guide"] {
                let r = try await client.execute(uri: path, method: .get, headers: [.cookie: phone])
                #expect(r.status == .ok, "\(path)")
                #expect(!Self.text(r).contains("href=\"/devices"), "a joined phone's \(path)")
                #expect(Self.text(r).contains("href=\"/timeline"), "the other links stay on \(path)")
            }
            #expect(try await client.execute(uri: "/devices", method: .get, headers: [.cookie: phone]).status == .forbidden)
            // Nor a page shown without a session (the 401 with the code entry).
            #expect(!Self.text(try await client.execute(uri: "/", method: .get)).contains("href=\"/devices"))
            // The laptop still has it.
            #expect(Self.text(try await client.execute(uri: "/", method: .get, headers: laptop.headers)).contains("href=\"/devices\""))
        }
    }

    static func expectDeclare(_ page: String, _ words: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        for w in words { #expect(page.contains(w), "\(w)", sourceLocation: sourceLocation) }
        #expect(page.contains("action=\"/declare"), sourceLocation: sourceLocation)
        // Declaring from the board exists: no page says it comes later or sends people to a terminal.
        for stale in ["今後追加", "comes later", "ノートPCで行います", "declare on the laptop", "incident declare"] {
            #expect(!page.contains(stale), "\(stale)", sourceLocation: sourceLocation)
        }
    }

    @Test func withNothingDeclaredThePagePointsToTheDeclarationFormBelow() async throws {
        let f = try BoardFixture()
        defer { f.cleanUp() }
        try await f.application().test(.router) { client in
            // No store at all.
            for path in ["/", "/guide", "/timeline"] {
                let ja = Self.text(try await client.execute(uri: path, method: .get, headers: BoardRouteTests.bearer))
                Self.expectDeclare(ja, ["記録はまだありません", "下の「宣言する」を押すと記録が始まり", ">宣言する</button>"])
            }
            let en = Self.text(try await client.execute(uri: "/?lang=en", method: .get, headers: BoardRouteTests.bearer))
            Self.expectDeclare(en, ["No record exists yet", "Tap &quot;Declare&quot; below", ">Declare</button>"])
        }
        // A store with no incident (only a profile).
        let store = try EventStore(path: f.dbPath, create: true, clock: BoardFixture.clock)
        try store.importProfile(try BoardFixture.profile())
        try await f.application().test(.router) { client in
            let ja = Self.text(try await client.execute(uri: "/", method: .get, headers: BoardRouteTests.bearer))
            Self.expectDeclare(ja, ["宣言されたインシデントはありません", "下の「宣言する」から宣言してください"])
            let en = Self.text(try await client.execute(uri: "/leak?lang=en", method: .get, headers: BoardRouteTests.bearer))
            Self.expectDeclare(en, ["No incident has been declared", "declare with &quot;Declare&quot; below"])
        }
    }
}
