import Foundation
import IncidentKit
import Testing

/// "Nothing forged": plain-SQL tampering (triggers dropped first), head edits and
/// file damage are caught by `verify` (exit 3, first bad event named); a broken
/// log refuses appends until a person acknowledges the break, which stays visible.
@Suite struct TamperTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var sql: String
        /// The event `verify` must name.
        var firstBad: Int64
        var testDescription: String { name }
    }

    // The store: #1 declared, #2…#6 "note 1"…"note 5".
    static let cases: [Case] = [
        Case(name: "edit a note's text", sql: "UPDATE event SET payload = replace(payload, 'note 2', 'note X') WHERE seq = 3", firstBad: 3),
        Case(name: "edit the actor", sql: "UPDATE event SET actor = '院長' WHERE seq = 2", firstBad: 2),
        Case(name: "back-date an event", sql: "UPDATE event SET occurred_at = '2020-01-01T00:00:00.000Z' WHERE seq = 4", firstBad: 4),
        Case(name: "edit the recording time", sql: "UPDATE event SET recorded_at = '2030-01-01T00:00:00.000Z' WHERE seq = 5", firstBad: 5),
        Case(name: "change the kind", sql: "UPDATE event SET kind = 'closed' WHERE seq = 4", firstBad: 4),
        Case(name: "edit the declaration", sql: "UPDATE event SET payload = replace(payload, '受付', '事務') WHERE seq = 1", firstBad: 1),
        Case(
            name: "overwrite a stored hash",
            sql: "UPDATE event SET hash = (CASE WHEN substr(hash, 1, 1) = '0' THEN '1' ELSE '0' END) || substr(hash, 2) WHERE seq = 3", firstBad: 3),
        Case(name: "delete a middle event", sql: "DELETE FROM event WHERE seq = 3", firstBad: 4),
        Case(name: "delete the first event", sql: "DELETE FROM event WHERE seq = 1", firstBad: 2),
        Case(
            name: "reorder two events",
            sql: "UPDATE event SET seq = -1 WHERE seq = 3; UPDATE event SET seq = 3 WHERE seq = 4; UPDATE event SET seq = 4 WHERE seq = -1", firstBad: 3),
        Case(name: "renumber an event", sql: "UPDATE event SET seq = 9 WHERE seq = 4", firstBad: 5),
        Case(name: "renumber to the largest seq", sql: "UPDATE event SET seq = 9223372036854775807 WHERE seq = 6", firstBad: 9_223_372_036_854_775_807),
        Case(name: "renumber to a negative seq", sql: "UPDATE event SET seq = -5 WHERE seq = 2", firstBad: -5),
        Case(name: "delete the last event", sql: "DELETE FROM event WHERE seq = 6", firstBad: 6),
        Case(
            name: "edit the head's last hash",
            sql: "UPDATE incident SET last_hash = (CASE WHEN substr(last_hash, 1, 1) = '0' THEN '1' ELSE '0' END) || substr(last_hash, 2)", firstBad: 6),
        Case(name: "roll the head back", sql: "UPDATE incident SET last_seq = 4", firstBad: 4),
        Case(
            name: "copy a row over another",
            sql:
                "DELETE FROM event WHERE seq = 5; INSERT INTO event (incident_id, seq, occurred_at, recorded_at, actor, kind, payload, prev_hash, hash) SELECT incident_id, 5, occurred_at, recorded_at, actor, kind, payload, prev_hash, hash FROM event WHERE seq = 4",
            firstBad: 5),
    ]

    @Test(arguments: cases)
    func tamperingIsDetected(_ c: Case) throws {
        let cli = try CLI.withNotes(5)
        defer { cli.cleanUp() }
        #expect(try cli("verify").status == 0)
        try StoreProbe.tamper(cli.dbPath, c.sql)
        let before = try StoreProbe.snapshot(cli.dbPath)
        let verify = try cli("verify")
        #expect(verify.status == 3)
        #expect(verify.stderr.contains("記録番号 \(c.firstBad) "), "\(verify.stderr)")
        let json = try cli.run(["verify", "--json", "--lang", "en"])
        #expect(json.status == 3)
        let failure = (try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])?["failure"] as? [String: Any]
        #expect((failure?["seq"] as? NSNumber)?.int64Value == c.firstBad)
        // Every command that reads or writes the incident refuses, and nothing is written.
        for args in [["log", "after tampering"], ["status"], ["timeline"], ["export", "--out", cli.directory.appendingPathComponent("b").path]] {
            let r = try cli.run(args)
            #expect(r.status == 3, "\(args)")
        }
        #expect(try StoreProbe.snapshot(cli.dbPath) == before)
    }

    /// The head's other fields are a projection of the events too: editing them
    /// (to hide an incident from `list`, say) is caught, naming the field.
    @Test(arguments: [
        ("UPDATE incident SET status = 'closed'", "status"),
        ("UPDATE incident SET summary = '問題なし'", "summary"),
        ("UPDATE incident SET aware_at = '2026-01-01T00:00:00.000Z'", "aware_at"),
        ("UPDATE incident SET time_zone = 'UTC'", "time_zone"),
    ])
    func headFieldEditIsDetected(sql: String, field: String) throws {
        let cli = try CLI.withNotes(1)
        defer { cli.cleanUp() }
        try StoreProbe.tamper(cli.dbPath, sql)
        let id: String = try StoreProbe.fetch(cli.dbPath, "SELECT id FROM incident")!
        let verify = try cli("verify", "--incident", id, "--lang", "en")
        #expect(verify.status == 3)
        #expect(verify.stderr.contains("head record disagrees") && verify.stderr.contains(field), "\(verify.stderr)")
        #expect(try cli("log", "x", "--incident", id).status == 3)
        #expect(try cli("verify", "--incident", id, "--acknowledge", "--reason", "見出しの書き換えを確認").status == 0)
        let after = try cli("verify", "--incident", id, "--lang", "en")
        #expect(after.status == 0)
        #expect(after.stdout.contains("Acknowledged break: the log (headMismatch: head \(field))"), "\(after.stdout)")
    }

    /// A forged event with a correct hash, linked and with the head moved too, is
    /// well-formed: the chain alone cannot call it forged (an older version may
    /// have written what today's rules refuse). `verify` names it as a notice,
    /// and `--strict` makes that exit 3.
    @Test func forgedIllegalEventIsNamedAndStrictFails() throws {
        let cli = try CLI.withNotes(2)
        defer { cli.cleanUp() }
        let id: String = try StoreProbe.fetch(cli.dbPath, "SELECT id FROM incident")!
        let prev: String = try StoreProbe.fetch(cli.dbPath, "SELECT hash FROM event WHERE seq = 3")!
        let at = "2026-01-01T00:00:00.000Z"
        let payload = #"{"step":"no-such-step"}"#
        let hash = HashChain.hash(previous: prev, incidentID: id, seq: 4, occurredAt: at, recordedAt: at, actor: "x", kind: "stepCompleted", payload: payload)
        try StoreProbe.tamper(
            cli.dbPath,
            """
            INSERT INTO event (incident_id, seq, occurred_at, recorded_at, actor, kind, payload, prev_hash, hash) VALUES ('\(id)', 4, '\(at)', '\(at)', 'x', 'stepCompleted', '\(payload)', '\(prev)', '\(hash)');
            UPDATE incident SET last_seq = 4, last_hash = '\(hash)';
            """)
        let verify = try cli("verify")
        #expect(verify.status == 0)
        #expect(verify.stdout.contains("記録番号 4: 現在の入力規則では受け付けない"), "\(verify.stdout)")
        #expect(try cli("verify", "--strict").status == 3)
    }

    /// The file itself cut short or overwritten: exit 3, nothing appended.
    @Test(arguments: ["truncate", "zero-pages", "empty"])
    func damagedFileIsDetected(_ damage: String) throws {
        let cli = try CLI.withNotes(40)
        defer { cli.cleanUp() }
        let handle = try #require(FileHandle(forUpdatingAtPath: cli.dbPath))
        let size = try handle.seekToEnd()
        if damage == "empty" {
            try handle.truncate(atOffset: 0)
            try handle.close()
            try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -60)], ofItemAtPath: cli.dbPath)
            #expect(try cli("declare", "上書きしない").status == 3)
        } else if damage == "truncate" {
            try handle.truncate(atOffset: size / 2)
        } else {
            try handle.seek(toOffset: 4096 * 2)
            handle.write(Data(repeating: 0x5A, count: Int(size) - 4096 * 3))
        }
        try? handle.close()
        let verify = try cli("verify")
        if damage == "empty" {
            // An empty file is said to be empty, with its path (exit 1), and left as it is.
            #expect(verify.status == 1, "\(verify.stderr)")
            #expect(verify.stderr.contains(cli.dbPath) && verify.stderr.contains("空です"), "\(verify.stderr)")
            #expect(try cli("log", "after damage").status == 1)
            #expect((try FileManager.default.attributesOfItem(atPath: cli.dbPath)[.size] as? NSNumber)?.intValue == 0)
            return
        }
        #expect(verify.status == 3, "\(verify.stderr)")
        #expect(verify.stderr.contains("改ざん検知"))
        #expect(try cli("log", "after damage").status == 3)
    }

    @Test func acknowledgedBreakLetsRecordingContinueAndStaysVisible() throws {
        let cli = try CLI.withNotes(5)
        defer { cli.cleanUp() }
        try StoreProbe.tamper(cli.dbPath, "UPDATE event SET payload = replace(payload, 'note 2', 'note X') WHERE seq = 3")
        #expect(try cli("log", "refused").status == 3)
        // A reason is required (usage error), and --all/--bundle do not mix with it.
        #expect(try cli("verify", "--acknowledge").status == 64)
        #expect(try cli("verify", "--acknowledge", "--reason", "x", "--all").status == 64)
        let ack = try cli("verify", "--acknowledge", "--reason", "院長に報告。バックアップ保全済み")
        #expect(ack.status == 0, "\(ack.stderr)")
        #expect(ack.stdout.contains("#7"))
        // It names what was acknowledged (and no longer says to acknowledge it).
        #expect(ack.stdout.contains("確認した問題: インシデント") && ack.stdout.contains("記録番号 3 "), "\(ack.stdout)")
        #expect(!(ack.stdout + ack.stderr).contains("--acknowledge"), "\(ack.stdout)\(ack.stderr)")
        #expect(try cli("log", "記録再開").status == 0)
        #expect(try cli("status").status == 0)
        let verify = try cli("verify")
        #expect(verify.status == 0)
        #expect(verify.stdout.contains("確認済み") && verify.stdout.contains("記録番号 3"), "\(verify.stdout)")
        #expect(try cli("verify", "--strict").status == 3)
        let json = try cli.json("verify") as? [String: Any]
        let breaks = json?["acknowledgedBreaks"] as? [[String: Any]]
        #expect(breaks?.count == 1)
        #expect((breaks?.first?["firstBadSeq"] as? NSNumber)?.int64Value == 3)
        #expect((breaks?.first?["acknowledgedSeq"] as? NSNumber)?.int64Value == 7)
        #expect((breaks?.first?["detail"] as? String)?.contains("hashMismatch") == true)
        #expect((breaks?.first?["untrustedFrom"] as? NSNumber)?.int64Value == 3)
        #expect((breaks?.first?["untrustedThrough"] as? NSNumber)?.int64Value == 6)
        // (The line is wrapped to the terminal's width: read it as one.)
        let unwrapped = verify.stdout.split(separator: "\n").map { $0.drop { $0 == " " } }.joined()
        #expect(unwrapped.contains("記録番号 3〜6 は見つかったときのまま"), "\(verify.stdout)")
        // The tampered row is still there as it was: nothing was repaired.
        let payload: String? = try StoreProbe.fetch(cli.dbPath, "SELECT payload FROM event WHERE seq = 3")
        #expect(payload?.contains("note X") == true)
        // An intact log has nothing to acknowledge.
        #expect(try cli("verify", "--acknowledge", "--reason", "again").status == 1)
        // The timeline shows the acknowledgement.
        #expect(try cli("timeline").stdout.contains("改ざん検知の確認"))
    }

    /// After an acknowledgement, any further change (inside the damaged stretch,
    /// before it, or to the acknowledgement itself) is a new, unacknowledged break.
    @Test(arguments: [
        ("UPDATE event SET payload = replace(payload, 'note 3', 'note Y') WHERE seq = 4", Int64(3)),
        ("UPDATE event SET payload = replace(payload, 'note 1', 'note Z') WHERE seq = 2", Int64(2)),
        ("UPDATE event SET payload = replace(payload, '報告', '無視') WHERE seq = 7", Int64(3)),
        ("UPDATE event SET payload = replace(payload, 'after', 'later') WHERE seq = 8", Int64(8)),
    ])
    func tamperingAfterAcknowledgementIsANewBreak(sql: String, firstBad: Int64) throws {
        let cli = try CLI.withNotes(5)
        defer { cli.cleanUp() }
        try StoreProbe.tamper(cli.dbPath, "UPDATE event SET payload = replace(payload, 'note 2', 'note X') WHERE seq = 3")
        #expect(try cli("verify", "--acknowledge", "--reason", "報告済み").status == 0)
        #expect(try cli("log", "after").status == 0)
        #expect(try cli("verify").status == 0)
        try StoreProbe.tamper(cli.dbPath, sql)
        let verify = try cli("verify")
        #expect(verify.status == 3)
        #expect(verify.stderr.contains("記録番号 \(firstBad) "), "\(verify.stderr)")
    }

    /// A head rolled back (events deleted at the end) can be acknowledged too; the
    /// acknowledgement records what the head said.
    @Test func headBreakCanBeAcknowledged() throws {
        let cli = try CLI.withNotes(3)
        defer { cli.cleanUp() }
        try StoreProbe.tamper(cli.dbPath, "DELETE FROM event WHERE seq = 4")
        #expect(try cli("verify").status == 3)
        #expect(try cli("verify", "--acknowledge", "--reason", "末尾の削除を確認").status == 0)
        #expect(try cli("log", "続き").status == 0)
        let verify = try cli("verify", "--lang", "en")
        #expect(verify.status == 0)
        #expect(verify.stdout.contains("Acknowledged break: event #4 (truncated: head says #4, log ends at #3)"), "\(verify.stdout)")
    }

    /// Without a readable declaration there is nothing to continue: the
    /// acknowledgement is refused (exit 3) with what to do instead.
    @Test func unreadableDeclarationCannotBeAcknowledged() throws {
        let cli = try CLI.withNotes(2)
        defer { cli.cleanUp() }
        try StoreProbe.tamper(cli.dbPath, "DELETE FROM event WHERE seq = 1")
        let before = try StoreProbe.snapshot(cli.dbPath)
        let r = try cli("verify", "--acknowledge", "--reason", "確認")
        #expect(r.status == 3)
        #expect(r.stderr.contains("続けられません"), "\(r.stderr)")
        #expect(try StoreProbe.snapshot(cli.dbPath) == before)
    }

    /// A closed incident can record the acknowledgement too (it is an audit record).
    @Test func closedIncidentCanAcknowledge() throws {
        let cli = try CLI.withNotes(2)
        defer { cli.cleanUp() }
        #expect(try cli("close", "--force", "--reason", "訓練終了").status == 0)
        try StoreProbe.tamper(cli.dbPath, "UPDATE event SET actor = 'x' WHERE seq = 2")
        #expect(try cli("verify").status == 3)
        #expect(try cli("verify", "--acknowledge", "--reason", "確認").status == 0)
        #expect(try cli("verify").status == 0)
        #expect(try cli("log", "closed").status == 1)
    }
}
