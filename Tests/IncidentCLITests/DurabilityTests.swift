import Foundation
import Testing

/// "Nothing lost": concurrent writers and writers killed mid-append.
@Suite(.serialized) struct DurabilityTests {
    /// Four processes log 250 notes each into one incident at once: all 1,000
    /// land exactly once, the chain verifies, nobody sees "database is locked".
    @Test func fourConcurrentWritersLoseNothing() throws {
        let cli = try CLI.withNotes(0)
        defer { cli.cleanUp() }
        let writers = 4, perWriter = 250
        let dir = cli.directory.path
        let start = ContinuousClock.now
        // One shell loop per writer, started together (no `&`/`wait`: a shell spawned
        // by Foundation's Process may never see SIGCHLD for background jobs).
        var processes: [Process] = []
        for w in 1...writers {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/bin/sh")
            p.arguments = [
                "-c",
                """
                i=1; while [ $i -le \(perWriter) ]; do "$BIN" log "w\(w)-$i" >/dev/null 2>>"\(dir)/err\(w)" || echo "FAIL w\(w)-$i" >>"\(dir)/fail\(w)"; i=$((i+1)); done
                """,
            ]
            p.environment = cli.environment.merging(["BIN": CLI.executable.path]) { $1 }
            p.standardInput = FileHandle.nullDevice
            processes.append(p)
        }
        for p in processes { try p.run() }
        for p in processes { p.waitUntilExit() }
        let elapsed = ContinuousClock.now - start
        print("concurrency: \(writers) processes × \(perWriter) appends in \(elapsed)")
        #expect(processes.allSatisfy { $0.terminationStatus == 0 })
        for w in 1...writers {
            let err = (try? String(contentsOfFile: "\(dir)/err\(w)", encoding: .utf8)) ?? ""
            let fail = (try? String(contentsOfFile: "\(dir)/fail\(w)", encoding: .utf8)) ?? ""
            #expect(err.isEmpty, "writer \(w) stderr: \(err.prefix(500))")
            #expect(fail.isEmpty, "writer \(w) failures: \(fail.prefix(500))")
            #expect(!err.contains("locked"))
        }
        let verify = try cli("verify")
        #expect(verify.status == 0, "\(verify.stderr)")
        let count: Int? = try StoreProbe.fetch(cli.dbPath, "SELECT count(*) FROM event")
        #expect(count == writers * perWriter + 1)
        let timeline = try cli.json("timeline") as? [[String: Any]] ?? []
        let texts = timeline.compactMap { $0["text"] as? String }
        for w in 1...writers {
            for i in 1...perWriter { #expect(texts.filter { $0 == "w\(w)-\(i)" }.count == 1, "w\(w)-\(i)") }
        }
        let seqs = timeline.compactMap { ($0["seq"] as? NSNumber)?.int64Value }.sorted()
        #expect(seqs == Array(1...Int64(writers * perWriter + 1)))
    }

    /// `incident log` processes are killed with SIGKILL at random moments: every
    /// event whose number was printed survives, the store opens and verifies,
    /// and recording resumes.
    @Test func killedWritersLoseNothingAcknowledged() throws {
        let cli = try CLI.withNotes(3)
        defer { cli.cleanUp() }
        var acknowledged: [Int64: String] = [:]
        var kills = 0, attempts = 0
        var generator = SystemRandomNumberGenerator()
        while kills < 100 && attempts < 300 {
            attempts += 1
            let text = "crash-\(attempts)"
            let process = Process()
            process.executableURL = CLI.executable
            process.arguments = ["log", text, "--json"]
            process.environment = cli.environment
            let out = Pipe()
            process.standardOutput = out
            process.standardError = FileHandle.nullDevice
            process.standardInput = FileHandle.nullDevice
            try process.run()
            usleep(UInt32.random(in: 0...60_000, using: &generator))
            kill(process.processIdentifier, SIGKILL)
            let data = out.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            if process.terminationReason == .uncaughtSignal { kills += 1 }
            if let ack = try? JSONSerialization.jsonObject(with: data) as? [String: Any], let seq = (ack["seq"] as? NSNumber)?.int64Value {
                acknowledged[seq] = text
            }
        }
        print("crash safety: \(kills) SIGKILLs in \(attempts) runs, \(acknowledged.count) acknowledged appends")
        #expect(kills >= 50)
        let verify = try cli("verify")
        #expect(verify.status == 0, "\(verify.stderr)")
        let timeline = try cli.json("timeline") as? [[String: Any]] ?? []
        var stored: [Int64: String] = [:]
        for e in timeline {
            if let seq = (e["seq"] as? NSNumber)?.int64Value, let text = e["text"] as? String { stored[seq] = text }
        }
        for (seq, text) in acknowledged { #expect(stored[seq] == text, "acknowledged #\(seq) \(text) lost") }
        let resume = try cli("log", "resumed after crashes")
        #expect(resume.status == 0, "\(resume.stderr)")
        #expect(try cli("verify").status == 0)
    }
}
