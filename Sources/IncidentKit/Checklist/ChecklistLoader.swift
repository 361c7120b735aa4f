import Foundation
import Yams

/// Loads and validates checklists, reporting every problem with file:line:column.
public enum ChecklistLoader {
    /// Parses and checks `text`; when `file` is a path ending in `.yaml`, the
    /// checklist's `id` must equal the file name.
    public static func load(text: String, file: String) throws(IncidentError) -> Checklist {
        let reader = YAMLReader(file: file)
        let checklist = read(text: text, reader: reader)
        let stem = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
        if let checklist, file.hasSuffix(".yaml") || file.hasSuffix(".yml"), checklist.id != stem {
            reader.report(
                line: 1, column: 1, ja: "id「\(checklist.id)」がファイル名「\(stem)」と一致しません。", en: "id '\(checklist.id)' does not match the file name '\(stem)'.")
        }
        guard let checklist, reader.problems.isEmpty else {
            throw IncidentError.invalidFile(reader.problems.sorted { ($0.line, $0.column) < ($1.line, $1.column) })
        }
        return checklist
    }

    public static func load(path: String) throws(IncidentError) -> Checklist {
        try load(text: try readText(path: path), file: path)
    }

    private static func read(text: String, reader r: YAMLReader) -> Checklist? {
        guard let root = r.parse(text),
            let map = r.mapping(root, "checklist", allowed: ["id", "edition", "title", "source", "groups"], depth: 0)
        else { return nil }
        let id = r.string(r.required(map, "id", in: "checklist", at: root), "id")
        if let id, let node = map["id"], !Role.isKebabIdentifier(id) {
            r.report(
                node, ja: "id「\(id)」は英小文字・数字・ハイフンで書いてください（例: mhlw-2025）。", en: "id '\(id)' must be lowercase letters, digits and hyphens (e.g. mhlw-2025).")
        }
        let edition = r.localized(r.required(map, "edition", in: "checklist", at: root), "edition", depth: 1)
        let title = r.localized(r.required(map, "title", in: "checklist", at: root), "title", depth: 1)
        let source = map["source"].flatMap { r.localized($0, "source", depth: 1) }
        var groups: [Checklist.Group] = []
        var seenItems: Set<String> = []
        if let gn = r.required(map, "groups", in: "checklist", at: root), let gitems = r.sequence(gn, "groups", depth: 1) {
            if gitems.isEmpty { r.report(gn, ja: "groups が空です。", en: "groups is empty.") }
            for g in gitems {
                guard let gm = r.mapping(g, "group", allowed: ["id", "title", "items"], depth: 2) else { continue }
                let gid = r.string(r.required(gm, "id", in: "group", at: g), "group.id")
                if let gid, let n = gm["id"], Int(gid) == nil || String(Int(gid)!) != gid {
                    r.report(n, ja: "グループの id「\(gid)」は数字で書いてください（例: \"2\"）。", en: "Group id '\(gid)' must be a number (e.g. \"2\").")
                }
                if let gid, groups.contains(where: { $0.id == gid }), let n = gm["id"] {
                    r.report(n, ja: "グループの id「\(gid)」が重複しています。", en: "Duplicate group id '\(gid)'.")
                }
                let label = "group \(gid ?? "?")"
                let gtitle = r.localized(r.required(gm, "title", in: label, at: g), "\(label).title", depth: 3)
                var items: [Checklist.Item] = []
                if let itn = r.required(gm, "items", in: label, at: g), let list = r.sequence(itn, "\(label).items", depth: 3) {
                    if list.isEmpty { r.report(itn, ja: "\(label) の items が空です。", en: "\(label).items is empty.") }
                    for node in list {
                        if let item = readItem(node, group: gid, reader: r) {
                            if seenItems.contains(item.id) {
                                r.report(node, ja: "項目 \(item.id) が重複しています。", en: "Duplicate item \(item.id).")
                                continue
                            }
                            seenItems.insert(item.id)
                            items.append(item)
                        }
                    }
                }
                if let gid, let gtitle { groups.append(.init(id: gid, title: gtitle, items: items)) }
            }
        }
        guard let id, let edition, let title else { return nil }
        return Checklist(id: id, edition: edition, title: title, source: source, groups: groups)
    }

