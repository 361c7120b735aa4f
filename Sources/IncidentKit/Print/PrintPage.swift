import Foundation

/// One self-contained HTML document for printing on A4 (`print`).
///
/// Rules: everything is inline (CSS in a `<style>` element, no scripts, no
/// images); nothing is loaded from the network (no remote `src`, `<link>` or
/// `url(`), so the file opens the same on an offline PC or a staff phone.
/// Japanese fonts are named by family only, so the browser uses what is installed.
/// Every piece of text goes through `escape`; `tel(_:)` makes phone numbers dial.
extension PrintPage {
    /// `: <code>a</code>、<code>b</code>。` for the commands a front end gives, else `。`.
    public static func commands(_ commands: [String?], _ l: Language) -> String {
        let shown = commands.compactMap { $0 }.map { "<code>\(escape($0))</code>" }
        return shown.isEmpty ? l.pick(ja: "。", en: ".") : ": " + shown.joined(separator: l.pick(ja: "、", en: ", ")) + l.pick(ja: "。", en: ".")
    }
}

public struct PrintPage: Sendable {
    public var title: String
    public var language: Language
    /// The pages' HTML, each printed on its own sheet (already escaped).
    public var pages: [String]
    /// For a drill: every page carries 「訓練」/EXERCISE, so that no printed sheet
    /// of an exercise can pass for a real record.
    public var exercise = false

    public init(title: String, language: Language, pages: [String], exercise: Bool = false) {
        (self.title, self.language, self.pages, self.exercise) = (title, language, pages, exercise)
    }

    /// The mark every page of a drill carries.
    public static func exerciseBanner(_ l: Language) -> String {
        "<p class=\"exercise\">"
            + l.pick(ja: "訓練 / EXERCISE　― この用紙は訓練用です。実際の報告・提出には使いません。", en: "EXERCISE / 訓練 — for the exercise only; never submit this sheet.") + "</p>\n"
    }

    /// The whole document.
    public var html: String {
        var out = """
            <!DOCTYPE html>
            <html lang="\(language.rawValue)">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(exercise ? "[訓練 / EXERCISE] " : "")\(Self.escape(title))</title>
            <style>
            \(Self.css)
            </style>
            </head>
            <body>

            """
        // Printed, a page that runs onto a second sheet keeps the mark: a fixed
        // element is repeated on every sheet by the browser's print layout.
        if exercise { out += "<div class=\"exercise-mark\">" + language.pick(ja: "訓練 / EXERCISE", en: "EXERCISE / 訓練") + "</div>\n" }
        for page in pages {
            out += "<section class=\"page\">\n\(exercise ? Self.exerciseBanner(language) : "")\(page)</section>\n"
        }
        return out + "</body>\n</html>\n"
    }

