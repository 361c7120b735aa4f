/// The figures of the PPC leak-report rules, kept in one table so that a
/// correction (a threshold, a deadline, the notice rule) is a data change here
/// and nowhere else; a holiday is a one-line change in `JapaneseHolidays`.
///
/// Sources: APPI Art. 26; Enforcement Rules Art. 7, 8, 10; PPC guidelines
/// (通則編) 3-5. Values marked *to confirm* in DOMAIN.md are flagged below.
public struct PPCRules: Sendable, Equatable {
    /// Rules Art. 7(4): more than this many individuals (private businesses).
    public var peopleThreshold: Int
    /// For public bodies (行政機関等), Rules Art. 43(4): more than 100.
    public var publicBodyPeopleThreshold: Int
    /// The preliminary report (速報), "promptly": the PPC guidelines (通則編 3-5-3-3) give
    /// about 3–5 days from awareness as a target, not a legal deadline. Days are numbered
    /// with the awareness day as day 1: reminders from day 3, target day 5 (never moved).
    public var preliminaryRemindDay: Int
    public var preliminaryTargetDay: Int
    /// Rules Art. 8(2): the final report within 30 days, or 60 when the `malicious`
    /// ground applies; the awareness day is day 1 (guidelines 通則編 3-5-3-4, as cited
    /// by secondary sources: *to confirm* against the primary text).
    public var finalDays: Int
    public var finalDaysMalicious: Int
    /// APPI Art. 26(2): the notice to individuals follows the report duty.
    /// Watch: a 2026 amendment may relax this where the risk is low (not in force, uncorroborated).
    public var noticeFollowsReport: Bool
    /// The 行政機関の休日 a final deadline moves past (行政機関の休日に関する法律 Art. 1, 2).
    public var calendar: AdministrativeCalendar

    /// The rules in force as encoded today.
    public static let current = PPCRules(
        peopleThreshold: 1000, publicBodyPeopleThreshold: 100,
        preliminaryRemindDay: 3, preliminaryTargetDay: 5,
        finalDays: 30, finalDaysMalicious: 60,
        noticeFollowsReport: true,
        calendar: .japan)

    /// Whether individuals must be notified, given the report decision (the one place this rule lives).
    public func notifyIndividuals(reportRequired: Bool) -> Bool {
        noticeFollowsReport ? reportRequired : false
    }

    /// The provisions a duty rests on, for a private business (APPI Art. 26, Rules
    /// Art. 7–10) or an administrative organ (行政機関等: APPI Art. 68, Rules Art. 43–45).
    /// The public-body article numbers follow DOMAIN §7 and the PPC's reading as quoted
    /// second-hand; the primary text was not seen here, so they carry 要確認.
    public enum Duty: Sendable { case preliminary, final, notice }

    public func citation(_ duty: Duty, publicBody: Bool) -> LocalizedText {
        switch (duty, publicBody) {
        case (.preliminary, false): .init(ja: "個人情報保護法第26条第1項、施行規則第8条第1項（速やかに）", en: "APPI Art. 26(1), Rules Art. 8(1) (promptly)")
        case (.final, false): .init(ja: "個人情報保護法第26条第1項、施行規則第8条第2項", en: "APPI Art. 26(1), Rules Art. 8(2)")
        case (.notice, false):
            .init(ja: "個人情報保護法第26条第2項、施行規則第10条（状況に応じて速やかに）", en: "APPI Art. 26(2), Rules Art. 10 (promptly, as the situation allows)")
        case (.preliminary, true):
            .init(ja: "個人情報保護法第68条第1項、施行規則第43条・第44条（速やかに）（要確認）", en: "APPI Art. 68(1), Rules Art. 43–44 (promptly) (to confirm)")
        case (.final, true): .init(ja: "個人情報保護法第68条第1項、施行規則第43条・第44条（要確認）", en: "APPI Art. 68(1), Rules Art. 43–44 (to confirm)")
        case (.notice, true):
            .init(ja: "個人情報保護法第68条第2項、施行規則第45条（状況に応じて速やかに）（要確認）", en: "APPI Art. 68(2), Rules Art. 45 (promptly, as the situation allows) (to confirm)")
        }
    }

    /// The people threshold for the reporter's kind.
    public func threshold(publicBody: Bool) -> Int {
        publicBody ? publicBodyPeopleThreshold : peopleThreshold
    }
}
