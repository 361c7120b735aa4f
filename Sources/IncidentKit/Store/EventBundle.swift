import Crypto
import Foundation
import GRDB

/// A self-contained export of one incident that can be checked offline without
/// the database: `events.jsonl` (every stored field of every event, one JSON
/// object per line), `timeline.md` and `manifest.json`. Created 0600 in a 0700 folder.
public enum EventBundle {
    public static let eventsFile = "events.jsonl"
    public static let timelineFile = "timeline.md"
    public static let manifestFile = "manifest.json"
    /// The evidence register (issue #23), present when evidence was registered.
    public static let evidenceFile = "evidence.md"
    /// v2: the manifest lists every other file with its SHA-256.
    public static let format = "incident-bundle-v2"

    /// One line of `events.jsonl`: the row exactly as stored and hashed.
    public struct Line: Codable, Sendable, Equatable {
        public var incidentID: String
        public var seq: Int64
        /// UTC, as stored (`2026-11-25T00:10:00.000Z`).
        public var occurredAt: String
        public var recordedAt: String
        public var actor: String
        public var kind: String
        /// The exact stored payload text the hash covers.
        public var payload: String
        public var prevHash: String
        public var hash: String
        /// The key MAC of the hash, when the event was written with a key.
        public var mac: String?

        init(_ r: EventRecord) {
            (incidentID, seq, occurredAt, recordedAt, actor, kind, payload, prevHash, hash) =
                (r.incidentID, r.seq, r.occurredAt, r.recordedAt, r.actor, r.kind, r.payload, r.prevHash, r.hash)
        }

        var row: EventRecord {
            EventRecord(
                incidentID: incidentID, seq: seq, occurredAt: occurredAt, recordedAt: recordedAt, actor: actor, kind: kind,
                payload: payload, prevHash: prevHash, hash: hash)
        }
    }

    /// `manifest.json`: what the events must end with.
    public struct Manifest: Codable, Sendable, Equatable {
        public var format: String
        public var incidentID: String
        public var eventCount: Int
        public var lastSeq: Int64
        public var lastHash: String
        public var createdAt: String
        public var toolVersion: String
        /// Breaks acknowledged in the log at export time.
        public var acknowledgedBreaks: [AcknowledgedBreak]
        /// Every other file of the bundle → its SHA-256 (hex). Nil in v1 bundles.
        public var files: [String: String]?
    }

    /// SHA-256 of `data`, hex.
    public static func sha256(_ data: Data) -> String { HashChain.hex(SHA256.hash(data: data)) }

    /// The SHA-256 of the bundle's `manifest.json` as stored: the figure to write
    /// down, since the manifest in turn fixes every other file.
    public static func manifestHash(path: String) -> String? {
        FileManager.default.contents(atPath: (path as NSString).appendingPathComponent(manifestFile)).map(sha256)
    }

    /// The events of a bundle, as stored (the bundle is not checked here: see `verify`).
    static func rows(path: String) throws(IncidentError) -> [EventRecord] {
        guard let data = FileManager.default.contents(atPath: (path as NSString).appendingPathComponent(eventsFile)) else {
            throw .fileUnreadable((path as NSString).appendingPathComponent(eventsFile))
        }
        return data.split(separator: UInt8(ascii: "\n")).compactMap { try? decoder.decode(Line.self, from: Data($0)).row }
    }

    /// Compares the folder's files with the manifest's list: the first file
    /// missing, different or not listed.
    static func fileProblem(path: String, manifest: Manifest) -> String? {
        guard let files = manifest.files else { return "\(manifestFile) lists no file digests (format \(manifest.format))" }
        for name in files.keys.sorted() {
            guard !name.contains("/"), let data = FileManager.default.contents(atPath: (path as NSString).appendingPathComponent(name)) else {
                return "\(name) is missing"
            }
            if sha256(data) != files[name] { return "\(name) differs from its SHA-256 in \(manifestFile)" }
        }
        let present = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        for name in present.sorted() where name != manifestFile && files[name] == nil {
            return "\(name) is not listed in \(manifestFile)"
        }
        if files[eventsFile] == nil { return "\(eventsFile) is not listed in \(manifestFile)" }
        return nil
    }

