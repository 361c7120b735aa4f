/// The figures of the PPC leak-report rules, kept in one table so that a
/// correction (a threshold, a deadline, the notice rule, a holiday) is a data
/// change here and nowhere else.
///
/// Sources: APPI Art. 26; Enforcement Rules Art. 7, 8, 10; PPC guidelines
/// (通則編) 3-5. Values marked *to confirm* in DOMAIN.md are flagged below.
public struct PPCRules: Sendable, Equatable {
    /// Rules Art. 7(4): more than this many individuals (private businesses).
    public var peopleThreshold: Int
    /// For public bodies (行政機関等), Rules Art. 43(4): more than 100.
    public var publicBodyPeopleThreshold: Int
    /// The preliminary window (速報): PPC guidelines' "about 3–5 days", counted from awareOn.
    public var preliminaryFromDays: Int
    public var preliminaryDueDays: Int
    /// Rules Art. 8(2): 30 days, or 60 when the `malicious` ground applies.
    public var finalDays: Int
    public var finalDaysMalicious: Int
    /// APPI Art. 26(2): the notice to individuals follows the report duty.
    /// Watch: a 2026 amendment may relax this where the risk is low (not in force, uncorroborated).
    public var noticeFollowsReport: Bool
    /// Japanese public holidays (国民の祝日・振替休日・国民の休日), for the weekend/holiday warning only.
    /// 2027's equinox dates follow the February 2026 announcement (to confirm).
    public var holidays: [Day: String]

    /// The rules in force as encoded today.
    public static let current = PPCRules(
        peopleThreshold: 1000, publicBodyPeopleThreshold: 100,
        preliminaryFromDays: 3, preliminaryDueDays: 5,
        finalDays: 30, finalDaysMalicious: 60,
        noticeFollowsReport: true,
        holidays: Self.japaneseHolidays)

    /// Whether individuals must be notified, given the report decision (the one place this rule lives).
    public func notifyIndividuals(reportRequired: Bool) -> Bool {
        noticeFollowsReport ? reportRequired : false
    }

    /// The people threshold for the reporter's kind.
    public func threshold(publicBody: Bool) -> Int {
        publicBody ? publicBodyPeopleThreshold : peopleThreshold
    }

    static let japaneseHolidays: [Day: String] = {
        let table: [(String, String)] = [
            ("2026-01-01", "元日"), ("2026-01-12", "成人の日"), ("2026-02-11", "建国記念の日"), ("2026-02-23", "天皇誕生日"),
            ("2026-03-20", "春分の日"), ("2026-04-29", "昭和の日"), ("2026-05-03", "憲法記念日"), ("2026-05-04", "みどりの日"),
            ("2026-05-05", "こどもの日"), ("2026-05-06", "振替休日"), ("2026-07-20", "海の日"), ("2026-08-11", "山の日"),
            ("2026-09-21", "敬老の日"), ("2026-09-22", "国民の休日"), ("2026-09-23", "秋分の日"), ("2026-10-12", "スポーツの日"),
            ("2026-11-03", "文化の日"), ("2026-11-23", "勤労感謝の日"),
            ("2027-01-01", "元日"), ("2027-01-11", "成人の日"), ("2027-02-11", "建国記念の日"), ("2027-02-23", "天皇誕生日"),
            ("2027-03-21", "春分の日"), ("2027-03-22", "振替休日"), ("2027-04-29", "昭和の日"), ("2027-05-03", "憲法記念日"),
            ("2027-05-04", "みどりの日"), ("2027-05-05", "こどもの日"), ("2027-07-19", "海の日"), ("2027-08-11", "山の日"),
            ("2027-09-20", "敬老の日"), ("2027-09-23", "秋分の日"), ("2027-10-11", "スポーツの日"), ("2027-11-03", "文化の日"),
            ("2027-11-23", "勤労感謝の日"),
        ]
        var result: [Day: String] = [:]
        for (date, name) in table { result[Day(date)!] = name }
        return result
    }()
}
