import Foundation

/// Slows down guessing: after `limit` wrong attempts (a pairing code, the
/// session token) from one client address within `window`, that address is
/// refused until its oldest counted failure is older than `window`.
public struct AttemptLimiter: Sendable {
    public let limit: Int
    public let window: TimeInterval
    private var failures: [String: [Date]] = [:]

    public init(limit: Int = 5, window: TimeInterval = 600) {
        self.limit = limit
        self.window = window
    }

    /// Seconds `client` must wait before its next attempt is even checked; nil when it may try now.
    public func retryAfter(_ client: String, now: Date) -> Int? {
        let recent = (failures[client] ?? []).filter { now.timeIntervalSince($0) < window }
        guard recent.count >= limit, let oldest = recent.first else { return nil }
        return max(1, Int((oldest.addingTimeInterval(window).timeIntervalSince(now)).rounded(.up)))
    }

    /// Counts a wrong attempt by `client` (old ones are forgotten, so memory stays small).
    public mutating func failed(_ client: String, now: Date) {
        failures[client, default: []].append(now)
        for (key, dates) in failures {
            let recent = dates.filter { now.timeIntervalSince($0) < window }
            failures[key] = recent.isEmpty ? nil : recent
        }
    }
}
