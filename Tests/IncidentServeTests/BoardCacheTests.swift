import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import IncidentKit
import Testing

@testable import IncidentBoard

/// The board keeps checked state between requests (IncidentKit's `StateCache`):
/// a page never shows stale state after a write from anywhere, and a row edited
/// between two requests is refused as it was without the cache.
@Suite struct BoardCacheTests {
    static func page(_ client: BoardFormTests.Client) async throws -> (HTTPResponse.Status, String) {
        let r = try await client.execute(uri: "/", method: .get, headers: BoardRouteTests.bearer)
        return (r.status, String(buffer: r.body))
    }

    @Test func aWriteFromAnotherProcessShowsOnTheNextPage() async throws {
        let f = try BoardFixture()
        defer { f.cleanUp() }
        let id = try f.declare()
        try await f.application().test(.router) { client in
            let (status, first) = try await Self.page(client)
            #expect(status == .ok)
            #expect(!first.contains("別の端末からの記録"))
            // The CLI in another process: its own store, its own connection.
            let cli = try EventStore(path: f.dbPath, create: false, clock: BoardFixture.clock)
            try cli.append(EventDraft(actor: "鈴木", body: .note(.init(text: "別の端末からの記録"))), to: id)
            let (_, second) = try await Self.page(client)
            #expect(second.contains("別の端末からの記録"))
            #expect(second.contains("#5 "), "the paper head line names the new event")
        }
    }

    @Test func aFormPostShowsOnTheNextPageAndTheLogChecksOut() async throws {
        let f = try BoardFixture()
        defer { f.cleanUp() }
        let id = try f.declare()
        try await f.application().test(.router) { client in
            let browser = try await BoardFormTests.open(client)
            for i in 1...3 {
                var fields = BoardFormTests.who
                fields["text"] = "ボードからの記録 \(i)"
                let r = try await BoardFormTests.post(client, browser, "/record", fields)
                #expect(r.status == .seeOther)
                let page = String(buffer: try await client.execute(uri: "/", method: .get, headers: browser.headers).body)
                #expect(page.contains("ボードからの記録 \(i)"))
            }
            let store = try EventStore(path: f.dbPath, create: false, clock: BoardFixture.clock)
            #expect(try store.verify(id) == nil)
            #expect(try store.state(of: id).lastSeq == 7)
        }
    }

    @Test func aSnapshotEditedBetweenTwoPagesIsRefused() async throws {
        let f = try BoardFixture()
        defer { f.cleanUp() }
        try f.declare()
        try await f.application().test(.router) { client in
            #expect(try await Self.page(client).0 == .ok)
            try await DatabaseQueue(path: f.dbPath).write { db in try db.execute(sql: "UPDATE snapshot SET hash = 'x', seq = 3") }
            let (status, html) = try await Self.page(client)
            #expect(status == .internalServerError)
            #expect(!html.contains("3台で身代金要求画面"), "no state is shown from the edited store")
        }
    }

    @Test func anEventEditedBetweenTwoPagesIsRefused() async throws {
        let f = try BoardFixture()
        defer { f.cleanUp() }
        let id = try f.declare()
        try await f.application().test(.router) { client in
            #expect(try await Self.page(client).0 == .ok)
            try await DatabaseQueue(path: f.dbPath).write { db in
                try db.execute(sql: "DROP TRIGGER event_append_only_update")
                try db.execute(sql: "UPDATE event SET payload = '{\"text\":\"書き換え\"}' WHERE incident_id = ? AND seq = 2", arguments: [id])
            }
            #expect(try await Self.page(client).0 == .internalServerError)
        }
    }
}