    /// The result of checking a bundle.
    public struct Report: Sendable, Equatable {
        public var chain: ChainReport
        public var manifest: Manifest?
        /// The `events.jsonl` line of the first bad event, when it is a line.
        public var line: Int?
    }

    static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        e.dateEncodingStrategy = .iso8601
        return e
    }()

    static let decoder: JSONDecoder = {
        let d = JSONDecoder()
        d.dateDecodingStrategy = .iso8601
        return d
    }()

    /// Recomputes the chain from `events.jsonl` alone and compares its end with
    /// the manifest. Uses the same `ChainAudit` as the store.
    public static func verify(path: String, manifestHash: String? = nil) throws(IncidentError) -> Report {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue else { throw .fileUnreadable(path) }
        let manifestData = FileManager.default.contents(atPath: (path as NSString).appendingPathComponent(manifestFile))
        // Parsed strictly: a key given twice is no manifest.
        let manifest = manifestData.flatMap { StrictJSON.duplicateKey(in: $0) == nil ? try? decoder.decode(Manifest.self, from: $0) : nil }
        let data = FileManager.default.contents(atPath: (path as NSString).appendingPathComponent(eventsFile))
        // Without a (readable) manifest, the log is named by its own first line, so
        // that what is reported is the missing manifest, not "another incident's event".
        let firstLine = data.flatMap { $0.split(separator: UInt8(ascii: "\n")).first }.flatMap { try? decoder.decode(Line.self, from: Data($0)) }
        let id = manifest?.incidentID ?? firstLine?.incidentID ?? "-"
        guard let data else {
            let f = IntegrityFailure(incidentID: id, seq: nil, reason: .truncated, detail: "\(eventsFile) missing or unreadable")
            return Report(chain: ChainReport(incidentID: id, rows: 0, failure: f, acknowledged: []), manifest: manifest, line: nil)
        }
        var lines = data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true { lines.removeLast() }
        // Each log by its own chain rules, through the same audit (acknowledged breaks included).
        if id == EventStore.readinessLogID {
            return verify(
                lines: lines, manifest: manifest, path: path, manifestHash: manifestHash, audit: ChainAudit<EventStore.ReadinessChainCheck>(incidentID: id))
        }
        return verify(lines: lines, manifest: manifest, path: path, manifestHash: manifestHash, audit: ChainAudit<ChainCheck>(incidentID: id))
    }

    /// Feeds `events.jsonl`'s lines through `audit`, then compares with the manifest and the files.
    private static func verify<Check: AuditedChain>(
        lines: [Data.SubSequence], manifest: Manifest?, path: String, manifestHash: String?, audit: ChainAudit<Check>
    ) -> Report {
        var audit = audit
        let id = audit.incidentID
        var badLine: Int? = nil
        for (index, bytes) in lines.enumerated() {
            let lineNumber = index + 1
            // Parsed strictly: a key given twice (read as its first value here, as
            // its last by Python and jq) makes the line no event.
            let duplicate = StrictJSON.duplicateKey(in: Data(bytes))
            guard duplicate == nil, let line = try? decoder.decode(Line.self, from: Data(bytes)) else {
                if audit.failure == nil { badLine = lineNumber }
                audit.unreadable(duplicate.map { "duplicate key \"\($0)\"" } ?? "not an event")
                break
            }
            let before = audit.failure
            audit.feed(line.row)
            // The line where the current (unacknowledged) break starts.
            if before == nil, audit.failure != nil { badLine = lineNumber }
        }
        var (chain, _) = audit.finish(head: manifest.map { ($0.lastSeq, $0.lastHash) })
        if manifest == nil, chain.failure == nil {
            chain.failure = IntegrityFailure(incidentID: id, seq: nil, reason: .truncated, detail: "\(manifestFile) missing or unreadable")
        } else if let manifest, chain.failure == nil, manifest.eventCount != chain.rows {
            chain.failure = IntegrityFailure(
                incidentID: id, seq: nil, reason: .truncated,
                detail: "\(manifestFile) says \(manifest.eventCount) events, \(eventsFile) has \(chain.rows)")
        }
        if let manifest, chain.failure == nil, let problem = fileProblem(path: path, manifest: manifest) {
            chain.failure = IntegrityFailure(incidentID: id, seq: nil, reason: .bundleFileMismatch, detail: problem)
        }
        if let expected = manifestHash?.lowercased(), chain.failure == nil || manifest == nil {
            let actual = Self.manifestHash(path: path) ?? ""
            if expected.count < 16 || !actual.hasPrefix(expected) {
                chain.failure = IntegrityFailure(
                    incidentID: id, seq: nil, reason: .manifestHashMismatch,
                    detail: "written down \(expected.prefix(16)), \(manifestFile) has \(actual.prefix(16))")
            }
        }
        if var f = chain.failure, let badLine, audit.failure != nil {
            f.detail = "\(eventsFile) line \(badLine)" + (f.detail.isEmpty ? "" : "; \(f.detail)")
            chain.failure = f
        }
        return Report(chain: chain, manifest: manifest, line: chain.failure == nil ? nil : badLine)
    }
}

