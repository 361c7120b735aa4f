import Foundation

/// The current picture of what is affected: for each system, terminal,
/// department or patient service, its latest status and since when.
///
/// Derived from `impact` events only; a later event about the same target
/// (compared without surrounding spaces) replaces its status.
public struct ImpactPicture: Sendable, Equatable {
    public struct Item: Sendable, Equatable {
        public var target: String
        public var category: String?
        public var status: EventBody.Impact.Status
        /// When the target entered its current status.
        public var since: Date
        /// When the target was first reported affected.
        public var firstAt: Date
        public var note: String?
        public var updates: Int
    }

    /// Items in order of importance: down, then degraded, then restored; each by `since`.
    public var items: [Item]

    public init(_ records: [IncidentState.Record<EventBody.Impact>]) {
        var byTarget: [String: Item] = [:]
        var order: [String] = []
        for r in records.sorted(by: { ($0.at, $0.seq) < ($1.at, $1.seq) }) {
            let key = Self.trimmed(r.value.target)
            if var item = byTarget[key] {
                if item.status != r.value.status { item.since = r.at }
                item.status = r.value.status
                item.category = r.value.category ?? item.category
                item.note = r.value.note ?? item.note
                item.updates += 1
                byTarget[key] = item
            } else {
                order.append(key)
                byTarget[key] = Item(target: key, category: r.value.category, status: r.value.status, since: r.at, firstAt: r.at,
                    note: r.value.note, updates: 1)
            }
        }
        func rank(_ s: EventBody.Impact.Status) -> Int {
            switch s {
            case .down: 0
            case .degraded: 1
            case .restored: 2
            }
        }
        items = order.compactMap { byTarget[$0] }.sorted { (rank($0.status), $0.since) < (rank($1.status), $1.since) }
    }

    /// `text` without surrounding spaces; no copy in the usual case of none.
    static func trimmed(_ text: String) -> String {
        guard let first = text.first, let last = text.last, first.isWhitespace || last.isWhitespace else { return text }
        return String(text.drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }

    public init(state: IncidentState) { self.init(state.impacts) }

    /// Targets still down or degraded.
    public var affected: [Item] { items.filter { $0.status != .restored } }

    /// The categories `incident impact --category` accepts.
    public static let categories = ["system", "terminal", "department", "service"]

    public static func categoryLabel(_ c: String?, _ l: Language) -> String {
        switch c {
        case "system": l.pick(ja: "システム", en: "system")
        case "terminal": l.pick(ja: "端末", en: "terminal")
        case "department": l.pick(ja: "部署", en: "department")
        case "service": l.pick(ja: "患者サービス", en: "patient service")
        default: c ?? ""
        }
    }

    /// One line per item: `停止  電子カルテ（システム） 09:10から — note`.
    public func lines(timeZone: TimeZone, _ l: Language) -> [String] {
        items.map { i in
            let status = TerminalText.pad(EventDescription.status(i.status, l), to: 8)
            let category = i.category.map { l.pick(ja: "（\(Self.categoryLabel($0, l))）", en: " (\(Self.categoryLabel($0, l)))") } ?? ""
            let since = Timestamp.local(i.since, in: timeZone)
            let when = i.status == .restored ? l.pick(ja: "\(since) 復旧", en: "restored \(since)") : l.pick(ja: "\(since) から", en: "since \(since)")
            let note = i.note.map { " — \($0)" } ?? ""
            return "\(status) \(i.target)\(category)  \(when)\(note)"
        }
    }
}
