import Foundation
import Testing

@testable import IncidentKit

/// A backup is made under a temporary name and then given its name, never
/// replacing a file. USB sticks are mostly FAT or exFAT, which have no hard
/// links: every way of naming must work alone, and none may replace a file.
@Suite struct PrivateFileNamingTests {
    func folder() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("naming-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test(arguments: PrivateFile.Naming.allCases)
    func eachWayNamesTheCopyAndNeverReplacesAFile(_ way: PrivateFile.Naming) throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let temp = dir.appendingPathComponent(".copy.partial-1").path
        let target = dir.appendingPathComponent("copy.sqlite").path
        try PrivateFile.write("the copy", toNew: temp)
        try PrivateFile.publishFile(temp, as: target, ways: [way])
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "the copy")
        #expect(!FileManager.default.fileExists(atPath: temp))

        // A second copy under the same name is refused, and the first one stays.
        let second = dir.appendingPathComponent(".copy.partial-2").path
        try PrivateFile.write("another", toNew: second)
        #expect(throws: IncidentError.fileExists(target)) { try PrivateFile.publishFile(second, as: target, ways: [way]) }
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "the copy")
    }

    /// Only "no hard links here" (FAT's EPERM) moves on to the next way; any other
    /// failure is reported, and the finished copy is left where it is.
    @Test func anotherFailureIsReportedNotWorkedAround() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let temp = dir.appendingPathComponent(".copy.partial-1").path
        try PrivateFile.write("the copy", toNew: temp)
        #expect(throws: IncidentError.self) { try PrivateFile.publishFile(temp, as: dir.appendingPathComponent("missing/copy.sqlite").path) }
        #expect(FileManager.default.fileExists(atPath: temp))
    }
}
