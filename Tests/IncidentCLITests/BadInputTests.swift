import Foundation
import GRDB
import Testing

/// Bad input everywhere: a clear message naming the field or file:line, the
/// contract's exit status, and the store left exactly as it was.
@Suite struct BadInputTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var args: [String]
        var status: Int32
        /// Text the message on stderr must contain.
        var says: String
        var testDescription: String { name }
    }

    static let huge = String(repeating: "あ", count: 22_000)  // 66,000 bytes > 64 KiB

    static let cases: [Case] = [
        Case(name: "unknown incident", args: ["log", "x", "--incident", "INC-19990101-9"], status: 1, says: "INC-19990101-9"),
        Case(name: "unknown step", args: ["step", "start", "99"], status: 1, says: "99"),
        Case(name: "unknown step id", args: ["step", "done", "no-such-step"], status: 1, says: "no-such-step"),
        Case(name: "invalid --at", args: ["log", "x", "--at", "yesterday"], status: 1, says: "YYYY-MM-DD"),
        Case(name: "impossible date", args: ["log", "x", "--at", "2026-02-30 10:00"], status: 1, says: "2026-02-30"),
        Case(name: "future --at", args: ["log", "x", "--at", "2099-01-01T00:00"], status: 1, says: "未来"),
        Case(name: "before awareness", args: ["log", "x", "--at", "2000-01-01 00:00"], status: 1, says: "認知時刻"),
        Case(name: "empty text", args: ["log", ""], status: 1, says: "記録する内容"),
        Case(name: "blank text", args: ["log", "  \n\t "], status: 1, says: "記録する内容"),
        Case(name: "huge text", args: ["log", huge], status: 1, says: "65536"),
        Case(name: "bell character", args: ["log", "a\u{07}b"], status: 1, says: "制御文字"),
        Case(name: "terminal escape", args: ["log", "\u{1B}[2J消す"], status: 1, says: "制御文字"),
        Case(name: "NUL-free C1 control", args: ["log", "a\u{85}b"], status: 1, says: "制御文字"),
        Case(name: "replacement character", args: ["log", "壊れた\u{FFFD}"], status: 1, says: "制御文字"),
        Case(name: "control in --by", args: ["log", "x", "--by", "山田\u{1B}"], status: 1, says: "--by"),
        Case(name: "skip without reason", args: ["step", "skip", "1"], status: 1, says: "--reason"),
        Case(name: "correct unknown event", args: ["correct", "99", "--text", "x"], status: 1, says: "99"),
        Case(name: "unknown question", args: ["answer", "no-such-question", "yes"], status: 1, says: "no-such-question"),
        Case(name: "missing argument", args: ["log"], status: 64, says: "text"),
        Case(name: "unknown option", args: ["log", "x", "--bogus"], status: 64, says: "--bogus"),
        Case(name: "bad --lang", args: ["status", "--lang", "fr"], status: 64, says: "fr"),
        Case(name: "acknowledge without reason", args: ["verify", "--acknowledge"], status: 64, says: "--reason"),
        Case(name: "nothing to acknowledge", args: ["verify", "--acknowledge", "--reason", "x"], status: 1, says: "確認"),
        Case(name: "unknown runbook", args: ["declare", "x", "--runbook", "nope"], status: 1, says: "nope"),
        Case(name: "missing runbook file", args: ["runbook", "validate", "/nonexistent.yaml"], status: 1, says: "/nonexistent.yaml"),
    ]

    @Test(arguments: cases)
    func refusedAndNothingChanges(_ c: Case) throws {
        let cli = try CLI.withNotes(1)
        defer { cli.cleanUp() }
        let before = try StoreProbe.snapshot(cli.dbPath)
        let r = try cli.run(c.args)
        #expect(r.status == c.status, "\(r.stdout)\(r.stderr)")
        #expect(r.stderr.contains(c.says), "\(r.stderr)")
        #expect(!r.stderr.contains("Fatal error"))
        #expect(try StoreProbe.snapshot(cli.dbPath) == before)
    }

    /// SQL-looking and otherwise odd text is stored verbatim and is harmless.
    @Test func sqlLikeTextIsStoredVerbatim() throws {
        let cli = try CLI.withNotes(1)
        defer { cli.cleanUp() }
        let texts = [
            "'); DROP TABLE event; --", "\" OR 1=1; --", "Robert'); DELETE FROM incident; --", "%s %n %x", "$(rm -rf /)", "<script>alert(1)</script>",
            "| a | b |\n---", "改行\nと\tタブ", "👩‍⚕️🏥",
        ]
        for t in texts { #expect(try cli("log", t).status == 0, "\(t)") }
        #expect(try cli("verify").status == 0)
        let timeline = try cli.json("timeline") as? [[String: Any]] ?? []
        let stored = timeline.compactMap { $0["text"] as? String }
        for t in texts { #expect(stored.contains(t), "\(t)") }
        #expect(try cli("timeline", "--format", "csv").status == 0)
        #expect(try cli("timeline", "--format", "markdown").status == 0)
    }

    /// Argument bytes that are not UTF-8 (a Shift_JIS terminal, say) are refused, not stored mangled.
    @Test func invalidUTF8ArgumentIsRefused() throws {
        let cli = try CLI.withNotes(1)
        defer { cli.cleanUp() }
        let before = try StoreProbe.snapshot(cli.dbPath)
        // "受付" in Shift_JIS, and a lone continuation byte.
        let r = try cli.shell(#""$BIN" log "$(printf '\216\363\225\164')""#)
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stderr.contains("制御文字"))
        let r2 = try cli.shell(#""$BIN" log x --at "$(printf '\37708:00')""#)
        #expect(r2.status == 1)
        #expect(try StoreProbe.snapshot(cli.dbPath) == before)
    }

    /// A store written by a newer version is not touched.
    @Test func newerSchemaIsRefusedUntouched() throws {
        let cli = try CLI.withNotes(1)
        defer { cli.cleanUp() }
        let db = try DatabaseQueue(path: cli.dbPath)
        try db.write { db in try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99-from-the-future')") }
        try db.close()
        let before = try StoreProbe.snapshot(cli.dbPath)
        for args in [["log", "x"], ["status"], ["verify"], ["declare", "y"]] {
            let r = try cli.run(args)
            #expect(r.status == 1, "\(args)")
            #expect(r.stderr.contains("新しい版"), "\(r.stderr)")
        }
        #expect(try StoreProbe.snapshot(cli.dbPath) == before)
        let migrations: [String] = try DatabaseQueue(path: cli.dbPath).read { db in
            try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY identifier")
        }
        #expect(
            migrations == [
                "v1-events", "v2-snapshots", "v3-readiness", "v4-event-mac", "v5-creation-mark", "v6-bcp", "v7-document-log", "v8-copies",
                "v99-from-the-future",
            ])
    }

    /// A store that cannot be written: refused with a clear message, still readable.
    /// As root, permission bits do not stop writes: the immutable attribute (chattr) does.
    @Test(arguments: ["file", "folder"])
    func readOnlyStore(_ what: String) throws {
        let cli = try CLI.withNotes(1)
        defer { cli.cleanUp() }
        let before = try StoreProbe.snapshot(cli.dbPath)
        let target = what == "file" ? cli.dbPath : (cli.dbPath as NSString).deletingLastPathComponent
        let root = geteuid() == 0
        if root {
            guard try cli.shell("chattr +i '\(target)'").status == 0 else {
                print("read-only \(what): not tested (chattr unavailable)")
                return
            }
        } else {
            chmod(target, what == "file" ? 0o400 : 0o500)
        }
        defer {
            if root { _ = try? cli.shell("chattr -i '\(target)'") } else { chmod(target, what == "file" ? 0o600 : 0o700) }
        }
        let r = try cli("log", "x")
        #expect(r.status == 1)
        #expect(r.stderr.contains("読み取り専用"), "\(r.stderr)")
        if what == "file" {
            #expect(try cli("verify").status == 0)
        }
        if root { _ = try cli.shell("chattr -i '\(target)'") } else { chmod(target, what == "file" ? 0o600 : 0o700) }
        #expect(try StoreProbe.snapshot(cli.dbPath) == before)
    }

    /// Hostile runbooks: each refused with file:line, by `runbook validate` and through `--runbooks DIR`.
    @Test(
        arguments: [
            ("deep-flow", String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000), ":1:"),
            ("deep-dashes", String(repeating: "- ", count: 2000) + "x\n", ":1:"),
            ("deep-block", (0..<200).map { String(repeating: "  ", count: $0) + "k\($0):" }.joined(separator: "\n") + " x\n", ":"),
            (
                "billion-laughs", "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n",
                ":1:"
            ),
            ("huge", "id: huge\n" + String(repeating: "# padding padding padding padding padding\n", count: 30_000), ":0:"),
            ("syntax", "id: x\nsteps: [\n  - oops: : :\n", ":"),
            ("not-a-map", "- 1\n- 2\n", ":1:"),
            ("empty", "", ":"),
            ("tab-indent", "id: t\nsteps:\n\t- id: a\n", ":3:"),
            ("binary", "\u{0}\u{1}\u{2}garbage\u{7F}", ":"),
        ] as [(String, String, String)])
    func hostileRunbookIsRefused(name: String, yaml: String, location: String) throws {
        let cli = try CLI.withNotes(1)
        defer { cli.cleanUp() }
        let dir = cli.directory.appendingPathComponent("runbooks")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let file = dir.appendingPathComponent("\(name).yaml")
        try Data(yaml.utf8).write(to: file)
        let before = try StoreProbe.snapshot(cli.dbPath)
        let start = ContinuousClock.now
        let r = try cli("runbook", "validate", file.path)
        #expect(ContinuousClock.now - start < .seconds(10))
        #expect(r.status == 1, "\(r.stdout)")
        #expect(r.stderr.contains("\(name).yaml\(location)"), "\(r.stderr.prefix(400))")
        let declared = try cli("declare", "y", "--runbooks", dir.path, "--runbook", name)
        #expect(declared.status == 1)
        #expect(declared.stderr.contains("\(name).yaml"), "\(declared.stderr.prefix(400))")
        #expect(try StoreProbe.snapshot(cli.dbPath) == before)
    }

    @Test func invalidUTF8RunbookIsRefused() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let file = cli.directory.appendingPathComponent("sjis.yaml")
        try Data([0x69, 0x64, 0x3A, 0x20, 0x8E, 0xF3, 0x95, 0x74, 0x0A]).write(to: file)
        let r = try cli("runbook", "validate", file.path)
        #expect(r.status == 1)
        #expect(r.stderr.contains("sjis.yaml"))
    }
}
