import Foundation
import GRDB

/// The events before the snapshot, re-checked a window at a time.
///
/// A read or a write replays only the events after the latest snapshot (at most
/// `StateSnapshot.interval`), so an edit of an older event's row would go unseen
/// until `verify` or a full read. Each state read therefore also recomputes the
/// hashes and links of one window of `window` events before the snapshot: a log
/// whose snapshot follows at most `window` events (every incident a clinic has
/// ever had) is checked whole on every command; a longer one in turns, the
/// window moving with the log's length, so that consecutive writes cover all of
/// it in `ceil(snapshotSeq / window)` commands. The cost stays constant.
/// A rewrite that also fixes every later hash and the snapshot is `verify`'s
/// (and the outside anchors') to catch, as before.
enum SnapshotSweep {
    /// Events checked per command before the snapshot.
    static let window: Int64 = 256

    /// The events `turn` checks among the first `snapshotSeq`: all of them when
    /// they fit in one window, else window number `turn mod windows`.
    static func range(snapshotSeq: Int64, turn: Int64, window: Int64 = window) -> ClosedRange<Int64>? {
        guard snapshotSeq >= 1 else { return nil }
        guard snapshotSeq > window else { return 1...snapshotSeq }
        let windows = (snapshotSeq + window - 1) / window
        let start = (turn % windows) * window + 1
        return start...min(start + window - 1, snapshotSeq)
    }
}

extension EventStore {
    /// Whether the window of events before the snapshot that `turn` checks is
    /// intact: numbered without gaps, each linked to the one before it and its
    /// hash recomputed. False sends the caller to the full audit, which names
    /// the break.
    func sweepIntact(_ db: Database, _ id: String, snapshotSeq: Int64, turn: Int64) throws -> Bool {
        guard let range = SnapshotSweep.range(snapshotSeq: snapshotSeq, turn: turn) else { return true }
        // The event before the window gives the first link.
        var previous: String
        if range.lowerBound == 1 {
            previous = HashChain.genesis
        } else {
            guard
                let before = try String.fetchOne(
                    db, sql: "SELECT hash FROM event WHERE incident_id = ? AND seq = ?", arguments: [id, range.lowerBound - 1])
            else { return false }
            previous = before
        }
        var expected = range.lowerBound
        let cursor = try EventRecord.fetchCursor(
            db, sql: "SELECT \(Self.eventColumns) FROM event WHERE incident_id = ? AND seq BETWEEN ? AND ? ORDER BY seq",
            arguments: [id, range.lowerBound, range.upperBound])
        while let row = try cursor.next() {
            guard row.seq == expected, row.prevHash == previous, row.computedHash == row.hash else { return false }
            previous = row.hash
            expected += 1
        }
        return expected == range.upperBound + 1
    }
}
