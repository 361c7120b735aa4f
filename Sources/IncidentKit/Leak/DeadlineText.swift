/// The PPC deadlines in words, the same for `leak assess`, `status` and the drafts.
///
/// The preliminary report always reads as a target to meet at the latest, never as a
/// window that opens later: 「速やかに（目安: 遅くとも 4/14）」. A final due date that was
/// moved past a closed day names both days: 「期限 5/11（月）（30日目の 5/9 が土曜のため
/// 翌開庁日）。5/9 までの提出をお勧めします」 (DOMAIN.md §3).
public enum DeadlineText {
    /// `short`: `5/9`, `5/11（月）` (with the year, `2027/1/4（月）`, when it is not the
    /// year of awareness), for the terminal. `long`: `2026年5月11日（月）`, for documents.
    public enum Style: Sendable {
        case short, long
    }

    /// One date of the deadlines in `style`.
    public static func date(_ d: Day, weekday: Bool, style: Style, awareOn: Day, _ l: Language) -> String {
        let ja = ["日", "月", "火", "水", "木", "金", "土"][d.weekday]
        let en = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"][d.weekday]
        switch style {
        case .short:
            let text = (d.year == awareOn.year ? "" : "\(d.year)/") + "\(d.month)/\(d.day)"
            return weekday ? text + l.pick(ja: "（\(ja)）", en: " (\(en))") : text
        case .long:
            let text = l.pick(ja: "\(d.year)年\(d.month)月\(d.day)日", en: d.description)
            return weekday ? text + l.pick(ja: "（\(ja)）", en: " (\(en))") : text
        }
    }

    /// 「速やかに（目安: 遅くとも 4/14）」 / "promptly (target: by 4/14 at the latest)".
    public static func preliminary(_ d: LeakRules.Deadlines, style: Style, _ l: Language) -> String {
        let target = date(d.preliminaryTarget, weekday: style == .long, style: style, awareOn: d.awareOn, l)
        return l.pick(ja: "速やかに（目安: 遅くとも \(target)）", en: "promptly (target: by \(target) at the latest)")
    }

    /// 「期限 6/8（月）（60日目）」, or when moved 「期限 5/11（月）（30日目の 5/9 が土曜のため
    /// 翌開庁日）。5/9 までの提出をお勧めします」.
    public static func final(_ d: LeakRules.Deadlines, style: Style, _ l: Language) -> String {
        let due = date(d.finalDue, weekday: true, style: style, awareOn: d.awareOn, l)
        guard let why = d.finalMovedBecause else {
            return l.pick(ja: "期限 \(due)（\(d.finalDays)日目）", en: "due \(due) (day \(d.finalDays))")
        }
        let day = date(d.finalDay, weekday: false, style: style, awareOn: d.awareOn, l)
        // Spaces around a short date as in 「30日目の 5/9 が」; none around a long one.
        let sp = style == .short ? " " : ""
        return l.pick(
            ja: "期限 \(due)（\(d.finalDays)日目の\(sp)\(day)\(sp)が\(why.label(l))のため翌開庁日）。\(day)\(sp)までの提出をお勧めします",
            en: "due \(due) (day \(d.finalDays), \(day), is \(why.label(l)): moved to the next open day). Submitting by \(day) is recommended")
    }

    /// The warning when the move looked at a year without holiday data, else nil.
    public static func unknownHolidays(_ d: LeakRules.Deadlines, rules: PPCRules = .current, _ l: Language) -> String? {
        guard !d.yearsWithoutHolidays.isEmpty else { return nil }
        let years = d.yearsWithoutHolidays.map(String.init).joined(separator: l.pick(ja: "・", en: ", "))
        let known = rules.calendar.holidayYears
        return l.pick(
            ja: "\(years)年の祝日は祝日表（\(known.lowerBound)〜\(known.upperBound)年）にないため、確報の期限は土日と年末年始（12/29〜1/3）だけで計算しています。内閣府の「国民の祝日」で祝日に当たらないか確認してください。",
            en:
                "The national holidays of \(years) are not in the table (\(known.lowerBound)–\(known.upperBound)): the final due date was moved past weekends and the year-end closure (12/29 to 1/3) only. Check the Cabinet Office's list of national holidays."
        )
    }
}
