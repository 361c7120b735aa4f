import Foundation
import Mustache

/// `print forms`: the paper forms the BCP names, for the days the systems are
/// down (受付簿, 問診票, 経過記録, 処方箋控え, 会計伝票, 検査依頼 …).
///
/// Each sheet carries a serial number (`UK-0001`) and a 「入力済」 box, so that
/// after recovery the sheets still to be entered can be counted per form. The
/// body of each form is a Mustache template (`Templates/forms/ID.mustache`); a
/// facility replaces it with `forms/ID.mustache` in its own templates folder.
/// A form the BCP names that has no template of its own prints as a ruled sheet
/// (`generic`) under its name.
public struct DowntimeForms: Sendable {
    /// A form with its own template: the names it goes by, its template id and serial prefix.
    public struct Known: Sendable {
        public var id: String
        public var code: String
        public var names: [String]
        public var rows: Int
    }

    public static let known: [Known] = [
        .init(id: "reception", code: "UK", names: ["受付簿", "受付", "reception"], rows: 24),
        .init(id: "questionnaire", code: "MS", names: ["問診票", "問診", "questionnaire"], rows: 0),
        .init(id: "progress-notes", code: "KK", names: ["経過記録", "紙カルテ", "経過記録用紙", "progress notes"], rows: 22),
        .init(id: "prescription-copy", code: "SH", names: ["処方箋控え", "処方箋", "処方せん控え", "prescription copy"], rows: 20),
        .init(id: "billing-slip", code: "KD", names: ["会計伝票", "会計", "billing slip"], rows: 22),
        .init(id: "lab-request", code: "KI", names: ["検査依頼", "検査依頼書", "lab request"], rows: 0),
    ]

    /// One form to print: its name as the BCP writes it, template id and serial prefix.
    public struct Form: Sendable, Equatable {
        public var name: String
        public var template: String
        public var code: String
        public var rows: Int
    }

    public var forms: [Form]
    public var facilityName: String?
    public var language: Language
    /// Sheets per form.
    public var copies: Int
    /// The first serial number.
    public var firstNumber: Int
    /// A facility's templates folder (its `forms/` subfolder replaces the built-in bodies).
    public var templatesDirectory: String?

    /// The forms `names` names, in order (a name that matches no template prints as a ruled sheet).
    public init(names: [String], facilityName: String?, language: Language, copies: Int = 1, firstNumber: Int = 1, templatesDirectory: String? = nil) {
        var generic = 0
        forms = names.map { name in
            let key = name.trimmingCharacters(in: .whitespaces).lowercased()
            if let k = Self.known.first(where: { $0.names.contains { $0.lowercased() == key } }) {
                return Form(name: name, template: k.id, code: k.code, rows: k.rows)
            }
            generic += 1
            return Form(name: name, template: "generic", code: "F\(generic)", rows: 22)
        }
        (self.facilityName, self.language, self.copies, self.firstNumber, self.templatesDirectory) = (
            facilityName, language, copies, firstNumber, templatesDirectory
        )
    }

    /// The template text of `id`: the facility's `forms/ID.mustache`, else the built-in one.
    func source(_ id: String) throws(IncidentError) -> (text: String, file: String) {
        if let templatesDirectory {
            let path = ((templatesDirectory as NSString).appendingPathComponent("forms") as NSString).appendingPathComponent("\(id).mustache")
            if FileManager.default.fileExists(atPath: path) {
                guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw .fileUnreadable(path) }
                return (text, path)
            }
        }
        let file = "Templates/forms/\(id).mustache"
        guard let text = EmbeddedResources.files[file] else { throw .fileUnreadable(file) }
        return (text, file)
    }

    /// `UK-0001`.
    public static func serial(_ code: String, _ n: Int) -> String { "\(code)-\(pad(n, 4))" }

    public func page() throws(IncidentError) -> PrintPage {
        let l = language
        let e = PrintPage.escape
        var pages: [String] = []
        for form in forms {
            let (text, file) = try source(form.template)
            let template: MustacheTemplate
            do {
                template = try MustacheTemplate(string: text)
            } catch {
                throw .invalidFile([SourceProblem(file: file, line: 0, column: 0, message: ReportTemplates.describe(error))])
            }
            for i in 0..<max(1, copies) {
                let serial = Self.serial(form.code, firstNumber + i)
                var out = "<table class=\"formhead\"><tr>"
                out += "<td class=\"formtitle\">\(e(form.name))</td>"
                out += "<td class=\"small\">\(e(facilityName ?? ""))<br>\(e(l.pick(ja: "システム停止中の紙運用", en: "Paper operation while the systems are down")))</td>"
                out += "<td class=\"serial\">No. \(e(serial))</td>"
                out +=
                    "<td class=\"entered\">\(e(l.pick(ja: "入力済", en: "Entered")))<br><span class=\"hint\">\(e(l.pick(ja: "日付・氏名", en: "date, name")))</span></td>"
                out += "</tr></table>\n"
                out +=
                    "<p class=\"small\">\(e(l.pick(ja: "日付", en: "Date")))　<span class=\"box\" style=\"min-width: 40mm\"></span>　\(e(l.pick(ja: "部門", en: "Department")))　<span class=\"box\" style=\"min-width: 40mm\"></span></p>\n"
                let rows: [[String: Any]] = (0..<form.rows).map { ["n": $0 + 1] }
                let context: [String: Any] = [
                    "title": form.name, "serial": serial, "facility": facilityName ?? "", "rows": rows, "rowCount": form.rows,
                ]
                out += template.render(context)
                out +=
                    "<p class=\"footer\">\(e(l.pick(ja: "復旧後、この用紙の内容をシステムに入力したら右上の「入力済」欄に日付と氏名を書き、番号順にまとめてください（残り枚数を数えます）。", en: "When this sheet has been entered into the system after recovery, write the date and your name in the 'Entered' box and file it in number order.")))</p>\n"
                pages.append(out)
            }
        }
        return PrintPage(title: l.pick(ja: "紙運用の様式", en: "Downtime paper forms"), language: l, pages: pages)
    }
}
