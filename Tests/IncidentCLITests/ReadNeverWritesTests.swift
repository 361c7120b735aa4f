import Foundation
import GRDB
import IncidentKit
import Testing

/// Reading never writes: read commands open the store read-only; a store from
/// an older version is read as it is (migrated only by a write, which says so);
/// a `-wal` beside a copy is neither folded in nor removed; read-only folders
/// are readable. Outputs appear complete or not at all.
@Suite struct ReadNeverWritesTests {
    static func sha256(_ path: String) -> String? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return EventBundle.sha256(data)
    }

    /// The names in `folder`, sorted: a read adds and removes none (no `-wal`,
    /// `-shm` or `-journal` left beside a store it read).
    static func listing(_ folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
    }

    /// The SHA-256 of every file in `folder` but SQLite's `-shm` (an index that
    /// connections rebuild, not data), by name.
    static func hashes(_ folder: String) -> [String: String] {
        var out: [String: String] = [:]
        for name in listing(folder) where !name.hasSuffix("-shm") { out[name] = sha256(folder + "/" + name) }
        return out
    }

    /// The commands that only read (outputs go to files under `out`).
    static func readCommands(_ out: String) -> [[String]] {
        [
            ["status"], ["status", "--json"], ["timeline"], ["timeline", "--format", "csv"], ["timeline", "--format", "json"], ["list"],
            ["verify"], ["verify", "--all"], ["report", "mhlw"], ["facility", "show"], ["doctor"], ["checklist"], ["readiness"],
            ["print", "timeline", "--out", out + "/t.html"], ["report", "mhlw", "--out", out + "/r.md"], ["review"],
        ]
    }

    /// Turns `path` (made by this version) into a store as the version before
    /// the document log left it: its last two migrations undone.
    static func makeOlder(_ path: String) throws {
        let db = try DatabaseQueue(path: path)
        defer { try? db.close() }
        try db.write { db in
            try db.execute(
                sql: """
                    DROP TABLE document_log; DROP TABLE copy_made;
                    DELETE FROM grdb_migrations WHERE identifier IN ('v7-document-log', 'v8-copies');
                    """)
        }
        try db.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
    }

    @Test func anOlderStoreIsReadAsItIsAndMigratedByTheFirstWrite() throws {
        var cli = try CLI.withNotes(3)
        defer { cli.cleanUp() }
        let older = cli.directory.appendingPathComponent("older/old.sqlite").path
        #expect(try cli("backup", "--out", older).status == 0)
        try Self.makeOlder(older)
        cli.environment["INCIDENT_DB"] = older
        let out = cli.directory.appendingPathComponent("outputs").path
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let before = Self.sha256(older)
        let folder = (older as NSString).deletingLastPathComponent
        let listed = Self.listing(folder)
        for args in Self.readCommands(out) {
            let r = try cli.run(args)
            #expect(r.status != 3, "\(args): \(r.stderr)")
            #expect(Self.sha256(older) == before, "\(args) changed the older store")
            #expect(Self.listing(folder) == listed, "\(args) left or removed files beside the store")
        }
        #expect(try cli("verify", "--all").status == 0)
        // The first write brings it up to date, and says so.
        let log = try cli("log", "追記")
        #expect(log.status == 0, "\(log.stderr)")
        #expect(log.stderr.contains("古い版"), "\(log.stderr)")
        #expect(Self.sha256(older) != before)
        #expect(try cli("verify", "--all").status == 0)
        #expect(!(try cli("status")).stderr.contains("古い版"))
    }

    @Test func aCopyWithALiveWALIsReadWithoutFoldingItIn() throws {
        var cli = try CLI.withNotes(3)
        defer { cli.cleanUp() }
        // Hold a connection open so that the next write's WAL stays beside the store.
        let holder = try DatabaseQueue(path: cli.dbPath)
        _ = try holder.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM event") }
        #expect(try cli("log", "WAL の中だけの記録").status == 0)
        let copyFolder = cli.directory.appendingPathComponent("copy")
        try FileManager.default.createDirectory(at: copyFolder, withIntermediateDirectories: true)
        let copy = copyFolder.appendingPathComponent("incident.sqlite").path
        try FileManager.default.copyItem(atPath: cli.dbPath, toPath: copy)
        try FileManager.default.copyItem(atPath: cli.dbPath + "-wal", toPath: copy + "-wal")
        try holder.close()
        cli.environment["INCIDENT_DB"] = copy
        let before = (Self.sha256(copy), Self.sha256(copy + "-wal"))
        #expect(before.1 != nil)
        #expect(Self.listing(copyFolder.path) == ["incident.sqlite", "incident.sqlite-wal"])
        let out = cli.directory.appendingPathComponent("outputs").path
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        for args in Self.readCommands(out) {
            let r = try cli.run(args)
            #expect(r.status != 3, "\(args): \(r.stderr)")
            #expect(Self.sha256(copy) == before.0 && Self.sha256(copy + "-wal") == before.1, "\(args) changed the copy or its WAL")
            #expect(Self.listing(copyFolder.path) == ["incident.sqlite", "incident.sqlite-wal"], "\(args) left or removed files beside the copy")
        }
        // What is in the WAL is read.
        #expect(try cli("timeline").stdout.contains("WAL の中だけの記録"))
    }

    /// A store no connection has open (nothing beside it): every read leaves
    /// its folder as it was, no `-wal` or `-shm` added. And a store another
    /// process holds open (its `-wal` and `-shm` beside it): reads leave those
    /// as they are, and see what the holder's writes added.
    @Test func aReadLeavesTheFolderAsItWas() throws {
        let cli = try CLI.withNotes(3)
        defer { cli.cleanUp() }
        let folder = (cli.dbPath as NSString).deletingLastPathComponent
        let out = cli.directory.appendingPathComponent("outputs").path, out2 = out + "2"
        for o in [out, out2] { try FileManager.default.createDirectory(atPath: o, withIntermediateDirectories: true) }
        // (Beside the store: its local settings file.)
        let listed = Self.listing(folder)
        #expect(listed.contains("incident.sqlite") && !listed.contains { $0.hasSuffix("-wal") || $0.hasSuffix("-shm") }, "\(listed)")
        let before = Self.hashes(folder)
        for args in Self.readCommands(out) {
            let r = try cli.run(args)
            #expect(r.status == 0 || r.status == 1, "\(args): \(r.stderr)")
            #expect(Self.listing(folder) == listed, "\(args) left \(Self.listing(folder))")
            #expect(Self.hashes(folder) == before, "\(args) changed the store")
        }
        // A write still works after those reads, and leaves nothing either.
        #expect(try cli("log", "読んだ後の記録").status == 0)
        #expect(Self.listing(folder) == listed, "\(Self.listing(folder))")

        // Another process holds the store open: its -wal and -shm stay, the reads see its writes.
        let holder = try DatabaseQueue(path: cli.dbPath)
        defer { try? holder.close() }
        _ = try holder.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM event") }
        #expect(try cli("log", "保持中の記録").status == 0)
        let live = Self.listing(folder)
        #expect(live == (listed + ["incident.sqlite-shm", "incident.sqlite-wal"]).sorted(), "\(live)")
        let liveHashes = Self.hashes(folder)
        for args in Self.readCommands(out2) {
            let r = try cli.run(args)
            #expect(r.status == 0 || r.status == 1, "\(args): \(r.stderr)")
            #expect(Self.listing(folder) == live, "\(args) changed the files beside a live store")
            #expect(Self.hashes(folder) == liveHashes, "\(args) changed the live store or its WAL")
        }
        #expect(try cli("timeline").stdout.contains("保持中の記録"))
        // Reads between two writes of another terminal see both.
        #expect(try cli("log", "二つ目").status == 0)
        #expect(try cli("timeline").stdout.contains("二つ目"))
    }

    /// A store in a read-only folder, read by another user (tests run as root,
    /// which no permission stops): read commands work, a write says it cannot,
    /// and a backup is still made, saying it could not be recorded.
    @Test(.enabled(if: getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv")))
    func aReadOnlyFolderIsReadableByAnotherUser() throws {
        let cli = try CLI.withNotes(3)
        defer { cli.cleanUp() }
        _ = try cli("verify")
        let folder = (cli.dbPath as NSString).deletingLastPathComponent
        let writable = cli.directory.appendingPathComponent("usb").path
        try FileManager.default.createDirectory(atPath: writable, withIntermediateDirectories: true)
        chown(writable, 65534, 65534)
        chmod(cli.directory.path, 0o755)
        chmod(folder, 0o555)
        chmod(cli.dbPath, 0o444)
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] { chmod(folder + "/" + name, 0o444) }
        let before = Self.sha256(cli.dbPath)
        func asNobody(_ args: [String]) throws -> CLI.Result {
            var env = cli.environment
            env["HOME"] = writable
            return try CLI.runProgram(
                "/usr/bin/setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", "--", CLI.executable.path] + args, environment: env)
        }
        for args in [["status"], ["timeline"], ["verify", "--all"], ["list"]] {
            let r = try asNobody(args)
            #expect(r.status == 0, "\(args): \(r.stderr)")
        }
        let log = try asNobody(["log", "書けないはず"])
        #expect(log.status == 1, "\(log.stderr)")
        let backup = try asNobody(["backup", "--out", writable + "/copy.sqlite", "--lang", "en"])
        #expect(backup.status == 0, "\(backup.stderr)")
        #expect(backup.stderr.contains("could not be recorded"), "\(backup.stderr)")
        #expect(FileManager.default.fileExists(atPath: writable + "/copy.sqlite"))
        #expect(Self.sha256(cli.dbPath) == before)
        chmod(folder, 0o700)
    }

    /// A full disk leaves nothing under the name asked for, and nothing that
    /// blocks the re-run. (A small tmpfs, mounted as root; skipped otherwise.)
    @Test(.enabled(if: getuid() == 0))
    func aFullDiskLeavesNothingThatBlocksTheRerun() throws {
        let cli = try CLI.withNotes(300)
        defer { cli.cleanUp() }
        let small = cli.directory.appendingPathComponent("small").path
        try FileManager.default.createDirectory(atPath: small, withIntermediateDirectories: true)
        let mount = try CLI.runProgram("/bin/mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", small], environment: [:])
        guard mount.status == 0 else {
            print("note: tmpfs could not be mounted (\(mount.stderr)); full-disk test skipped")
            return
        }
        defer { _ = try? CLI.runProgram("/bin/umount", [small], environment: [:]) }
        // Leave a few KiB free: enough to start each file, not to finish it.
        let filler = small + "/filler"
        _ = FileManager.default.createFile(atPath: filler, contents: Data(repeating: 0, count: 56 * 1024))
        for args in [
            ["print", "timeline", "--out", small + "/timeline.html"], ["report", "mhlw", "--out", small + "/r.md"],
            ["backup", "--out", small + "/b.sqlite"], ["export", "--out", small + "/bundle"],
        ] {
            let r = try cli.run(args)
            let target = args[args.count - 1]
            if r.status == 0 { continue }  // it fitted
            #expect(r.status == 1, "\(args): \(r.stderr)")
            #expect(!FileManager.default.fileExists(atPath: target), "\(args) left \(target)")
        }
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: small).filter { $0.contains(".partial-") }
        #expect(leftovers.isEmpty, "\(leftovers)")
        // The timeline of 300 notes does not fit in what is left: refused, then written once there is room.
        #expect(!FileManager.default.fileExists(atPath: small + "/timeline.html"))
        try FileManager.default.removeItem(atPath: filler)
        let rerun = try cli("print", "timeline", "--out", small + "/timeline.html")
        #expect(rerun.status == 0, "\(rerun.stderr)")
    }
}

