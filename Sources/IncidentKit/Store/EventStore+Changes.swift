import Foundation
import GRDB

/// Where the store's file stands, cheaply: two counters SQLite keeps, read
/// without touching a table. A change of either means something was written:
/// `dataVersion` moves when another connection (the CLI, another process)
/// commits, `totalChanges` when this one does. A live board polls it.
public struct StoreChangeMark: Sendable, Equatable {
    public var dataVersion: Int64
    public var totalChanges: Int64
}

extension EventStore {
    /// The store's change mark now (`PRAGMA data_version`, `total_changes()`).
    public func changeMark() throws(IncidentError) -> StoreChangeMark {
        do {
            return try dbQueue.inDatabase { db in
                StoreChangeMark(
                    dataVersion: try Int64.fetchOne(db, sql: "PRAGMA data_version") ?? 0,
                    totalChanges: try Int64.fetchOne(db, sql: "SELECT total_changes()") ?? 0)
            }
        } catch {
            throw Self.map(error, path: path)
        }
    }

    /// SQLite's `synchronous` setting of the store's connection (2 = FULL):
    /// every acknowledged event must have reached the disk, whoever opened it.
    public func synchronousSetting() throws(IncidentError) -> Int {
        do {
            return try dbQueue.inDatabase { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1 }
        } catch {
            throw Self.map(error, path: path)
        }
    }
}
