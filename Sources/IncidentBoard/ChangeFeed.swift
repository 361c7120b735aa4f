import Foundation
import IncidentKit
import Synchronization

/// Tells every open event stream when the store changed, whoever wrote it (this
/// board, another browser, the CLI in another process): one task, shared by all
/// streams, reads the store's change mark (`PRAGMA data_version` and
/// `total_changes()`, no table read) every `interval`, and runs only while a
/// stream is open.
final class ChangeFeed: Sendable {
    typealias Mark = StoreChangeMark?

    private struct State {
        var subscribers: [UUID: AsyncStream<Int>.Continuation] = [:]
        var poller: Task<Void, Never>?
        var generation = 0
    }
    private let state = Mutex(State())
    private let reader: BoardReader
    let interval: Duration

    /// What streams receive when nothing changed for `heartbeatEvery` polls
    /// (about 15 s, whatever the interval): a sign of life.
    static let heartbeat = 0
    let heartbeatEvery: Int

    /// Polls every `interval`: the mark is one pragma, so a short interval costs
    /// little, and it bounds how late an open page learns of a write.
    init(reader: BoardReader, interval: Duration = .milliseconds(50)) {
        self.reader = reader
        self.interval = interval
        heartbeatEvery = max(1, Int((Duration.seconds(15) / interval).rounded()))
    }

    /// A stream of change counts (1, 2, …) that ends when the caller stops iterating.
    func changes() -> AsyncStream<Int> {
        let id = UUID()
        let (stream, continuation) = AsyncStream.makeStream(of: Int.self, bufferingPolicy: .bufferingNewest(8))
        continuation.onTermination = { [weak self] _ in self?.unsubscribe(id) }
        // The mark as of subscribing, read now: a write right after this call is a change.
        let start = mark()
        state.withLock { s in
            s.subscribers[id] = continuation
            if s.poller == nil { s.poller = Task { [weak self] in await self?.poll(from: start) } }
        }
        return stream
    }

    private func unsubscribe(_ id: UUID) {
        let poller: Task<Void, Never>? = state.withLock { s in
            s.subscribers[id] = nil
            guard s.subscribers.isEmpty else { return nil }
            defer { s.poller = nil }
            return s.poller
        }
        poller?.cancel()
    }

    /// The number of streams open now.
    var subscriberCount: Int { state.withLock { $0.subscribers.count } }

    private func poll(from start: Mark) async {
        var last = start
        var quiet = 0
        while !Task.isCancelled {
            do { try await Task.sleep(for: interval) } catch { return }
            let now = mark()
            guard now != last else {
                quiet += 1
                if quiet >= heartbeatEvery {
                    quiet = 0
                    for c in state.withLock({ Array($0.subscribers.values) }) { c.yield(Self.heartbeat) }
                }
                continue
            }
            quiet = 0
            last = now
            let subscribers = state.withLock { s in
                s.generation += 1
                return (s.generation, Array(s.subscribers.values))
            }
            for c in subscribers.1 { c.yield(subscribers.0) }
        }
    }

    /// The store's mark, nil while there is no store (its creation is then a change).
    private func mark() -> Mark {
        guard let store = try? reader.store() else { return nil }
        return try? store.changeMark()
    }
}
