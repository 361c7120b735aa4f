import Crypto
import Foundation

/// A file registered as evidence: its name, size and SHA-256, computed once when
/// it is registered (streamed in 1 MiB chunks, so a disk image of many gigabytes
/// is never held in memory). The hash lets anyone later show that the copy kept
/// is the one registered. The file is read, never copied or changed.
public struct EvidenceFile: Sendable, Equatable {
    /// The file's name as given (the path typed, as the person knows it).
    public var path: String
    public var bytes: Int64
    /// 64 lower-case hexadecimal digits.
    public var sha256: String

    public init(path: String, bytes: Int64, sha256: String) { (self.path, self.bytes, self.sha256) = (path, bytes, sha256) }

    /// Reads `path` and computes its digest; refuses a folder or a file it cannot read.
    public static func digest(of path: String) throws(IncidentError) -> EvidenceFile {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { throw .fileUnreadable(path) }
        if isDirectory.boolValue { throw .notAFile(path) }
        guard let handle = FileHandle(forReadingAtPath: path) else { throw .fileUnreadable(path) }
        defer { try? handle.close() }
        var hasher = SHA256()
        var total: Int64 = 0
        do {
            while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
                hasher.update(data: chunk)
                total += Int64(chunk.count)
            }
        } catch {
            throw .fileUnreadable(path)
        }
        let hex = hasher.finalize().map { String(format: "%02x", $0) }.joined()
        return EvidenceFile(path: path, bytes: total, sha256: hex)
    }
}