    /// A4 portrait with margins a home printer can reach; one `.page` per sheet.
    static let css = """
        @page { size: A4 portrait; margin: 12mm 13mm 12mm 13mm; }
        html { font-family: "Noto Sans CJK JP", "Hiragino Sans", "Hiragino Kaku Gothic ProN", "Yu Gothic", "YuGothic", "Meiryo", sans-serif;
          font-size: 10.5pt; line-height: 1.45; color: #000; background: #fff;
          -webkit-print-color-adjust: exact; print-color-adjust: exact; }
        body { margin: 0; }
        .page { break-after: page; page-break-after: always; }
        .page:last-child { break-after: auto; page-break-after: auto; }
        h1 { font-size: 16pt; line-height: 1.3; margin: 0 0 2mm; padding-bottom: 1mm; border-bottom: 0.6mm solid #000; }
        h2 { font-size: 11.5pt; margin: 3.5mm 0 1.2mm; padding-left: 2mm; border-left: 1.2mm solid #000; }
        p { margin: 0 0 1.2mm; }
        .meta { font-size: 9pt; color: #222; margin-bottom: 2mm; }
        .lead { font-weight: bold; margin: 1mm 0 2mm; }
        table { width: 100%; border-collapse: collapse; margin: 0 0 1mm; }
        th, td { border: 0.3mm solid #444; padding: 1mm 1.6mm; vertical-align: top; text-align: left; overflow-wrap: anywhere; }
        th { background: #e8e8e8; font-weight: bold; white-space: nowrap; }
        tr { break-inside: avoid; page-break-inside: avoid; }
        a[href^="tel:"] { color: #000; text-decoration: none; font-weight: bold; white-space: nowrap; }
        .tel { font-size: 11.5pt; }
        .missing { color: #b00000; font-weight: bold; }
        .deputy td:first-child { padding-left: 5mm; }
        .small { font-size: 9pt; }
        .guidance { white-space: pre-line; margin: 0 0 1mm; }
        ul.check { list-style: none; padding: 0; margin: 0; }
        ul.check li { padding-left: 6mm; text-indent: -6mm; margin-bottom: 0.6mm; }
        .box { display: inline-block; min-width: 16mm; border-bottom: 0.3mm solid #000; }
        .sign { margin-top: 3mm; }
        .sign td { height: 9mm; width: 24%; }
        .sign th { width: 1%; vertical-align: middle; }
        .hint { font-size: 8pt; color: #666; }
        .rows td { height: 8.2mm; padding-top: 0; padding-bottom: 0; vertical-align: middle; }
        .rows td.no { width: 9mm; text-align: right; color: #333; }
        .rows td.time { width: 22mm; }
        .rows td.by { width: 28mm; }
        .footer { margin-top: 2.5mm; font-size: 9pt; border-top: 0.3mm solid #666; padding-top: 1.2mm; }
        .draft { white-space: pre-wrap; font-size: 10.5pt; line-height: 1.55; margin: 0; font-family: inherit; }
        .timeline td.no, .timeline td.fit { white-space: nowrap; width: 1%; overflow-wrap: normal; }
        .timeline td.no { text-align: right; }
        .timeline td.by { width: 16mm; overflow-wrap: normal; word-break: keep-all; }
        .mail { overflow-wrap: normal; word-break: keep-all; }
        .section { break-inside: avoid; page-break-inside: avoid; }
        thead { display: table-header-group; }
        h2 { break-after: avoid; page-break-after: avoid; }
        .card { font-size: 9.8pt; line-height: 1.36; }
        .card h1 { font-size: 15pt; }
        .card h2 { margin: 2.4mm 0 1mm; font-size: 11pt; }
        .card .meta { margin-bottom: 1.2mm; }
        .card td, .card th { padding: 0.6mm 1.4mm; }
        .card td.called { width: 20mm; }
        .card td.result { width: 1%; white-space: nowrap; font-size: 9pt; vertical-align: middle; }
        .card .sign { margin-top: 2mm; }
        .card .sign td { height: 8mm; }
        .card .footer { margin-top: 1.6mm; }
        .poster h1 { font-size: 30pt; text-align: center; border-bottom: 1mm solid #000; padding-bottom: 3mm; margin: 4mm 0 8mm; }
        .poster .draft { font-size: 18pt; line-height: 1.7; }
        .poster .footer { font-size: 8pt; margin-top: 6mm; }
        .exercise { border: 0.8mm solid #000; font-weight: bold; font-size: 12pt; text-align: center; padding: 1mm; margin: 0 0 2mm; letter-spacing: 0.1em; }
        .exercise-mark { display: none; }
        @media print { .exercise-mark { display: block; position: fixed; bottom: 0; right: 0; font-weight: bold; font-size: 9pt; border: 0.5mm solid #000; padding: 0 1.5mm; background: #fff; } }
        .gap { background: #fff1a8; border: 0.3mm dashed #000; padding: 0 0.6mm; }
        .formhead { margin-bottom: 2mm; }
        .formhead td { vertical-align: middle; }
        .formtitle { font-size: 16pt; font-weight: bold; }
        .serial { width: 30mm; font-size: 13pt; font-weight: bold; text-align: center; white-space: nowrap; }
        .entered { width: 30mm; height: 15mm; font-weight: bold; vertical-align: top !important; }
        .address { margin: 6mm 0 10mm 4mm; font-size: 12pt; line-height: 1.5; }
        .address p { margin: 0; }
        .address .addressee { font-size: 15pt; margin-top: 2mm; }
        @media screen {
          body { max-width: 210mm; margin: 0 auto; padding: 4mm; }
          .page { border-bottom: 0.5mm dashed #888; margin-bottom: 8mm; padding-bottom: 6mm; }
          .tel { font-size: 13pt; }
        }
        """

