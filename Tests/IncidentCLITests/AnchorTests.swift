import Foundation
import Testing

@testable import IncidentKit

/// What a keyless chain cannot catch (a consistent rewrite: cut tail, deleted
/// incident, edited and re-chained events, forged appends) is caught by the
/// anchor that can: an exported bundle or a backup (`verify --against`), the
/// head copied on paper (`verify --head`), and the key (`verify --key`).
@Suite struct AnchorTests {
    /// A keyed store: #1 declared, #2…#6 notes, with a bundle, a backup and the paper note taken at #6.
    struct Setup {
        var cli: CLI
        var bundle: String
        var backup: String
        var key: String
        var note: String

        init() throws {
            var cli = try CLI()
            key = cli.directory.appendingPathComponent("usb.key").path
            #expect(try cli("key", "init", "--out", key).status == 0)
            cli.environment["INCIDENT_KEY_FILE"] = key
            _ = try cli("declare", "受付の電子カルテが開かない")
            for i in 1...5 { _ = try cli("log", "note \(i)") }
            bundle = cli.directory.appendingPathComponent("usb-bundle").path
            backup = cli.directory.appendingPathComponent("usb-backup.sqlite").path
            #expect(try cli("export", "--out", bundle).status == 0)
            #expect(try cli("backup", "--out", backup).status == 0)
            let status = try cli("status")
            let line = status.stdout.split(separator: "\n").first { $0.hasPrefix("紙の控え") }.map(String.init) ?? ""
            // "紙の控え（…）: INC-… #6 0123456789abcdef"
            let parts = line.split(separator: " ")
            note = parts.count >= 3 ? "\(parts[parts.count - 2].dropFirst()):\(parts[parts.count - 1])" : ""
            self.cli = cli
        }
    }

    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var sql: String
        /// What the anchors must say: the first event they name.
        var firstBad: Int64
        /// Whether the key catches it (it cannot see events that are simply gone).
        var keyCatches: Bool
        /// Whether the paper note (taken at #6) catches it.
        var noteCatches: Bool = true
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "cut the last 3 events, fix the head", sql: "DELETE FROM event WHERE seq > 3", firstBad: 4, keyCatches: false),
        Case(
            name: "edit a note and re-chain", sql: "UPDATE event SET payload = replace(payload, 'note 2', 'note X') WHERE seq = 3", firstBad: 3,
            keyCatches: true),
        Case(name: "delete a middle event and re-chain", sql: "DELETE FROM event WHERE seq = 4", firstBad: 4, keyCatches: true),
        Case(
            name: "change a recording time and re-chain", sql: "UPDATE event SET recorded_at = '2030-01-01T00:00:00.000Z' WHERE seq = 5", firstBad: 5,
            keyCatches: true),
        Case(
            name: "edit the declaration and re-chain, MACs dropped",
            sql: "UPDATE event SET payload = replace(payload, '受付', '事務'), mac = NULL; UPDATE incident SET summary = replace(summary, '受付', '事務')", firstBad: 1,
            keyCatches: true),
    ]

    @Test(arguments: cases)
    func consistentRewriteIsCaughtByTheAnchors(_ c: Case) throws {
        let s = try Setup()
        defer { s.cli.cleanUp() }
        var cli = s.cli
        #expect(try cli("verify", "--against", s.bundle).status == 0)
        #expect(try cli("verify", "--against", s.backup).status == 0)
        #expect(try cli("verify", "--head", s.note).status == 0, "\(s.note)")
        try StoreProbe.rewriteAndRechain(cli.dbPath, c.sql)
        // The chain alone checks out: this is why anchors are needed.
        cli.environment["INCIDENT_KEY_FILE"] = nil
        #expect(try cli("verify").status == 0)
        for anchor in [s.bundle, s.backup] {
            let r = try cli("verify", "--against", anchor)
            #expect(r.status == 3, "\(anchor)")
            #expect(r.stderr.contains("記録番号 \(c.firstBad) "), "\(r.stderr)")
            #expect(!r.stderr.contains("--acknowledge"), "nothing to acknowledge in the chain itself")
        }
        let head = try cli("verify", "--head", s.note)
        #expect(head.status == (c.noteCatches ? 3 : 0), "\(head.stderr)")
        let keyed = try cli("verify", "--key", s.key)
        #expect(keyed.status == (c.keyCatches ? 3 : 0), "\(keyed.stderr)")
    }

    @Test func deletedIncidentIsCaughtByBundleAndBackup() throws {
        let s = try Setup()
        defer { s.cli.cleanUp() }
        try StoreProbe.tamper(s.cli.dbPath, "DELETE FROM event; DELETE FROM snapshot; DELETE FROM incident")
        for anchor in [s.bundle, s.backup] {
            let r = try s.cli("verify", "--against", anchor, "--lang", "en")
            #expect(r.status == 3)
            #expect(r.stderr.contains("the whole incident (6 events) is gone"), "\(r.stderr)")
        }
        // Without an anchor, an existing store with no incident is an error, not "nothing to check".
        #expect(try s.cli("verify").status == 1)
        #expect(try s.cli("verify", "--all").status == 1)
    }

    @Test func forgedAppendIsCaughtByTheKeyOnly() throws {
        let s = try Setup()
        defer { s.cli.cleanUp() }
        try StoreProbe.appendRaw(s.cli.dbPath, kind: "note", payload: #"{"text":"院長が確認済み"}"#, actor: "院長")
        // The copies and the note are still a prefix: the forgery came after them.
        var keyless = s.cli
        keyless.environment["INCIDENT_KEY_FILE"] = nil
        #expect(try keyless("verify", "--against", s.bundle).status == 0)
        #expect(try keyless("verify", "--head", s.note).status == 0)
        // With the key configured (here through INCIDENT_KEY_FILE), every verify checks the MACs.
        #expect(try s.cli("verify", "--against", s.bundle).status == 3)
        let r = try s.cli("verify", "--key", s.key, "--lang", "en")
        #expect(r.status == 3)
        #expect(r.stderr.contains("event #7") && r.stderr.contains("no MAC on #7"), "\(r.stderr)")
        // A MAC made with another key is no better.
        try StoreProbe.tamper(s.cli.dbPath, "UPDATE event SET mac = '\(String(repeating: "ab", count: 32))' WHERE seq = 7")
        let bogus = try s.cli("verify", "--key", s.key, "--lang", "en")
        #expect(bogus.status == 3)
        #expect(bogus.stderr.contains("event #7") && bogus.stderr.contains("key MAC does not match"), "\(bogus.stderr)")
    }

    @Test func keyGuardsItsFileAndItsUse() throws {
        let s = try Setup()
        defer { s.cli.cleanUp() }
        #expect(StoreProbe.mode(s.key) == 0o600)
        let again = try s.cli("key", "init", "--out", s.key)
        #expect(again.status == 1)
        let noFolder = try s.cli("key", "init", "--out", s.cli.directory.appendingPathComponent("not-mounted/k.key").path)
        #expect(noFolder.status == 1)
        #expect(noFolder.stderr.contains("フォルダ"), "\(noFolder.stderr)")
        #expect(!FileManager.default.fileExists(atPath: s.cli.directory.appendingPathComponent("not-mounted").path))
        // Every event written with the key verifies; another key matches none.
        let ok = try s.cli("verify", "--key", s.key)
        #expect(ok.status == 0)
        #expect(ok.stdout.contains("鍵の署名: 6 件すべて一致"), "\(ok.stdout)")
        let other = s.cli.directory.appendingPathComponent("other.key").path
        _ = try s.cli("key", "init", "--out", other)
        let wrong = try s.cli("verify", "--key", other, "--lang", "en")
        #expect(wrong.status == 3)
        #expect(wrong.stderr.contains("a different key?"), "\(wrong.stderr)")
        // With the USB stick gone, nothing is written unsigned; reading still works.
        var unplugged = s.cli
        unplugged.environment["INCIDENT_KEY_FILE"] = s.cli.directory.appendingPathComponent("gone/usb.key").path
        let before = try StoreProbe.snapshot(s.cli.dbPath)
        let log = try unplugged("log", "鍵なし")
        #expect(log.status == 1)
        #expect(log.stderr.contains("鍵ファイル"), "\(log.stderr)")
        #expect(try StoreProbe.snapshot(s.cli.dbPath) == before)
        #expect(try unplugged("status").status == 0)
        // Events written without a key are named as such.
        var keyless = s.cli
        keyless.environment["INCIDENT_KEY_FILE"] = nil
        _ = try keyless("log", "鍵なしの記録")
        let mixed = try keyless("verify", "--key", s.key, "--lang", "en")
        #expect(mixed.status == 3)
        #expect(mixed.stderr.contains("no MAC on #7"), "\(mixed.stderr)")
    }

    @Test func headNoteIsPrintedAndChecked() throws {
        let s = try Setup()
        defer { s.cli.cleanUp() }
        let hash: String = try StoreProbe.fetch(s.cli.dbPath, "SELECT hash FROM event WHERE seq = 6")!
        #expect(s.note == "6:\(hash.prefix(16))")
        let verify = try s.cli("verify")
        #expect(verify.stdout.contains("#6 \(hash.prefix(16))"), "\(verify.stdout)")
        #expect(try s.cli("verify", "--head", "#6 \(hash.prefix(16))").status == 0)
        let status = try s.cli.json("status") as? [String: Any]
        #expect(status?["head"] as? String == "#6 \(hash.prefix(16))")
        let wrong = try s.cli("verify", "--head", "6:0000000000000000", "--lang", "en")
        #expect(wrong.status == 3)
        #expect(wrong.stderr.contains("event #6") && wrong.stderr.contains("rewritten at or before #6"), "\(wrong.stderr)")
        #expect(try s.cli("verify", "--head", "six").status == 64)
    }

    @Test func bundleManifestCoversEveryFile() throws {
        let s = try Setup()
        defer { s.cli.cleanUp() }
        let manifestHash = try #require(EventBundle.manifestHash(path: s.bundle))
        #expect(try s.cli("verify", "--bundle", s.bundle, "--manifest-hash", String(manifestHash.prefix(16))).status == 0)
        let keyed = try s.cli("verify", "--bundle", s.bundle, "--key", s.key)
        #expect(keyed.status == 0 && keyed.stdout.contains("鍵の署名: 6 件すべて一致"), "\(keyed.stdout)\(keyed.stderr)")
        let manifest = try String(contentsOfFile: s.bundle + "/manifest.json", encoding: .utf8)
        #expect(manifest.contains("timeline.md") && manifest.contains("events.jsonl"))
        // timeline.md is covered.
        let timeline = s.bundle + "/timeline.md"
        try (try String(contentsOfFile: timeline, encoding: .utf8)).replacingOccurrences(of: "note 2", with: "note X")
            .write(toFile: timeline, atomically: false, encoding: .utf8)
        let edited = try s.cli("verify", "--bundle", s.bundle, "--lang", "en")
        #expect(edited.status == 3)
        #expect(edited.stderr.contains("timeline.md differs"), "\(edited.stderr)")
        // A whole bundle rewritten consistently (manifest included) passes on its own, not against the hash written down.
        let rewritten = s.cli.directory.appendingPathComponent("rewritten").path
        try StoreProbe.rewriteAndRechain(s.cli.dbPath, "UPDATE event SET payload = replace(payload, 'note 2', 'note X'), mac = NULL WHERE seq = 3")
        var keyless = s.cli
        keyless.environment["INCIDENT_KEY_FILE"] = nil
        #expect(try keyless("export", "--out", rewritten).status == 0)
        #expect(try keyless("verify", "--bundle", rewritten).status == 0)
        let caught = try keyless("verify", "--bundle", rewritten, "--manifest-hash", String(manifestHash.prefix(16)), "--lang", "en")
        #expect(caught.status == 3)
        #expect(caught.stderr.contains("manifest.json is not the one"), "\(caught.stderr)")
        // The key sees the rewrite inside the bundle too: the re-chained events after
        // the edited one (#3, its MAC dropped) keep MACs of their old hashes.
        let unsigned = try keyless("verify", "--bundle", rewritten, "--key", s.key, "--lang", "en")
        #expect(unsigned.status == 3)
        #expect(unsigned.stderr.contains("event #4") && unsigned.stderr.contains("3 event(s) with a wrong MAC"), "\(unsigned.stderr)")
        // An extra file is named too.
        try "x".write(toFile: rewritten + "/extra.txt", atomically: false, encoding: .utf8)
        let extra = try keyless("verify", "--bundle", rewritten, "--lang", "en")
        #expect(extra.status == 3)
        #expect(extra.stderr.contains("extra.txt is not listed"), "\(extra.stderr)")
    }

    @Test func backupAndExportLeaveNoTemporaryFiles() throws {
        let s = try Setup()
        defer { s.cli.cleanUp() }
        let names = try FileManager.default.contentsOfDirectory(atPath: s.cli.directory.path)
        #expect(!names.contains { $0.contains(".partial") }, "\(names)")
        #expect(!FileManager.default.fileExists(atPath: s.backup + "-wal"))
        // The backup is one self-contained file, and verifies on its own.
        var copy = s.cli
        copy.environment["INCIDENT_DB"] = s.backup
        #expect(try copy("verify", "--all").status == 0)
        #expect(try s.cli("backup", "--out", s.backup).status == 1)
        #expect(try s.cli("export", "--out", s.bundle).status == 1)
    }

    /// A backup handed over as evidence is read, not changed: its SHA-256 (noted
    /// down, or given to the police) still matches after every reading command.
    @Test func readingABackupLeavesItsBytesAsTheyWere() throws {
        let s = try Setup()
        defer { s.cli.cleanUp() }
        let before = try Data(contentsOf: URL(fileURLWithPath: s.backup))
        var copy = s.cli
        copy.environment["INCIDENT_DB"] = s.backup
        for arguments in [
            ["status"], ["status", "--json"], ["timeline"], ["timeline", "--format", "csv"], ["list"], ["verify", "--all"], ["report", "mhlw"],
            ["review"],
        ] {
            let r = try copy.run(arguments)
            #expect(r.status == 0, "\(arguments): \(r.stderr)")
            #expect(try Data(contentsOf: URL(fileURLWithPath: s.backup)) == before, "\(arguments) changed the backup")
        }
        // The live store is untouched by all this, and the backup still anchors it.
        #expect(try s.cli("verify", "--against", s.backup).status == 0)
    }
}
