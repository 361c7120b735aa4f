import Foundation
import Testing

@testable import IncidentKit

@Suite struct TimeInputTests {
    let tokyo = TimeZone(identifier: "Asia/Tokyo")!
    // 2026-11-25 18:22:00 JST
    let now = CivilTime(year: 2026, month: 11, day: 25, hour: 9, minute: 22).date()

    @Test(arguments: [
        ("2026-11-25T08:50", "2026-11-24T23:50:00.000Z"),
        ("2026-11-25T08:50:30", "2026-11-24T23:50:30.000Z"),
        ("2026-11-25T08:50+09:00", "2026-11-24T23:50:00.000Z"),
        ("2026-11-25T08:50:00-05:30", "2026-11-25T14:20:00.000Z"),
        ("2026-11-25T08:50Z", "2026-11-25T08:50:00.000Z"),
        ("2026-11-25 08:50", "2026-11-24T23:50:00.000Z"),
        ("08:50", "2026-11-24T23:50:00.000Z"),
        ("０８：５０", "2026-11-24T23:50:00.000Z"),
        (" 08:50 ", "2026-11-24T23:50:00.000Z"),
        ("2024-02-29 12:00", "2024-02-29T03:00:00.000Z"),
        ("2026-01-01 00:00", "2025-12-31T15:00:00.000Z"),
        // As typed in Japan: slashes, one-digit month, day and hour.
        ("2026/11/25 09:20", "2026-11-25T00:20:00.000Z"),
        ("2026/11/5 9:20", "2026-11-05T00:20:00.000Z"),
        ("9:20", "2026-11-25T00:20:00.000Z"),
        ("８:50", "2026-11-24T23:50:00.000Z"),
        ("2026-11-25 9:30", "2026-11-25T00:30:00.000Z"),
    ])
    func acceptedForms(input: String, expected: String) throws {
        let date = try TimeInput.parse(input, now: now, timeZone: tokyo)
        #expect(Timestamp.utc(date) == expected)
    }

    @Test(arguments: [
        "", "yesterday", "2026-11-25", "2026/11/25", "2026/11/25 8:5", "2026/1125 08:50", "26/11/25 08:50", "2026/02/30 10:00", "2026-02-30 10:00",
        "2025-02-29 10:00",
        "2026-13-01 10:00", "24:00", "12:60", "12:30:61", "2026-11-25T08:50+9", "2026-11-25 08:50+09:00",
        "2026-11-25T08:50:00+15:00", "08:50x", "-1:00",
    ])
    func rejectedForms(input: String) {
        #expect(throws: IncidentError.invalidTime(input)) {
            try TimeInput.parse(input, now: now, timeZone: tokyo)
        }
    }

    @Test func aNearMissIsShownWithTheTwoDigitForm() {
        #expect(TimeInput.suggestion(for: "9:30") == "09:30")
        #expect(TimeInput.suggestion(for: "９：３０") == "09:30")
        #expect(TimeInput.suggestion(for: "2026-11-25 9:30") == "2026-11-25 09:30")
        #expect(TimeInput.suggestion(for: "25:00") == nil)
        #expect(TimeInput.suggestion(for: "9:5") == nil)
        #expect(TimeInput.suggestion(for: "-1:00") == nil)
        let message = IncidentError.invalidTime("9:30").message(.ja)
        #expect(message.contains("「09:30」"))
        #expect(IncidentError.invalidTime("25:00").message(.ja).contains("YYYY-MM-DD HH:MM"))
    }

    @Test func todayIsTheFacilityDay() throws {
        // 2026-11-25T16:30Z is already 2026-11-26 01:30 in Tokyo: "01:00" is that morning.
        let lateUTC = CivilTime(year: 2026, month: 11, day: 25, hour: 16, minute: 30).date()
        let date = try TimeInput.parse("01:00", now: lateUTC, timeZone: tokyo)
        #expect(Timestamp.utc(date) == "2026-11-25T16:00:00.000Z")
        #expect(Timestamp.iso(date, in: tokyo) == "2026-11-26T01:00:00+09:00")
    }

    @Test func storedFormRoundTrips() {
        let d = Date(timeIntervalSince1970: 1_764_062_123.456)
        #expect(Timestamp.parseUTC(Timestamp.utc(d)).map(Timestamp.utc) == Timestamp.utc(d))
        #expect(Timestamp.parseUTC("2026-11-25 09:00") == nil)
    }
}

@Suite struct TerminalTextTests {
    @Test func wideCharactersCountTwoColumns() {
        #expect(TerminalText.width("電子カルテ") == 10)
        #expect(TerminalText.width("EHR 停止") == 8)
        #expect(TerminalText.pad("手順", to: 6) == "手順  ")
    }

