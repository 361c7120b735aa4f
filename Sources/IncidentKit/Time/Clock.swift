import Foundation

/// Where the library gets "now" from. Injected so that tests and deadline
/// arithmetic are deterministic; the library never calls `Date()` itself.
public struct Clock: Sendable {
    private let nowProvider: @Sendable () -> Date

    public init(_ now: @escaping @Sendable () -> Date) {
        self.nowProvider = now
    }

    /// The current instant.
    public func now() -> Date { nowProvider() }

    /// The machine clock.
    public static let system = Clock { Date() }

    /// A clock that always answers `date`.
    public static func fixed(_ date: Date) -> Clock { Clock { date } }
}
