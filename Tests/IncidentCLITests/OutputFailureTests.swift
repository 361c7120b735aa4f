import Foundation
import Testing

/// Output that cannot be written and paths that are not files: a clear message
/// and exit 1, never a crash (exit 132), and nothing recorded is lost.
@Suite struct OutputFailureTests {
    /// Runs `incident ARGS` with stdout sent to `/dev/full` (or closed, with `closed`).
    static func run(_ cli: CLI, _ arguments: [String], closed: Bool = false) throws -> (status: Int32, stderr: String) {
        let process = Process()
        process.executableURL = CLI.executable
        process.currentDirectoryURL = cli.directory
        process.arguments = closed ? ["-c", "exec \"$0\" \"$@\" >&-", CLI.executable.path] + arguments : arguments
        if closed { process.executableURL = URL(fileURLWithPath: "/bin/sh") }
        process.environment = cli.environment
        let err = Pipe()
        process.standardError = err
        if !closed { process.standardOutput = FileHandle(forWritingAtPath: "/dev/full") }
        try process.run()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: stderr, as: UTF8.self))
    }

    @Test(arguments: [["status"], ["timeline"], ["timeline", "--format", "csv"], ["status", "--json"], ["list"], ["report", "mhlw"]])
    func aFullDiskOnStdoutIsAnErrorNotACrash(_ arguments: [String]) throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        #expect(try cli("declare", "電子カルテが開かない").status == 0)
        let r = try Self.run(cli, arguments)
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stderr.contains("出力を書き込めません"), "\(r.stderr)")
        #expect(!r.stderr.contains("Fatal error"))
    }

    @Test func aWriteWhoseAcknowledgementCannotBePrintedIsStillRecorded() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        #expect(try cli("declare", "電子カルテが開かない").status == 0)
        let full = try Self.run(cli, ["log", "受付端末に英語の画面"])
        #expect(full.status == 1)
        #expect(full.stderr.contains("ここまでに記録したものは保存されています"))
        let closed = try Self.run(cli, ["log", "院長に電話"], closed: true)
        #expect(closed.status == 1, "\(closed.stderr)")
        let timeline = try cli("timeline").stdout
        #expect(timeline.contains("受付端末に英語の画面") && timeline.contains("院長に電話"))
    }

    @Test func aFolderOrADeviceAsTheStoreOrAnOutputIsNamed() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        #expect(try cli("declare", "電子カルテが開かない").status == 0)
        for db in [".", cli.directory.path, "/dev/null"] {
            let r = try cli("list", "--db", db)
            #expect(r.status == 1, "\(db): \(r.stderr)")
            #expect(r.stderr.contains("「\(db)」はフォルダ（またはファイル以外）"), "\(r.stderr)")
        }
        for arguments in [["key", "init", "--out", "."], ["print", "paper-log", "--out", "."], ["report", "mhlw", "--out", "."]] {
            let r = try cli.run(arguments)
            #expect(r.status == 1, "\(arguments): \(r.stderr)")
            #expect(!r.stderr.contains("Fatal error") && r.stderr.hasPrefix("エラー: "), "\(arguments): \(r.stderr)")
        }
    }
}
