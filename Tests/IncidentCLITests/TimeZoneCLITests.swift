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

/// Notes keep what was typed, but people see invisible characters for what they are.
@Suite struct VisibleTextTests {
    @Test func anRTLOverrideInANoteIsShownNotObeyed() throws {
        let cli = try CLI.withNotes(0)
        defer { cli.cleanUp() }
        let log = try cli("log", "請求書\u{202E}fdp.exe を開いた")
        #expect(log.status == 0)
        #expect(log.stdout.contains("請求書<U+202E>fdp.exe"), "\(log.stdout)")
        #expect(try cli("timeline").stdout.contains("<U+202E>"))
        // The machine forms keep the stored text.
        let json = try cli("timeline", "--format", "json")
        #expect(json.stdout.contains("\\u202e") || json.stdout.contains("\u{202E}"), "\(json.stdout)")
    }
}
