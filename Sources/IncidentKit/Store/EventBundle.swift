import Foundation
import GRDB

/// A self-contained export of one incident that can be checked offline without
/// the database: `events.jsonl` (every stored field of every event, one JSON
/// object per line), `timeline.md` and `manifest.json`. Created 0600 in a 0700 folder.
public enum EventBundle {
    public static let eventsFile = "events.jsonl"
    public static let timelineFile = "timeline.md"
    public static let manifestFile = "manifest.json"
    public static let format = "incident-bundle-v1"

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

        init(_ r: StoredRow) {
            (incidentID, seq, occurredAt, recordedAt, actor, kind, payload, prevHash, hash) =
                (r.incidentID, r.seq, r.occurredAt, r.recordedAt, r.actor, r.kind, r.payload, r.prevHash, r.hash)
        }

        var row: StoredRow {
            StoredRow(incidentID: incidentID, seq: seq, occurredAt: occurredAt, recordedAt: recordedAt, actor: actor, kind: kind,
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
    public static func verify(path: String) throws(IncidentError) -> Report {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue else { throw .fileUnreadable(path) }
        let manifestData = FileManager.default.contents(atPath: (path as NSString).appendingPathComponent(manifestFile))
        let manifest = manifestData.flatMap { try? decoder.decode(Manifest.self, from: $0) }
        let id = manifest?.incidentID ?? "-"
        guard let data = FileManager.default.contents(atPath: (path as NSString).appendingPathComponent(eventsFile)) else {
            let f = IntegrityFailure(incidentID: id, seq: nil, reason: .truncated, detail: "\(eventsFile) missing or unreadable")
            return Report(chain: ChainReport(incidentID: id, rows: 0, failure: f, acknowledged: []), manifest: manifest, line: nil)
        }
        var lines = data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true { lines.removeLast() }
        if id == EventStore.readinessLogID { return verifyReadiness(lines: lines, manifest: manifest!) }
        var audit = ChainAudit(incidentID: id)
        var badLine: Int? = nil
        for (index, bytes) in lines.enumerated() {
            let lineNumber = index + 1
            guard let line = try? decoder.decode(Line.self, from: Data(bytes)) else {
                if audit.failure == nil { badLine = lineNumber }
                audit.unreadable("not an event")
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
            chain.failure = IntegrityFailure(incidentID: id, seq: nil, reason: .truncated,
                detail: "\(manifestFile) says \(manifest.eventCount) events, \(eventsFile) has \(chain.rows)")
        }
        if var f = chain.failure, let badLine, audit.failure != nil {
            f.detail = "\(eventsFile) line \(badLine)" + (f.detail.isEmpty ? "" : "; \(f.detail)")
            chain.failure = f
        }
        return Report(chain: chain, manifest: manifest, line: chain.failure == nil ? nil : badLine)
    }
}

extension EventBundle {
    /// Checks an exported readiness log: its own chain rules, then the manifest.
    static func verifyReadiness(lines: [Data.SubSequence], manifest: Manifest) -> Report {
        let id = EventStore.readinessLogID
        var check = EventStore.ReadinessChainCheck()
        var failure: IntegrityFailure?
        var badLine: Int?
        for (index, bytes) in lines.enumerated() {
            guard let line = try? decoder.decode(Line.self, from: Data(bytes)) else {
                failure = IntegrityFailure(incidentID: id, seq: check.expectedSeq, reason: .unreadable, detail: "not an event")
                badLine = index + 1
                break
            }
            if let f = check.accept(line.row) { failure = f; badLine = index + 1; break }
        }
        if failure == nil { failure = check.finish(lastSeq: manifest.lastSeq, lastHash: manifest.lastHash) }
        if failure == nil, manifest.eventCount != lines.count {
            failure = IntegrityFailure(incidentID: id, seq: nil, reason: .truncated, detail: "\(manifestFile) says \(manifest.eventCount) events, \(eventsFile) has \(lines.count)")
        }
        if var f = failure, let badLine {
            f.detail = "\(eventsFile) line \(badLine)" + (f.detail.isEmpty ? "" : "; \(f.detail)")
            failure = f
        }
        let chain = ChainReport(incidentID: id, rows: lines.count, failure: failure, acknowledged: [],
            lastSeq: check.expectedSeq - 1, lastHash: check.previous)
        return Report(chain: chain, manifest: manifest, line: failure == nil ? nil : badLine)
    }

    /// Writes `rows` as a new bundle folder at `path` (0700; files 0600; never overwrites).
    static func write(rows: [StoredRow], id: String, timeline: String, acknowledged: [AcknowledgedBreak], to path: String,
        createdAt: String, toolVersion: String) throws(IncidentError) -> Manifest
    {
        var jsonl = ""
        for row in rows {
            guard let data = try? encoder.encode(Line(row)) else { continue }
            jsonl += String(decoding: data, as: UTF8.self) + "\n"
        }
        let manifest = Manifest(format: format, incidentID: id, eventCount: rows.count,
            lastSeq: rows.last?.seq ?? 0, lastHash: rows.last?.hash ?? HashChain.genesis,
            createdAt: createdAt, toolVersion: toolVersion, acknowledgedBreaks: acknowledged)
        let manifestData = (try? encoder.encode(manifest)) ?? Data()
        try PrivateFiles.makeDirectory(path)
        do throws(IncidentError) {
            try PrivateFiles.write(Data(jsonl.utf8), to: (path as NSString).appendingPathComponent(eventsFile))
            try PrivateFiles.write(Data(timeline.utf8), to: (path as NSString).appendingPathComponent(timelineFile))
            try PrivateFiles.write(manifestData + Data("\n".utf8), to: (path as NSString).appendingPathComponent(manifestFile))
        } catch {
            try? FileManager.default.removeItem(atPath: path)
            throw error
        }
        return manifest
    }
}

extension StoredRow {
    init(incidentID: String, seq: Int64, occurredAt: String, recordedAt: String, actor: String, kind: String, payload: String,
        prevHash: String, hash: String)
    {
        (self.incidentID, self.seq, self.occurredAt, self.recordedAt, self.actor, self.kind, self.payload, self.prevHash, self.hash) =
            (incidentID, seq, occurredAt, recordedAt, actor, kind, payload, prevHash, hash)
    }
}

extension EventStore {
    /// Writes incident `id` as a bundle folder at `path` (which must not exist).
    /// Refuses a log with an unacknowledged break: preserve such a store with
    /// `backup` instead.
    @discardableResult
    public func export(_ id: String, to path: String, language: Language, toolVersion: String) throws(IncidentError) -> EventBundle.Manifest {
        let (rows, report, state) = try read { db in
            let (report, state, _) = try self.audit(db, id)
            if let f = report.failure { throw IncidentError.integrity(f) }
            let rows = try StoredRow.fetchAll(db, sql: "SELECT \(Self.eventColumns) FROM event WHERE incident_id = ? ORDER BY seq", arguments: [id])
            return (rows, report, state!)
        }
        var jsonl = ""
        for row in rows {
            guard let data = try? EventBundle.encoder.encode(EventBundle.Line(row)) else { continue }
            jsonl += String(decoding: data, as: UTF8.self) + "\n"
        }
        var timeline = ""
        TimelineRenderer(format: .markdown, language: language, runbook: state.runbook, timeZone: state.timeZone)
            .render(TimelineRenderer.ordered(rows.compactMap { $0.decode() }), header: state) { timeline += $0 }
        let manifest = EventBundle.Manifest(format: EventBundle.format, incidentID: id, eventCount: rows.count,
            lastSeq: rows.last?.seq ?? 0, lastHash: rows.last?.hash ?? HashChain.genesis,
            createdAt: Timestamp.iso(clock.now(), in: state.timeZone), toolVersion: toolVersion, acknowledgedBreaks: report.acknowledged)
        let manifestData = (try? EventBundle.encoder.encode(manifest)) ?? Data()
        try PrivateFiles.makeDirectory(path)
        do throws(IncidentError) {
            try PrivateFiles.write(Data(jsonl.utf8), to: (path as NSString).appendingPathComponent(EventBundle.eventsFile))
            try PrivateFiles.write(Data(timeline.utf8), to: (path as NSString).appendingPathComponent(EventBundle.timelineFile))
            try PrivateFiles.write(manifestData + Data("\n".utf8), to: (path as NSString).appendingPathComponent(EventBundle.manifestFile))
        } catch {
            try? FileManager.default.removeItem(atPath: path)
            throw error
        }
        return manifest
    }

    /// Copies the whole store into a new file at `path` with SQLite's online
    /// backup (a consistent snapshot, safe while others are recording).
    public func backup(to path: String) throws(IncidentError) {
        try PrivateFiles.makeParent(of: path)
        try PrivateFiles.create(path)
        do {
            let destination = try DatabaseQueue(path: path)
            try dbQueue.backup(to: destination)
            try destination.close()
        } catch {
            try? FileManager.default.removeItem(atPath: path)
            throw Self.map(error, path: path)
        }
    }
}

/// Files holding patient data: created 0600 (folders 0700), never overwritten.
enum PrivateFiles {
    /// Creates the folder `path` will go in (0700) when missing.
    static func makeParent(of path: String) throws(IncidentError) {
        let parent = (path as NSString).deletingLastPathComponent
        if !parent.isEmpty && !FileManager.default.fileExists(atPath: parent) {
            do {
                try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            } catch { throw .storeUnavailable(path: parent, reason: "cannot create folder") }
        }
    }

    static func makeDirectory(_ path: String) throws(IncidentError) {
        try makeParent(of: path)
        if mkdir(path, 0o700) != 0 { throw fail(path) }
        chmod(path, 0o700)
    }

    /// Creates an empty 0600 file; an existing path is `fileExists`.
    static func create(_ path: String) throws(IncidentError) {
        if try !PrivateFile.create(at: path) { throw .fileExists(path) }
    }

    static func write(_ data: Data, to path: String) throws(IncidentError) {
        try PrivateFile.write(data, toNew: path)
    }

    private static func fail(_ path: String) -> IncidentError {
        switch errno {
        case EEXIST: .fileExists(path)
        case EROFS, EACCES, EPERM: .storeReadOnly(path: path)
        case ENOSPC: .storeFull(path: path)
        default: .storeUnavailable(path: path, reason: String(cString: strerror(errno)))
        }
    }
}
