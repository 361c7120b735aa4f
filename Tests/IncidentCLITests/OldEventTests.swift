import Foundation
import IncidentKit
import Testing

/// What a stored log says is the record: events an older version wrote, which
/// today's input rules would refuse, are read, shown and verified, never
/// treated as forged (issue 9, point 1).
@Suite struct OldEventTests {
    @Test func aNoteOverTodaysLimitIsReadShownAndVerified() throws {
        let cli = try CLI.withNotes(2)
        defer { cli.cleanUp() }
        // 100 KiB: over today's 64 KiB limit for one text.
        let text = "古い版のメモ" + String(repeating: "あ", count: 100 * 1024 / 3)
        #expect(text.utf8.count > IncidentMachine.maxTextBytes)
        let payload = String(decoding: try JSONEncoder().encode(["text": text]), as: UTF8.self)
        try StoreProbe.appendRaw(cli.dbPath, kind: "note", payload: payload)

        let verify = try cli("verify")
        #expect(verify.status == 0, "\(verify.stderr)")
        #expect(verify.stdout.contains("改ざんなし（4 件"), "\(verify.stdout)")
        #expect(verify.stdout.contains("記録番号 4: 現在の入力規則では受け付けない"), "\(verify.stdout)")

        let status = try cli("status")
        #expect(status.status == 0, "\(status.stderr)")
        #expect(status.stdout.contains("記録 4 件"), "\(status.stdout)")

        let timeline = try cli("timeline", "--format", "json")
        #expect(timeline.status == 0, "\(timeline.stderr)")
        let events = try #require(try JSONSerialization.jsonObject(with: Data(timeline.stdout.utf8)) as? [[String: Any]])
        #expect(events.count == 4)
        #expect(events.last?["text"] as? String == text)

        // Recording goes on after it, under today's rules.
        #expect(try cli("log", "その後のメモ").status == 0)
        #expect(try cli("verify").status == 0)
    }

    @Test func anAnswerOutsideTodaysChoicesIsKeptAsRecorded() throws {
        let cli = try CLI.withNotes(1)
        defer { cli.cleanUp() }
        // A value an older runbook allowed for this question.
        try StoreProbe.appendRaw(cli.dbPath, kind: "answer", payload: #"{"question":"attack-suspected","value":"probably"}"#)
        #expect(try cli("verify").status == 0)
        let status = try cli.json("status") as? [String: Any]
        #expect(status?["events"] as? Int == 3)
        #expect(try cli("verify", "--strict").status == 3)
    }
}
