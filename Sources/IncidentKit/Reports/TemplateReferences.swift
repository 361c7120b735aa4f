import Foundation

/// The names a Mustache template shows, each with the sections around it, read
/// by scanning its tags (no rendering). `status` uses it to list what each
/// draft still lacks at a cost that does not depend on the incident's size.
struct TemplateReferences: Equatable {
    /// An enclosing section: `{{#name}}` (shown when truthy) or `{{^name}}` (when falsy).
    struct Section: Equatable {
        var name: String
        var inverted: Bool
    }

    struct Reference: Equatable {
        var name: String
        var sections: [Section]
    }

    var references: [Reference] = []

    /// Nil when the tags do not balance (the renderer reports the exact error).
    init?(_ template: String) {
        var stack: [Section] = []
        var rest = Substring(template)
        while let open = rest.range(of: "{{") {
            rest = rest[open.upperBound...]
            let triple = rest.first == "{"
            guard let close = rest.range(of: triple ? "}}}" : "}}") else { return nil }
            var tag = rest[..<close.lowerBound]
            rest = rest[close.upperBound...]
            if triple { tag = tag.dropFirst() }
            guard let sigil = tag.first else { continue }
            let name = { (t: Substring) in t.trimmingCharacters(in: .whitespaces) }
            switch sigil {
            case "#": stack.append(Section(name: name(tag.dropFirst()), inverted: false))
            case "^": stack.append(Section(name: name(tag.dropFirst()), inverted: true))
            case "/":
                guard let top = stack.popLast(), top.name == name(tag.dropFirst()) else { return nil }
            case "!", ">", "%", "=": continue
            case "&": references.append(Reference(name: name(tag.dropFirst()), sections: stack))
            default: references.append(Reference(name: name(tag), sections: stack))
            }
        }
        if !stack.isEmpty { return nil }
    }

    /// Whether `values` (a report context) would show a reference inside `sections`:
    /// every enclosing section must open. Only top-level sections are judged; a
    /// reference inside a list section (`{{#impacts}}`) is an item's field.
    static func opens(_ sections: [Section], in values: [String: Any]) -> Bool {
        sections.allSatisfy { s in
            let truthy: Bool =
                switch values[s.name] {
                case let b as Bool: b
                case let list as [Any]: !list.isEmpty
                case let text as String: !text.isEmpty
                case .none: false
                default: true
                }
            return s.inverted ? !truthy : truthy
        }
    }
}
