/// Japan's national holidays (国民の祝日, 振替休日 and 国民の休日), as listed by the
/// Cabinet Office (内閣府「国民の祝日について」), for the years in `years`.
///
/// Kept as a Swift table rather than a data file: it is compiled into the binary
/// with the rules that use it, so the deadline function can neither fail to load
/// it nor run on a half-read file during an incident, and it is national law, not
/// something a facility should replace (unlike `Runbooks/` and `Templates/`).
/// It is still data in one place: one line per day, so a correction is a
/// one-line diff here, and `LeakRulesTests` checks every entry.
///
/// Each year was checked against the rules of the Holidays Act (祝日法 Art. 2, 3):
/// fixed days, the Happy Monday days, the equinoxes, a substitute holiday
/// (Art. 3(2)) on the first non-holiday after a holiday falling on a Sunday, and a
/// 国民の休日 (Art. 3(3)) on a day between two holidays. The equinox days are set
/// each February for the next year in the official gazette: 2027's were announced
/// in February 2026; 2028's (3/20, 9/22) are the astronomical forecast
/// (*to confirm* in February 2027). Extend `years` together with the table.
enum JapaneseHolidays {
    /// The years this table is complete for; outside them holidays are unknown.
    static let years: ClosedRange<Int> = 2024...2028

    static let table: [(date: String, name: String)] = [
        ("2024-01-01", "元日"), ("2024-01-08", "成人の日"), ("2024-02-11", "建国記念の日"),
        ("2024-02-12", "振替休日"), ("2024-02-23", "天皇誕生日"), ("2024-03-20", "春分の日"),
        ("2024-04-29", "昭和の日"), ("2024-05-03", "憲法記念日"), ("2024-05-04", "みどりの日"),
        ("2024-05-05", "こどもの日"), ("2024-05-06", "振替休日"), ("2024-07-15", "海の日"),
        ("2024-08-11", "山の日"), ("2024-08-12", "振替休日"), ("2024-09-16", "敬老の日"),
        ("2024-09-22", "秋分の日"), ("2024-09-23", "振替休日"), ("2024-10-14", "スポーツの日"),
        ("2024-11-03", "文化の日"), ("2024-11-04", "振替休日"), ("2024-11-23", "勤労感謝の日"),

        ("2025-01-01", "元日"), ("2025-01-13", "成人の日"), ("2025-02-11", "建国記念の日"),
        ("2025-02-23", "天皇誕生日"), ("2025-02-24", "振替休日"), ("2025-03-20", "春分の日"),
        ("2025-04-29", "昭和の日"), ("2025-05-03", "憲法記念日"), ("2025-05-04", "みどりの日"),
        ("2025-05-05", "こどもの日"), ("2025-05-06", "振替休日"), ("2025-07-21", "海の日"),
        ("2025-08-11", "山の日"), ("2025-09-15", "敬老の日"), ("2025-09-23", "秋分の日"),
        ("2025-10-13", "スポーツの日"), ("2025-11-03", "文化の日"), ("2025-11-23", "勤労感謝の日"),
        ("2025-11-24", "振替休日"),

        ("2026-01-01", "元日"), ("2026-01-12", "成人の日"), ("2026-02-11", "建国記念の日"),
        ("2026-02-23", "天皇誕生日"), ("2026-03-20", "春分の日"), ("2026-04-29", "昭和の日"),
        ("2026-05-03", "憲法記念日"), ("2026-05-04", "みどりの日"), ("2026-05-05", "こどもの日"),
        ("2026-05-06", "振替休日"), ("2026-07-20", "海の日"), ("2026-08-11", "山の日"),
        ("2026-09-21", "敬老の日"), ("2026-09-22", "国民の休日"), ("2026-09-23", "秋分の日"),
        ("2026-10-12", "スポーツの日"), ("2026-11-03", "文化の日"), ("2026-11-23", "勤労感謝の日"),

        ("2027-01-01", "元日"), ("2027-01-11", "成人の日"), ("2027-02-11", "建国記念の日"),
        ("2027-02-23", "天皇誕生日"), ("2027-03-21", "春分の日"), ("2027-03-22", "振替休日"),
        ("2027-04-29", "昭和の日"), ("2027-05-03", "憲法記念日"), ("2027-05-04", "みどりの日"),
        ("2027-05-05", "こどもの日"), ("2027-07-19", "海の日"), ("2027-08-11", "山の日"),
        ("2027-09-20", "敬老の日"), ("2027-09-23", "秋分の日"), ("2027-10-11", "スポーツの日"),
        ("2027-11-03", "文化の日"), ("2027-11-23", "勤労感謝の日"),

        ("2028-01-01", "元日"), ("2028-01-10", "成人の日"), ("2028-02-11", "建国記念の日"),
        ("2028-02-23", "天皇誕生日"), ("2028-03-20", "春分の日"), ("2028-04-29", "昭和の日"),
        ("2028-05-03", "憲法記念日"), ("2028-05-04", "みどりの日"), ("2028-05-05", "こどもの日"),
        ("2028-07-17", "海の日"), ("2028-08-11", "山の日"), ("2028-09-18", "敬老の日"),
        ("2028-09-22", "秋分の日"), ("2028-10-09", "スポーツの日"), ("2028-11-03", "文化の日"),
        ("2028-11-23", "勤労感謝の日"),
    ]

    /// English names, for `--lang en`.
    static let englishNames: [String: String] = [
        "元日": "New Year's Day", "成人の日": "Coming of Age Day", "建国記念の日": "National Foundation Day",
        "天皇誕生日": "The Emperor's Birthday", "春分の日": "Vernal Equinox Day", "昭和の日": "Showa Day",
        "憲法記念日": "Constitution Memorial Day", "みどりの日": "Greenery Day", "こどもの日": "Children's Day",
        "海の日": "Marine Day", "山の日": "Mountain Day", "敬老の日": "Respect for the Aged Day",
        "秋分の日": "Autumnal Equinox Day", "スポーツの日": "Sports Day", "文化の日": "Culture Day",
        "勤労感謝の日": "Labour Thanksgiving Day", "振替休日": "substitute holiday", "国民の休日": "citizens' holiday",
    ]

    /// The table by day.
    static let byDay: [Day: String] = {
        var result: [Day: String] = [:]
        for (date, name) in table { result[Day(date)!] = name }
        return result
    }()
}
