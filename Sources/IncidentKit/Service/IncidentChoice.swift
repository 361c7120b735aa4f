import Foundation

/// Which incident a command acts on, with one rule for every front end:
/// an explicit id (the CLI's `--incident`), else the environment's
/// (`INCIDENT_ID`), else the store's current incident while it is open, else the
/// one open incident. A drill is never chosen unless named or asked for.
///
/// While a drill and a real incident are both open, a command that acts on one
/// incident and names none is refused, naming both: a drill must never write
/// into the real record (a drill's own hint followed without `--incident`),
/// and the real incident being current because it was declared last does not
/// settle it. Only an explicit id, the environment's, or a current incident
/// chosen (`use`) after the drill started settles it.
public struct IncidentChoice: Sendable, Equatable {
    /// The id the person named for this command.
    public var explicit: String?
    /// The id the environment names (a script's setting).
    public var environment: String?
    /// The store's current incident (`use`, or the latest real declaration).
    public var current: String?
    /// When a person chose `current` (`use`); nil when a declaration made it current.
    public var currentChosenAt: Date?

    /// The choice with the current incident the store's settings hold (and when a `use` chose it).
    public init(explicit: String? = nil, environment: String? = nil, settings: LocalSettings) {
        self.init(explicit: explicit, environment: environment, current: settings.currentIncident, currentChosenAt: settings.currentChosenAt)
    }

    public init(explicit: String? = nil, environment: String? = nil, current: String? = nil, currentChosenAt: Date? = nil) {
        func clean(_ s: String?) -> String? { s.map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 } }
        (self.explicit, self.environment, self.current) = (clean(explicit), clean(environment), clean(current))
        self.currentChosenAt = self.current == nil ? nil : currentChosenAt
    }

    /// What the incident is chosen for.
    public enum Purpose: Sendable, Equatable {
        /// A write: an open incident (a closed one is refused by the machine).
        case write
        /// A read: as a write, but the latest when none is open.
        case read
        /// A reopen: never guessed among several closed incidents, and never the current one by itself.
        case reopen
        /// A drill command: the one open drill, or the latest with `latest`.
        case drill(latest: Bool)
    }

    /// The incident chosen, and whether it is a guess: the latest of several
    /// closed incidents, which a reader should be told about.
    public struct Resolution: Sendable, Equatable {
        public var id: String
        public var guessedAmongClosed: Bool
    }

    /// The id named (explicitly or by the environment), or the current incident
    /// while it is open; nil to let the store pick the one open incident. A
    /// closed current incident is never picked, so a duplicate declared by
    /// mistake and closed cannot become the target unnoticed.
    public func named(in store: EventStore, useCurrent: Bool = true) throws(IncidentError) -> String? {
        if let explicit { return explicit }
        if let environment { return environment }
        guard useCurrent, let current else { return nil }
        guard let head = try store.incidents().first(where: { $0.id == current }), head.isOpen else { return nil }
        return head.id
    }

    /// The incident to act on for `purpose`.
    public func resolve(in store: EventStore, for purpose: Purpose) throws(IncidentError) -> Resolution {
        switch purpose {
        case .write:
            if let settled = try drillOrReal(in: store) { return Resolution(id: settled, guessedAmongClosed: false) }
            return Resolution(id: try store.resolveIncident(try named(in: store)), guessedAmongClosed: false)
        case .read:
            if let settled = try drillOrReal(in: store) { return Resolution(id: settled, guessedAmongClosed: false) }
            let chosen = try named(in: store)
            let id = try store.resolveIncident(chosen, fallbackToLatest: true)
            var guessed = false
            if chosen == nil {
                let all = try store.incidents()
                guessed = all.count > 1 && all.allSatisfy { !$0.isOpen }
            }
            return Resolution(id: id, guessedAmongClosed: guessed)
        case .reopen:
            let chosen = try named(in: store, useCurrent: false)
            if chosen == nil {
                // Never guess which closed incident to reopen: a duplicate declared by
                // mistake and closed is "latest" too.
                let all = try store.incidents()
                let closed = all.filter { !$0.isOpen }
                if all.allSatisfy({ !$0.isOpen }), closed.count > 1 { throw .ambiguousClosedIncident(closed.map(\.id)) }
            }
            return Resolution(id: try store.resolveIncident(chosen, fallbackToLatest: true), guessedAmongClosed: false)
        case .drill(let latest):
            return Resolution(id: try store.resolveIncident(explicit, fallbackToLatest: latest, scope: .drills), guessedAmongClosed: false)
        }
    }

    /// With a drill and a real incident both open and no id named: the current
    /// incident when a person chose it after the latest open drill started, else
    /// a refusal naming both. Nil when the rule does not apply (an id is named,
    /// or not both kinds are open).
    func drillOrReal(in store: EventStore) throws(IncidentError) -> String? {
        guard explicit == nil, environment == nil else { return nil }
        let open = try store.incidents(.all).filter(\.isOpen)
        let drills = open.filter(\.isDrill)
        let real = open.filter { !$0.isDrill }
        guard !drills.isEmpty, !real.isEmpty else { return nil }
        if let current, let chosenAt = currentChosenAt, open.contains(where: { $0.id == current }) {
            var started: Date = .distantPast
            for d in drills { started = max(started, try store.startedAt(of: d.id) ?? .distantFuture) }
            if chosenAt > started { return current }
        }
        throw .drillAndRealOpen(real: real.map(\.id), drills: drills.map(\.id))
    }
}
