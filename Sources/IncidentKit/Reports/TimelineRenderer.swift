import Foundation

/// Renders an incident's timeline, ordered by when things happened, in the
/// formats of `timeline`. Output is streamed to `write` event by event.
public struct TimelineRenderer {
    public enum Format: String, CaseIterable, Sendable {
        case text, markdown, csv, json
    }

    public var format: Format
    public var language: Language
    public var runbook: Runbook
    public var timeZone: TimeZone
    /// Terminal width for `text`.
    public var columns: Int = 80
    /// For `csv`: the machine columns of the first release (ISO times, kind ids,
    /// hashes, no BOM) instead of the spreadsheet form (see `ExcelCSV`).
    public var plain: Bool = false
    /// Corrected event → the events correcting it (`EventStore.corrections(of:)`), so that
    /// the text and Markdown forms flag an amended event where it stands.
    public var correctedBy: [Int64: [Int64]] = [:]
    /// The facility profile, for naming roles in words (JSON and plain CSV keep ids).
    public var profile: FacilityProfile? = nil

    public init(format: Format, language: Language, runbook: Runbook, timeZone: TimeZone) {
        (self.format, self.language, self.runbook, self.timeZone) = (format, language, runbook, timeZone)
    }

    /// Events in timeline order: by occurrence, then by sequence.
    public static func ordered(_ events: [Event]) -> [Event] {
        events.sorted { ($0.occurredAt, $0.seq) < ($1.occurredAt, $1.seq) }
    }

    /// Writes the whole timeline of `events` (already in timeline order).
    public func render<S: Sequence>(_ events: S, header state: IncidentState, write: (String) -> Void) where S.Element == Event {
        var renderer = self
        if renderer.correctedBy.isEmpty {
            for e in events { if let c = e.corrects { renderer.correctedBy[c, default: []].append(e.seq) } }
        }
        renderer.renderEvents(events, header: state, write: write)
    }

    private func renderEvents<S: Sequence>(_ events: S, header state: IncidentState, write: (String) -> Void) where S.Element == Event {
        header(state, write: write)
        var first = true
        for event in events {
            write(line(event, first: first))
            first = false
        }
        footer(state, empty: first, write: write)
    }

    /// What comes before the first event.
    public func header(_ state: IncidentState, write: (String) -> Void) {
        let l = language
        switch format {
        case .text:
            if state.isDrill { write(l.pick(ja: "【訓練 / EXERCISE】これは訓練の記録です。\n", en: "[EXERCISE / 訓練] This is a drill.\n")) }
            let title = l.pick(
                ja: "インシデント \(state.id)「\(state.summary)」の時系列（\(timeZone.identifier)）",
                en: "Timeline of incident \(state.id) \"\(state.summary)\" (\(timeZone.identifier))")
            write(TerminalText.wrap(title, columns: columns).map { $0 + "\n" }.joined())
        case .markdown:
            if state.isDrill { write(l.pick(ja: "> **訓練 / EXERCISE** — これは訓練の記録です。\n\n", en: "> **EXERCISE / 訓練** — this is a drill.\n\n")) }
            write(l.pick(ja: "# 時系列: \(state.id) \(escapeMarkdown(state.summary))\n\n", en: "# Timeline: \(state.id) \(escapeMarkdown(state.summary))\n\n"))
            write(
                l.pick(
                    ja: "時刻は \(timeZone.identifier)。\n\n| # | 発生日時 | 記録日時 | 記録者 | 種別 | 内容 |\n|---:|---|---|---|---|---|\n",
                    en: "Times in \(timeZone.identifier).\n\n| # | Occurred | Recorded | By | Kind | What |\n|---:|---|---|---|---|---|\n"))
        case .csv where plain:
            write("seq,occurredAt,recordedAt,actor,kind,text,corrects,hash\r\n")
        case .csv:
            write(ExcelCSV.byteOrderMark + ExcelCSV.row(ExcelCSV.headers(l)))
        case .json:
            write("[")
        }
    }

    /// What comes after the last event: the JSON close, and for text and
    /// Markdown the picture of what is affected now.
    public func footer(_ state: IncidentState, empty: Bool, write: (String) -> Void) {
        if format == .json { write(empty ? "]\n" : "\n]\n") }
        writeImpactPicture(state, write: write)
    }

