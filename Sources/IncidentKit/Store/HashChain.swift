import Crypto
import Foundation

/// The SHA-256 chain that makes the log tamper-evident.
///
/// Each event's hash is SHA-256 over the previous event's hash and the event's
/// canonical bytes: every stored field, length-prefixed so that no two events
/// share an encoding. Changing, removing, inserting or reordering any event
/// changes every hash after it.
public enum HashChain {
    /// The "previous hash" of an incident's first event.
    public static let genesis = String(repeating: "0", count: 64)

    /// The hash of one event given the previous hash and its stored fields.
    public static func hash(
        previous: String, incidentID: String, seq: Int64, occurredAt: String, recordedAt: String,
        actor: String, kind: String, payload: String
    ) -> String {
        var hasher = SHA256()
        hasher.update(data: Array("incident-event-v1\n".utf8))
        for field in [previous, incidentID, String(seq), occurredAt, recordedAt, actor, kind, payload] {
            let bytes = Array(field.utf8)
            hasher.update(data: Array("\(bytes.count):".utf8))
            hasher.update(data: bytes)
            hasher.update(data: [10])
        }
        return hex(hasher.finalize())
    }

    /// The hash of `event` recomputed from its fields and `previous`.
    public static func hash(of event: Event, previous: String) -> String {
        hash(
            previous: previous, incidentID: event.incidentID, seq: event.seq, occurredAt: Timestamp.utc(event.occurredAt),
            recordedAt: Timestamp.utc(event.recordedAt), actor: event.actor, kind: event.kind.rawValue, payload: event.payload)
    }

    private static let digits = Array("0123456789abcdef".utf8)

    static func hex<D: Sequence>(_ digest: D) -> String where D.Element == UInt8 {
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for byte in digest {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
