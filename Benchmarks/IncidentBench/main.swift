// Measures the commands staff run all day, as whole processes (start, work,
// exit), on incidents of 10, 10,000 and 100,000 events, and prints a table.
// Usage: incident-bench --incident PATH/TO/incident [--runs N] [--sizes 10,10000,100000]
//        incident-bench --parse-runbook N   (in-process: what parsing the built-in runbook costs)
import Foundation
import GRDB
import IncidentKit

#if canImport(Glibc)
    import Glibc
#endif

struct Options {
    var incident = ".build/release/incident"
    var sqlite3 = "/usr/bin/sqlite3"
    var runs = 7
    var sizes = [10, 10_000, 100_000]
    /// Keep the generated stores in this folder (for profiling) instead of a temporary one.
    var keep: String?
    /// Only notes after the step events (shows the cost of history records separately).
    var notesOnly = false

    init() {
        var args = CommandLine.arguments.dropFirst().makeIterator()
        while let a = args.next() {
            switch a {
            case "--incident": incident = args.next() ?? incident
            case "--sqlite3": sqlite3 = args.next() ?? sqlite3
            case "--runs": runs = Int(args.next() ?? "") ?? runs
            case "--sizes": sizes = (args.next() ?? "").split(separator: ",").compactMap { Int($0) }
            case "--keep": keep = args.next()
            case "--notes-only": notesOnly = true
            case "--parse-runbook":
                // In-process: the first parse (what every command pays) and warm parses.
                let text = try! RunbookCatalog().runbook(named: "initial-response").sourceText
                var times: [Double] = []
                for _ in 0..<(Int(args.next() ?? "") ?? 20) {
                    let t = DispatchTime.now().uptimeNanoseconds
                    _ = try! RunbookLoader.load(text: text, file: "bench")
                    times.append(Double(DispatchTime.now().uptimeNanoseconds - t) / 1e6)
                }
                print(String(format: "runbook parse: first %.2f ms, then median %.2f ms", times[0], times.dropFirst().sorted()[times.count / 2 - 1]))
                exit(0)
            default:
                FileHandle.standardError.write(Data("unknown argument \(a)\n".utf8))
                exit(64)
            }
        }
    }
}

struct Measurement {
    var seconds: Double
    var maxRSSKiB: Int
    var status: Int32
}

/// Runs a process with stdout/stderr to /dev/null; wall time and peak RSS from wait4.
func measure(_ path: String, _ args: [String], env: [String: String]) -> Measurement {
    var pid: pid_t = 0
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
    let argv = ([path] + args).map { strdup($0) } + [nil]
    let envp = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer { (argv + envp).forEach { free($0) } }
    var start = timespec(), end = timespec()
    clock_gettime(CLOCK_MONOTONIC, &start)
    guard posix_spawn(&pid, path, &actions, nil, argv, envp) == 0 else {
        fatalError("cannot start \(path)")
    }
    var status: Int32 = 0
    var usage = rusage()
    wait4(pid, &status, 0, &usage)
    clock_gettime(CLOCK_MONOTONIC, &end)
    posix_spawn_file_actions_destroy(&actions)
    let seconds = Double(end.tv_sec - start.tv_sec) + Double(end.tv_nsec - start.tv_nsec) / 1e9
    return Measurement(seconds: seconds, maxRSSKiB: Int(usage.ru_maxrss), status: (status >> 8) & 0xff)
}

func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

