import Foundation
import IncidentKit
import Testing

/// A way forward after any damage: every integrity message names a command that
/// works, and `salvage --out NEW` copies what still verifies into a new store,
/// the break recorded there, leaving the damaged file as it was.
@Suite struct SalvageTests {
    static func sha256(_ path: String) throws -> String {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return EventBundle.sha256(data)
    }

    /// Salvages `cli`'s store and checks the new one: verified, and recording again.
    /// Returns the new store's `verify --all` output.
    @discardableResult
    static func salvageEndsInAUsableStore(_ cli: CLI, copied: Int? = nil, expectBreak: Bool = true) throws -> String {
        let damaged = try sha256(cli.dbPath)
        let out = cli.directory.appendingPathComponent("salvaged/new.sqlite").path
        let r = try cli("salvage", "--out", out, "--lang", "en")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(FileManager.default.fileExists(atPath: out), "\(r.stdout)")
        if let copied { #expect(r.stdout.contains("\(copied) events copied"), "\(r.stdout)") }
        // The damaged store is evidence: not one byte changed.
        #expect(try sha256(cli.dbPath) == damaged)
        #expect(StoreProbe.mode(out) == 0o600)
        var fresh = cli
        fresh.environment["INCIDENT_DB"] = out
        let verify = try fresh("verify", "--all", "--lang", "en")
        #expect(verify.status == 0, "\(verify.stderr)")
        if expectBreak { #expect(verify.stdout.contains("Acknowledged break"), "\(verify.stdout)") }
        #expect(try fresh("log", "記録再開").status == 0)
        #expect(try fresh("verify").status == 0)
        // A second salvage to the same name never overwrites it.
        #expect(try cli("salvage", "--out", out).status == 1)
        return verify.stdout
    }

    @Test func anEventNumberedInt64MaxEndsInAUsableStore() throws {
        let cli = try CLI.withNotes(5)
        defer { cli.cleanUp() }
        try StoreProbe.tamper(cli.dbPath, "UPDATE event SET seq = 9223372036854775807 WHERE seq = 6")
        // Acknowledging is impossible (no number left), and the message names salvage instead.
        let ack = try cli("verify", "--acknowledge", "--reason", "確認", "--lang", "en")
        #expect(ack.status == 3)
        let verify = try cli("verify", "--lang", "en")
        #expect(verify.stderr.contains("incident salvage --out NEW"), "\(verify.stderr)")
        let out = try Self.salvageEndsInAUsableStore(cli, copied: 5)
        #expect(out.contains("event #9223372036854775807"), "\(out)")
    }

    @Test func anEditedEventEndsInAUsableStoreWithTheEventsBeforeIt() throws {
        let cli = try CLI.withNotes(5)
        defer { cli.cleanUp() }
        try StoreProbe.tamper(cli.dbPath, "UPDATE event SET payload = replace(payload, 'note 2', 'note X') WHERE seq = 3")
        try Self.salvageEndsInAUsableStore(cli, copied: 2)
    }

    @Test func aDamagedPageEndsInAUsableStore() throws {
        let cli = try CLI.withNotes(200)
        defer { cli.cleanUp() }
        _ = try cli("verify")  // folds the WAL into the file
        let handle = try #require(FileHandle(forUpdatingAtPath: cli.dbPath))
        let size = try handle.seekToEnd()
        // One page near the end (the newest events' leaf), overwritten.
        let page = (size / 4096 - 2) * 4096
        try handle.seek(toOffset: page)
        handle.write(Data(repeating: 0x5A, count: 4096))
        try handle.close()
        let r = try cli("verify", "--lang", "en")
        #expect(r.status == 3)
        #expect(r.stderr.contains("incident salvage --out NEW"), "\(r.stderr)")
        try Self.salvageEndsInAUsableStore(cli)
    }

    @Test func aForgedFutureMigrationEndsInAUsableStore() throws {
        let cli = try CLI.withNotes(3)
        defer { cli.cleanUp() }
        try StoreProbe.execute(cli.dbPath, "INSERT INTO grdb_migrations (identifier) VALUES ('v99-from-the-future')")
        #expect(try cli("log", "x").status == 1)
        // Nothing is wrong with the events: all copied, no break to record.
        try Self.salvageEndsInAUsableStore(cli, copied: 4, expectBreak: false)
    }

    @Test func strippedMACsWhileAKeyIsSetEndInAUsableStore() throws {
        var cli = try CLI()
        defer { cli.cleanUp() }
        let key = cli.directory.appendingPathComponent("usb.key").path
        #expect(try cli("key", "init", "--out", key).status == 0)
        cli.environment["INCIDENT_KEY_FILE"] = key
        _ = try cli("declare", "受付の電子カルテが開かない")
        for i in 1...4 { _ = try cli("log", "note \(i)") }
        try StoreProbe.tamper(cli.dbPath, "UPDATE event SET mac = NULL WHERE seq >= 3")
        #expect(try cli("verify").status == 3)
        try Self.salvageEndsInAUsableStore(cli, copied: 2)
    }

    @Test func aPlantedTriggerEndsInAUsableStore() throws {
        let cli = try CLI.withNotes(3)
        defer { cli.cleanUp() }
        try StoreProbe.execute(cli.dbPath, "CREATE TRIGGER swallow BEFORE INSERT ON event BEGIN SELECT RAISE(IGNORE); END")
        let r = try cli("log", "x", "--lang", "en")
        #expect(r.status == 3)
        #expect(r.stderr.contains("incident salvage --out NEW"), "\(r.stderr)")
        // The events are intact (all copied); the planted trigger is recorded in the new store, by name.
        let out = try Self.salvageEndsInAUsableStore(cli, copied: 4)
        #expect(out.contains("schemaMismatch: extra trigger swallow"), "\(out)")
    }

    /// A schema-only break (something planted or removed, every event intact) is
    /// recorded in the new store like a chain break, naming what differed; with
    /// no log to record it in, in a new readiness log.
    @Test(arguments: [
        ("DROP INDEX event_by_time", "missing index event_by_time"),
        ("CREATE VIEW spy AS SELECT payload FROM event", "extra view spy"),
        ("CREATE INDEX by_actor ON event(actor)", "extra index by_actor"),
    ])
    func aSchemaOnlyBreakIsRecordedInTheSalvagedStore(_ change: String, _ named: String) throws {
        let cli = try CLI.withNotes(3)
        defer { cli.cleanUp() }
        try StoreProbe.execute(cli.dbPath, change)
        let verify = try cli("verify", "--lang", "en")
        #expect(verify.status == 3, "\(verify.stderr)")
        let out = try Self.salvageEndsInAUsableStore(cli, copied: 4)
        #expect(out.contains("schemaMismatch: \(named)"), "\(out)")
    }

    @Test func aSchemaBreakInAStoreWithoutLogsIsRecordedInAReadinessLog() throws {
        var cli = try CLI()
        defer { cli.cleanUp() }
        let profile = try cli.write("facility.yaml", "facility:\n  name: テスト医院\n")
        #expect(try cli("init", "--facility", profile).status == 0)
        try StoreProbe.execute(cli.dbPath, "CREATE TRIGGER planted AFTER INSERT ON facility_profile BEGIN SELECT 1; END")
        let out = cli.directory.appendingPathComponent("salvaged/new.sqlite").path
        let r = try cli("salvage", "--out", out, "--lang", "en")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("extra trigger planted") && r.stdout.contains("READINESS"), "\(r.stdout)")
        cli.environment["INCIDENT_DB"] = out
        let verify = try cli("verify", "--all", "--lang", "en")
        #expect(verify.status == 0, "\(verify.stderr)")
        #expect(verify.stdout.contains("schemaMismatch: extra trigger planted"), "\(verify.stdout)")
        // The profile came along, and the readiness log takes answers after the record.
        #expect(try cli("facility", "show").stdout.contains("テスト医院"))
        #expect(try cli("checklist", "answer", "1-1", "はい").status == 0)
        #expect(try cli("verify", "--all").status == 0)
    }
}

/// The facility profile and ledger imports are chained (DocumentLog): an edited,
/// added or removed import is caught by `verify --all` and never used.
@Suite struct DocumentLogTests {
    @Test(arguments: [
        "UPDATE facility_profile SET source = replace(source, '000-0000-0001', '090-6666-6666')",
        "INSERT INTO facility_profile (imported_at, source) SELECT imported_at, replace(source, '000-0000-0001', '090-6666-6666') FROM facility_profile",
        "DELETE FROM facility_profile",
    ])
    func anEditedProfileIsCaughtAndNeverDeclared(sql: String) throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let profile = try cli.write("facility.yaml", CLIProfiles.complete)
        #expect(try cli("init", "--facility", profile).status == 0)
        #expect(try cli("declare", "受付の電子カルテが開かない").status == 0)
        #expect(try cli("verify", "--all").status == 0)
        try StoreProbe.tamper(cli.dbPath, sql)
        let verify = try cli("verify", "--all", "--lang", "en")
        #expect(verify.status == 3)
        #expect(verify.stderr.contains("facility document log"), "\(verify.stderr)")
        // The forged number reaches no new incident.
        let declare = try cli("declare", "別件", "--lang", "en")
        #expect(declare.status == 3, "\(declare.stderr)")
        #expect(!declare.stdout.contains("090-6666-6666"))
        #expect(try cli("facility", "show").status == 3)
        // The incident declared before keeps its own copy and goes on.
        #expect(try cli("log", "続き").status == 0)
    }

