import Foundation
import HummingbirdTesting
import IncidentBoard
import IncidentKit
import NIOCore
import Testing

/// The built `incident-serve` (and `incident serve`) run as a user would:
/// port 0, the first stdout line, the API over a real socket, a clean stop.
@Suite(.serialized) struct ServeBinaryTests {
    /// The folder holding the built products (beside the test bundle, as for the CLI tests).
    static var products: URL { Bundle.main.bundleURL }

    /// A running server and the address it printed.
    struct Running {
        let process: Process
        let url: URL
        let port: Int
        let token: String
        let stderr: Pipe
    }

    static func environment(_ f: BoardFixture) -> [String: String] {
        [
            "INCIDENT_DB": f.dbPath, "HOME": f.directory.path, "PATH": "/usr/bin:/bin", "INCIDENT_LANG": "ja",
            // The fixture's clock (debug builds only), so "days left" match the library's answer.
            "INCIDENT_TEST_NOW": Timestamp.utc(BoardFixture.clock.now()),
        ]
    }

    /// Starts `executable ARGS` and reads its first stdout line (30 s at most).
    static func start(_ executable: String, _ arguments: [String], environment: [String: String]) throws -> (Process, String, Pipe) {
        let process = Process()
        process.executableURL = products.appendingPathComponent(executable)
        process.arguments = arguments
        process.environment = environment
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let watchdog = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + 30, execute: watchdog)
        var line = Data()
        while true {
            let byte = out.fileHandleForReading.readData(ofLength: 1)
            if byte.isEmpty || byte == Data("\n".utf8) { break }
            line.append(byte)
        }
        watchdog.cancel()
        return (process, String(decoding: line, as: UTF8.self), err)
    }

    static func running(_ executable: String, _ arguments: [String], environment: [String: String]) throws -> Running {
        let (process, line, err) = try start(executable, arguments, environment: environment)
        let url = try #require(URL(string: line), "first line: \(line)")
        let port = try #require(url.port)
        let token = try #require(URLComponents(url: url, resolvingAgainstBaseURL: false)?.queryItems?.first { $0.name == "token" }?.value)
        return Running(process: process, url: url, port: port, token: token, stderr: err)
    }

    /// Sends SIGTERM and waits for the exit status.
    static func stop(_ r: Running) -> Int32 {
        r.process.terminate()
        r.process.waitUntilExit()
        return r.process.terminationStatus
    }

    static func get(_ path: String, port: Int, authority: String? = nil, token: String) async throws -> TestClient.Response {
        // One retry on a connection dropped before the request went out: seen once
        // with the whole suite loading both cores, never on the request itself.
        for attempt in 1...2 {
            do {
                return try await TestClient.withClient(host: "127.0.0.1", port: port) { client in
                    try await client.execute(
                        TestClient.Request(path, method: .get, authority: authority ?? "127.0.0.1:\(port)", headers: [.authorization: "Bearer \(token)"]))
                }
            } catch let error as ChannelError where error == .ioOnClosedChannel && attempt == 1 {
                try await Task.sleep(for: .milliseconds(200))
            }
        }
        throw ChannelError.ioOnClosedChannel
    }

    @Test func theServerPrintsItsAddressServesTheStatusAndStopsOnSIGTERM() async throws {
        let f = try BoardFixture()
        defer { f.cleanUp() }
        try f.declare()
        let r = try Self.running("incident-serve", ["--listen", "127.0.0.1:0"], environment: Self.environment(f))
        #expect(r.url.scheme == "http")
        #expect(r.url.host == "127.0.0.1")
        #expect(r.port > 0)
        #expect(r.token.count >= 32)
        #expect(r.token.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") })
        let response = try await Self.get("/api/status", port: r.port, token: r.token)
        #expect(response.status == .ok)
        #expect(response.body.map { String(buffer: $0) } == (try f.expectedStatusJSON()))
        // Through another name (DNS rebinding), the same request is refused.
        let foreign = try await Self.get("/api/status", port: r.port, authority: "attacker.example:\(r.port)", token: r.token)
        #expect(foreign.status == .misdirectedRequest)
        // localhost names the same loopback address.
        let local = try await Self.get("/api/status", port: r.port, authority: "localhost:\(r.port)", token: r.token)
        #expect(local.status == .ok)
        #expect(Self.stop(r) == 0, "a clean stop on SIGTERM")
    }

    @Test func ctrlCStopsTheServerCleanly() async throws {
        let f = try BoardFixture()
        defer { f.cleanUp() }
        let r = try Self.running("incident-serve", ["--listen", "127.0.0.1:0"], environment: Self.environment(f))
        let page = try await Self.get("/", port: r.port, token: r.token)
        #expect(page.status == .ok)
        r.process.interrupt()
        r.process.waitUntilExit()
        #expect(r.process.terminationReason == .exit)
        #expect(r.process.terminationStatus == 0)
    }

    @Test func aTokenFromTheEnvironmentIsUsedAndAWeakOneRefused() async throws {
        let f = try BoardFixture()
        defer { f.cleanUp() }
        var environment = Self.environment(f)
        environment["INCIDENT_SERVE_TOKEN"] = "script-token-0123456789-abcdefghijklmno"
        let r = try Self.running("incident-serve", ["--listen", "127.0.0.1:0"], environment: environment)
        #expect(r.token == "script-token-0123456789-abcdefghijklmno")
        // No store yet: the server runs, and the API says there is no incident.
        let status = try await Self.get("/api/status", port: r.port, token: r.token)
        #expect(status.status == .notFound)
        #expect(Self.stop(r) == 0)

        environment["INCIDENT_SERVE_TOKEN"] = "too-short"
        let (weak, line, err) = try Self.start("incident-serve", ["--listen", "127.0.0.1:0"], environment: environment)
        weak.waitUntilExit()
        #expect(weak.terminationStatus == 64)
        #expect(line.isEmpty)
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(message.contains("INCIDENT_SERVE_TOKEN"))
        #expect(message.contains("32文字以上"))
    }

    @Test func incidentServeExecsTheServer() async throws {
        let f = try BoardFixture()
        defer { f.cleanUp() }
        try f.declare()
        let r = try Self.running("incident", ["serve", "--listen", "127.0.0.1:0", "--db", f.dbPath], environment: Self.environment(f))
        let response = try await Self.get("/api/status", port: r.port, token: r.token)
        #expect(response.status == .ok)
        #expect(Self.stop(r) == 0)
    }

    @Test func withoutTheServerIncidentServeSaysHowToBuildIt() throws {
        let f = try BoardFixture()
        defer { f.cleanUp() }
        // `incident` alone in a folder, with no incident-serve beside it or on PATH.
        let alone = f.directory.appendingPathComponent("bin/incident")
        try FileManager.default.createDirectory(at: alone.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Self.products.appendingPathComponent("incident"), to: alone)
        let process = Process()
        process.executableURL = alone
        process.arguments = ["serve"]
        process.environment = Self.environment(f)
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 1)
        #expect(message.contains("incident-serve が見つかりません"))
        #expect(message.contains("swift build --product incident-serve"))
    }

    @Test func aNonLoopbackAddressIsRefused() throws {
        let f = try BoardFixture()
        defer { f.cleanUp() }
        let (process, line, err) = try Self.start("incident-serve", ["--listen", "0.0.0.0:0"], environment: Self.environment(f))
        process.waitUntilExit()
        #expect(process.terminationStatus == 64)
        #expect(line.isEmpty)
        #expect(String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).contains("127.0.0.1"))
    }
}

extension ServeBinaryTests {
    @Test func sigtermEndsTheServerWithAnEventStreamOpen() async throws {
        let f = try BoardFixture()
        defer { f.cleanUp() }
        try f.declare()
        let r = try Self.running("incident-serve", ["--listen", "127.0.0.1:0"], environment: Self.environment(f))
        let stream = try StreamClient(port: r.port, path: "/events", headers: ["Authorization": "Bearer \(r.token)"])
        #expect(stream.read(until: ": open", timeout: 10), "\(stream.received)")
        let started = Date()
        r.process.terminate()
        // A stream left open would hold the graceful shutdown: the watchdog kills it after 15 s.
        let watchdog = DispatchWorkItem { if r.process.isRunning { kill(r.process.processIdentifier, SIGKILL) } }
        DispatchQueue.global().asyncAfter(deadline: .now() + 15, execute: watchdog)
        r.process.waitUntilExit()
        watchdog.cancel()
        #expect(r.process.terminationReason == .exit, "stopped by itself, not killed")
        #expect(r.process.terminationStatus == 0)
        #expect(Date().timeIntervalSince(started) < 5)
        #expect(stream.closed(within: 2), "the stream ended with the server")
    }
}