extension EventBundle {
    /// Writes `rows` (with their MACs, when signed) as a new bundle folder at
    /// `path` (0700; files 0600; never overwrites) and returns its manifest and
    /// the manifest's SHA-256 (the figure to write down).
    ///
    /// Atomic: the files go into a temporary folder beside `path`, are fsynced
    /// and checked with `EventBundle.verify`, and only then is the folder renamed
    /// to `path`. A killed export leaves at most a `.partial` folder that is
    /// not a bundle.
    static func write(
        rows: [EventRecord], macs: [Int64: String] = [:], id: String, timeline: String, acknowledged: [AcknowledgedBreak],
        to path: String, createdAt: String, toolVersion: String, extras: [String: Data] = [:]
    ) throws(IncidentError) -> (manifest: Manifest, manifestHash: String) {
        var jsonl = Data()
        for row in rows {
            var line = Line(row)
            line.mac = macs[row.seq]
            guard let data = try? encoder.encode(line) else { continue }
            jsonl += data + Data("\n".utf8)
        }
        let timelineData = Data(timeline.utf8)
        let manifest = Manifest(
            format: format, incidentID: id, eventCount: rows.count,
            lastSeq: rows.last?.seq ?? 0, lastHash: rows.last?.hash ?? HashChain.genesis,
            createdAt: createdAt, toolVersion: toolVersion, acknowledgedBreaks: acknowledged,
            files: [eventsFile: sha256(jsonl), timelineFile: sha256(timelineData)].merging(extras.mapValues(sha256)) { a, _ in a })
        let manifestData = ((try? encoder.encode(manifest)) ?? Data()) + Data("\n".utf8)
        if FileManager.default.fileExists(atPath: path) { throw .fileExists(path) }
        PrivateFile.removeAbandonedPartials(of: path)
        let temp = EventStore.temporarySibling(of: path)
        try PrivateFile.makeDirectory(temp)
        do throws(IncidentError) {
            try PrivateFile.write(jsonl, toNew: (temp as NSString).appendingPathComponent(eventsFile))
            try PrivateFile.write(timelineData, toNew: (temp as NSString).appendingPathComponent(timelineFile))
            for (name, data) in extras.sorted(by: { $0.key < $1.key }) where name != eventsFile && name != timelineFile {
                try PrivateFile.write(data, toNew: (temp as NSString).appendingPathComponent(name))
            }
            try PrivateFile.write(manifestData, toNew: (temp as NSString).appendingPathComponent(manifestFile))
            PrivateFile.syncFolder(temp)
            let check = try verify(path: temp)
            if let f = check.chain.failure { throw IncidentError.integrity(f) }
            try PrivateFile.publish(temp, as: path)
        } catch {
            try? FileManager.default.removeItem(atPath: temp)
            throw error
        }
        return (manifest, sha256(manifestData))
    }
}

extension EventRecord {
    init(
        incidentID: String, seq: Int64, occurredAt: String, recordedAt: String, actor: String, kind: String, payload: String,
        prevHash: String, hash: String
    ) {
        (self.incidentID, self.seq, self.occurredAt, self.recordedAt, self.actor, self.kind, self.payload, self.prevHash, self.hash) =
            (incidentID, seq, occurredAt, recordedAt, actor, kind, payload, prevHash, hash)
    }
}

