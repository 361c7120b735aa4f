import Foundation
import Mustache

/// A page's values as the templates read them: each struct becomes a dictionary
/// of its stored properties (read once by reflection), each array an array of
/// such values, and a nil optional is left out (Mustache then looks the name
/// up in the enclosing context, as it does for a nil property).
///
/// Mustache reads a plain struct by reflecting it again at every name it looks
/// up, at every level of the context it climbs: most of a page's cost. A
/// dictionary answers a name directly. What a template shows is the same.
enum TemplateValues {
    static func of(_ value: Any) -> Any {
        // Values Mustache renders or asks itself are left as they are.
        switch value {
        case is String, is Bool, is Int, is Int64, is Double, is Substring: return value
        case is MustacheParent, is MustacheCustomRenderable, is MustacheLambda, is MustacheTemplate, is MustacheCustomRepresentation: return value
        case let array as [Any]: return array.map(of)
        // The words of a language (the same two tables on every page): converted once.
        case let t as BoardText where t.notRecordBanner == BoardText.of(t.page.l).notRecordBanner && t.lastUpdate == BoardText.of(t.page.l).lastUpdate:
            return t.page.l == .ja ? japanese : english
        default: break
        }
        return convert(value)
    }

    private static func convert(_ value: Any) -> Any {
        let mirror = Mirror(reflecting: value)
        switch mirror.displayStyle {
        case .optional:
            guard let wrapped = mirror.children.first?.value else { return value }
            return of(wrapped)
        case .struct where !(value is CustomStringConvertible):
            var fields: [String: Any] = [:]
            fields.reserveCapacity(Int(mirror.children.count))
            for child in mirror.children {
                guard let label = child.label, let v = unwrapped(child.value) else { continue }
                fields[label] = of(v)
            }
            return fields
        default:
            return value
        }
    }

    // Immutable once made (dictionaries and arrays of strings, read only).
    nonisolated(unsafe) private static let japanese = convert(BoardText.ja)
    nonisolated(unsafe) private static let english = convert(BoardText.en)

    /// `value` without its optional wrapping; nil for a nil optional.
    private static func unwrapped(_ value: Any) -> Any? {
        let mirror = Mirror(reflecting: value)
        guard mirror.displayStyle == .optional else { return value }
        return mirror.children.first.map { unwrapped($0.value) } ?? nil
    }
}
