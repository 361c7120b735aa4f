import Foundation
import Testing

/// An unknown zone is an error that names it; messages show the incident's zone.
@Suite struct TimeZoneCLITests {
    @Test func anUnknownZoneInTheEnvironmentIsNamed() throws {
        var cli = try CLI()
        defer { cli.cleanUp() }
        cli.environment["INCIDENT_TZ"] = "Invalid/Zone"
        let r = try cli("declare", "受付の電子カルテが開かない")
        #expect(r.status == 1)
        #expect(r.stderr.contains("Invalid/Zone") && r.stderr.contains("INCIDENT_TZ"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: cli.dbPath))
    }

    @Test func aNewYorkIncidentRefusesAGapAndShowsItsOwnTimes() throws {
        var cli = try CLI()
        defer { cli.cleanUp() }
        cli.environment["INCIDENT_TZ"] = "America/New_York"
        cli.environment["INCIDENT_TEST_NOW"] = "2026-03-09T15:00:00.000Z"
        #expect(try cli("declare", "EHR down", "--at", "2026-03-08 01:00").status == 0)
        let gap = try cli("log", "x", "--at", "2026-03-08 02:30")
        #expect(gap.status == 1)
        #expect(gap.stderr.contains("America/New_York"), "\(gap.stderr)")
        // A guard's message shows the New York awareness time, not Tokyo's.
        let early = try cli("log", "x", "--at", "2026-03-08 00:30")
        #expect(early.status == 1)
        #expect(early.stderr.contains("2026-03-08 01:00"), "\(early.stderr)")
    }
}

/// A bidirectional control makes a note read differently from what it holds
/// (「請求書\u{202E}fdp.exe」 shows as 「請求書exe.pdf」): refused like other control
/// characters, with the field named, and nothing recorded.
@Suite struct VisibleTextTests {
    @Test func anRTLOverrideInANoteIsRefused() throws {
        let cli = try CLI.withNotes(0)
        defer { cli.cleanUp() }
        let before = try cli("timeline", "--format", "json").stdout
        let log = try cli("log", "請求書\u{202E}fdp.exe を開いた")
        #expect(log.status == 1)
        #expect(log.stderr.contains("記録する内容 に使えない制御文字"), "\(log.stderr)")
        #expect(try cli("timeline", "--format", "json").stdout == before)
        let by = try cli("log", "x", "--by", "\u{2067}山田")
        #expect(by.status == 1)
        #expect(by.stderr.contains("記録者（--by） に使えない制御文字"), "\(by.stderr)")
    }
}