/// Peak RSS in KiB of one run, read by GNU time: a small parent, since Linux
/// carries the parent's high-water mark into a child's ru_maxrss across exec.
func peakRSS(_ path: String, _ args: [String], env: [String: String], dir: URL) -> Int {
    let out = dir.appendingPathComponent("rss.txt").path
    _ = measure("/usr/bin/time", ["-f", "%M", "-o", out, path] + args, env: env)
    return Int((try? String(contentsOfFile: out, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "") ?? -1
}

/// A store holding one incident of `count` events (declaration included), made
/// through the library exactly as the CLI makes them, in batches.
func makeStore(events count: Int, in dir: URL, options: Options) throws -> String {
    let path = dir.appendingPathComponent("incident-\(count).sqlite").path
    let start = Date().addingTimeInterval(-Double(count) - 3600)
    let runbook = try RunbookCatalog().runbook(named: "initial-response")
    let store = try EventStore(path: path, create: true)
    let (declared, _) = try store.declare(summary: "ベンチマーク: 電子カルテが開かない", runbook: runbook, awareAt: start, actor: "bench", timeZone: .facilityDefault)
    let id = declared.incidentID
    var made = 1
    var batch: [EventDraft] = []
    let steps = runbook.steps.map(\.id)
    while made < count {
        let at = start.addingTimeInterval(Double(made))
        let body: EventBody
        switch made {
        case 1...7: body = .stepStarted(.init(step: steps[made - 1]))
        default:
            // A long outage's log: mostly notes; calls and impact changes now and then.
            switch options.notesOnly ? 0 : made % 100 {
            case 1: body = .contact(.init(role: "vendors", name: "保守業者", outcome: made % 200 == 1 ? .noAnswer : .reached))
            case 2, 52: body = .impact(.init(target: "端末\(made % 300)", status: made % 3 == 0 ? .restored : .down))
            case 3: body = .fact(.init(key: "cause", value: "調査中（\(made)）"))
            default: body = .note(.init(text: "状況メモ \(made): 受付で紙カルテ運用を継続。患者への説明を実施。"))
            }
        }
        batch.append(EventDraft(occurredAt: at, actor: "bench", body: body))
        made += 1
        if batch.count == 5_000 || made == count {
            try store.appendBatch(batch, to: id)
            batch.removeAll(keepingCapacity: true)
        }
    }
    return path
}

umask(0o077)
let options = Options()
let dir = options.keep.map { URL(fileURLWithPath: $0) } ?? FileManager.default.temporaryDirectory.appendingPathComponent("incident-bench-\(getpid())")
try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
defer { if options.keep == nil { try? FileManager.default.removeItem(at: dir) } }

// For scripts/bench-board.sh: INCIDENT_BENCH_MAKE=SIZE makes `--keep DIR`/incident-SIZE.sqlite and
// exits; INCIDENT_BENCH_GRDB_INSERTS=N times N durable single-row inserts through GRDB in this process.
if let size = ProcessInfo.processInfo.environment["INCIDENT_BENCH_MAKE"].flatMap({ Int($0) }) {
    print(try makeStore(events: size, in: dir, options: options))
    exit(0)
}
if let count = ProcessInfo.processInfo.environment["INCIDENT_BENCH_GRDB_INSERTS"].flatMap({ Int($0) }) {
    let path = dir.appendingPathComponent("grdb-insert.sqlite").path
    let pool = try DatabasePool(path: path)
    // A pool sets the writer back to synchronous=NORMAL after opening: durable means FULL, set again.
    try pool.writeWithoutTransaction { db in
        try db.execute(sql: "PRAGMA synchronous=FULL")
        try db.execute(sql: "CREATE TABLE IF NOT EXISTS bench(id INTEGER PRIMARY KEY, at TEXT NOT NULL, text TEXT NOT NULL)")
    }
    var times: [Double] = []
    for i in 0..<(count + 10) {
        let t = Date()
        try pool.write { db in
            try db.execute(sql: "INSERT INTO bench(at, text) VALUES (?, ?)", arguments: [Timestamp.utc(Date()), "ベンチマークのメモ \(i)"])
        }
        if i >= 10 { times.append(Date().timeIntervalSince(t) * 1000) }  // the first ten warm up
    }
    let sorted = times.sorted()
    print(String(format: "grdb_insert_p50_ms %.3f", sorted[sorted.count / 2]))
    print(String(format: "grdb_insert_p99_ms %.3f", sorted[min(sorted.count - 1, sorted.count * 99 / 100)]))
    try? FileManager.default.removeItem(atPath: path)
    exit(0)
}

print("incident benchmark: \(options.runs) runs each after one warm-up, median wall time, peak RSS (whole process)")
print(
    options.notesOnly
        ? "event mix: notes only (+ 7 step events at the start)"
        : "event mix per 100: 95 notes, 2 impact changes, 1 contact, 1 fact, (+ 7 step events at the start)")
print("binary: \(options.incident)")
var rows: [(String, Int, Double, Int)] = []
var figures: [String: Double] = [:]

for size in options.sizes {
    let t0 = Date()
    let path = try makeStore(events: size, in: dir, options: options)
    FileHandle.standardError.write(Data("made \(size) events in \(String(format: "%.1f", Date().timeIntervalSince(t0))) s\n".utf8))
    let env = ["INCIDENT_DB": path, "INCIDENT_ACTOR": "bench", "HOME": dir.path, "PATH": "/usr/bin:/bin"]
    // Each command cycles through its argument lists, so that a write that
    // cannot be repeated as such (moving a step) alternates with its reverse.
    let commands: [(String, [[String]])] = [
        ("status", [["status"]]),
        ("status --json", [["status", "--json"]]),
        ("timeline --format json", [["timeline", "--format", "json"]]),
        ("report mhlw", [["report", "mhlw"]]),
        ("log (cold, durable)", [["log", "ベンチマークのメモ"]]),
        ("step", [["step", "skip", "7", "--reason", "ベンチマーク"], ["step", "start", "7"]]),
        ("contact", [["contact", "director", "--outcome", "no-answer"]]),
        ("impact", [["impact", "電子カルテ", "--status", "down"]]),
        ("answer", [["answer", "attack-suspected", "yes"]]),
    ]
    for (name, cycle) in commands {
        var times: [Double] = []
        var failed = false
        var turn = 0
        func next() -> [String] {
            defer { turn += 1 }
            return cycle[turn % cycle.count]
        }
        // One unmeasured run first, so every command starts from a warm page cache.
        _ = measure(options.incident, next(), env: env)
        for _ in 0..<options.runs {
            let m = measure(options.incident, next(), env: env)
            if m.status != 0 { failed = true }
            times.append(m.seconds)
        }
        let rss = peakRSS(options.incident, next(), env: env, dir: dir)
        if failed {
            print("  \(name) on \(size): exits non-zero (not available in this build?)")
            continue
        }
        rows.append((name, size, median(times), rss))
        figures["\(name)@\(size)"] = median(times)
    }
    if size == options.sizes.first {
        // The same durable insert with the sqlite3 CLI on the same kind of database.
        let copy = dir.appendingPathComponent("sqlite3-\(size).sqlite").path
        try? FileManager.default.copyItem(atPath: path, toPath: copy)
        _ = measure(
            options.sqlite3, [copy, "PRAGMA journal_mode=WAL; CREATE TABLE IF NOT EXISTS bench(id INTEGER PRIMARY KEY, at TEXT, text TEXT);"], env: env)
        var times: [Double] = []
        let insert = [
            copy, "PRAGMA synchronous=FULL; PRAGMA busy_timeout=30000; INSERT INTO bench(at, text) VALUES (strftime('%Y-%m-%dT%H:%M:%fZ','now'), 'ベンチマークのメモ');",
        ]
        for _ in 0..<options.runs {
            times.append(measure(options.sqlite3, insert, env: env).seconds)
        }
        let rss = peakRSS(options.sqlite3, insert, env: env, dir: dir)
        rows.append(("sqlite3 CLI insert (WAL, FULL)", size, median(times), rss))
        figures["sqlite3@\(size)"] = median(times)
        // The floor under every command: start the binary, parse, print, exit.
        var startup: [Double] = []
        _ = measure(options.incident, ["--version"], env: env)
        for _ in 0..<options.runs {
            startup.append(measure(options.incident, ["--version"], env: env).seconds)
        }
        rows.append(("incident --version (start-up)", size, median(startup), peakRSS(options.incident, ["--version"], env: env, dir: dir)))
        figures["startup"] = median(startup)
    }
}

print("")
print("command                          events    median ms   peak RSS MiB")
for (name, size, seconds, rss) in rows {
    let n = name.padding(toLength: 32, withPad: " ", startingAt: 0)
    print("\(n) \(String(size).leftPad(7))  \(String(format: "%10.1f", seconds * 1000))   \(String(format: "%12.1f", Double(rss) / 1024))")
}
print("")
let small = options.sizes.first ?? 10, large = options.sizes.last ?? 100_000
if let log = figures["log (cold, durable)@\(small)"], let sq = figures["sqlite3@\(small)"] {
    print(String(format: "cold log / sqlite3 insert (%d events):      %.2fx  (target ≤ 2.0x, stretch 1.5x)", small, log / sq))
}
if let up = figures["startup"], let sq = figures["sqlite3@\(small)"] {
    print(String(format: "start-up alone (--version) / sqlite3 insert: %.2fx  (the floor: no store opened)", up / sq))
}
if let log = figures["log (cold, durable)@\(large)"], let sq = figures["sqlite3@\(small)"] {
    print(String(format: "cold log / sqlite3 insert (%d events):  %.2fx  (target ≤ 2.0x, stretch 1.5x)", large, log / sq))
}
for name in ["log (cold, durable)", "status", "step", "contact", "impact", "answer"] {
    if let a = figures["\(name)@\(large)"], let b = figures["\(name)@\(small)"] {
        print(String(format: "%@ %d / %d events: %.2fx  (target ≤ 1.1x)", name, large, small, a / b))
    }
}
if let t = figures["timeline --format json@\(large)"] {
    print(String(format: "timeline --format json, %d events:       %.0f ms  (target < 1000 ms)", large, t * 1000))
}
if let rss = rows.first(where: { $0.0 == "timeline --format json" && $0.1 == large })?.3 {
    print(String(format: "timeline --format json peak memory:          %.1f MiB  (target < 64 MiB)", Double(rss) / 1024))
}

extension String {
    func leftPad(_ n: Int) -> String { count >= n ? self : String(repeating: " ", count: n - count) + self }
}

/// In-process split of one `status` (set INCIDENT_BENCH_SPLIT=1): where the time goes.
func splitStatus(path: String) throws {
    func ms(_ f: () throws -> Void) rethrows -> Double {
        let t = Date()
        try f()
        return Date().timeIntervalSince(t) * 1000
    }
    var store: EventStore!
    let open = try ms { store = try EventStore(path: path, create: false) }
    var id = ""
    let resolve = try ms { id = try store.resolveIncident(nil, fallbackToLatest: true) }
    var state: IncidentState!
    let load = try ms { state = try store.state(of: id) }
    let status = ms { _ = StatusReport(state, language: .ja) }
    let bytes = try store.snapshotBytes(of: id)
    let runbook = ms { _ = try? RunbookLoader.load(text: state.documents.runbookSource, file: "runbook") }
    print(
        String(
            format: "split: open %.1f ms, resolve %.1f ms, load state %.1f ms (snapshot %d bytes), runbook parse %.1f ms, status report %.1f ms",
            open, resolve, load, bytes, runbook, status))
}
if ProcessInfo.processInfo.environment["INCIDENT_BENCH_SPLIT"] != nil, let keep = options.keep {
    for size in options.sizes { try splitStatus(path: URL(fileURLWithPath: keep).appendingPathComponent("incident-\(size).sqlite").path) }
}
