import Foundation

/// Parses the times staff give with `--at`.
///
/// Accepted forms (the public contract):
/// - `YYYY-MM-DDTHH:MM[:SS][±HH:MM|Z]` — without an offset, the facility's time zone;
/// - `YYYY-MM-DD HH:MM[:SS]` — in the facility's time zone;
/// - `HH:MM[:SS]` — today, in the facility's time zone.
///
/// As typed in Japan, also `YYYY/MM/DD HH:MM` and one-digit months, days and
/// hours (`2026/11/5 9:20`, `9:20`).
///
/// Full-width digits and punctuation typed through a Japanese input method
/// (`１０：３０`) are read as their ASCII forms. Dates that do not exist
/// (`2026-02-30`) are rejected rather than rolled over.
public enum TimeInput {
    /// Parses `text`, taking "today" from `now` in `timeZone`.
    public static func parse(_ text: String, now: Date, timeZone: TimeZone) throws(IncidentError) -> Date {
        let s = padded(normalize(text))
        let fail = IncidentError.invalidTime(text)
        var scanner = Scan(Array(s.utf8))
        var offsetSeconds: Int? = nil
        let year: Int, month: Int, day: Int
        if s.count <= 8 {
            // HH:MM[:SS]: today in the facility time zone.
            let today = Timestamp.day(of: now, in: timeZone)
            (year, month, day) = (today.year, today.month, today.day)
        } else {
            guard let y = scanner.digits(4), scanner.eat(45), let m = scanner.digits(2), scanner.eat(45),
                let d = scanner.digits(2), scanner.eat(84) || scanner.eat(32)
            else { throw fail }
            (year, month, day) = (y, m, d)
        }
        guard let hour = scanner.digits(2), scanner.eat(58), let minute = scanner.digits(2) else { throw fail }
        var second = 0
        if scanner.eat(58) {
            guard let sec = scanner.digits(2) else { throw fail }
            second = sec
        }
        if s.count > 8, !scanner.atEnd, s.contains("T") {
            if scanner.eat(90) {
                offsetSeconds = 0
            } else {
                let sign: Int
                if scanner.eat(43) { sign = 1 } else if scanner.eat(45) { sign = -1 } else { throw fail }
                guard let oh = scanner.digits(2), scanner.eat(58), let om = scanner.digits(2), oh <= 14, om < 60
                else { throw fail }
                offsetSeconds = sign * (oh * 3600 + om * 60)
            }
        }
        guard scanner.atEnd, (1...12).contains(month), (1...CivilTime.daysInMonth(year: year, month: month)).contains(day),
            hour < 24, minute < 60, second < 60
        else { throw fail }
        let civil = CivilTime(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        if let offsetSeconds { return civil.date(offsetSeconds: offsetSeconds) }
        // Local wall time: every offset the zone uses around that day that maps
        // the wall time onto itself. None: it falls in a DST gap (never shown on
        // a clock there); two: in an overlap (shown twice), so the offset must be said.
        let wall = civil.date()
        var offsets: [Int] = []
        for probe in [wall.addingTimeInterval(-86_400), wall, wall.addingTimeInterval(86_400)] {
            let o = timeZone.secondsFromGMT(for: probe)
            if !offsets.contains(o) { offsets.append(o) }
        }
        let matches = offsets.map { civil.date(offsetSeconds: $0) }.filter { d in
            timeZone.secondsFromGMT(for: d) == Int(wall.timeIntervalSince(d).rounded())
        }
        let unique = Array(Set(matches)).sorted()
        if unique.isEmpty { throw .nonexistentLocalTime(text, zone: timeZone.identifier) }
        if unique.count > 1 {
            throw .ambiguousLocalTime(
                text, zone: timeZone.identifier,
                offsets: unique.map { Timestamp.offsetText(timeZone.secondsFromGMT(for: $0)) })
        }
        return unique[0]
    }

    /// A corrected form of a near miss, for the error message: a one-digit hour
    /// (`9:30`, `2026-11-25 9:30`) becomes two digits (`09:30`). Nil otherwise.
    public static func suggestion(for text: String) -> String? {
        let s = normalize(text)
        guard let colon = s.firstIndex(of: ":") else { return nil }
        let head = s[..<colon]
        let hourStart = head.lastIndex(where: { !$0.isASCII || !$0.isNumber }).map { head.index(after: $0) } ?? head.startIndex
        guard head.distance(from: hourStart, to: head.endIndex) == 1 else { return nil }
        let fixed = String(s[..<hourStart]) + "0" + String(s[hourStart...])
        return (try? parse(fixed, now: Date(timeIntervalSince1970: 0), timeZone: TimeZone(secondsFromGMT: 0)!)) != nil ? fixed : nil
    }

    /// `text` with `/` as the date separator read as `-` and one-digit month, day
    /// and hour fields given their leading zero (`2026/11/5 9:20` → `2026-11-05 09:20`);
    /// anything else unchanged, so that the strict scan below judges it.
    static func padded(_ text: String) -> String {
        var dateAndTime = text.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true).map(String.init)
        var separator = " "
        if dateAndTime.count == 1, let t = text.firstIndex(of: "T") {
            dateAndTime = [String(text[..<t]), String(text[text.index(after: t)...])]
            separator = "T"
        }
        func pad(_ field: Substring) -> String { field.count == 1 ? "0" + field : String(field) }
        func fix(date: String) -> String? {
            let parts = date.split(separator: date.contains("/") ? "/" : "-", omittingEmptySubsequences: false)
            guard parts.count == 3, parts[0].count == 4, (1...2).contains(parts[1].count), (1...2).contains(parts[2].count),
                parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) })
            else { return nil }
            return "\(parts[0])-\(pad(parts[1]))-\(pad(parts[2]))"
        }
        func fix(time: String) -> String {
            guard let colon = time.firstIndex(of: ":"), time.distance(from: time.startIndex, to: colon) == 1,
                time.first!.isASCII, time.first!.isNumber
            else { return time }
            return "0" + time
        }
        switch dateAndTime.count {
        case 1: return fix(time: text)
        case 2:
            guard let date = fix(date: dateAndTime[0]) else { return text }
            return date + separator + fix(time: dateAndTime[1])
        default: return text
        }
    }

    /// The accepted forms, as shown in error messages.
    public static let acceptedForms = ["YYYY-MM-DDTHH:MM[:SS][±HH:MM]", "YYYY-MM-DD HH:MM", "YYYY/MM/DD HH:MM", "HH:MM"]

    static func normalize(_ text: String) -> String {
        var out = ""
        for scalar in text.trimmingCharacters(in: .whitespaces).unicodeScalars {
            switch scalar.value {
            case 0xFF10...0xFF19, 0xFF1A, 0xFF0B, 0xFF0D, 0xFF34, 0xFF3A:
                out.unicodeScalars.append(Unicode.Scalar(scalar.value - 0xFEE0)!)
            case 0x3000: out.append(" ")
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    private struct Scan {
        let bytes: [UInt8]
        var index = 0
        init(_ bytes: [UInt8]) { self.bytes = bytes }
        var atEnd: Bool { index == bytes.count }
        mutating func eat(_ byte: UInt8) -> Bool {
            guard index < bytes.count, bytes[index] == byte else { return false }
            index += 1
            return true
        }
        mutating func digits(_ count: Int) -> Int? {
            guard index + count <= bytes.count else { return nil }
            var value = 0
            for i in index..<(index + count) {
                let d = Int(bytes[i]) - 48
                guard (0...9).contains(d) else { return nil }
                value = value * 10 + d
            }
            index += count
            return value
        }
    }
}
