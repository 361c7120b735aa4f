import Foundation

/// A facility's opening hours as its profile writes them
/// (`facility.openingHours`: 「月-金 08:30-18:00, 土 08:30-12:30」), to tell
/// whether an attack was noticed outside them: at night or on a weekend the
/// first person is often a nurse alone on a ward, and inpatients come first.
///
/// Rules: sessions are separated by `,` or `、`; each is days (one 「土」, a
/// range 「月-金」 or a list 「月・水・金」) and a time range `HH:MM-HH:MM`
/// (`〜` and `~` too). Weekdays are 日月火水木金土 (or Sun…Sat).
public struct OpeningHours: Sendable, Equatable {
    public struct Session: Sendable, Equatable {
        /// 0 = Sunday … 6 = Saturday.
        public var weekdays: Set<Int>
        /// Minutes after midnight: from `start` (included) to `end` (excluded).
        public var start: Int
        public var end: Int
    }

    public var sessions: [Session]

    static let dayNames: [[String]] = [
        ["日", "sun"], ["月", "mon"], ["火", "tue"], ["水", "wed"], ["木", "thu"], ["金", "fri"], ["土", "sat"],
    ]

    /// Parses `text`; nil when any session cannot be read.
    public init?(_ text: String) {
        var sessions: [Session] = []
        let normalized = TimeInput.normalize(text).replacingOccurrences(of: "〜", with: "-").replacingOccurrences(of: "~", with: "-")
            .replacingOccurrences(of: "－", with: "-").replacingOccurrences(of: "ー", with: "-")
        for part in normalized.split(whereSeparator: { $0 == "," || $0 == "、" }) {
            let words = part.split(separator: " ", omittingEmptySubsequences: true)
            guard words.count == 2, let days = Self.days(String(words[0])), let (start, end) = Self.times(String(words[1])), start < end else { return nil }
            sessions.append(Session(weekdays: days, start: start, end: end))
        }
        guard !sessions.isEmpty else { return nil }
        self.sessions = sessions
    }

    static func weekday(_ name: String) -> Int? {
        dayNames.firstIndex { $0.contains(name.lowercased()) || $0.contains(String(name.prefix(1))) && name.count == 1 }
    }

    static func days(_ text: String) -> Set<Int>? {
        if text.contains("-") {
            let ends = text.split(separator: "-").map(String.init)
            guard ends.count == 2, let a = weekday(ends[0]), let b = weekday(ends[1]) else { return nil }
            return Set(a <= b ? Array(a...b) : Array(a...6) + Array(0...b))
        }
        let names = text.split(whereSeparator: { $0 == "・" || $0 == "/" }).map(String.init)
        let days = names.compactMap(weekday)
        return days.count == names.count && !days.isEmpty ? Set(days) : nil
    }

    static func times(_ text: String) -> (Int, Int)? {
        let ends = text.split(separator: "-").map(String.init)
        guard ends.count == 2, let a = minutes(ends[0]), let b = minutes(ends[1]) else { return nil }
        return (a, b)
    }

    static func minutes(_ text: String) -> Int? {
        let hm = text.split(separator: ":").compactMap { Int($0) }
        guard hm.count == 2, (0...24).contains(hm[0]), (0...59).contains(hm[1]) else { return nil }
        return hm[0] * 60 + hm[1]
    }

    /// Whether `date` falls within a session, on the facility's clock.
    public func isOpen(_ date: Date, timeZone: TimeZone) -> Bool {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let c = calendar.dateComponents([.weekday, .hour, .minute], from: date)
        guard let weekday = c.weekday, let hour = c.hour, let minute = c.minute else { return true }
        let now = hour * 60 + minute
        return sessions.contains { $0.weekdays.contains(weekday - 1) && $0.start <= now && now < $0.end }
    }
}

extension FacilityProfile {
    /// Whether an incident noticed at `date` starts with the inpatients' safety
    /// and the on-call chain: the profile has inpatient beds and opening hours,
    /// and `date` is outside them. Without those keys, never.
    public func startsWithPatientSafety(at date: Date, timeZone: TimeZone) -> Bool {
        guard let beds = facility.beds, beds > 0, let text = facility.openingHours, let hours = OpeningHours(text) else { return false }
        return !hours.isOpen(date, timeZone: timeZone)
    }
}

/// What comes first outside opening hours with inpatients (a ward at 01:50):
/// patient safety, then the on-call chain, before the office contacts.
public enum OffHours {
    /// The checks on the inpatients, in order.
    public static func patientSafety(_ l: Language) -> [String] {
        [
            l.pick(ja: "生体モニター（心電図・SpO2）が表示・警報を出しているか、患者さんのそばで確かめる", en: "Check at the bedside that the patient monitors (ECG, SpO2) display and alarm"),
            l.pick(ja: "輸液ポンプ・シリンジポンプが止まっていないか（流量を手元で確認）", en: "Check that infusion and syringe pumps still run (check the rates by hand)"),
            l.pick(ja: "ナースコールが鳴るか。止まっていれば巡回を増やし、手持ちのベル・PHS を配る", en: "Check the nurse call; if it is down, round more often and hand out bells or PHS"),
            l.pick(
                ja: "投薬: 電子カルテが使えない間の指示と与薬は紙に記録する（直近の指示を印刷・控えから確認）",
                en: "Medication: record orders and doses on paper while the EHR is down (check the latest orders from printouts)"),
        ]
    }
}
