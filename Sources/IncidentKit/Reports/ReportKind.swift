import Foundation
import Mustache

/// The report drafts `report KIND` renders (public contract names).
public enum ReportKind: String, CaseIterable, Sendable, Codable {
    case mhlw
    case ppcPreliminary = "ppc-preliminary"
    case ppcFinal = "ppc-final"
    case individualNotice = "individual-notice"
    case patientNotice = "patient-notice"
    case staffInstructions = "staff-instructions"
    case mhlwFollowup = "mhlw-followup"
    case police
    case publicNotice = "public-notice"
    case inquiryScript = "inquiry-script"
    /// 理事会・経営層への報告: what happened, decisions, obligations, recovery, costs, measures (always a draft).
    case management

    public var title: LocalizedText {
        switch self {
        case .mhlw: .init(ja: "厚生労働省への第一報", en: "First contact to MHLW")
        case .ppcPreliminary: .init(ja: "個人情報保護委員会への漏えい等報告（速報）", en: "PPC leak report (preliminary)")
        case .ppcFinal: .init(ja: "個人情報保護委員会への漏えい等報告（確報）", en: "PPC leak report (final)")
        case .individualNotice: .init(ja: "本人への通知（お詫びとお知らせ）", en: "Notice to individuals")
        case .patientNotice: .init(ja: "待合室の掲示（患者さんへのお知らせ）", en: "Waiting-room notice")
        case .staffInstructions: .init(ja: "職員への指示", en: "Staff instructions")
        case .mhlwFollowup: .init(ja: "厚生労働省への続報", en: "Follow-up report to MHLW")
        case .police: .init(ja: "警察への相談メモ", en: "Police consultation memo")
        case .publicNotice: .init(ja: "ホームページでのお知らせ（公表）", en: "Website notice (publication)")
        case .inquiryScript: .init(ja: "問い合わせ対応の手引き（受付・電話）", en: "Enquiry script (reception and phone)")
        case .management: .init(ja: "理事会・経営層への報告", en: "Report to the board and management")
        }
    }

    /// Parses a kind name, or refuses with the list.
    public static func named(_ name: String) throws(IncidentError) -> ReportKind {
        guard let k = ReportKind(rawValue: name) else { throw .unknownReportKind(name, available: allCases.map(\.rawValue)) }
        return k
    }
}

/// A rendered draft, shaped as `report KIND --json`.
public struct RenderedReport: Codable, Sendable, Equatable {
    public var kind: String
    public var text: String
    /// Keys of `ReportField.all` the draft still shows as placeholders.
    public var missing: [String]
}

/// Where report templates come from: a facility's folder (`--templates DIR` /
/// `INCIDENT_TEMPLATES`) first, then the ones built into the binary.
///
/// A template is `KIND.mustache` (Japanese, required) or `KIND.en.mustache`
/// (English, optional; Japanese is used when it is absent). Templates render
/// as plain text: nothing is HTML-escaped.
public struct ReportTemplates: Sendable {
    public let directory: String?

    public init(directory: String? = nil) { self.directory = directory }

