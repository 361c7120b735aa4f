import Foundation

/// Runs the built `incident` executable as a user would, in a private temporary
/// folder with its own store, and captures what it prints.
struct CLI {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The folder holding the built products (`incident` sits beside the test bundle).
    static var productsDirectory: URL {
        Bundle.main.bundleURL
    }

    static var executable: URL {
        productsDirectory.appendingPathComponent("incident")
    }

    let directory: URL
    var environment: [String: String]

    /// A fresh folder and store; removed by `cleanUp()`.
    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("incident-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        environment = [
            "INCIDENT_DB": directory.appendingPathComponent("store/incident.sqlite").path,
            "INCIDENT_ACTOR": "山田",
            "INCIDENT_LANG": "ja",
            "HOME": directory.path,
            "PATH": "/usr/bin:/bin",
        ]
    }

    var dbPath: String { environment["INCIDENT_DB"]! }

    func cleanUp() { try? FileManager.default.removeItem(at: directory) }

    /// Runs `incident ARGS` with this folder's store.
    /// Runs in the temporary folder, so files the CLI writes (e.g. `facility.yaml`) land there.
    func callAsFunction(_ arguments: String..., stdin: String? = nil) throws -> Result {
        try Self.run(arguments, environment: environment, stdin: stdin, in: directory)
    }

    func run(_ arguments: [String], stdin: String? = nil) throws -> Result {
        try Self.run(arguments, environment: environment, stdin: stdin, in: directory)
    }

    /// Writes `text` to `name` in the temporary folder and returns its path.
    func write(_ name: String, _ text: String) throws -> String {
        let url = directory.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    static func run(_ arguments: [String], environment: [String: String]? = nil, stdin: String? = nil, in directory: URL? = nil) throws -> Result {
        let process = Process()
        process.executableURL = executable
        if let directory { process.currentDirectoryURL = directory }
        process.arguments = arguments
        if let environment { process.environment = environment }
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        // Read before waiting so a large output cannot fill the pipe and block.
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// Runs and decodes stdout as JSON.
    func json(_ arguments: String...) throws -> Any {
        let r = try run(arguments + ["--json"])
        guard r.status == 0 else { throw CLIError.failed(arguments, r) }
        return try JSONSerialization.jsonObject(with: Data(r.stdout.utf8))
    }

    enum CLIError: Error {
        case failed([String], Result)
    }
}
