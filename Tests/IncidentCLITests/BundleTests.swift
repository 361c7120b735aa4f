import Foundation
import GRDB
import Testing

/// `export`, `verify --bundle` and `backup`, and the privacy of every file made.
@Suite struct BundleTests {
    func lines(_ bundle: URL) throws -> [String] {
        try String(contentsOf: bundle.appendingPathComponent("events.jsonl"), encoding: .utf8).split(separator: "\n").map(String.init)
    }

    func write(_ lines: [String], _ bundle: URL) throws {
        try (lines.joined(separator: "\n") + "\n").write(to: bundle.appendingPathComponent("events.jsonl"), atomically: false, encoding: .utf8)
    }

    @Test func exportHoldsEveryStoredFieldAndVerifiesOffline() throws {
        let cli = try CLI.withNotes(3)
        defer { cli.cleanUp() }
        _ = try cli("log", "'); DROP TABLE event; -- \"引用\" \\ 改行\nあり")
        let bundle = cli.directory.appendingPathComponent("out/bundle")
        let r = try cli("export", "--out", bundle.path)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(StoreProbe.mode(bundle.path) == 0o700)
        for file in ["events.jsonl", "timeline.md", "manifest.json"] {
            #expect(StoreProbe.mode(bundle.appendingPathComponent(file).path) == 0o600, "\(file)")
        }
        let stored = try DatabaseQueue(path: cli.dbPath).read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM event ORDER BY seq")
        }
        let lines = try lines(bundle)
        #expect(lines.count == stored.count)
        for (line, row) in zip(lines, stored) {
            let obj = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            #expect(Set(obj.keys) == ["incidentID", "seq", "occurredAt", "recordedAt", "actor", "kind", "payload", "prevHash", "hash"])
            #expect(obj["payload"] as? String == row["payload"] as String)
            #expect(obj["hash"] as? String == row["hash"] as String)
            #expect(obj["prevHash"] as? String == row["prev_hash"] as String)
            #expect(obj["occurredAt"] as? String == row["occurred_at"] as String)
        }
        let manifest = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: bundle.appendingPathComponent("manifest.json"))) as? [String: Any])
        #expect((manifest["eventCount"] as? NSNumber)?.intValue == 5)
        #expect(manifest["lastHash"] as? String == stored.last?["hash"])
        #expect(manifest["toolVersion"] as? String == "0.1.0")
        #expect(manifest["createdAt"] is String && manifest["incidentID"] is String)
        let timeline = try String(contentsOf: bundle.appendingPathComponent("timeline.md"), encoding: .utf8)
        #expect(timeline.hasPrefix("# 時系列"))
        // Checked with the database gone.
        try FileManager.default.removeItem(atPath: (cli.dbPath as NSString).deletingLastPathComponent)
        let verify = try cli("verify", "--bundle", bundle.path)
        #expect(verify.status == 0, "\(verify.stderr)")
        // Never overwritten.
        let again = try cli("export", "--out", bundle.path)
        #expect(again.status == 1)
    }

    @Test func exportRefusesAnExistingPath() throws {
        let cli = try CLI.withNotes(1)
        defer { cli.cleanUp() }
        let target = cli.directory.appendingPathComponent("exists")
        try Data("keep".utf8).write(to: target)
        let r = try cli("export", "--out", target.path)
        #expect(r.status == 1)
        #expect(r.stderr.contains("既に存在"))
        #expect(try String(contentsOf: target, encoding: .utf8) == "keep")
    }

    /// Each alteration of a bundle: exit 3 naming the line.
    @Test(arguments: ["edit", "delete", "swap", "drop-last", "manifest", "garbage", "add-field-only"])
    func alteredBundleIsDetected(_ how: String) throws {
        let cli = try CLI.withNotes(4)
        defer { cli.cleanUp() }
        let bundle = cli.directory.appendingPathComponent("b")
        #expect(try cli("export", "--out", bundle.path).status == 0)
        var l = try lines(bundle)
        var expected = "events.jsonl line 3"
        switch how {
        case "edit": l[2] = l[2].replacingOccurrences(of: "note 2", with: "note X")
        case "delete": l.remove(at: 2)
        case "swap": l.swapAt(2, 3)
        case "drop-last": l.removeLast(); expected = "head says #5"
        case "manifest":
            let url = bundle.appendingPathComponent("manifest.json")
            let text = try String(contentsOf: url, encoding: .utf8)
            try text.replacingOccurrences(of: "\"lastHash\":\"", with: "\"lastHash\":\"0").write(to: url, atomically: false, encoding: .utf8)
            expected = "head says"
        case "garbage": l[2] = "{not json"
        default:
            // Reformatting that keeps every value leaves the chain intact, but the
            // manifest fixes every byte of every file.
            l[2] = l[2].replacingOccurrences(of: "{\"actor\"", with: "{ \"extra\": 1, \"actor\"")
            expected = "events.jsonl differs from its SHA-256 in manifest.json"
        }
        try write(l, bundle)
        let r = try cli("verify", "--bundle", bundle.path, "--lang", "en")
        if expected.isEmpty {
            #expect(r.status == 0, "\(r.stderr)")
        } else {
            #expect(r.status == 3)
            #expect(r.stderr.contains(expected), "\(r.stderr)")
        }
    }

    /// A log with an acknowledged break exports; the bundle verifies and still shows the break.
    @Test func acknowledgedBreakTravelsWithTheBundle() throws {
        let cli = try CLI.withNotes(3)
        defer { cli.cleanUp() }
        try StoreProbe.tamper(cli.dbPath, "UPDATE event SET payload = replace(payload, 'note 2', 'note X') WHERE seq = 3")
        #expect(try cli("verify", "--acknowledge", "--reason", "報告済み").status == 0)
        _ = try cli("log", "after")
        let bundle = cli.directory.appendingPathComponent("b")
        #expect(try cli("export", "--out", bundle.path).status == 0)
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: bundle.appendingPathComponent("manifest.json"))) as? [String: Any]
        #expect((manifest?["acknowledgedBreaks"] as? [Any])?.count == 1)
        let r = try cli("verify", "--bundle", bundle.path, "--lang", "en")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("Acknowledged break: event #3"))
        #expect(try cli("verify", "--bundle", bundle.path, "--strict").status == 3)
        // Changing the damaged stretch in the bundle is a new break.
        var l = try lines(bundle)
        l[3] = l[3].replacingOccurrences(of: "note 3", with: "note Y")
        try write(l, bundle)
        let altered = try cli("verify", "--bundle", bundle.path, "--lang", "en")
        #expect(altered.status == 3)
        #expect(altered.stderr.contains("event #3") && altered.stderr.contains("line 3"), "\(altered.stderr)")
    }

    @Test func missingBundleIsAUserError() throws {
        let r = try CLI.run(["verify", "--bundle", "/nonexistent/bundle"])
        #expect(r.status == 1)
    }

    /// A backup taken while another process is logging opens and verifies.
    @Test func backupWhileLoggingVerifies() throws {
        let cli = try CLI.withNotes(2)
        defer { cli.cleanUp() }
        let writer = Process()
        writer.executableURL = URL(fileURLWithPath: "/bin/sh")
        writer.arguments = ["-c", "i=1; while [ $i -le 60 ]; do \"$BIN\" log \"bg-$i\" >/dev/null || exit 1; i=$((i+1)); done"]
        writer.environment = cli.environment.merging(["BIN": CLI.executable.path]) { $1 }
        try writer.run()
        usleep(300_000)
        let backup = cli.directory.appendingPathComponent("backups/one.sqlite")
        let r = try cli("backup", "--out", backup.path)
        writer.waitUntilExit()
        #expect(r.status == 0, "\(r.stderr)")
        #expect(writer.terminationStatus == 0)
        #expect(StoreProbe.mode(backup.path) == 0o600)
        #expect(StoreProbe.mode(backup.deletingLastPathComponent().path) == 0o700)
        let verify = try CLI.run(["verify", "--all", "--db", backup.path], environment: cli.environment)
        #expect(verify.status == 0, "\(verify.stderr)")
        let count: Int? = try StoreProbe.fetch(backup.path, "SELECT count(*) FROM event")
        #expect((3...63).contains(count ?? 0))
        #expect(try cli("backup", "--out", backup.path).status == 1)
    }

    /// Store, its -wal and -shm, and their folder: readable by the owner only.
    @Test func storeFilesArePrivate() throws {
        let cli = try CLI.withNotes(1)
        defer { cli.cleanUp() }
        #expect(StoreProbe.mode(cli.dbPath) == 0o600)
        #expect(StoreProbe.mode((cli.dbPath as NSString).deletingLastPathComponent) == 0o700)
        // Hold a connection so that the WAL and shared-memory files exist while the CLI writes.
        let held = try DatabaseQueue(path: cli.dbPath)
        try held.read { db in _ = try Int.fetchOne(db, sql: "SELECT count(*) FROM event") }
        #expect(try cli("log", "while held").status == 0)
        for suffix in ["-wal", "-shm"] {
            #expect(FileManager.default.fileExists(atPath: cli.dbPath + suffix))
            #expect(StoreProbe.mode(cli.dbPath + suffix) == 0o600, "\(suffix)")
        }
        try held.close()
    }

    /// No networking anywhere in the product's sources, but for the web board
    /// (`IncidentBoard`, `incident-serve`): it listens (on loopback) and prints its
    /// `http://` address, and like everything else it never connects out. The
    /// QR code's SVG names its XML namespace, which is not an address.
    @Test func noNetworkCode() throws {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources")
        let banned = [
            "URLSession", "URLRequest", "FoundationNetworking", "import Network", "NWConnection", "socket(", "getaddrinfo", "CFSocket",
            "Socket", "curl", "http://", "https://",
        ]
        let files =
            FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL }
            .filter { $0.pathExtension == "swift" } ?? []
        #expect(files.count > 10)
        for file in files {
            // An XML namespace is a name, not an address anything is fetched from (the QR code's SVG).
            let text = try String(contentsOf: file, encoding: .utf8).replacingOccurrences(of: "xmlns=\\\"http://www.w3.org/2000/svg\\\"", with: "")
            let board = ["IncidentBoard", "incident-serve"].contains(file.deletingLastPathComponent().lastPathComponent)
            for word in banned where !(board && word == "http://") {
                #expect(!text.contains(word), "\(file.lastPathComponent) mentions \(word)")
            }
        }
    }
}
