/// A problem found in a user-supplied file (runbook, facility profile, template),
/// located by file, line and column so that it can be fixed in an editor.
public struct SourceProblem: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    /// 1-based line, or 0 when the problem concerns the whole file.
    public var line: Int
    /// 1-based column, or 0 when unknown.
    public var column: Int
    public var message: LocalizedText

    public init(file: String, line: Int, column: Int, message: LocalizedText) {
        (self.file, self.line, self.column, self.message) = (file, line, column, message)
    }

    /// `file:line:column: message` in `language`, the form editors and compilers use.
    public func formatted(_ language: Language) -> String {
        "\(file):\(line):\(column): \(message(language))"
    }

    public var description: String { formatted(.en) }
}
