import Foundation

/// `checklist print`: the checklist in the ministry's layout (チェック項目,
/// 確認日, 目標日, 備考, はい・いいえ), filled in from the readiness log, ready to
/// hand to an inspector at a 立入検査. Unanswered rows stay blank to fill by hand.
public struct ChecklistSheet: Sendable {
    public var status: ChecklistStatus
    public var facilityName: String?
    public var language: Language
    public var printedAt: Date
    public var timeZone: TimeZone

    public init(status: ChecklistStatus, facilityName: String?, language: Language, printedAt: Date, timeZone: TimeZone) {
        (self.status, self.facilityName, self.language, self.printedAt, self.timeZone) = (status, facilityName, language, printedAt, timeZone)
    }

    public var page: PrintPage {
        let l = language
        let c = status.checklist
        return PrintPage(title: "\(c.edition(l)) \(c.title(l))", language: l, pages: [body])
    }

    public var html: String { page.html }

    var body: String {
        let l = language
        let e = PrintPage.escape
        let c = status.checklist
        var out = "<h1>\(e(c.edition(l)))　\(e(c.title(l)))</h1>\n"
        var meta: [String] = []
        if let facilityName, !facilityName.isEmpty { meta.append(l.pick(ja: "医療機関名: ", en: "Institution: ") + e(facilityName)) }
        meta.append(l.pick(ja: "回答済み \(status.answered) / \(status.total) 項目", en: "\(status.answered) of \(status.total) items answered"))
        meta.append(l.pick(ja: "印刷 ", en: "Printed ") + e(Timestamp.local(printedAt, in: timeZone)))
        out += "<p class=\"meta\">\(meta.joined(separator: "　"))</p>\n"
        out +=
            "<table>\n<tr><th>\(e(l.pick(ja: "チェック項目", en: "Item")))</th><th>\(e(l.pick(ja: "確認日", en: "Checked")))</th><th>\(e(l.pick(ja: "目標日", en: "Target")))</th><th>\(e(l.pick(ja: "備考", en: "Notes")))</th><th>\(e(l.pick(ja: "はい・いいえ", en: "Yes / No")))</th></tr>\n"
        for group in c.groups {
            out += "<tr><th colspan=\"5\">\(e(group.id)) \(e(group.title(l)))</th></tr>\n"
            var section: LocalizedText? = nil
            for item in group.items {
                if let s = item.section, s != section {
                    out += "<tr><td colspan=\"5\" class=\"small\">（\(e(s(l)))）</td></tr>\n"
                }
                section = item.section
                let row = status.rows.first { $0.item.id == item.id }
                let a = row?.entry?.answer
                let answer: String =
                    switch a?.answer {
                    case .yes: l.pick(ja: "<b>はい</b>・いいえ", en: "<b>Yes</b> / No")
                    case .no: l.pick(ja: "はい・<b>いいえ</b>", en: "Yes / <b>No</b>")
                    case .na: e(l.pick(ja: "記入不要", en: "n/a"))
                    case nil: l.pick(ja: "はい・いいえ", en: "Yes / No")
                    }
                let flags = (row?.flags ?? []).map { "<br><span class=\"missing\">\(e($0.message(l)))</span>" }.joined()
                out +=
                    "<tr><td>\(e(item.id))　\(e(item.text(l)))</td><td>\(e(a.map { $0.checked.description } ?? ""))</td><td>\(e(a?.target?.description ?? ""))\(flags)</td><td>\(e(a?.note ?? ""))</td><td>\(answer)</td></tr>\n"
            }
        }
        out += "</table>\n"
        if let source = c.source { out += "<p class=\"footer\">\(e(source(l)))</p>\n" }
        return out
    }
}
