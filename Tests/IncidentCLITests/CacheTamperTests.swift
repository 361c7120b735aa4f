import Foundation
import Testing

/// No trust in caches: the profile and runbook shown by `status` and the
/// reports come from the hash-checked declaration, never from the profile table
/// or the snapshot; `verify` compares the snapshot with a replay every time.
@Suite struct CacheTamperTests {
    @Test func profileTableAndSnapshotEditsDoNotReachStatusOrReports() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let profile = try cli.write("facility.yaml", CLIProfiles.complete)
        #expect(try cli("init", "--facility", profile).status == 0)
        _ = try cli("declare", "受付の電子カルテが開かない")
        let status = try cli("status")
        #expect(status.stdout.contains("000-0000-0001"), "\(status.stdout)")
        // An attacker puts their own number in the current profile.
        try StoreProbe.tamper(cli.dbPath, "UPDATE facility_profile SET source = replace(source, '000-0000-0001', '090-6666-6666')")
        let after = try cli("status")
        #expect(after.status == 0)
        #expect(after.stdout.contains("000-0000-0001") && !after.stdout.contains("090-6666-6666"), "\(after.stdout)")
        let report = try cli("report", "mhlw")
        #expect(!report.stdout.contains("090-6666-6666"))
        // The profile table is for new incidents: its document log catches the edit before any use.
        let show = try cli("facility", "show")
        #expect(show.status == 3 && !show.stdout.contains("090-6666-6666"), "\(show.stdout)")
        // And a profile slipped into the snapshot is caught by the snapshot's digest, even by status.
        try StoreProbe.tamper(
            cli.dbPath,
            #"UPDATE snapshot SET state = CAST(replace(CAST(state AS TEXT), '"summary"', '"profileSource":"mobile: 090-6666-6666","summary"') AS BLOB)"#)
        let edited = try cli("status")
        #expect(edited.status == 3 && !edited.stdout.contains("090-6666-6666"), "\(edited.stdout)")
    }

    @Test func aSnapshotEditIsCaughtByVerifyEvenAfterAnAcknowledgedBreak() throws {
        let cli = try CLI.withNotes(3)
        defer { cli.cleanUp() }
        try StoreProbe.tamper(cli.dbPath, "UPDATE event SET payload = replace(payload, 'note 2', 'note X') WHERE seq = 3")
        #expect(try cli("verify", "--acknowledge", "--reason", "報告済み").status == 0)
        #expect(try cli("verify").status == 0)
        try StoreProbe.tamper(
            cli.dbPath, "UPDATE snapshot SET state = CAST(replace(CAST(state AS TEXT), '\"correctionCount\":0', '\"correctionCount\":7') AS BLOB)")
        let r = try cli("verify", "--lang", "en")
        #expect(r.status == 3)
        #expect(r.stderr.contains("saved state disagrees"), "\(r.stderr)")
    }
}

/// A backup or export killed at any moment leaves nothing that passes `verify`
/// under the name asked for: either the finished copy, or no file at all.
@Suite struct KilledCopyTests {
    @Test(arguments: ["backup", "export"])
    func killedCopyLeavesNothingThatPasses(_ command: String) throws {
        let cli = try CLI.withNotes(1)
        defer { cli.cleanUp() }
        var finished = 0, absent = 0
        for i in 0..<12 {
            let out = cli.directory.appendingPathComponent("copy-\(i)" + (command == "backup" ? ".sqlite" : "")).path
            let process = Process()
            process.executableURL = CLI.executable
            process.arguments = [command, "--out", out]
            process.environment = cli.environment
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            usleep(useconds_t(i * 4_000))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            if !FileManager.default.fileExists(atPath: out) {
                absent += 1
                continue
            }
            // What is there under the name is the whole, checked copy.
            var copy = cli
            if command == "backup" {
                copy.environment["INCIDENT_DB"] = out
                #expect(try copy("verify", "--all").status == 0, "\(out)")
            } else {
                #expect(try copy("verify", "--bundle", out).status == 0, "\(out)")
            }
            finished += 1
        }
        #expect(finished + absent == 12)
        // Temporary names are hidden (a leading dot) and marked as partial, never the name asked for.
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: cli.directory.path).filter { $0.contains(".partial-") }
        #expect(leftovers.allSatisfy { $0.hasPrefix(".copy-") }, "\(leftovers)")
        // They hold patient records under a hidden name: the next copy to the same
        // name (after the first, which exists, is moved away) removes them.
        for i in 0..<12 {
            let out = cli.directory.appendingPathComponent("copy-\(i)" + (command == "backup" ? ".sqlite" : "")).path
            try? FileManager.default.removeItem(atPath: out)
            #expect(try cli(command, "--out", out).status == 0)
        }
        let after = try FileManager.default.contentsOfDirectory(atPath: cli.directory.path).filter { $0.contains(".partial-") }
        #expect(after.isEmpty, "\(after)")
    }

    /// A partial copy still being written by a live process is not touched.
    @Test func aLiveProcessesPartialCopyIsLeftAlone() throws {
        let cli = try CLI.withNotes(1)
        defer { cli.cleanUp() }
        let out = cli.directory.appendingPathComponent("usb.sqlite").path
        // PID 1 is always alive; a dead PID (a child already reaped) is not.
        let live = cli.directory.appendingPathComponent(".usb.sqlite.partial-1").path
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/bin/true")
        try child.run()
        child.waitUntilExit()
        let dead = cli.directory.appendingPathComponent(".usb.sqlite.partial-\(child.processIdentifier)").path
        for path in [live, dead, dead + "-wal"] { #expect(FileManager.default.createFile(atPath: path, contents: Data("x".utf8))) }
        #expect(try cli("backup", "--out", out).status == 0)
        #expect(FileManager.default.fileExists(atPath: live))
        #expect(!FileManager.default.fileExists(atPath: dead))
        #expect(!FileManager.default.fileExists(atPath: dead + "-wal"))
    }
}

/// A first `declare` killed at any moment is no dead end: reading commands say
/// what is wrong (exit 1, never 3), and `declare` again works.
@Suite struct KilledFirstDeclareTests {
    @Test func killedFirstDeclareCanBeDeclaredAgain() throws {
        var outcomes: [String: Int] = [:]
        for i in 0..<10 {
            let cli = try CLI()
            defer { cli.cleanUp() }
            let process = Process()
            process.executableURL = CLI.executable
            process.arguments = ["declare", "受付の電子カルテが開かない"]
            process.environment = cli.environment
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            usleep(useconds_t(i * 3_000))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let status = try cli("status")
            #expect(status.status == 0 || status.status == 1, "\(status.stderr)")
            outcomes["status \(status.status)", default: 0] += 1
            if status.status == 1 {
                let again = try cli("declare", "受付の電子カルテが開かない")
                #expect(again.status == 0, "\(again.stderr)")
            }
            #expect(try cli("verify").status == 0)
        }
        #expect(outcomes.values.reduce(0, +) == 10)
    }
}
