import Foundation

/// Programs outside Swift that some end-to-end tests use to check files as their
/// readers will (Python's csv module, LibreOffice, headless Chromium, poppler).
/// Tests that need one are enabled only when it is installed, and say which is
/// missing, so `swift test` passes on a bare machine; `.ci/run` installs them.
enum ExternalTool {
    /// The full path of `name` on PATH (or in /usr/bin, /usr/local/bin), if any.
    /// `INCIDENT_TEST_WITHOUT=chromium,soffice` hides tools, to check that their tests skip.
    static func path(_ name: String) -> String? {
        let hidden = (ProcessInfo.processInfo.environment["INCIDENT_TEST_WITHOUT"] ?? "").split(separator: ",")
        if hidden.contains(Substring(name)) { return nil }
        let searched =
            (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init)
            + ["/usr/local/bin", "/usr/bin", "/bin"]
        for dir in searched where !dir.isEmpty {
            let candidate = (dir as NSString).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    static func available(_ names: String...) -> Bool { names.allSatisfy { path($0) != nil } }

    /// "not installed: chromium, pdfinfo" for the skip message.
    static func missing(_ names: String...) -> String {
        "not installed: " + names.filter { path($0) == nil }.joined(separator: ", ") + " (.ci/run installs them)"
    }

    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs `name ARGS` in `directory` with HOME set there (LibreOffice and
    /// Chromium write a profile into HOME).
    static func run(_ name: String, _ arguments: [String], in directory: URL, stdin: String? = nil) throws -> Output {
        guard let path = path(name) else { throw Missing(name: name) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var environment = ProcessInfo.processInfo.environment
        environment["HOME"] = directory.path
        process.environment = environment
        // stderr goes to a file so that neither stream can fill a pipe and block the tool.
        let errURL = directory.appendingPathComponent(".\(name)-\(UUID().uuidString).stderr")
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let errHandle = try FileHandle(forWritingTo: errURL)
        defer { try? FileManager.default.removeItem(at: errURL) }
        let out = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = errHandle
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try errHandle.close()
        let stderr = (try? Data(contentsOf: errURL)) ?? Data()
        return Output(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }

    struct Missing: Error { var name: String }
}
