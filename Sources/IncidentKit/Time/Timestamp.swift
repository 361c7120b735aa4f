import Foundation

/// Text forms of instants: the UTC form kept in the store and hashed, and the
/// ISO 8601 form with the facility's offset used in JSON output.
public enum Timestamp {
    /// `2026-11-25T09:10:43.123Z`: the stored, hashed form (UTC, milliseconds).
    public static func utc(_ date: Date) -> String {
        let c = CivilTime(date)
        return "\(pad(c.year, 4))-\(pad(c.month, 2))-\(pad(c.day, 2))T\(pad(c.hour, 2)):\(pad(c.minute, 2)):\(pad(c.second, 2)).\(pad(c.millisecond, 3))Z"
    }

    /// Parses the stored UTC form written by `utc(_:)`.
    public static func parseUTC(_ text: String) -> Date? {
        let b = Array(text.utf8)
        guard b.count == 24, b[4] == 45, b[7] == 45, b[10] == 84, b[13] == 58, b[16] == 58, b[19] == 46, b[23] == 90
        else { return nil }
        func num(_ from: Int, _ count: Int) -> Int? {
            var v = 0
            for i in from..<(from + count) {
                let d = Int(b[i]) - 48
                guard (0...9).contains(d) else { return nil }
                v = v * 10 + d
            }
            return v
        }
        guard let y = num(0, 4), let mo = num(5, 2), let d = num(8, 2), let h = num(11, 2), let mi = num(14, 2),
            let s = num(17, 2), let ms = num(20, 3)
        else { return nil }
        return CivilTime(year: y, month: mo, day: d, hour: h, minute: mi, second: s, millisecond: ms).date()
    }

    /// `2026-11-25T18:10:43+09:00`: ISO 8601 in `timeZone`, seconds precision, with offset.
    public static func iso(_ date: Date, in timeZone: TimeZone) -> String {
        let offset = timeZone.secondsFromGMT(for: date)
        let c = CivilTime(date, offsetSeconds: offset)
        let sign = offset < 0 ? "-" : "+"
        let off = abs(offset) / 60
        return
            "\(pad(c.year, 4))-\(pad(c.month, 2))-\(pad(c.day, 2))T\(pad(c.hour, 2)):\(pad(c.minute, 2)):\(pad(c.second, 2))\(sign)\(pad(off / 60, 2)):\(pad(off % 60, 2))"
    }

    /// `+09:00`, `-04:00`: an offset east of UTC as written after an ISO 8601 time.
    public static func offsetText(_ seconds: Int) -> String {
        let sign = seconds < 0 ? "-" : "+"
        let minutes = abs(seconds) / 60
        return "\(sign)\(pad(minutes / 60, 2)):\(pad(minutes % 60, 2))"
    }

    /// `2026-11-25 18:10`: the short local form shown to people.
    public static func local(_ date: Date, in timeZone: TimeZone, seconds: Bool = false) -> String {
        let c = CivilTime(date, offsetSeconds: timeZone.secondsFromGMT(for: date))
        let base = "\(pad(c.year, 4))-\(pad(c.month, 2))-\(pad(c.day, 2)) \(pad(c.hour, 2)):\(pad(c.minute, 2))"
        return seconds ? base + ":\(pad(c.second, 2))" : base
    }

    /// The local calendar day of `date` in `timeZone`.
    public static func day(of date: Date, in timeZone: TimeZone) -> Day {
        let c = CivilTime(date, offsetSeconds: timeZone.secondsFromGMT(for: date))
        return Day(year: c.year, month: c.month, day: c.day)
    }
}

/// A calendar date without time (`YYYY-MM-DD`), as legal deadlines are counted.
public struct Day: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    public init(year: Int, month: Int, day: Int) {
        (self.year, self.month, self.day) = (year, month, day)
    }

    /// Parses `YYYY-MM-DD`, rejecting dates that do not exist.
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
            (1...12).contains(m), (1...CivilTime.daysInMonth(year: y, month: m)).contains(d)
        else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// Parses a date as people write it on forms: `2027-03-31`, `2027/3/31`,
    /// `2027年3月31日`, `R9.3.31` or `令和9年3月31日` (Reiwa year 1 = 2019), in
    /// full-width digits too; dates that do not exist are rejected.
    public init?(written text: String) {
        var t = TimeInput.normalize(text).replacingOccurrences(of: " ", with: "")
        var era = 0
        for prefix in ["令和", "R", "r", "Ｒ"] where t.hasPrefix(prefix) {
            era = 2018
            t = String(t.dropFirst(prefix.count))
            break
        }
        if t.hasSuffix("日") { t = String(t.dropLast()) }
        let parts = t.split(whereSeparator: { "-/.年月／．".contains($0) }).map(String.init)
        guard parts.count == 3, let y0 = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) else { return nil }
        let y = era + y0
        guard era == 0 ? parts[0].count == 4 : (1...99).contains(y0), (1...12).contains(m), (1...CivilTime.daysInMonth(year: y, month: m)).contains(d)
        else { return nil }
        self.init(year: y, month: m, day: d)
    }

    var ordinal: Int { CivilTime.days(year: year, month: month, day: day) }

    /// The day `count` calendar days later (earlier when negative).
    public func adding(days count: Int) -> Day {
        let (y, m, d) = CivilTime.civil(fromDays: ordinal + count)
        return Day(year: y, month: m, day: d)
    }

    /// Calendar days from `self` to `other` (positive when `other` is later).
    public func days(until other: Day) -> Int { other.ordinal - ordinal }

    /// 0 = Sunday … 6 = Saturday.
    public var weekday: Int { ((ordinal % 7) + 7 + 4) % 7 }

    public var description: String { "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))" }

    public static func < (a: Day, b: Day) -> Bool { a.ordinal < b.ordinal }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let day = Day(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a YYYY-MM-DD date: \(text)"))
        }
        self = day
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}