/// Every backup and export is recorded; `doctor` and `status` say how old the newest copy is.
@Suite struct CopyFreshnessTests {
    @Test func backupsAndExportsAreRecordedAndTheirAgeShown() throws {
        var cli = try CLI.withNotes(1)
        defer { cli.cleanUp() }
        #expect(try cli("status", "--lang", "en").stdout.contains("No copy of the store"))
        let backup = cli.directory.appendingPathComponent("usb/b.sqlite").path
        let r = try cli("backup", "--out", backup)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try cli("status", "--lang", "en").stdout.contains("Newest copy: 0 day(s) old"))
        #expect(try cli("verify", "--all").status == 0)
        // Three days later, during the incident (limit: 1 day): a warning.
        cli.environment["INCIDENT_TEST_NOW"] = Timestamp.utc(Date().addingTimeInterval(3 * 86_400))
        let later = try cli("status", "--lang", "en")
        #expect(later.stdout.contains("Warning: Newest copy: 3 day(s) old"), "\(later.stdout)")
        // The copy record is chained: an edited one is caught.
        try StoreProbe.tamper(cli.dbPath, "UPDATE copy_made SET made_at = '2099-01-01T00:00:00.000Z'")
        #expect(try cli("verify", "--all").status == 3)
    }

    /// The limits come from the profile (`backup.maxAgeDays`): here 2 days in
    /// peacetime and 5 during an incident, instead of 30 and 1.
    @Test func theProfileSetsTheLimits() throws {
        var cli = try CLI()
        defer { cli.cleanUp() }
        let profile = try cli.write(
            "facility.yaml", "facility:\n  name: テスト医院\nbackup:\n  maxAgeDays:\n    peacetime: 2\n    incident: 5\n")
        #expect(try cli("init", "--facility", profile).status == 0)
        #expect(try cli("backup", "--out", cli.directory.appendingPathComponent("usb/b.sqlite").path).status == 0)
        cli.environment["INCIDENT_TEST_NOW"] = Timestamp.utc(Date().addingTimeInterval(3 * 86_400 + 60))
        // Peacetime, three days on: past the profile's 2 days (under the default 30).
        for command in ["doctor", "readiness"] {
            // (Lines are wrapped to the terminal's width.)
            let text = try cli(command, "--lang", "en").stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            #expect(text.contains("Warning: Newest copy: 3 day(s) old"), "\(command): \(text)")
            #expect(text.contains("Older than 2 day(s)"), "\(command): \(text)")
        }
        // During an incident: under the profile's 5 days (past the default 1).
        #expect(try cli("declare", "受付の電子カルテが開かない").status == 0)
        let status = try cli("status", "--lang", "en")
        #expect(status.stdout.contains("Newest copy: 3 day(s) old"), "\(status.stdout)")
        #expect(!status.stdout.contains("Warning: Newest copy"), "\(status.stdout)")
        // A bad limit is refused with the file, its line and the field; the store keeps the old profile.
        let bad = try cli.write("bad.yaml", "facility:\n  name: テスト医院\nbackup:\n  maxAgeDays:\n    peacetime: 0\n")
        let r = try cli("facility", "import", bad, "--lang", "en")
        #expect(r.status == 1)
        #expect(r.stderr.contains("\(bad):5:") && r.stderr.contains("backup.maxAgeDays.peacetime"), "\(r.stderr)")
        #expect(!(try cli("status", "--lang", "en")).stdout.contains("Warning: Newest copy"))
    }
}

extension CLI {
    /// Runs any program (setpriv, mount) and captures what it prints.
    static func runProgram(_ path: String, _ arguments: [String], environment: [String: String]) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        if !environment.isEmpty { process.environment = environment }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self))
    }
}
