import Foundation
import Yams

/// Reads `bcp.yaml` into a `BCPPlan`. Blank values are accepted (a plan is
/// filled in over weeks; `BCPReview` lists what is left); what cannot be read
/// (an unknown key, a priority that is no number, a date that is no date) is
/// reported with file:line:column, and one problem rejects the whole file.
public enum BCPLoader {
    static let topKeys: Set<String> = [
        "purpose", "scope", "assumedEvents", "roles", "systems", "continuity", "evidence", "reentry", "afterAction", "forms", "approval",
    ]
    static let arrangementKeys: Set<String> = ["how", "by", "place"]

    public static func load(path: String) throws(IncidentError) -> BCPPlan {
        let text = try TextFile.read(
            path, notUTF8: LocalizedText(ja: "UTF-8 のテキストではありません。UTF-8 で保存してください。", en: "Not UTF-8 text; save the file as UTF-8."))
        return try load(text: text, file: path)
    }

    public static func load(text: String, file: String) throws(IncidentError) -> BCPPlan {
        try EquipmentLedgerLoader.screen(text, file: file)
        let r = YAMLReader(file: file)
        var plan = BCPPlan(sourceText: text)
        if let root = r.parse(text), let map = r.mapping(root, "bcp", allowed: topKeys, depth: 0) {
            plan.purpose = block(map["purpose"], "purpose", r)
            plan.scope = block(map["scope"], "scope", r)
            plan.assumedEvents = list(map["assumedEvents"], "assumedEvents", r, depth: 1)
            if let n = map["roles"], let m = r.mapping(n, "roles", allowed: ["decides", "approves", "leads", "reportRoute"], depth: 1) {
                plan.roles = .init(
                    decides: line(m["decides"], "roles.decides", r), approves: line(m["approves"], "roles.approves", r),
                    leads: line(m["leads"], "roles.leads", r), reportRoute: block(m["reportRoute"], "roles.reportRoute", r))
            }
            if let n = map["systems"], isPresent(n), let items = r.sequence(n, "systems", depth: 1) {
                for item in items { if let s = system(item, r) { plan.systems.append(s) } }
                var seen: Set<String> = []
                for s in plan.systems where !seen.insert(s.name.lowercased()).inserted {
                    r.report(
                        line: s.line, column: 1, ja: "システム「\(s.name)」が重複しています。1システム1件にしてください。",
                        en: "Duplicate system '\(s.name)'; one entry per system.")
                }
            }
            if let n = map["continuity"],
                let m = r.mapping(n, "continuity", allowed: ["bookedPatients", "prescriptions", "billing", "orders", "inpatients"], depth: 1)
            {
                plan.continuity.bookedPatients = arrangement(m["bookedPatients"], "continuity.bookedPatients", r)
                plan.continuity.prescriptions = arrangement(m["prescriptions"], "continuity.prescriptions", r)
                plan.continuity.billing = arrangement(m["billing"], "continuity.billing", r)
                plan.continuity.orders = arrangement(m["orders"], "continuity.orders", r)
                plan.continuity.inpatients = arrangement(m["inpatients"], "continuity.inpatients", r)
            }
            if let n = map["evidence"], let m = r.mapping(n, "evidence", allowed: ["preserve", "by", "keptAt"], depth: 1) {
                plan.evidence = .init(
                    preserve: list(m["preserve"], "evidence.preserve", r, depth: 2), by: line(m["by"], "evidence.by", r),
                    keptAt: line(m["keptAt"], "evidence.keptAt", r))
            }
            plan.reentry = arrangement(map["reentry"], "reentry", r)
            plan.afterAction = arrangement(map["afterAction"], "afterAction", r)
            plan.forms = list(map["forms"], "forms", r, depth: 1)
            if let n = map["approval"], let m = r.mapping(n, "approval", allowed: ["approvedOn", "approvedBy", "nextReview"], depth: 1) {
                plan.approval = .init(
                    approvedOn: day(m["approvedOn"], "approval.approvedOn", r), approvedBy: line(m["approvedBy"], "approval.approvedBy", r),
                    nextReview: day(m["nextReview"], "approval.nextReview", r))
            }
        }
        guard r.problems.isEmpty else { throw .invalidFile(r.problems.sorted { ($0.line, $0.column) < ($1.line, $1.column) }) }
        return plan
    }

    /// A value left blank (`key:` or `key: ""`) is absent.
    static func isPresent(_ node: Node) -> Bool {
        if case .scalar(let s) = node { return !s.string.trimmingCharacters(in: .whitespaces).isEmpty && s.string != "~" }
        return true
    }

