import Foundation
import IncidentKit
import Synchronization

/// One browser's session: opened when the start line's token is redeemed, held
/// by its own random cookie. It carries the CSRF token every form must send
/// back, the person's name and the device's label once given (asked at the
/// device's first write), and the one-time keys of the forms already used.
struct DeviceSession: Sendable, Equatable {
    /// The cookie's value (a secret of its own, never the start line's token).
    let id: SessionToken
    /// Sent back by every form of this session; a page of another site cannot know it.
    let csrf: SessionToken
    /// Who writes from this device, once they have said.
    var actor: BoardActor?
}

/// Every open session of this board, in memory: a restart asks for the token again.
final class DeviceSessions: Sendable {
    private struct State {
        var sessions: [String: DeviceSession] = [:]
        /// Form keys already used, per session (a double tap or a reload appends once).
        var usedKeys: [String: Set<String>] = [:]
    }
    private let state = Mutex(State())
    /// The session of `Authorization: Bearer` requests (scripts, tests).
    let bearer: DeviceSession

    init() {
        bearer = DeviceSession(id: .random(), csrf: .random(), actor: nil)
        state.withLock { $0.sessions[bearer.id.value] = bearer }
    }

    /// A new session for a browser that redeemed the token.
    func open() -> DeviceSession {
        let session = DeviceSession(id: .random(), csrf: .random(), actor: nil)
        state.withLock { $0.sessions[session.id.value] = session }
        return session
    }

    /// The session a cookie names (compared in constant time), if any.
    func session(cookie: String) -> DeviceSession? {
        state.withLock { s in s.sessions.values.first { $0.id.matches(cookie) } }
    }

    /// The session as it is now (its actor may have been set since the request began).
    func current(_ id: SessionToken) -> DeviceSession? {
        state.withLock { $0.sessions[id.value] }
    }

    /// Ends a session: its cookie opens nothing any more.
    func revoke(_ id: SessionToken) {
        state.withLock {
            $0.sessions[id.value] = nil
            $0.usedKeys[id.value] = nil
        }
    }

    /// Keeps who writes from this device.
    func setActor(_ actor: BoardActor, for id: SessionToken) {
        state.withLock { $0.sessions[id.value]?.actor = actor }
    }

    /// Claims form key `key` for session `id`: true the first time only.
    func claim(_ key: String, for id: SessionToken) -> Bool {
        state.withLock { $0.usedKeys[id.value, default: []].insert(key).inserted }
    }

    /// Gives a key back when its write was refused, so the corrected form can be sent again.
    func release(_ key: String, for id: SessionToken) {
        _ = state.withLock { $0.usedKeys[id.value]?.remove(key) }
    }
}
