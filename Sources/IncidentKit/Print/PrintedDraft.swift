import Foundation

/// `print timeline` and `print report KIND`: the timeline and
/// the report drafts in the print layout, for filing and signature.
///
/// Every text is escaped; a report's visible placeholders (`【未記入: 原因】`) stay
/// visible, highlighted so that nobody signs a draft with a gap unnoticed.
public enum PrintedDraft {
    /// The timeline as a table, by occurrence (`events` in timeline order).
    public static func timeline(_ events: [Event], state: IncidentState, language l: Language, printedAt: Date) -> PrintPage {
        let e = PrintPage.escape
        let tz = state.timeZone
        var correctedBy: [Int64: [Int64]] = [:]
        for event in events { if let c = event.corrects { correctedBy[c, default: []].append(event.seq) } }
        var out = "<h1>\(l.pick(ja: "時系列", en: "Timeline"))　\(e(state.id))</h1>\n"
        out += "<p class=\"meta\">\(header(state, l, printedAt))</p>\n"
        out += "<p class=\"lead\">\(e(state.summary))</p>\n"
        out +=
            "<table class=\"timeline\">\n<tr><th>#</th><th>\(l.pick(ja: "発生日時", en: "Occurred"))</th><th>\(l.pick(ja: "記録者", en: "By"))</th><th>\(l.pick(ja: "種類", en: "Kind"))</th><th>\(l.pick(ja: "内容", en: "What"))</th></tr>\n"
        for event in events {
            var text = e(EventDescription.text(event, runbook: state.runbook, timeZone: tz, profile: state.profile, l))
            if let by = correctedBy[event.seq], !by.isEmpty {
                let refs = by.sorted().map { "#\($0)" }.joined(separator: ", ")
                text += e(l.pick(ja: "（\(refs) で訂正）", en: " (corrected by \(refs))"))
            }
            if CivilTime.milliseconds(event.recordedAt) - CivilTime.milliseconds(event.occurredAt) >= 60_000 {
                text += "<br><span class=\"small\">\(l.pick(ja: "記録 ", en: "recorded "))\(Timestamp.local(event.recordedAt, in: tz))</span>"
            }
            out +=
                "<tr><td class=\"no\">\(event.seq)</td><td class=\"fit\">\(Timestamp.local(event.occurredAt, in: tz))</td><td class=\"by\">\(e(event.actor))</td><td class=\"fit\">\(e(EventDescription.label(event.kind, l)))</td><td class=\"draft\">\(text)</td></tr>\n"
        }
        out += "</table>\n" + signature(l)
        return PrintPage(title: l.pick(ja: "時系列 \(state.id)", en: "Timeline \(state.id)"), language: l, pages: [out])
    }

    /// A rendered report draft (`ReportTemplates.render`) with its title.
    public static func report(
        _ report: RenderedReport, title: String, state: IncidentState, language l: Language, printedAt: Date, wording: any Wording = PlainWording()
    ) -> PrintPage {
        if report.kind == ReportKind.patientNotice.rawValue { return poster(report, title: title, language: l, wording: wording) }
        var out = "<p class=\"meta\">\(header(state, l, printedAt))</p>\n"
        out += "<h1>\(PrintPage.escape(title))</h1>\n"
        out += "<div class=\"draft\">\(highlightGaps(PrintPage.escape(report.text.trimmingCharacters(in: .newlines))))</div>\n"
        if !report.missing.isEmpty {
            out +=
                "<p class=\"footer\">"
                + l.pick(
                    ja: "未記入 \(report.missing.count) 件（黄色の枠）。分かったら事実として、または施設プロファイルに記録し、印刷し直してください",
                    en: "\(report.missing.count) field(s) missing (yellow boxes). Record them as facts or in the facility profile, then print again")
                + PrintPage.commands([wording.command(.recordFact, l)], l) + "</p>\n"
        }
        out += signature(l)
        return PrintPage(title: "\(title) \(state.id)", language: l, pages: [out])
    }

    /// The waiting-room notice as a poster: large type on one A4 sheet, its own first
    /// line as the heading; nothing for the office on it (no incident number, time
    /// zone, print time or reviewer box). A field still missing stays highlighted,
    /// with one small line saying how to fill it.
    static func poster(_ report: RenderedReport, title: String, language l: Language, wording: any Wording) -> PrintPage {
        let lines = report.text.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let heading = lines.first ?? title
        let body = lines.dropFirst().joined(separator: "\n").trimmingCharacters(in: .newlines)
        var out = "<div class=\"poster\">\n<h1>\(highlightGaps(PrintPage.escape(heading)))</h1>\n"
        out += "<div class=\"draft\">\(highlightGaps(PrintPage.escape(body)))</div>\n"
        if !report.missing.isEmpty {
            out +=
                "<p class=\"footer\">"
                + l.pick(
                    ja: "未記入 \(report.missing.count) 件（黄色の枠）。記録してから印刷し直してください",
                    en: "\(report.missing.count) field(s) missing (yellow boxes). Record them, then print again")
                + PrintPage.commands([wording.command(.recordFact, l)], l) + "</p>\n"
        }
        out += "</div>\n"
        return PrintPage(title: heading, language: l, pages: [out])
    }

    static func header(_ state: IncidentState, _ l: Language, _ printedAt: Date) -> String {
        var parts: [String] = []
        if let name = PrintPage.text(state.profile?.facility.name) { parts.append(name) }
        parts.append(l.pick(ja: "インシデント \(PrintPage.escape(state.id))", en: "Incident \(PrintPage.escape(state.id))"))
        parts.append(l.pick(ja: "時刻は \(state.timeZone.identifier)", en: "times in \(state.timeZone.identifier)"))
        parts.append(PrintPage.printedLine(printedAt, state.timeZone, l))
        return parts.joined(separator: "　")
    }

    /// Wraps each visible placeholder (`【未記入: …】`, `[MISSING: …]`) in a highlight; `html` is already escaped.
    static func highlightGaps(_ html: String) -> String {
        html.replacing(/【未記入: [^】]*】|\[MISSING: [^\]]*\]/) { "<span class=\"gap\">\($0.output)</span>" }
    }

    static func signature(_ l: Language) -> String {
        "<table class=\"sign\">\n<tr><th>\(l.pick(ja: "確認者", en: "Checked by"))</th><td></td><th>\(l.pick(ja: "日付", en: "Date"))</th><td></td></tr>\n</table>\n"
    }
}