    static func line(_ node: Node?, _ what: String, _ r: YAMLReader) -> String? {
        guard let node, isPresent(node), let t = r.string(node, what, allowEmpty: true) else { return nil }
        let text = t.trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : text
    }

    static func block(_ node: Node?, _ what: String, _ r: YAMLReader) -> String? {
        guard let node, isPresent(node), let t = r.string(node, what, allowEmpty: true, multiline: true) else { return nil }
        let text = t.trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : text
    }

    /// A list of single-line texts; one text alone is a list of one. Blank items are dropped.
    static func list(_ node: Node?, _ what: String, _ r: YAMLReader, depth: Int) -> [String] {
        guard let node, isPresent(node) else { return [] }
        if case .scalar = node { return line(node, what, r).map { [$0] } ?? [] }
        guard let items = r.sequence(node, what, depth: depth) else { return [] }
        return items.compactMap { line($0, what, r) }
    }

    static func arrangement(_ node: Node?, _ what: String, _ r: YAMLReader) -> BCPPlan.Arrangement {
        guard let node, isPresent(node) else { return .init() }
        // A single text is the "how".
        if case .scalar = node { return .init(how: block(node, what, r)) }
        guard let m = r.mapping(node, what, allowed: arrangementKeys, depth: 2) else { return .init() }
        return .init(how: block(m["how"], "\(what).how", r), by: line(m["by"], "\(what).by", r), place: line(m["place"], "\(what).place", r))
    }

    static func day(_ node: Node?, _ what: String, _ r: YAMLReader) -> Day? {
        guard let text = line(node, what, r) else { return nil }
        if let d = Day(text.replacingOccurrences(of: "/", with: "-")) ?? Day(written: text) { return d }
        r.report(node, ja: "\(what)「\(text)」は日付（YYYY-MM-DD）で書いてください。", en: "\(what) '\(text)' must be a date (YYYY-MM-DD).")
        return nil
    }

    static func system(_ node: Node, _ r: YAMLReader) -> BCPSystem? {
        let allowed: Set<String> = ["name", "priority", "targetHours", "alternative", "forms", "switchedBy", "formsKeptAt"]
        guard let m = r.mapping(node, "systems[]", allowed: allowed, depth: 2) else { return nil }
        let at = node.mark?.line ?? 0
        guard let name = line(m["name"], "systems[].name", r) else {
            r.report(node, ja: "\(at) 行目: システム名（name）がありません。", en: "Line \(at): the system has no name.")
            return nil
        }
        var priority: Int?
        if let p = m["priority"], let text = line(p, "\(name).priority", r) {
            if let n = Int(TimeInput.normalize(text)), n >= 1 {
                priority = n
            } else {
                r.report(
                    p, ja: "\(name): 復旧の優先順位（priority）「\(text)」は 1 以上の整数で書いてください（1 が最優先）。",
                    en: "\(name): priority '\(text)' must be a whole number ≥ 1 (1 first).")
            }
        }
        var target: Int?
        if let t = m["targetHours"], let text = line(t, "\(name).targetHours", r) {
            if let h = hours(text) {
                target = h
            } else {
                r.report(
                    t, ja: "\(name): 目標復旧時間（targetHours）「\(text)」は時間数で書いてください（例: 24、72、3日）。",
                    en: "\(name): targetHours '\(text)' must be a number of hours (e.g. 24, 72, or 3日).")
            }
        }
        return BCPSystem(
            name: name, priority: priority, targetHours: target, alternative: block(m["alternative"], "\(name).alternative", r),
            forms: list(m["forms"], "\(name).forms", r, depth: 3), switchedBy: line(m["switchedBy"], "\(name).switchedBy", r),
            formsKeptAt: line(m["formsKeptAt"], "\(name).formsKeptAt", r), line: at)
    }

    /// `24`, `24時間`, `24h`, `3日` → hours.
    static func hours(_ raw: String) -> Int? {
        var text = TimeInput.normalize(raw).trimmingCharacters(in: .whitespaces).lowercased()
        var factor = 1
        for (suffix, f) in [("時間以内", 1), ("時間", 1), ("hours", 1), ("h", 1), ("日以内", 24), ("日", 24), ("days", 24), ("d", 24)] where text.hasSuffix(suffix) {
            text = String(text.dropLast(suffix.count)).trimmingCharacters(in: .whitespaces)
            factor = f
            break
        }
        guard let n = Int(text), n >= 0 else { return nil }
        return n * factor
    }
}