    @Test func wrappedLinesFitAndNeverStartWithClosingPunctuation() {
        let text = "施設名、管理者、漏えいのおそれ、個人データの項目、本人の数、原因、二次被害又はそのおそれの有無及びその内容、本人への対応の実施状況、公表の実施状況、再発防止のための措置"
        for columns in [20, 21, 33, 57, 58] {
            let lines = TerminalText.wrap(text, columns: columns)
            #expect(lines.joined() == text)
            #expect(lines.allSatisfy { TerminalText.width($0) <= columns }, "\(columns): \(lines)")
            #expect(lines.dropFirst().allSatisfy { !TerminalText.noLineStart.contains($0.first!) }, "\(columns): \(lines)")
        }
        #expect(TerminalText.wrap("plain english words wrap at spaces", columns: 12) == ["plain", "english", "words wrap", "at spaces"])
        // A name in brackets moves down whole, its space kept: never 「（鈴」 / 「木 花子）」.
        let call = "記録しました: #3 2026-11-26 07:53 [連絡] 連絡 医療情報システム安全管理責任者（鈴木 花子）、電話: 応答なし"
        for columns in 30...80 {
            let lines = TerminalText.wrap(call, columns: columns)
            #expect(lines.allSatisfy { TerminalText.width($0) <= columns }, "\(columns): \(lines)")
            #expect(lines.contains { $0.contains("（鈴木 花子）") }, "\(columns): \(lines)")
            #expect(lines.joined().replacingOccurrences(of: " ", with: "") == call.replacingOccurrences(of: " ", with: ""))
        }
        // A short command to type stays whole, and an opening bracket never ends a line.
        let next = "次にすること: 手順1「異常を確認する」を始めてください（`incident step start 1`、案内は `incident guide`）。"
        for columns in 30...90 {
            let lines = TerminalText.wrap(next, columns: columns)
            #expect(lines.allSatisfy { TerminalText.width($0) <= columns }, "\(columns): \(lines)")
            #expect(lines.contains { $0.contains("`incident step start 1`") }, "\(columns): \(lines)")
            #expect(lines.dropLast().allSatisfy { !TerminalText.noLineEnd.contains($0.last!) }, "\(columns): \(lines)")
            #expect(lines.joined().replacingOccurrences(of: " ", with: "") == next.replacingOccurrences(of: " ", with: ""))
        }
        // A long bracketed text still wraps inside (it is not a name).
        let long = "確報は30日目（不正の目的によるおそれがあれば60日目、土日・祝日なら翌開庁日）までに提出します"
        #expect(TerminalText.wrap(long, columns: 40).count == 3)
        // Small kana stay with the character before them (フォルダ, not フ / ォルダ).
        let folder = "書き出したフォルダはデータベースなしで検査できます"
        for columns in 10...30 {
            let lines = TerminalText.wrap(folder, columns: columns)
            #expect(lines.joined() == folder)
            #expect(!lines.contains { $0.hasPrefix("ォ") || $0.hasPrefix("ー") || $0.hasPrefix("ェ") }, "\(columns): \(lines)")
        }
    }
}

/// Wall times a DST change skips or repeats are not silently shifted.
@Suite struct DaylightSavingInputTests {
    let newYork = TimeZone(identifier: "America/New_York")!
    let now = Timestamp.parseUTC("2026-12-01T00:00:00.000Z")!

    @Test func aTimeInTheSpringGapIsRefused() {
        #expect(throws: IncidentError.nonexistentLocalTime("2026-03-08 02:30", zone: "America/New_York")) {
            try TimeInput.parse("2026-03-08 02:30", now: now, timeZone: newYork)
        }
    }

    @Test func aTimeInTheAutumnOverlapNeedsItsOffset() throws {
        #expect(throws: IncidentError.ambiguousLocalTime("2026-11-01 01:30", zone: "America/New_York", offsets: ["-04:00", "-05:00"])) {
            try TimeInput.parse("2026-11-01 01:30", now: now, timeZone: newYork)
        }
        #expect(try TimeInput.parse("2026-11-01T01:30-05:00", now: now, timeZone: newYork) == Timestamp.parseUTC("2026-11-01T06:30:00.000Z"))
        #expect(try TimeInput.parse("2026-11-01T01:30-04:00", now: now, timeZone: newYork) == Timestamp.parseUTC("2026-11-01T05:30:00.000Z"))
    }

    @Test func timesAroundTheChangesAreExact() throws {
        #expect(try TimeInput.parse("2026-03-08 01:59", now: now, timeZone: newYork) == Timestamp.parseUTC("2026-03-08T06:59:00.000Z"))
        #expect(try TimeInput.parse("2026-03-08 03:00", now: now, timeZone: newYork) == Timestamp.parseUTC("2026-03-08T07:00:00.000Z"))
        #expect(try TimeInput.parse("2026-11-01 02:00", now: now, timeZone: newYork) == Timestamp.parseUTC("2026-11-01T07:00:00.000Z"))
        #expect(try TimeInput.parse("2026-11-25 09:30", now: now, timeZone: .facilityDefault) == Timestamp.parseUTC("2026-11-25T00:30:00.000Z"))
    }
}