extension EventStore {
    /// Writes incident `id` as a bundle folder at `path` (which must not exist)
    /// and returns its manifest and the manifest's SHA-256 (the figure to write
    /// down). Refuses a log with an unacknowledged break: preserve such a store
    /// with `backup` instead.
    ///
    /// Atomic: the files go into a temporary folder beside `path`, are fsynced
    /// and checked with `EventBundle.verify`, and only then is the folder renamed
    /// to `path`. A killed export leaves at most a `.partial` folder that is
    /// not a bundle.
    @discardableResult
    public func export(_ id: String, to path: String, language: Language, toolVersion: String) throws(IncidentError)
        -> (manifest: EventBundle.Manifest, manifestHash: String)
    {
        let (rows, macs, report, state) = try read { db in
            let (report, state, _) = try self.audit(db, id)
            if let f = report.failure { throw IncidentError.integrity(f) }
            let rows = try EventRecord.fetchAll(db, sql: "SELECT \(Self.eventColumns) FROM event WHERE incident_id = ? ORDER BY seq", arguments: [id])
            var macs: [Int64: String] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT seq, mac FROM event WHERE incident_id = ? AND mac IS NOT NULL", arguments: [id]) {
                macs[row["seq"]] = row["mac"]
            }
            return (rows, macs, report, state!)
        }
        var timeline = ""
        TimelineRenderer(format: .markdown, language: language, runbook: state.runbook, timeZone: state.timeZone)
            .render(TimelineRenderer.ordered(rows.compactMap { $0.decode() }), header: state) { timeline += $0 }
        return try EventBundle.write(
            rows: rows, macs: macs, id: id, timeline: timeline, acknowledged: report.acknowledged, to: path,
            createdAt: Timestamp.iso(clock.now(), in: state.timeZone), toolVersion: toolVersion,
            extras: state.recovery.evidence.isEmpty ? [:] : [EventBundle.evidenceFile: Data(EvidenceRegister.markdown(state, language).utf8)])
    }

    /// `.NAME.partial-PID` in the same folder as `path` (so the final rename stays on one file system).
    static func temporarySibling(of path: String) -> String {
        let dir = PathText.folder(of: path)
        let name = ".\(PathText.name(of: path)).partial-\(getpid())"
        return PathText.join(dir, name)
    }

    /// Copies the whole store into a new file at `path` with SQLite's online
    /// backup (a consistent snapshot, safe while others are recording).
    ///
    /// Atomic: the copy is made under a temporary name beside `path`, switched
    /// out of WAL (one self-contained file), checked (SQLite's integrity check),
    /// fsynced, and only then linked to `path`. A killed backup leaves at most a
    /// `.partial` file, which the next backup to the same name removes. A store with a broken chain is copied as it is: a backup
    /// is how such a store is preserved.
    /// Returns the copy's SHA-256 (to record it: `recordCopy`).
    @discardableResult
    public func backup(to path: String) throws(IncidentError) -> String {
        try PrivateFile.makeParent(of: path)
        if FileManager.default.fileExists(atPath: path) { throw .fileExists(path) }
        PrivateFile.removeAbandonedPartials(of: path)
        let temp = Self.temporarySibling(of: path)
        try? FileManager.default.removeItem(atPath: temp)
        try PrivateFile.createNew(temp)
        do {
            let destination = try DatabaseQueue(path: temp)
            try dbQueue.backup(to: destination)
            try destination.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA journal_mode = DELETE")
                guard try String.fetchOne(db, sql: "PRAGMA integrity_check") == "ok" else {
                    throw IncidentError.storeUnavailable(path: path, reason: "the copy failed SQLite's integrity check")
                }
            }
            try destination.close()
            try PrivateFile.fsync(temp)
            try PrivateFile.publishFile(temp, as: path)
        } catch {
            try? FileManager.default.removeItem(atPath: temp)
            for suffix in ["-wal", "-shm", "-journal"] { try? FileManager.default.removeItem(atPath: temp + suffix) }
            throw Self.map(error, path: path)
        }
        for suffix in ["-wal", "-shm", "-journal"] { try? FileManager.default.removeItem(atPath: temp + suffix) }
        guard let data = FileManager.default.contents(atPath: path) else { throw .fileUnreadable(path) }
        return EventBundle.sha256(data)
    }
}
