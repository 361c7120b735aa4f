import Foundation

/// The current picture of what is affected: for each system, terminal,
/// department or patient service, its latest status, since when, and the period
/// it was affected. The one aggregation of impacts: `status` and every report
/// read it, so they never disagree about the same target.
///
/// Built from the state's per-target summaries (`ImpactSummary`); a later event
/// about the same target (compared without surrounding spaces) replaces its status.
public struct ImpactPicture: Sendable, Equatable {
    /// One target: its summary (status now and since when, the period it was affected, the worst status).
    public typealias Item = ImpactSummary

    /// Items in order of importance: down, then degraded, then restored; each by `since`.
    public var items: [Item]

    public init<S: Sequence>(_ summaries: S) where S.Element == ImpactSummary {
        items = summaries.sorted { (ImpactSummary.rank($0.status), $0.since, $0.target) < (ImpactSummary.rank($1.status), $1.since, $1.target) }
    }

    /// `text` without surrounding spaces; no copy in the usual case of none.
    static func trimmed(_ text: String) -> String {
        guard let first = text.first, let last = text.last, first.isWhitespace || last.isWhitespace else { return text }
        return String(text.drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }

    /// The picture `records` (impact events in any order) give.
    public init(records: [IncidentState.Record<EventBody.Impact>]) { self.init(ImpactSummary.byTarget(records).values) }

    public init(state: IncidentState) { self.init(state.impacts.values) }

    /// Targets still down or degraded.
    public var affected: [Item] { items.filter { $0.status != .restored } }

    /// The categories `impact --category` accepts.
    public static let categories = ImpactCategory.allCases.map(\.rawValue)

    /// A stored category in words (an older or unknown one as stored).
    public static func categoryLabel(_ c: String?, _ l: Language) -> String {
        guard let c else { return "" }
        return ImpactCategory(rawValue: c)?.label(l) ?? c
    }

    /// One line per item: `停止  電子カルテ（システム） 09:10から — note`.
    public func lines(timeZone: TimeZone, _ l: Language) -> [String] {
        items.map { i in
            let status = TerminalText.pad(EventDescription.status(i.status, l), to: 8)
            let category = i.category.map { l.pick(ja: "（\(Self.categoryLabel($0, l))）", en: " (\(Self.categoryLabel($0, l)))") } ?? ""
            let since = Timestamp.local(i.since, in: timeZone)
            let when: String
            if i.status == .restored, let from = i.affectedFrom {
                let fromText = Timestamp.local(from, in: timeZone)
                when = l.pick(ja: "\(fromText)〜\(since) 復旧", en: "affected \(fromText), restored \(since)")
            } else {
                when = i.status == .restored ? l.pick(ja: "\(since) 復旧", en: "restored \(since)") : l.pick(ja: "\(since) から", en: "since \(since)")
            }
            let note = i.note.map { " — \($0)" } ?? ""
            return "\(status) \(i.target)\(category)  \(when)\(note)"
        }
    }
}

/// What an impact is about. Events store the raw value (older events may hold
/// any text, shown as stored).
public enum ImpactCategory: String, Sendable, Codable, CaseIterable {
    case system, terminal, department, service

    public func label(_ l: Language) -> String {
        switch self {
        case .system: l.pick(ja: "システム", en: "system")
        case .terminal: l.pick(ja: "端末", en: "terminal")
        case .department: l.pick(ja: "部署", en: "department")
        case .service: l.pick(ja: "患者サービス", en: "patient service")
        }
    }
}
