import Foundation
import Hummingbird
import HummingbirdTesting
import IncidentKit
import Testing

@testable import IncidentBoard

/// `/events`: an append from anywhere (here, as the CLI does it: another
/// `EventStore` on the same file, through IncidentKit) reaches an open stream.
@Suite struct LiveEventsTests {
    @Test func anAppendByAnotherWriterReachesAnOpenStreamWithinASecond() async throws {
        let f = try BoardFixture()
        defer { f.cleanUp() }
        let id = try f.declare()
        let configuration = f.configuration(port: 0)
        let hosts = AcceptedHosts(configuration.listen)
        let app = Application(
            router: BoardRoutes.router(configuration, hosts: hosts),
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in hosts.listening(on: ListenAddress(host: "127.0.0.1", port: channel.localAddress?.port ?? 0)) })
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let stream = try StreamClient(port: port, path: "/events", headers: ["Authorization": "Bearer \(BoardFixture.token.value)"])
            #expect(stream.read(until: ": open", timeout: 10), "\(stream.received)")
            #expect(stream.received.contains("text/event-stream"))
            // The CLI's way: its own connection to the same file.
            let cli = try EventStore(path: f.dbPath, create: false, clock: BoardFixture.clock)
            try IncidentService(store: cli, clock: BoardFixture.clock).record(.note("CLIからの記録"), on: id, by: "佐藤")
            // One poll (250 ms) plus a write: 0.16–0.23 s alone, but 2.6 s was seen with the
            // whole suite and four other builds on two shared cores, so the time is no unit
            // test's business (COMMON: speed goals in benchmarks only); the bound only keeps
            // a stream that never says `change` from hanging the suite.
            #expect(stream.read(until: "event: change", timeout: 15), "\(stream.received)")
        }
    }

    @Test func oneWatcherServesEveryStreamAndStopsWithTheLast() async throws {
        let f = try BoardFixture()
        defer { f.cleanUp() }
        let id = try f.declare()
        let feed = ChangeFeed(reader: BoardReader(configuration: f.configuration()), interval: .milliseconds(20))
        do {
            let a = feed.changes(), b = feed.changes()
            #expect(feed.subscriberCount == 2)
            try await Task.sleep(for: .milliseconds(100))
            let cli = try EventStore(path: f.dbPath, create: false, clock: BoardFixture.clock)
            try IncidentService(store: cli, clock: BoardFixture.clock).record(.note("記録"), on: id, by: "佐藤")
            var ia = a.makeAsyncIterator(), ib = b.makeAsyncIterator()
            #expect(await ia.next() == 1)
            #expect(await ib.next() == 1)
        }
        try await Task.sleep(for: .milliseconds(200))
        #expect(feed.subscriberCount == 0, "the watcher stops when no page is open")
    }
}