    /// After the events, the text and Markdown forms show what is affected now.
    func writeImpactPicture(_ state: IncidentState, write: (String) -> Void) {
        let lines = ImpactPicture(state: state).lines(timeZone: timeZone, language)
        guard !lines.isEmpty else { return }
        let l = language
        switch format {
        case .text:
            write("\n" + l.pick(ja: "現在の影響:\n", en: "Affected now:\n") + lines.map { TerminalText.fit("  \($0)", columns: columns) + "\n" }.joined())
        case .markdown:
            write("\n" + l.pick(ja: "## 現在の影響\n\n", en: "## Affected now\n\n") + lines.map { "- \(escapeMarkdown($0))\n" }.joined())
        case .csv, .json:
            break
        }
    }

    /// The rendering of one event.
    public func line(_ e: Event, first: Bool) -> String {
        let l = language
        var text = EventDescription.text(
            e, runbook: runbook, timeZone: timeZone, profile: profile,
            roleIDs: format == .json || (format == .csv && plain), l)
        if let by = correctedBy[e.seq], !by.isEmpty, format == .text || format == .markdown || (format == .csv && !plain) {
            let refs = by.map { "#\($0)" }.joined(separator: ", ")
            text += l.pick(ja: "（\(refs) で訂正）", en: " (corrected by \(refs))")
        }
        // Where people read it, invisible characters are shown (`<U+202E>`); machine forms keep the stored text.
        if format == .text || format == .markdown || (format == .csv && !plain) { text = TextRules.visible(text) }
        switch format {
        case .text:
            let late = CivilTime.milliseconds(e.recordedAt) - CivilTime.milliseconds(e.occurredAt) >= 60_000
            let recorded =
                late
                ? l.pick(ja: "  （記録 \(Timestamp.local(e.recordedAt, in: timeZone))）", en: "  (recorded \(Timestamp.local(e.recordedAt, in: timeZone)))") : ""
            var out =
                TerminalText.fit(
                    "\(TerminalText.pad(String(e.seq), to: 5))\(Timestamp.local(e.occurredAt, in: timeZone))  [\(EventDescription.label(e.kind, l))] \(TextRules.visible(e.actor))\(recorded)",
                    columns: columns) + "\n"
            for line in TerminalText.wrap(text, columns: columns - 7) {
                out += "       \(line)\n"
            }
            return out
        case .markdown:
            return
                "| \(e.seq) | \(Timestamp.local(e.occurredAt, in: timeZone)) | \(Timestamp.local(e.recordedAt, in: timeZone)) | \(escapeMarkdown(e.actor)) | \(EventDescription.label(e.kind, l)) | \(escapeMarkdown(text)) |\n"
        case .csv where !plain:
            return ExcelCSV.row([
                String(e.seq), ExcelCSV.time(e.occurredAt, in: timeZone), ExcelCSV.zone(e.occurredAt, in: timeZone),
                ExcelCSV.time(e.recordedAt, in: timeZone), e.actor, EventDescription.label(e.kind, l), text, e.corrects.map(String.init) ?? "",
            ])
        case .csv:
            let fields = [
                String(e.seq), Timestamp.iso(e.occurredAt, in: timeZone), Timestamp.iso(e.recordedAt, in: timeZone), e.actor,
                e.kind.rawValue, text, e.corrects.map(String.init) ?? "", e.hash,
            ]
            return fields.map(csvField).joined(separator: ",") + "\r\n"
        case .json:
            let corrects = e.corrects.map(String.init) ?? "null"
            let object =
                "{\"actor\":\(JSONText.quote(e.actor)),\"corrects\":\(corrects),\"hash\":\"\(e.hash)\",\"kind\":\"\(e.kind.rawValue)\",\"occurredAt\":\"\(Timestamp.iso(e.occurredAt, in: timeZone))\",\"recordedAt\":\"\(Timestamp.iso(e.recordedAt, in: timeZone))\",\"seq\":\(e.seq),\"text\":\(JSONText.quote(text))}"
            return (first ? "\n  " : ",\n  ") + object
        }
    }

    func csvField(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    func escapeMarkdown(_ s: String) -> String {
        s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "|", with: "\\|")
            .replacingOccurrences(of: "\r\n", with: "<br>").replacingOccurrences(of: "\n", with: "<br>")
    }
}

/// Minimal JSON string quoting for streamed output (RFC 8259).
public enum JSONText {
    public static func quote(_ s: String) -> String {
        var out = "\""
        out.reserveCapacity(s.utf8.count + 2)
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