    private static func readItem(_ node: Node, group: String?, reader r: YAMLReader) -> Checklist.Item? {
        guard let m = r.mapping(node, "item", allowed: ["id", "section", "text", "blankWithoutVendorContract", "evidence"], depth: 4) else { return nil }
        let raw = r.string(r.required(m, "id", in: "item", at: node), "item.id")
        var id: String? = nil
        if let raw, let n = m["id"] {
            // The form's own numbering: group, hyphen, a circled number (2-⑤).
            if let canonical = Checklist.canonicalID(raw), canonical == raw {
                id = raw
                if let group, !raw.hasPrefix(group + "-") {
                    r.report(n, ja: "項目 \(raw) はグループ \(group) の番号で始まっていません。", en: "Item \(raw) does not start with its group's number \(group).")
                }
            } else {
                let hint = Checklist.canonicalID(raw).map { l in "（\(l) と書いてください）" } ?? "（例: 2-⑤）"
                let hintEn = Checklist.canonicalID(raw).map { " (write \($0))" } ?? " (e.g. 2-⑤)"
                r.report(n, ja: "項目の id「\(raw)」は様式どおりの番号にしてください\(hint)。", en: "Item id '\(raw)' must be the form's number\(hintEn).")
            }
        }
        let label = "item \(raw ?? "?")"
        let section = m["section"].flatMap { r.localized($0, "\(label).section", depth: 5) }
        let text = r.localized(r.required(m, "text", in: label, at: node), "\(label).text", depth: 5)
        let blank = m["blankWithoutVendorContract"].flatMap { r.bool($0, "\(label).blankWithoutVendorContract") } ?? false
        var evidence: Checklist.Evidence? = nil
        if let en = m["evidence"], let value = r.string(en, "\(label).evidence") {
            evidence = Checklist.Evidence(rawValue: value)
            if evidence == nil {
                let list = Checklist.Evidence.allCases.map(\.rawValue).joined(separator: ", ")
                r.report(en, ja: "\(label) の evidence「\(value)」は使えません（\(list) のいずれか）。", en: "\(label) has unknown evidence '\(value)' (one of \(list)).")
            }
        }
        guard let id, let group, let text else { return nil }
        return Checklist.Item(id: id, group: group, section: section, text: text, blankWithoutVendorContract: blank, evidence: evidence)
    }
}

/// Where checklists come from: the ones built into the binary, or a folder
/// (`--checklists DIR` / `INCIDENT_CHECKLISTS`) that replaces them, for next
/// year's edition.
public struct ChecklistCatalog: Sendable {
    public let directory: String?
    public init(directory: String? = nil) { self.directory = directory }

    /// The checklist used when none is named: the current edition.
    public static let defaultName = "mhlw-2025"

    public func names() throws(IncidentError) -> [String] {
        if let directory {
            guard let files = try? FileManager.default.contentsOfDirectory(atPath: directory) else { throw .fileUnreadable(directory) }
            return files.filter { $0.hasSuffix(".yaml") && !$0.hasPrefix(BCPChecklist.filePrefix) }.map { String($0.dropLast(5)) }.sorted()
        }
        // The BCP checklist (`bcp-*.yaml`) sits in the same folder but is not a self-assessment form.
        return EmbeddedResources.files.keys.filter {
            $0.hasPrefix("Checklists/") && $0.hasSuffix(".yaml") && !$0.hasPrefix("Checklists/" + BCPChecklist.filePrefix)
        }
        .map { String($0.dropFirst("Checklists/".count).dropLast(5)) }.sorted()
    }

    /// The checklist `name`, or, when none is named, the default one (in a
    /// replacement folder: its only checklist, else the newest by name).
    public func checklist(named name: String? = nil) throws(IncidentError) -> Checklist {
        let available = try names()
        let chosen: String
        if let name {
            guard available.contains(name) else { throw .unknownChecklist(name, available: available) }
            chosen = name
        } else if available.contains(Self.defaultName) {
            chosen = Self.defaultName
        } else if let last = available.last {
            chosen = last
        } else {
            throw .unknownChecklist(Self.defaultName, available: available)
        }
        if let directory {
            return try ChecklistLoader.load(path: (directory as NSString).appendingPathComponent(chosen + ".yaml"))
        }
        return try ChecklistLoader.load(text: EmbeddedResources.files["Checklists/\(chosen).yaml"] ?? "", file: "Checklists/\(chosen).yaml")
    }
}
