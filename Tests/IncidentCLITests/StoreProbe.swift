import Foundation
import GRDB
import Testing

@testable import IncidentKit

/// Reads and tampers with a store behind the CLI's back, as an attacker with
/// the file (and the sqlite3 tool) could.
enum StoreProbe {
    /// Event count, heads and every stored hash: equal before and after a refused command.
    static func snapshot(_ path: String) throws -> String {
        let db = try DatabaseQueue(path: path)
        defer { try? db.close() }
        return try db.read { db in
            let count = try Int.fetchOne(db, sql: "SELECT count(*) FROM event") ?? -1
            let heads = try String.fetchAll(db, sql: "SELECT id || ':' || last_seq || ':' || last_hash FROM incident ORDER BY id")
            let hashes = try String.fetchAll(db, sql: "SELECT hash FROM event ORDER BY incident_id, seq")
            return "\(count)|\(heads.joined(separator: ","))|\(hashes.joined(separator: ","))"
        }
    }

    /// Runs `sql` with the append-only triggers dropped first and put back
    /// after, as an attacker covering their tracks would (so the schema check
    /// does not see it and the chain checks are what is tested).
    static func tamper(_ path: String, _ sql: String) throws {
        let db = try DatabaseQueue(path: path)
        defer { try? db.close() }
        try db.write { db in
            let triggers = try String.fetchAll(db, sql: "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'event'")
            try db.execute(sql: "DROP TRIGGER IF EXISTS event_append_only_update; DROP TRIGGER IF EXISTS event_append_only_delete;")
            try db.execute(sql: sql)
            for trigger in triggers { try db.execute(sql: trigger) }
        }
    }

    /// Runs `sql` as it is (schema changes stay).
    static func execute(_ path: String, _ sql: String) throws {
        let db = try DatabaseQueue(path: path)
        defer { try? db.close() }
        try db.write { db in try db.execute(sql: sql) }
    }

    static func fetch<T: DatabaseValueConvertible>(_ path: String, _ sql: String) throws -> T? {
        let db = try DatabaseQueue(path: path)
        defer { try? db.close() }
        return try db.read { db in try T.fetchOne(db, sql: sql) }
    }

    /// The octal permission bits of `path`.
    static func mode(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path)[.posixPermissions]) as? NSNumber)?.intValue ?? -1
    }
}

extension CLI {
    /// A store with one incident: #1 declared, #2…#(notes+1) notes "note 1"….
    /// A store with the complete facility profile, at 2026-11-25 09:00 JST, in
    /// columns wide enough that tests read what is said, not how it wraps
    /// (ClinicTerminalTests checks widths).
    static func withCompleteProfile() throws -> CLI {
        var cli = try CLI()
        cli.environment["INCIDENT_TEST_NOW"] = "2026-11-25T00:00:00.000Z"
        cli.environment["COLUMNS"] = "400"
        let r = try cli("facility", "import", try cli.write("facility.yaml", CLIProfiles.complete))
        #expect(r.status == 0, "\(r.stderr)")
        return cli
    }

    static func withNotes(_ notes: Int) throws -> CLI {
        let cli = try CLI()
        _ = try cli("declare", "受付の電子カルテが開かない")
        for i in 1...max(notes, 1) where notes > 0 { _ = try cli("log", "note \(i)") }
        return cli
    }

    /// Runs a shell script with this store's environment plus `BIN` (the incident executable).
    func shell(_ script: String) throws -> Result {
        var env = environment
        env["BIN"] = CLI.executable.path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", script]
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }
}

extension StoreProbe {
    /// Appends a correctly chained event as another (older) version of the tool
    /// could have written it, bypassing today's input rules; moves the head.
    static func appendRaw(_ path: String, kind: String, payload: String, actor: String = "旧版") throws {
        let db = try DatabaseQueue(path: path)
        defer { try? db.close() }
        try db.write { db in
            let row = try Row.fetchOne(db, sql: "SELECT incident_id, seq, occurred_at, recorded_at, hash FROM event ORDER BY seq DESC LIMIT 1")!
            let (id, seq, occurred, recorded, prev): (String, Int64, String, String, String) =
                (row["incident_id"], row["seq"], row["occurred_at"], row["recorded_at"], row["hash"])
            let hash = HashChain.hash(
                previous: prev, incidentID: id, seq: seq + 1, occurredAt: occurred, recordedAt: recorded, actor: actor,
                kind: kind, payload: payload)
            try db.execute(
                sql: "INSERT INTO event (incident_id, seq, occurred_at, recorded_at, actor, kind, payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                arguments: [id, seq + 1, occurred, recorded, actor, kind, payload, prev, hash])
            try db.execute(sql: "UPDATE incident SET last_seq = ?, last_hash = ? WHERE id = ?", arguments: [seq + 1, hash, id])
        }
    }
}

extension StoreProbe {
    /// Runs `sql` (triggers dropped), then re-chains every event from the first
    /// one whose hash no longer checks out, moves the head to the new last event
    /// and drops the snapshots: the consistent rewrite a keyless chain cannot see.
    static func rewriteAndRechain(_ path: String, _ sql: String) throws {
        let db = try DatabaseQueue(path: path)
        defer { try? db.close() }
        try db.write { db in
            // Triggers dropped for the rewrite and put back after, as a careful attacker would.
            let triggers = try String.fetchAll(db, sql: "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'event'")
            try db.execute(sql: "DROP TRIGGER IF EXISTS event_append_only_update; DROP TRIGGER IF EXISTS event_append_only_delete;")
            defer { for trigger in triggers { try? db.execute(sql: trigger) } }
            try db.execute(sql: sql)
            for id in try String.fetchAll(db, sql: "SELECT DISTINCT incident_id FROM event") {
                var previous = HashChain.genesis
                var expected: Int64 = 1
                let rows = try Row.fetchAll(
                    db, sql: "SELECT seq, occurred_at, recorded_at, actor, kind, payload FROM event WHERE incident_id = ? ORDER BY seq", arguments: [id])
                for row in rows {
                    let seq: Int64 = row["seq"]
                    let hash = HashChain.hash(
                        previous: previous, incidentID: id, seq: expected, occurredAt: row["occurred_at"],
                        recordedAt: row["recorded_at"], actor: row["actor"], kind: row["kind"], payload: row["payload"])
                    try db.execute(
                        sql: "UPDATE event SET seq = ?, prev_hash = ?, hash = ? WHERE incident_id = ? AND seq = ?",
                        arguments: [expected, previous, hash, id, seq])
                    previous = hash
                    expected += 1
                }
                try db.execute(sql: "UPDATE incident SET last_seq = ?, last_hash = ? WHERE id = ?", arguments: [expected - 1, previous, id])
            }
            try db.execute(sql: "DELETE FROM snapshot")
        }
    }
}