    /// The template text of `kind` in `language`, its file name, and the language it is written in.
    public func source(_ kind: ReportKind, language: Language) throws(IncidentError) -> (text: String, file: String, language: Language) {
        if let directory {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw .fileUnreadable(directory)
            }
        }
        let names: [(String, Language)] =
            language == .en
            ? [("\(kind.rawValue).en.mustache", .en), ("\(kind.rawValue).mustache", .ja)]
            : [("\(kind.rawValue).mustache", .ja)]
        for (name, lang) in names {
            if let directory {
                let path = (directory as NSString).appendingPathComponent(name)
                if FileManager.default.fileExists(atPath: path) {
                    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw .fileUnreadable(path) }
                    return (text, path, lang)
                }
            }
            if let text = EmbeddedResources.files["Templates/\(name)"] { return (text, "Templates/\(name)", lang) }
        }
        throw .unknownReportKind(kind.rawValue, available: ReportKind.allCases.map(\.rawValue))
    }

    /// Keys of the fields whose placeholder (or stand-in mark) appears in
    /// `rendered`, in field order.
    /// (A byte search: Foundation's `contains` folds characters and costs far more.)
    static func missingFields(in rendered: String, _ lang: Language) -> [String] {
        var text = rendered
        return text.withUTF8 { haystack in
            ReportField.all.filter { field in
                field.unfinishedMarks(lang).contains { mark in
                    var needle = mark
                    return needle.withUTF8 { n in Self.contains(haystack, n) }
                }
            }.map(\.key)
        }
    }

    /// Whether `needle` occurs in `haystack` (bytes; first-byte scan, then compare).
    static func contains(_ haystack: UnsafeBufferPointer<UInt8>, _ needle: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = needle.first, needle.count <= haystack.count else { return needle.isEmpty }
        var i = 0
        let last = haystack.count - needle.count
        while i <= last {
            if haystack[i] == first {
                var j = 1
                while j < needle.count && haystack[i + j] == needle[j] { j += 1 }
                if j == needle.count { return true }
            }
            i += 1
        }
        return false
    }

    /// Parses a template, mapping a syntax error to its file:line:column.
    public static func parse(_ text: String, file: String) throws(IncidentError) -> MustacheTemplate {
        // Plain text output: no HTML escaping. Prepended on line 1 so that line numbers stay right.
        let pragma = "{{% CONTENT_TYPE: TEXT}}"
        do {
            return try MustacheTemplate(string: pragma + text)
        } catch let e as MustacheTemplate.ParserError {
            let line = e.context.lineNumber
            let column = line == 1 ? max(1, e.context.columnNumber - pragma.count) : e.context.columnNumber
            let what = describe(e.error)
            throw .invalidFile([
                SourceProblem(
                    file: file, line: line, column: column,
                    message: .init(ja: "テンプレートの構文エラー: \(what.ja)", en: "template syntax error: \(what.en)"))
            ])
        } catch {
            throw .invalidFile([
                SourceProblem(
                    file: file, line: 0, column: 0,
                    message: .init(ja: "テンプレートを読み取れません: \(error)", en: "cannot read the template: \(error)"))
            ])
        }
    }

    static func describe(_ error: any Error) -> LocalizedText {
        switch error as? MustacheTemplate.Error {
        case .sectionCloseNameIncorrect: .init(ja: "セクションの閉じタグ {{/…}} の名前が開始タグと一致しません", en: "a section's closing tag {{/…}} does not match its opening tag")
        case .unfinishedName: .init(ja: "タグが閉じていません（}} がありません）", en: "a tag is not closed (missing }})")
        case .expectedSectionEnd: .init(ja: "セクション {{#…}} の閉じタグ {{/…}} がありません", en: "a section {{#…}} lacks its closing tag {{/…}}")
        case .invalidSetDelimiter: .init(ja: "区切り文字の変更タグが不正です", en: "bad set-delimiter tag")
        case .some(let other): .init(ja: "\(other)", en: "\(other)")
        case .none: .init(ja: "\(error)", en: "\(error)")
        }
    }

    /// Renders `kind` for the incident `state` as of `today` (facility date);
    /// `calls` is every contact attempt from the log (`EventStore.stateAndContactHistory`).
    public func render(
        _ kind: ReportKind, state: IncidentState, today: Day, language: Language,
        calls: [IncidentState.Record<EventBody.Contact>]? = nil, ledger: EquipmentLedger? = nil, changes: [Event]? = nil, bcp: BCPPlan? = nil
    ) throws(IncidentError)
        -> RenderedReport
    {
        let (text, file, lang) = try source(kind, language: language)
        let template = try TemplateCache.shared.template(text, file: file)
        var context = ReportContext(state: state, today: today, language: lang, calls: calls, ledger: ledger, bcp: bcp)
        if let changes { context.addChanges(changes, state: state) }
        var rendered = template.render(context.values)
        let missing = Self.missingFields(in: rendered, lang)
        if state.isDrill {
            // A drill's draft says so at its head and foot, whatever the template.
            let mark = language.pick(ja: "【訓練 / EXERCISE】この文書は訓練用です。実際に提出しないでください。", en: "[EXERCISE / 訓練] This document is for an exercise. Do not submit it.")
            rendered = mark + "\n\n" + rendered + (rendered.hasSuffix("\n") ? "" : "\n") + "\n" + mark + "\n"
        }
        return RenderedReport(kind: kind.rawValue, text: rendered, missing: missing)
    }

    /// Whether `needle` occurs in `text`, byte for byte (Foundation's `contains`
    /// folds characters: most of a board page's cost when used here).
    static func bytes(of text: String, contain needle: String) -> Bool {
        var text = text
        var needle = needle
        return text.withUTF8 { h in needle.withUTF8 { n in ReportTemplates.contains(h, n) } }
    }

    /// What each report still lacks (`status.reports`), found without rendering:
    /// the fields each template shows (given the sections the incident opens)
    /// that the incident does not know yet, in field order. A template whose
    /// tags do not balance lists `template`.
    public func missing(state: IncidentState, today: Day) -> [StatusReport.Report] {
        var contexts: [Language: ReportContext] = [:]
        let order = Dictionary(uniqueKeysWithValues: ReportField.all.enumerated().map { ($1.key, $0) })
        return ReportKind.allCases.map { kind in
            guard let (text, _, lang) = try? source(kind, language: .ja), let refs = TemplateCache.shared.references(text) else {
                return StatusReport.Report(kind: kind.rawValue, missing: ["template"])
            }
            if contexts[lang] == nil { contexts[lang] = ReportContext(state: state, today: today, language: lang, listLimit: 1) }
            let context = contexts[lang]!
            // A name shows a field's placeholder when its value holds one (a value
            // may be built from others, e.g. a signature from the manager's name).
            var keys: Set<String> = []
            for r in refs.references {
                guard let value = context.values[r.name] as? String, Self.bytes(of: value, contain: "【") || Self.bytes(of: value, contain: "[") else {
                    continue
                }
                // Inside a list section the name is an item's field, not the report's.
                let inList = r.sections.contains { !$0.inverted && context.values[$0.name] is [Any] }
                guard !inList, TemplateReferences.opens(r.sections, in: context.values) else { continue }
                for field in ReportField.all
                where !keys.contains(field.key) && field.unfinishedMarks(lang).contains(where: { Self.bytes(of: value, contain: $0) }) {
                    keys.insert(field.key)
                }
            }
            return StatusReport.Report(kind: kind.rawValue, missing: keys.sorted { order[$0]! < order[$1]! })
        }
    }
}
