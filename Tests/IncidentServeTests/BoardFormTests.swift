import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import IncidentKit
import Testing

@testable import IncidentBoard

/// The board's forms in process: each posts, checks the session's CSRF token
/// and its one-time key, calls one intent, and redirects; a refusal shows the
/// form again with what was typed and the error beside the field.
@Suite struct BoardFormTests {
    typealias Client = any TestClientProtocol

    /// A browser's session: its cookie, opened by the start line's token.
    struct Browser {
        let cookie: String
        var headers: HTTPFields { [.cookie: cookie] }
    }

    static func open(_ client: Client) async throws -> Browser {
        let r = try await client.execute(uri: "/?token=\(BoardFixture.token.value)", method: .get)
        let cookie = try #require(r.headers[.setCookie]?.split(separator: ";").first.map(String.init))
        return Browser(cookie: cookie)
    }

    /// The value of the first `name="NAME" value="…"` on a page.
    static func hidden(_ name: String, in page: String) throws -> String {
        let marker = "name=\"\(name)\" value=\""
        let start = try #require(page.range(of: marker), "no \(name) on the page: \(page.prefix(3000))").upperBound
        let end = try #require(page[start...].firstIndex(of: "\""))
        return String(page[start..<end])
    }

    static func encode(_ fields: [String: String]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return fields.map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: allowed)!)" }.sorted().joined(separator: "&")
    }

    /// Gets `page`, takes its CSRF token and first form key, and posts `fields` to `path`.
    static func post(
        _ client: Client, _ browser: Browser, _ path: String, from page: String = "/", _ fields: [String: String], csrf: String? = nil, key: String? = nil
    ) async throws -> TestResponse {
        let form = String(buffer: try await client.execute(uri: page, method: .get, headers: browser.headers).body)
        var all = fields
        all["csrf"] = try csrf ?? hidden("csrf", in: form)
        all["key"] = try key ?? hidden("key", in: form)
        var headers = browser.headers
        headers[.contentType] = "application/x-www-form-urlencoded"
        return try await client.execute(uri: path, method: .post, headers: headers, body: ByteBuffer(string: encode(all)))
    }

    static let who = ["who": "田中", "device": "受付iPhone"]

    static func events(_ f: BoardFixture) throws -> [Event] {
        let store = try EventStore(path: f.dbPath, create: false, clock: BoardFixture.clock)
        return try store.events(of: try store.resolveIncident(nil, fallbackToLatest: true))
    }

    @Test func withNothingOpenTheFirstPageDeclaresAndTheNameAndDeviceAreRecorded() async throws {
        let f = try BoardFixture()
        defer { f.cleanUp() }
        try await f.application().test(.router) { client in
            let b = try await Self.open(client)
            let page = String(buffer: try await client.execute(uri: "/", method: .get, headers: b.headers).body)
            #expect(page.contains("action=\"/declare\""))
            #expect(page.contains("name=\"who\""), "the name is asked at the device's first write")
            let r = try await Self.post(client, b, "/declare", Self.who.merging(["summary": "受付の電子カルテが開かない", "at": "2026-11-25T09:30"]) { $1 })
            #expect(r.status == .seeOther)
            #expect(r.headers[.location] == "/")
            BoardRouteTests.expectSecurityHeaders(r)
            let events = try Self.events(f)
            #expect(events.count == 1)
            #expect(events[0].actor == "田中（受付iPhone・ボード）")
            #expect(BoardActor.parse(events[0].actor) == (try BoardActor(name: "田中", device: "受付iPhone")))
            #expect(events[0].declared?.summary == "受付の電子カルテが開かない")
            #expect(Timestamp.utc(events[0].occurredAt) == "2026-11-25T00:30:00.000Z", "実際の時刻 in the facility's zone")
            // The store was made private, and the new incident is current as after the CLI's declare.
            let mode = try FileManager.default.attributesOfItem(atPath: f.dbPath)[.posixPermissions] as? Int
            #expect(mode == 0o600)
            #expect(LocalSettings.load(store: f.dbPath).currentIncident == events[0].incidentID)
            // The name is kept with the session: the board no longer asks for it.
            let board = String(buffer: try await client.execute(uri: "/", method: .get, headers: b.headers).body)
            #expect(board.contains(events[0].incidentID))
            #expect(!board.contains("name=\"who\""))
        }
    }

    @Test func aNoteIsRecordedOnceHoweverOftenItsFormIsSent() async throws {
        let f = try BoardFixture()
        defer { f.cleanUp() }
        try f.declare()
        try await f.application().test(.router) { client in
            let b = try await Self.open(client)
            let before = try Self.events(f).count
            let page = String(buffer: try await client.execute(uri: "/record", method: .get, headers: b.headers).body)
            let csrf = try Self.hidden("csrf", in: page), key = try Self.hidden("key", in: page)
            let fields = Self.who.merging(["text": "3台で身代金要求画面"]) { $1 }
            for _ in 0..<3 {
                let r = try await Self.post(client, b, "/record", fields, csrf: csrf, key: key)
                #expect(r.status == .seeOther, "a reload or a double tap lands on the board, as the first did")
            }
            let events = try Self.events(f)
            #expect(events.count == before + 1)
            #expect(events.last?.actor == "田中（受付iPhone・ボード）")
            if case .note(let n) = events.last?.body { #expect(n.text == "3台で身代金要求画面") } else { Issue.record("not a note") }
            // A new form (a new key) appends again.
            let again = try await Self.post(client, b, "/record", from: "/record", ["text": "2件目"])
            #expect(again.status == .seeOther)
            #expect(try Self.events(f).count == before + 2)
        }
    }

    @Test func aPostWithoutTheSessionsCSRFTokenIsRefusedAndNothingIsRecorded() async throws {
        let f = try BoardFixture()
        defer { f.cleanUp() }
        try f.declare()
        try await f.application().test(.router) { client in
            let b = try await Self.open(client)
            let other = try await Self.open(client)
            let otherPage = String(buffer: try await client.execute(uri: "/record", method: .get, headers: other.headers).body)
            let before = try Self.events(f).count
            let fields = Self.who.merging(["text": "外部からの書き込み"]) { $1 }
            let forged = try await Self.post(client, b, "/record", from: "/record", fields, csrf: "wrong-csrf-token-0123456789abcdefghijklmnop")
            #expect(forged.status == .forbidden)
            BoardRouteTests.expectSecurityHeaders(forged)
            #expect(String(buffer: forged.body).contains("この送信は受け付けられません"))
            // Another session's token is no better.
            let crossed = try await Self.post(client, b, "/record", from: "/record", fields, csrf: try Self.hidden("csrf", in: otherPage))
            #expect(crossed.status == .forbidden)
            // Without any token, or without a form key.
            var headers = b.headers
            headers[.contentType] = "application/x-www-form-urlencoded"
            let bare = try await client.execute(uri: "/record", method: .post, headers: headers, body: ByteBuffer(string: Self.encode(fields)))
            #expect(bare.status == .forbidden)
            let page = String(buffer: try await client.execute(uri: "/record", method: .get, headers: b.headers).body)
            var noKey = fields
            noKey["csrf"] = try Self.hidden("csrf", in: page)
            let keyless = try await client.execute(uri: "/record", method: .post, headers: headers, body: ByteBuffer(string: Self.encode(noKey)))
            #expect(keyless.status == .forbidden)
            // Without the session at all: 401.
            let anonymous = try await client.execute(
                uri: "/record", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"], body: ByteBuffer(string: Self.encode(fields)))
            #expect(anonymous.status == .unauthorized)
            #expect(try Self.events(f).count == before)
        }
    }

    @Test func aRefusedNoteComesBackWithWhatWasTypedAndTheErrorBesideTheField() async throws {
        let f = try BoardFixture()
        defer { f.cleanUp() }
        try f.declare()
        try await f.application().test(.router) { client in
            let b = try await Self.open(client)
            let before = try Self.events(f).count
            let r = try await Self.post(client, b, "/record", from: "/record", Self.who.merging(["text": "   ", "at": "2026-11-25T09:40"]) { $1 })
            #expect(r.status == .unprocessableContent)
            BoardRouteTests.expectSecurityHeaders(r)
            let page = String(buffer: r.body)
            #expect(page.contains("id=\"e-text-"), "the error is beside the text box")
            #expect(page.contains("「記録する内容」"), "the field is named by its label")
            // The words of the page (random form keys and tokens may hold "--", the stylesheet its custom properties).
            let words = page.replacingOccurrences(of: BoardStyle.element, with: "")
                .replacingOccurrences(of: #"(value|content|href|action|src|data-[a-z-]+)="[^"]*""#, with: "", options: .regularExpression)
            #expect(!words.contains("--"), "no CLI flag in a board message")
            #expect(page.contains("value=\"2026-11-25T09:40\""), "the time typed is kept")
            #expect(page.contains("value=\"田中\""), "the name typed is kept")
            #expect(try Self.events(f).count == before)
            // A missing name: the error is beside the name, and the note typed is kept.
            let anonymous = try await Self.post(client, b, "/record", from: "/record", ["text": "名前なしの記録 <b>", "device": "受付iPhone"])
            #expect(anonymous.status == .unprocessableContent)
            let second = String(buffer: anonymous.body)
            #expect(second.contains("id=\"e-who-"))
            #expect(second.contains("名前なしの記録 &lt;b&gt;"), "what was typed comes back, escaped")
            // A time that cannot be read: beside 実際の時刻.
            let badTime = try await Self.post(client, b, "/record", from: "/record", Self.who.merging(["text": "記録", "at": "昨日"]) { $1 })
            #expect(badTime.status == .unprocessableContent)
            #expect(String(buffer: badTime.body).contains("id=\"e-at-"))
            #expect(try Self.events(f).count == before)
        }
    }

    @Test func aCallIsRecordedInOneTapAndAnAttemptNeverLooksLikeReached() async throws {
        let f = try BoardFixture()
        defer { f.cleanUp() }
        try f.declare()
        try await f.application().test(.router) { client in
            let b = try await Self.open(client)
            let board = String(buffer: try await client.execute(uri: "/", method: .get, headers: b.headers).body)
            #expect(board.contains("href=\"tel:0300000002\""))
            #expect(board.contains("class=\"reached\">つながった（話せた）"))
            #expect(board.contains("class=\"attempt\">出なかった"))
            #expect(board.contains("class=\"attempt\">伝言を残した"))
            let r = try await Self.post(client, b, "/contact", Self.who.merging(["role": "security-officer", "outcome": "no-answer"]) { $1 })
            #expect(r.status == .seeOther)
            guard case .contact(let c) = try Self.events(f).last?.body else { Issue.record("not a contact"); return }
            #expect(c.role == "security-officer")
            #expect(c.outcome == .noAnswer)
            #expect(c.channel == "phone")
        }
    }

    @Test func impactsStepsAnswersAndSubmissionsEachCallOneIntent() async throws {
        let f = try BoardFixture()
        defer { f.cleanUp() }
        try f.declare()
        try await f.application().test(.router) { client in
            let b = try await Self.open(client)
            var r = try await Self.post(client, b, "/impact", Self.who.merging(["target": "レセコン", "status": "degraded", "note": "印刷のみ不可"]) { $1 })
            #expect(r.status == .seeOther)
            guard case .impact(let i) = try Self.events(f).last?.body else { Issue.record("not an impact"); return }
            #expect(i.target == "レセコン")
            #expect(i.status == .degraded)
            #expect(i.note == "印刷のみ不可")

            // The next action is a button that does it: the call step 1 is waiting for
            // (calls come before finishing a step, DOMAIN §5), with its one-tap outcomes.
            let board = String(buffer: try await client.execute(uri: "/", method: .get, headers: b.headers).body)
            #expect(board.contains("action=\"/contact\""), "\(board)")
            r = try await Self.post(client, b, "/answer", from: "/answer?question=ransom-note-visible", ["question": "ransom-note-visible", "value": "たぶん"])
            #expect(r.status == .unprocessableContent)
            #expect(String(buffer: r.body).contains("id=\"e-value-"))
            r = try await Self.post(client, b, "/answer", from: "/answer?question=ransom-note-visible", ["question": "ransom-note-visible", "value": "yes"])
            #expect(r.status == .seeOther)
            guard case .answer(let a) = try Self.events(f).last?.body else { Issue.record("not an answer"); return }
            #expect(a.question == "ransom-note-visible")
            #expect(a.value == "yes")

            r = try await Self.post(client, b, "/step", from: "/step?step=1", ["step": "confirm-anomaly", "do": "finish"])
            #expect(r.status == .seeOther)
            guard case .stepCompleted(let done) = try Self.events(f).last?.body else { Issue.record("not a step"); return }
            #expect(done.step == "confirm-anomaly")
            // Skipping needs a reason: refused beside 理由, then recorded with it.
            r = try await Self.post(client, b, "/step", from: "/step?step=4", ["step": "call-vendors", "do": "skip"])
            #expect(r.status == .unprocessableContent)
            #expect(String(buffer: r.body).contains("id=\"e-reason-"))
            r = try await Self.post(client, b, "/step", from: "/step?step=4", ["step": "call-vendors", "do": "skip", "reason": "保守契約なし"])
            #expect(r.status == .seeOther)

            // An attack suspected: reports become due; one the board lists is submitted from its own form.
            r = try await Self.post(client, b, "/answer", from: "/answer?question=attack-suspected", ["question": "attack-suspected", "value": "yes"])
            #expect(r.status == .seeOther)
            let listed = String(buffer: try await client.execute(uri: "/", method: .get, headers: b.headers).body)
            let kind = try Self.hidden("kind", in: listed)
            r = try await Self.post(client, b, "/submit", from: "/submit?kind=\(kind)", ["kind": kind, "channel": "phone", "ref": "受付12"])
            #expect(r.status == .seeOther)
            guard case .submitted(let s) = try Self.events(f).last?.body else { Issue.record("not a submission"); return }
            #expect(s.kind == kind)
            #expect(s.channel == .phone)
            #expect(s.ref == "受付12")
            #expect(try Self.events(f).allSatisfy { $0.seq == 1 || $0.actor != "田中（受付iPhone・ボード）" || BoardActor.parse($0.actor) != nil })
        }
    }

    @Test func thePhonesFirstScreenHasTheBannerTheDontsTheCallAndTheRecordBox() async throws {
        let f = try BoardFixture()
        defer { f.cleanUp() }
        try f.declare()
        try await f.application().test(.router) { client in
            let b = try await Self.open(client)
            let page = String(buffer: try await client.execute(uri: "/", method: .get, headers: b.headers).body)
            #expect(page.contains("ここは電子カルテではありません。患者さんの氏名・病名は書かないでください"))
            for dont in BoardText.ja.donts { #expect(page.contains(Self.escapedText(dont))) }
            #expect(page.contains("class=\"call big\" href=\"tel:"))
            #expect(page.contains("action=\"/record\""))
            #expect(page.contains("<script src=\"/static/board.js\" defer></script>"))
            #expect(!page.contains("<script>"), "no inline script")
            #expect(page.contains("id=\"updated\""))
            let script = try await client.execute(uri: "/static/board.js", method: .get, headers: b.headers)
            #expect(script.status == .ok)
            #expect(script.headers[.contentType]?.hasPrefix("text/javascript") == true)
            #expect(String(buffer: script.body).contains("new EventSource(\"/events\")"))
            let en = String(buffer: try await client.execute(uri: "/?lang=en", method: .get, headers: b.headers).body)
            #expect(en.contains("action=\"/record?lang=en\""))
        }
    }

    static func escapedText(_ s: String) -> String { BoardRouteTests.escaped(s) }

    @Test func theStoreTheBoardWritesThroughIsFullySynchronous() async throws {
        let f = try BoardFixture()
        defer { f.cleanUp() }
        try f.declare()
        let configuration = f.configuration()
        let reader = BoardReader(configuration: configuration)
        let store = try #require(try reader.store())
        #expect(try store.synchronousSetting() == 2, "synchronous=FULL: an acknowledged event survives a power cut")
        try await f.application().test(.router) { client in
            let b = try await Self.open(client)
            _ = try await Self.post(client, b, "/record", from: "/record", Self.who.merging(["text": "記録"]) { $1 })
        }
        let created = try BoardReader(configuration: f.configuration()).createStore()
        #expect(try created.synchronousSetting() == 2)
    }
}