    @Test func anEditedLedgerRowIsCaught() throws {
        let cli = try CLI.withNotes(1)
        defer { cli.cleanUp() }
        let ledger = try cli.write("backups.csv", "システム,世代数,オフライン保管,最終復元テスト\n電子カルテ,2,なし,2025-11-24\n")
        let imported = try cli("ledger", "import", ledger)
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(try cli("verify", "--all").status == 0)
        try StoreProbe.tamper(cli.dbPath, "UPDATE ledger_import SET source = replace(source, '電子カルテ,2', '電子カルテ,9')")
        #expect(try cli("verify", "--all").status == 3)
    }
}

/// Bundles are read strictly, and a check without the written-down hash says what it covered.
@Suite struct StrictBundleTests {
    @Test func aDuplicateKeyInABundleIsAnError() throws {
        let cli = try CLI.withNotes(2)
        defer { cli.cleanUp() }
        let bundle = cli.directory.appendingPathComponent("b")
        #expect(try cli("export", "--out", bundle.path).status == 0)
        let ok = try cli("verify", "--bundle", bundle.path, "--lang", "en")
        #expect(ok.status == 0)
        #expect(ok.stdout.contains("Only the bundle's internal consistency was checked"), "\(ok.stdout)")
        let events = bundle.appendingPathComponent("events.jsonl")
        var lines = try String(contentsOf: events, encoding: .utf8).split(separator: "\n").map(String.init)
        // A second "payload" after the first: Python and jq would read the forged one.
        lines[2] = String(lines[2].dropLast()) + #","payload":"{\"text\":\"FORGED\"}"}"#
        try (lines.joined(separator: "\n") + "\n").write(to: events, atomically: false, encoding: .utf8)
        let r = try cli("verify", "--bundle", bundle.path, "--lang", "en")
        #expect(r.status == 3)
        #expect(r.stderr.contains("duplicate key \"payload\""), "\(r.stderr)")
    }
}
