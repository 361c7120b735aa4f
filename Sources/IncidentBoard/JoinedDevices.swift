import Foundation
import IncidentKit

/// The phones that joined by pairing code, by session: the board lists them by
/// name and the laptop can revoke any. Sessions not listed here were opened
/// with the start line's token: the laptop's own.
final class JoinedDevices: @unchecked Sendable {
    struct Device: Sendable, Equatable {
        /// Public: names the device in the revoke form (never the cookie).
        let handle: String
        let session: SessionToken
        let person: String
        let device: String
        let client: String
        let joinedAt: Date
    }

    private let lock = NSLock()
    private var devices: [Device] = []

    func add(_ device: Device) { lock.withLock { devices.append(device) } }

    /// Whether `session` joined by pairing code (so it may not manage devices).
    func contains(_ session: SessionToken) -> Bool { lock.withLock { devices.contains { $0.session == session } } }

    var all: [Device] { lock.withLock { devices } }

    /// Forgets the device `handle`; its session, to revoke.
    func remove(handle: String) -> SessionToken? {
        lock.withLock {
            guard let i = devices.firstIndex(where: { $0.handle == handle }) else { return nil }
            return devices.remove(at: i).session
        }
    }
}
