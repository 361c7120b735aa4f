import Foundation

/// Reading a file people edit (YAML, CSV) as text: UTF-8, with the byte-order
/// mark Excel and Notepad write removed.
enum TextFile {
    /// The file's text; `notUTF8` is the message when it is not UTF-8 (what to
    /// save it as depends on the program the file is edited in).
    static func read(_ path: String, notUTF8: LocalizedText) throws(IncidentError) -> String {
        guard let data = FileManager.default.contents(atPath: path) else { throw .fileUnreadable(path) }
        var bytes = data
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        guard let text = String(data: bytes, encoding: .utf8) else {
            throw .invalidFile([SourceProblem(file: path, line: 0, column: 0, message: notUTF8)])
        }
        return text
    }
}
