/// The days national administrative bodies are closed (行政機関の休日), which a
/// statutory deadline for a notification to them may not end on.
///
/// 行政機関の休日に関する法律 Art. 1: Saturdays, Sundays, national holidays and
/// 29 December to 3 January. Art. 2: a deadline set as a period by a law (or an
/// order based on it) for an application or notification to a national
/// administrative body that ends on such a day moves to the next day that is not one.
public struct AdministrativeCalendar: Sendable, Equatable {
    /// National holidays by day (the Cabinet Office list, with 振替休日 and 国民の休日).
    public var holidays: [Day: String]
    /// The years `holidays` is complete for; other years' holidays are unknown.
    public var holidayYears: ClosedRange<Int>

    /// Why a day is closed. The year-end closure is named first (it explains why a
    /// deadline on 1 January lands on the 4th), then a holiday, then the weekday.
    public enum Closure: Sendable, Equatable {
        case yearEnd
        case holiday(String)
        case saturday
        case sunday

        /// `土曜` / `a Saturday`, as in 「30日目の 5/9 が土曜のため」.
        public func label(_ l: Language) -> String {
            switch self {
            case .yearEnd: l.pick(ja: "年末年始の休日（12/29〜1/3）", en: "in the year-end closure (12/29 to 1/3)")
            case .holiday(let name):
                l.pick(ja: "祝日（\(name)）", en: "a national holiday (\(JapaneseHolidays.englishNames[name] ?? name))")
            case .saturday: l.pick(ja: "土曜", en: "a Saturday")
            case .sunday: l.pick(ja: "日曜", en: "a Sunday")
            }
        }
    }

    public init(holidays: [Day: String], holidayYears: ClosedRange<Int>) {
        (self.holidays, self.holidayYears) = (holidays, holidayYears)
    }

    /// Japan, with the national holidays of `JapaneseHolidays`.
    public static let japan = AdministrativeCalendar(holidays: JapaneseHolidays.byDay, holidayYears: JapaneseHolidays.years)

    /// Why `day` is a 行政機関の休日, or nil when offices are open (as far as known:
    /// outside `holidayYears` only weekends and the year-end closure are seen).
    public func closure(of day: Day) -> Closure? {
        if (day.month == 12 && day.day >= 29) || (day.month == 1 && day.day <= 3) { return .yearEnd }
        if let name = holidays[day] { return .holiday(name) }
        switch day.weekday {
        case 0: return .sunday
        case 6: return .saturday
        default: return nil
        }
    }

    /// Whether the national holidays of `year` are known.
    public func knowsHolidays(in year: Int) -> Bool { holidayYears.contains(year) }
}
