import Foundation
import IncidentKit
import Testing

/// Reads believe nothing that their own data can show to be edited: the events
/// a command shows are chain-checked as it reads them, the snapshot carries a
/// digest bound to the chain head, and the schema itself is evidence.
extension TamperTests {
    /// An event edited before the latest snapshot (triggers dropped and put back)
    /// reaches no command that shows events: each stops with exit 3, as `verify` does.
    @Test func anEditedEventStopsEveryCommandThatShowsIt() throws {
        let cli = try CLI.withNotes(40)
        defer { cli.cleanUp() }
        // #1 declared, #2… notes: the snapshot follows #33, so #3 is before it.
        try StoreProbe.tamper(cli.dbPath, #"UPDATE event SET payload = '{"text":"FORGED"}' WHERE seq = 3"#)
        let before = try StoreProbe.snapshot(cli.dbPath)
        let out = cli.directory.appendingPathComponent("out").path
        for args in [
            ["timeline"], ["timeline", "--format", "csv"], ["print", "timeline", "--out", out + ".html"], ["report", "mhlw"],
            ["export", "--out", out], ["log", "after"],
        ] {
            let r = try cli.run(args)
            #expect(r.status == 3, "\(args): \(r.stderr)")
            #expect(!r.stdout.contains("FORGED"), "\(args)")
            #expect(r.stderr.contains("改ざん検知") && r.stderr.contains("記録番号 3 "), "\(args): \(r.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: out + ".html"))
        #expect(!FileManager.default.fileExists(atPath: out))
        #expect(try StoreProbe.snapshot(cli.dbPath) == before)
    }

    /// An event edited before the snapshot stops the very first command after
    /// the edit, even one that replays only the tail (`status`, `log`): every
    /// command also re-checks the events before the snapshot, all of them while
    /// they fit in one window. Nothing is appended on the edited log.
    @Test(arguments: [["status"], ["status", "--json"], ["log", "after"], ["contact", "director", "--outcome", "reached"]])
    func anEditBeforeTheSnapshotStopsTheFirstCommand(args: [String]) throws {
        let cli = try CLI.withNotes(40)
        defer { cli.cleanUp() }
        try StoreProbe.tamper(cli.dbPath, #"UPDATE event SET payload = '{"text":"FORGED"}' WHERE seq = 3"#)
        let before = try StoreProbe.snapshot(cli.dbPath)
        let r = try cli.run(args)
        #expect(r.status == 3, "\(args): \(r.stderr)")
        #expect(r.stderr.contains("改ざん検知") && r.stderr.contains("記録番号 3 "), "\(args): \(r.stderr)")
        #expect(try StoreProbe.snapshot(cli.dbPath) == before)
    }

    /// A log too long for one window is re-checked in turns that move with each
    /// write: 700 events before the snapshot are three windows of 256, so an edit
    /// of #5 is caught by the third write at the latest, and the write that
    /// catches it appends nothing.
    @Test func aLongLogIsReCheckedInTurnsAndTheEditIsCaughtWithinThem() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        #expect(try cli("declare", "受付の電子カルテが開かない").status == 0)
        let store = try EventStore(path: cli.dbPath, create: false)
        let id = try store.resolveIncident(nil, fallbackToLatest: true)
        let declared = try store.state(of: id).lastOccurredAt
        let drafts = (1...700).map { i in EventDraft(occurredAt: declared, actor: "a", body: .note(.init(text: "note \(i)"))) }
        try store.appendBatch(drafts, to: id)
        try StoreProbe.tamper(cli.dbPath, #"UPDATE event SET payload = '{"text":"FORGED"}' WHERE seq = 5"#)
        var refused: Int? = nil
        for turn in 1...3 {
            let r = try cli("log", "write \(turn)", "--lang", "en")
            if r.status == 3 {
                #expect(r.stderr.contains("#5"), "\(r.stderr)")
                refused = turn
                break
            }
            #expect(r.status == 0, "\(r.stderr)")
        }
        let caught = try #require(refused, "no write among three caught the edit of #5")
        // The write that caught it appended nothing: the writes before it did.
        #expect(try store.head(of: id).lastSeq == 701 + Int64(caught - 1))
    }

    /// An edit of the snapshot alone (its JSON, not its digest) is caught by
    /// `status` and `report`, which read only the tail; writes are refused until
    /// the break is acknowledged, and the acknowledgement is a way forward.
    @Test(arguments: [
        #"UPDATE snapshot SET state = CAST(replace(CAST(state AS TEXT), '"correctionCount":0', '"correctionCount":7') AS BLOB)"#,
        #"UPDATE snapshot SET state = CAST(replace(CAST(state AS TEXT), '"facts":{}', '"facts":{"cause":{"actor":"x","at":0,"seq":1,"value":"FORGED"}}') AS BLOB)"#,
    ])
    func anEditedSnapshotIsCaughtByStatusAndReport(sql: String) throws {
        let cli = try CLI.withNotes(3)
        defer { cli.cleanUp() }
        let original: Data? = try StoreProbe.fetch(cli.dbPath, "SELECT state FROM snapshot")
        try StoreProbe.tamper(cli.dbPath, sql)
        let edited: Data? = try StoreProbe.fetch(cli.dbPath, "SELECT state FROM snapshot")
        #expect(original != edited, "the edit did not apply")
        let before = try StoreProbe.snapshot(cli.dbPath)
        for args in [["status"], ["status", "--json"], ["report", "ppc-preliminary"], ["log", "after"], ["verify"]] {
            let r = try cli.run(args + ["--lang", "en"])
            #expect(r.status == 3, "\(args): \(r.stderr)")
            #expect(r.stderr.contains("saved state disagrees"), "\(args): \(r.stderr)")
            #expect(!r.stdout.contains("FORGED"))
        }
        #expect(try StoreProbe.snapshot(cli.dbPath) == before)
        #expect(try cli("verify", "--acknowledge", "--reason", "保存状態の書き換えを確認").status == 0)
        #expect(try cli("status").status == 0)
        #expect(try cli("log", "記録再開").status == 0)
        #expect(try cli("verify").status == 0)
    }

    /// A trigger planted to discard notes (`RAISE(IGNORE)`) never lets `log` say
    /// "recorded" for nothing: the schema check names it and nothing is written.
    @Test func aPlantedTriggerIsNamedAndNothingIsSaidToBeRecorded() throws {
        let cli = try CLI.withNotes(2)
        defer { cli.cleanUp() }
        try StoreProbe.execute(
            cli.dbPath, "CREATE TRIGGER swallow BEFORE INSERT ON event WHEN NEW.kind = 'note' BEGIN SELECT RAISE(IGNORE); END")
        let before = try StoreProbe.snapshot(cli.dbPath)
        let log = try cli("log", "消えるはずのメモ", "--lang", "en")
        #expect(log.status == 3, "\(log.stderr)")
        #expect(!log.stdout.contains("#4"))
        #expect(log.stderr.contains("trigger swallow"), "\(log.stderr)")
        #expect(try StoreProbe.snapshot(cli.dbPath) == before)
        #expect(try cli("verify").status == 3)
    }

    /// Anything extra or missing in the schema is an integrity failure naming it.
    @Test(arguments: [
        ("CREATE VIEW recent AS SELECT * FROM event", "extra view recent"),
        ("CREATE INDEX spy ON event(actor)", "extra index spy"),
        ("CREATE TABLE notes_shadow (x TEXT)", "extra table notes_shadow"),
        ("DROP TRIGGER event_append_only_delete", "missing trigger event_append_only_delete"),
        (
            "DROP TRIGGER event_append_only_update; CREATE TRIGGER event_append_only_update BEFORE UPDATE ON event BEGIN SELECT 1; END",
            "changed trigger event_append_only_update"
        ),
    ])
    func aSchemaChangeIsNamed(sql: String, named: String) throws {
        let cli = try CLI.withNotes(1)
        defer { cli.cleanUp() }
        try StoreProbe.execute(cli.dbPath, sql)
        for args in [["verify"], ["status"], ["list"]] {
            let r = try cli.run(args + ["--lang", "en"])
            #expect(r.status == 3, "\(args)")
            #expect(r.stderr.contains(named), "\(args): \(r.stderr)")
        }
    }

    /// Another application's SQLite file is never adopted as a store.
    @Test func aForeignDatabaseIsRefusedAndLeftAlone() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let other = cli.directory.appendingPathComponent("other-app.sqlite").path
        try StoreProbe.execute(other, "CREATE TABLE patients (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO patients (name) VALUES ('a')")
        let before = try Data(contentsOf: URL(fileURLWithPath: other))
        for args in [["declare", "受付の電子カルテが開かない"], ["init"], ["status"], ["verify", "--all"]] {
            let r = try cli.run(args + ["--db", other, "--lang", "en"])
            #expect(r.status == 1, "\(args): \(r.stderr)")
            #expect(r.stderr.contains("not an incident store") && r.stderr.contains("patients"), "\(args): \(r.stderr)")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: other)) == before)
    }
}
