import Foundation
import Mustache

/// Templates parsed once per process: a long-running front end (the board)
/// renders and checks drafts on every page, and `status` checks every kind.
/// Keyed by the template's text, so a facility's edited file is parsed anew.
final class TemplateCache: @unchecked Sendable {
    static let shared = TemplateCache()

    private let lock = NSLock()
    private var templates: [String: MustacheTemplate] = [:]
    private var references: [String: TemplateReferences?] = [:]

    /// The parsed template of `text` (a syntax error is thrown each time, never cached).
    func template(_ text: String, file: String) throws(IncidentError) -> MustacheTemplate {
        if let t = lock.withLock({ templates[text] }) { return t }
        let t = try ReportTemplates.parse(text, file: file)
        lock.withLock { templates[text] = t }
        return t
    }

    /// The names and sections `text` refers to (nil when its tags do not balance).
    func references(_ text: String) -> TemplateReferences? {
        if let r = lock.withLock({ references[text] }) { return r }
        let r = TemplateReferences(text)
        lock.withLock { references[text] = r }
        return r
    }
}
