import Foundation

/// `readiness --out`: the readiness page for the office, and to prepare
/// for an on-site inspection.
public struct ReadinessSheet: Sendable {
    public var review: ReadinessReview
    public var facilityName: String?
    public var language: Language
    public var printedAt: Date
    public var timeZone: TimeZone

    public init(review: ReadinessReview, facilityName: String?, language: Language, printedAt: Date, timeZone: TimeZone) {
        (self.review, self.facilityName, self.language, self.printedAt, self.timeZone) = (review, facilityName, language, printedAt, timeZone)
    }

    public var page: PrintPage {
        let l = language
        let e = PrintPage.escape
        let s = review.status
        var out = "<h1>\(e(l.pick(ja: "平時の準備", en: "Peacetime readiness")))\(facilityName.map { "　" + e($0) } ?? "")</h1>\n"
        out +=
            "<p class=\"meta\">\(e(l.pick(ja: "印刷 ", en: "Printed ")))\(e(Timestamp.local(printedAt, in: timeZone)))　\(e(review.inOrder ? l.pick(ja: "すべて整っています", en: "Everything is in order") : l.pick(ja: "残りがあります", en: "Work remains")))</p>\n"
        out +=
            "<h2>\(e(l.pick(ja: "チェックリスト（\(s.checklist.edition(l))）回答済み \(s.answered) / \(s.total)", en: "Checklist (\(s.checklist.edition(l))): \(s.answered) of \(s.total) answered")))</h2>\n"
        out +=
            "<table>\n<tr><th>\(e(l.pick(ja: "チェック項目", en: "Item")))</th><th>\(e(l.pick(ja: "回答", en: "Answer")))</th><th>\(e(l.pick(ja: "目標日", en: "Target")))</th></tr>\n"
        for r in review.openItems {
            let flags = r.flags.map { "<br><span class=\"missing\">\(e($0.message(l)))</span>" }.joined()
            out +=
                "<tr><td>\(e(r.item.id))　\(e(r.item.text(l)))</td><td>\(e(r.answer?.label(l) ?? l.pick(ja: "未回答", en: "not answered")))</td><td>\(e(r.entry?.answer.target?.description ?? ""))\(flags)</td></tr>\n"
        }
        out += "</table>\n"
        out += "<h2>\(e(l.pick(ja: "記録からわかること", en: "What is on file")))</h2>\n<ul class=\"check\">\n"
        for ev in review.evidence { out += "<li>\(ev.supports ? "○" : "×") \(e(ev.item))　\(e(ev.text(l)))</li>\n" }
        out += "</ul>\n"
        let findings = review.ledgerFindings + review.contactFindings
        out += "<h2>\(e(l.pick(ja: "台帳と連絡先の指摘（\(findings.count) 件）", en: "Ledger and contact findings (\(findings.count))")))</h2>\n<ul class=\"check\">\n"
        for f in findings { out += "<li>□ \(e(f.message(l)))</li>\n" }
        out += "</ul>\n"
        return PrintPage(title: l.pick(ja: "平時の準備", en: "Peacetime readiness"), language: l, pages: [out])
    }
}
