import Foundation

/// The costs of an incident for the insurer's claim: `cost list` as text, and
/// as Excel CSV (`ExcelCSV`'s rules: BOM, CRLF, local times, no formulas), one
/// cost a row in occurrence order, amounts as plain whole yen so a sheet can sum
/// them, then the total per category and the grand total.
public enum CostList {
    public static func headers(_ l: Language) -> [String] {
        switch l {
        case .ja: ["番号", "日時", "区分", "金額（円）", "支払先", "証憑番号", "記録者", "後日精算の患者数"]
        case .en: ["No.", "Date", "Category", "Amount (JPY)", "Payee", "Reference", "By", "Patients to settle later"]
        }
    }

    /// The costs in occurrence order.
    public static func rows(_ s: IncidentState) -> [IncidentState.Record<EventBody.Cost>] {
        s.recovery.costs.sorted { ($0.at, $0.seq) < ($1.at, $1.seq) }
    }

    public static func csv(_ s: IncidentState, _ l: Language) -> String {
        let tz = s.timeZone
        var out = ExcelCSV.byteOrderMark + ExcelCSV.row(headers(l))
        for c in rows(s) {
            out += ExcelCSV.row([
                String(c.seq), ExcelCSV.time(c.at, in: tz), c.value.category, String(c.value.amount), c.value.payee, c.value.ref ?? "", c.actor,
                c.value.patients.map(String.init) ?? "",
            ])
        }
        for t in s.recovery.costTotalsByCategory {
            out += ExcelCSV.row(["", "", l.pick(ja: "小計: \(t.category)", en: "subtotal: \(t.category)"), String(t.amount), "", "", "", ""])
        }
        out += ExcelCSV.row([
            "", "", l.pick(ja: "合計", en: "total"), String(s.recovery.costTotal), "", "", "",
            s.recovery.unbilledPatients > 0 ? String(s.recovery.unbilledPatients) : "",
        ])
        return out
    }

    /// For a terminal: one line per cost, then the totals.
    public static func text(_ s: IncidentState, _ l: Language) -> String {
        let tz = s.timeZone
        let list = rows(s)
        if list.isEmpty { return l.pick(ja: "費用はまだ記録されていません。\n", en: "No costs recorded yet.\n") }
        var out = ""
        for c in list {
            var ref = c.value.ref.map { l.pick(ja: "  証憑 \($0)", en: "  ref \($0)") } ?? ""
            if let p = c.value.patients { ref += l.pick(ja: "  後日精算 \(p)人", en: "  \(p) patients to settle later") }
            out += "#\(c.seq) \(Timestamp.local(c.at, in: tz))  \(c.value.category)  \(EventDescription.yen(c.value.amount, l))  \(c.value.payee)\(ref)\n"
        }
        for t in s.recovery.costTotalsByCategory {
            out += l.pick(ja: "小計 \(t.category): \(EventDescription.yen(t.amount, l))\n", en: "subtotal \(t.category): \(EventDescription.yen(t.amount, l))\n")
        }
        out += l.pick(ja: "合計: \(EventDescription.yen(s.recovery.costTotal, l))\n", en: "total: \(EventDescription.yen(s.recovery.costTotal, l))\n")
        let unbilled = s.recovery.unbilledPatients
        if unbilled > 0 { out += l.pick(ja: "後日精算の患者: \(unbilled)人\n", en: "patients to settle later: \(unbilled)\n") }
        return out
    }
}

extension CostList {
    /// An amount in whole yen as people type it: `1200000`, `1,200,000`,
    /// `¥1,200,000`, `1,200,000円`, `120万円`, in full-width digits too. Nil for
    /// anything else (fractions, negative amounts, no number).
    public static func amount(_ text: String) -> Int? {
        var t = TimeInput.normalize(text).replacingOccurrences(of: ",", with: "").replacingOccurrences(of: "，", with: "")
        for prefix in ["¥", "￥", "\\"] where t.hasPrefix(prefix) { t = String(t.dropFirst(prefix.count)) }
        if t.hasSuffix("円") { t = String(t.dropLast()) }
        var multiplier = 1
        if t.hasSuffix("万") {
            multiplier = 10_000
            t = String(t.dropLast())
        }
        guard !t.isEmpty, t.allSatisfy({ $0.isASCII && $0.isNumber }), let n = Int(t) else { return nil }
        let (value, overflow) = n.multipliedReportingOverflow(by: multiplier)
        return overflow ? nil : value
    }
}
