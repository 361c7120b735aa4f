import Testing

@testable import IncidentKit

/// The holiday table and the 行政機関の休日 it feeds, checked against the Holidays Act's
/// own rules so that a typo in one line of `JapaneseHolidays.table` fails a test.
@Suite struct AdministrativeCalendarTests {
    let calendar = AdministrativeCalendar.japan

    @Test func everyEntryIsAValidDayInsideTheCoveredYearsAndListedOnce() {
        var seen = Set<Day>()
        for (date, name) in JapaneseHolidays.table {
            let day = Day(date)
            #expect(day != nil, "\(date)")
            guard let day else { continue }
            #expect(JapaneseHolidays.years.contains(day.year), "\(date)")
            #expect(seen.insert(day).inserted, "\(date) listed twice")
            #expect(JapaneseHolidays.englishNames[name] != nil, "\(date) \(name)")
        }
        #expect(JapaneseHolidays.years == 2024...2028)
    }

    /// The Cabinet Office's counts per year (substitute holidays and 国民の休日 included).
    @Test(arguments: [(2024, 21), (2025, 19), (2026, 18), (2027, 17), (2028, 16)])
    func holidaysPerYear(year: Int, count: Int) {
        #expect(JapaneseHolidays.table.filter { Day($0.date)!.year == year }.count == count)
    }

    @Test(arguments: JapaneseHolidays.years.map { $0 })
    func fixedAndHappyMondayHolidays(year: Int) {
        let h = JapaneseHolidays.byDay
        for (month, day, name) in [
            (1, 1, "元日"), (2, 11, "建国記念の日"), (2, 23, "天皇誕生日"), (4, 29, "昭和の日"), (5, 3, "憲法記念日"),
            (5, 4, "みどりの日"), (5, 5, "こどもの日"), (8, 11, "山の日"), (11, 3, "文化の日"), (11, 23, "勤労感謝の日"),
        ] {
            #expect(h[Day(year: year, month: month, day: day)] == name, "\(year)-\(month)-\(day)")
        }
        // Happy Monday holidays (祝日法 Art. 2): the nth Monday of the month.
        for (month, nth, name) in [(1, 2, "成人の日"), (7, 3, "海の日"), (9, 3, "敬老の日"), (10, 2, "スポーツの日")] {
            let first = Day(year: year, month: month, day: 1)
            let firstMonday = first.adding(days: (8 - first.weekday) % 7)
            #expect(h[firstMonday.adding(days: 7 * (nth - 1))] == name, "\(year) \(name)")
            #expect(h.filter { $0.value == name && $0.key.year == year }.count == 1)
        }
        // One vernal and one autumnal equinox day, on the 19th–21st of March / 22nd–23rd of September.
        let spring = h.filter { $0.value == "春分の日" && $0.key.year == year }.map(\.key)
        let autumn = h.filter { $0.value == "秋分の日" && $0.key.year == year }.map(\.key)
        #expect(spring.count == 1 && spring.allSatisfy { $0.month == 3 && (19...21).contains($0.day) })
        #expect(autumn.count == 1 && autumn.allSatisfy { $0.month == 9 && (22...23).contains($0.day) })
    }

    /// 祝日法 Art. 3(2) and 3(3), recomputed from the named holidays of the table.
    @Test func substituteHolidaysAndCitizensHolidaysFollowTheAct() {
        let h = JapaneseHolidays.byDay
        let named = h.filter { $0.value != "振替休日" && $0.value != "国民の休日" }
        var expected: [Day: String] = [:]
        for day in named.keys where day.weekday == 0 {
            var next = day.adding(days: 1)
            while named[next] != nil { next = next.adding(days: 1) }
            expected[next] = "振替休日"
        }
        for day in named.keys {
            let between = day.adding(days: 1)
            if named[between] == nil, named[day.adding(days: 2)] != nil, expected[between] == nil {
                expected[between] = "国民の休日"
            }
        }
        let listed = h.filter { $0.value == "振替休日" || $0.value == "国民の休日" }
        #expect(listed == expected)
    }

    @Test(arguments: [
        // The days named in the brief: substitute holidays and 国民の休日.
        ("2024-02-12", "振替休日"), ("2024-05-06", "振替休日"), ("2024-08-12", "振替休日"), ("2024-09-23", "振替休日"),
        ("2024-11-04", "振替休日"), ("2025-02-24", "振替休日"), ("2025-05-06", "振替休日"), ("2025-11-24", "振替休日"),
        ("2026-05-06", "振替休日"), ("2026-09-22", "国民の休日"), ("2027-03-21", "春分の日"), ("2027-03-22", "振替休日"),
        ("2028-03-20", "春分の日"), ("2028-09-22", "秋分の日"), ("2028-10-09", "スポーツの日"),
    ])
    func knownDays(date: String, name: String) {
        #expect(calendar.closure(of: Day(date)!) == .holiday(name))
    }

    @Test func closedDays() {
        #expect(calendar.closure(of: Day("2026-05-09")!) == .saturday)
        #expect(calendar.closure(of: Day("2026-05-10")!) == .sunday)
        #expect(calendar.closure(of: Day("2026-05-11")!) == nil)
        // 12/29–1/3 whatever the weekday; 1 January is named as the closure, not 元日.
        for date in ["2026-12-29", "2026-12-31", "2027-01-01", "2027-01-03"] {
            #expect(calendar.closure(of: Day(date)!) == .yearEnd, "\(date)")
        }
        #expect(calendar.closure(of: Day("2026-12-28")!) == nil)
        #expect(calendar.closure(of: Day("2027-01-04")!) == nil)
        // Outside the table only weekends and the year-end closure are known.
        #expect(!calendar.knowsHolidays(in: 2029) && calendar.knowsHolidays(in: 2028) && !calendar.knowsHolidays(in: 2023))
        #expect(calendar.closure(of: Day("2029-01-08")!) == nil)  // in fact 成人の日: unknown here
        #expect(calendar.closure(of: Day("2029-12-30")!) == .yearEnd)
    }
}
