import Foundation
import Yams

/// The MHLW BCP checklist (確認表, June 2024) as data (`Checklists/bcp-*.yaml`):
/// stages of items, each with its source, whether its wording was confirmed from
/// the source, and what of the plan, profile and registers it is checked against.
public struct BCPChecklist: Sendable, Equatable {
    /// Files of this kind in `Checklists/` begin so (the self-assessment catalog skips them).
    public static let filePrefix = "bcp-"
    public static let defaultName = "bcp-mhlw-2024"

    /// What an item is checked against (see `BCPReview`).
    public enum Check: String, Sendable, Equatable, CaseIterable {
        case scope, ledger, alternatives, contacts, backups
        case reportRoute = "report-route"
        case vendors, decision, continuity, priorities, evidence
        case afterAction = "after-action"
        case reporting, reentry, approval, forms
    }

    public struct Stage: Sendable, Equatable {
        public var id: String
        public var title: LocalizedText
        public var items: [Item]
    }

    public struct Item: Sendable, Equatable {
        public var id: String
        public var stage: String
        public var text: LocalizedText
        public var source: LocalizedText
        /// False when the wording is a summary not yet checked against the source (shown 「未確認」).
        public var confirmed: Bool
        public var checks: [Check]
    }

    public var id: String
    public var title: LocalizedText
    public var source: LocalizedText
    public var stages: [Stage]
    public var items: [Item] { stages.flatMap(\.items) }

    /// The checklist from `directory` (its `bcp-*.yaml`, the newest by name), else the built-in one.
    public static func load(directory: String? = nil) throws(IncidentError) -> BCPChecklist {
        if let directory, let files = try? FileManager.default.contentsOfDirectory(atPath: directory),
            let name = files.filter({ $0.hasPrefix(filePrefix) && $0.hasSuffix(".yaml") }).sorted().last
        {
            let path = (directory as NSString).appendingPathComponent(name)
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw .fileUnreadable(path) }
            return try load(text: text, file: path)
        }
        let file = "Checklists/\(defaultName).yaml"
        return try load(text: EmbeddedResources.files[file] ?? "", file: file)
    }

    public static func load(text: String, file: String) throws(IncidentError) -> BCPChecklist {
        let r = YAMLReader(file: file)
        var result = BCPChecklist(id: "", title: .init(ja: "", en: ""), source: .init(ja: "", en: ""), stages: [])
        if let root = r.parse(text), let m = r.mapping(root, "checklist", allowed: ["id", "title", "source", "stages"], depth: 0) {
            result.id = r.string(r.required(m, "id", in: "checklist", at: root), "id") ?? ""
            result.title = r.localized(r.required(m, "title", in: "checklist", at: root), "title", depth: 1) ?? result.title
            result.source = r.localized(r.required(m, "source", in: "checklist", at: root), "source", depth: 1) ?? result.source
            if let s = r.required(m, "stages", in: "checklist", at: root), let stages = r.sequence(s, "stages", depth: 1) {
                for node in stages {
                    guard let sm = r.mapping(node, "stage", allowed: ["id", "title", "items"], depth: 2) else { continue }
                    let sid = r.string(r.required(sm, "id", in: "stage", at: node), "stage.id") ?? ""
                    var stage = Stage(
                        id: sid, title: r.localized(r.required(sm, "title", in: "stage", at: node), "stage.title", depth: 3) ?? .init(ja: "", en: ""), items: []
                    )
                    if let i = r.required(sm, "items", in: "stage \(sid)", at: node), let items = r.sequence(i, "items", depth: 3) {
                        for itemNode in items {
                            guard let im = r.mapping(itemNode, "item", allowed: ["id", "text", "source", "confirmed", "checks"], depth: 4) else { continue }
                            let iid = r.string(r.required(im, "id", in: "item", at: itemNode), "item.id") ?? ""
                            var checks: [Check] = []
                            if let c = im["checks"], let list = r.sequence(c, "\(iid).checks", depth: 5) {
                                for n in list {
                                    guard let t = r.string(n, "\(iid).checks") else { continue }
                                    if let check = Check(rawValue: t) {
                                        checks.append(check)
                                    } else {
                                        let all = Check.allCases.map(\.rawValue).joined(separator: ", ")
                                        r.report(n, ja: "\(iid) の checks「\(t)」は使えません（\(all) のいずれか）。", en: "\(iid) has unknown check '\(t)' (one of \(all)).")
                                    }
                                }
                            }
                            stage.items.append(
                                Item(
                                    id: iid, stage: sid,
                                    text: r.localized(r.required(im, "text", in: iid, at: itemNode), "\(iid).text", depth: 5) ?? .init(ja: "", en: ""),
                                    source: r.localized(r.required(im, "source", in: iid, at: itemNode), "\(iid).source", depth: 5) ?? .init(ja: "", en: ""),
                                    confirmed: r.bool(im["confirmed"], "\(iid).confirmed") ?? false, checks: checks))
                        }
                    }
                    result.stages.append(stage)
                }
            }
        }
        guard r.problems.isEmpty else { throw .invalidFile(r.problems) }
        return result
    }
}
