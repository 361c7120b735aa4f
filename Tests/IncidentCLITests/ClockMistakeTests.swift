import Foundation
import Testing

/// A wrong clock is not a dead end: an awareness time later than the true now
/// can be moved back with `correct 1 --time`, and a time well ahead of the clock
/// gets a message that says to check the computer's clock.
@Suite struct ClockMistakeTests {
    @Test func declaredWithTheClockAYearAheadCanBeCorrected() throws {
        var cli = try CLI()
        defer { cli.cleanUp() }
        cli.environment["INCIDENT_TEST_NOW"] = "2027-11-25T00:10:00.000Z"
        #expect(try cli("declare", "受付の電子カルテが開かない").status == 0)
        // The clock is fixed.
        cli.environment["INCIDENT_TEST_NOW"] = "2026-11-25T01:00:00.000Z"
        let before = try StoreProbe.snapshot(cli.dbPath)
        let log = try cli("log", "3台で身代金要求画面")
        #expect(log.status == 1)
        #expect(log.stderr.contains("時計") && log.stderr.contains("incident correct 1 --time"), "\(log.stderr)")
        #expect(try StoreProbe.snapshot(cli.dbPath) == before)
        // The remedy the message names works.
        let fix = try cli("correct", "1", "--time", "2026-11-25 09:05", "--text", "時計が1年進んでいたため訂正")
        #expect(fix.status == 0, "\(fix.stderr)")
        #expect(try cli("log", "3台で身代金要求画面").status == 0)
        let status = try cli.json("status") as? [String: Any]
        #expect((status?["declaredAt"] as? String)?.hasPrefix("2026-11-25T09:05") == true, "\(String(describing: status?["declaredAt"]))")
        #expect(try cli("verify").status == 0)
        // Moving it forward past now stays refused.
        #expect(try cli("correct", "1", "--time", "2026-11-25 11:00", "--text", "x").status == 1)
    }

    @Test func aTimeWellAheadOfTheClockSaysToCheckTheClock() throws {
        var cli = try CLI()
        defer { cli.cleanUp() }
        cli.environment["INCIDENT_TEST_NOW"] = "2026-11-25T01:00:00.000Z"  // 10:00 in Tokyo
        _ = try cli("declare", "受付の電子カルテが開かない", "--at", "09:30")
        let soon = try cli("log", "x", "--at", "10:03")
        #expect(soon.status == 1)
        #expect(!soon.stderr.contains("コンピューターの時計"), "\(soon.stderr)")
        let far = try cli("log", "x", "--at", "2026-11-26 10:00")
        #expect(far.status == 1)
        #expect(far.stderr.contains("コンピューターの時計") && far.stderr.contains("2026-11-25 10:00"), "\(far.stderr)")
    }
}