    /// `text` safe inside HTML text and attribute values.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }

    /// The `tel:` target of a number as people write it (`03-1234-5678`,
    /// `０３（１２３４）５６７８`, `+81 3 1234 5678 内線12`): digits and a leading `+`
    /// only, up to the first character that is not part of a number. Nil when
    /// fewer than three digits remain.
    public static func telHref(_ number: String) -> String? {
        var digits = ""
        for scalar in number.unicodeScalars {
            var v = scalar.value
            if (0xFF10...0xFF19).contains(v) || v == 0xFF0B { v -= 0xFEE0 }
            let c = Character(Unicode.Scalar(v)!)
            if c.isASCII, c.isNumber {
                digits.append(c)
            } else if c == "+" {
                if !digits.isEmpty { break }
                digits.append(c)
            } else if " -()\u{3000}\u{2010}\u{2011}\u{2012}\u{2013}\u{2212}\u{30FC}\u{FF0D}\u{FF08}\u{FF09}.".unicodeScalars.contains(Unicode.Scalar(v)!) {
                continue
            } else {
                break
            }
        }
        guard digits.filter(\.isNumber).count >= 3 else { return nil }
        return "tel:" + digits
    }

    /// A phone number as a link that dials it; the text as written when it has no number.
    public static func tel(_ number: String) -> String {
        guard let href = telHref(number) else { return escape(number) }
        return "<a class=\"tel\" href=\"\(href)\">\(escape(number))</a>"
    }

    /// Escaped `html` with each phone number in it (`03-1234-5678`, `0120-000-111`,
    /// `+81-3-1234-5678`: digits in groups joined by hyphens) made a `tel:` link.
    public static func linkPhoneNumbers(_ html: String) -> String {
        html.replacing(/\+?\d{2,5}(?:-\d{1,5}){1,3}/) { match in
            let number = String(match.output)
            guard number.filter(\.isNumber).count >= 9, let href = telHref(number) else { return number }
            return "<a class=\"tel\" href=\"\(href)\">\(number)</a>"
        }
    }

    /// An e-mail address that breaks only before `@` and after a dot (never mid-word), or nil when empty.
    static func email(_ address: String?) -> String? {
        guard let escaped = text(address) else { return nil }
        let parts = escaped.replacingOccurrences(of: "@", with: "<wbr>@").replacingOccurrences(of: ".", with: ".<wbr>")
        return "<span class=\"mail\">\(parts)</span>"
    }

    /// The numbers as links, one per line, or a red "not on file" note.
    static func phones(_ numbers: [String?], _ l: Language) -> String {
        let list = numbers.compactMap { $0?.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !list.isEmpty else { return missing(l) }
        return list.map(tel).joined(separator: "<br>")
    }

    static func missing(_ l: Language) -> String {
        "<span class=\"missing\">\(l.pick(ja: "未登録", en: "not on file"))</span>"
    }

    /// The escaped text, or nil when empty.
    static func text(_ s: String?) -> String? {
        guard let s = s?.trimmingCharacters(in: .whitespacesAndNewlines), !s.isEmpty else { return nil }
        return escape(s)
    }

    /// `2026-11-25 20:30` for "printed at".
    static func printedLine(_ date: Date, _ timeZone: TimeZone, _ l: Language) -> String {
        l.pick(ja: "印刷用に作成: \(Timestamp.local(date, in: timeZone))", en: "Made for printing: \(Timestamp.local(date, in: timeZone))")
    }
}
