import Foundation
import GRDB
import Testing

@testable import IncidentKit

/// The FY2025 MHLW checklist as data, its validation, and the readiness log
/// that keeps the answers (hash-chained, never an incident).
@Suite struct ChecklistTests {
    static let formIDs = ["1-①", "2-①", "2-②", "2-③", "2-④", "2-⑤", "2-⑥", "2-⑦", "2-⑧", "2-⑨", "2-⑩", "2-⑪", "2-⑫", "2-⑬", "2-⑭", "3-①", "3-②", "3-③", "4-①"]

    @Test func theBuiltInChecklistIsTheFormsNineteenItems() throws {
        let c = try ChecklistCatalog().checklist()
        #expect(c.id == "mhlw-2025")
        #expect(c.items.map(\.id) == Self.formIDs)
        #expect(c.groups.map(\.id) == ["1", "2", "3", "4"])
        #expect(c.groups.map(\.title.ja) == ["体制構築", "医療情報システムの管理・運用", "インシデント発生に備えた対応", "規程類の整備"])
        #expect(c.items.filter(\.blankWithoutVendorContract).map(\.id) == ["2-②", "2-③"])
        // The form's wording, verbatim (DOMAIN.md §6).
        #expect(c.item("2-⑦")?.text.ja == "パスワードは英数字、記号が混在した8文字以上とし、定期的に変更している。※二要素認証、または13文字以上の場合は定期的な変更は不要")
        #expect(c.item("3-①")?.text.ja == "インシデント発生時における組織内と外部関係機関（事業者、厚生労働省、警察等）への連絡体制がある。")
        #expect(c.item("2-⑫")?.section?.ja == "サーバ" && c.item("2-⑬")?.section?.ja == "端末PC" && c.item("2-⑭")?.section?.ja == "ネットワーク機器")
        #expect(c.items.allSatisfy { !$0.text.en.isEmpty && $0.text.en != $0.text.ja })
        #expect(
            c.items.compactMap { item in item.evidence.map { "\(item.id)=\($0.rawValue)" } } == [
                "1-①=responsible-person", "2-①=ledger", "3-①=contacts", "3-②=backups", "3-③=bcp",
            ])
    }

    @Test func itemIDsAcceptPlainAndFullWidthNumbers() throws {
        #expect(Checklist.canonicalID("2-5") == "2-⑤")
        #expect(Checklist.canonicalID("2-⑤") == "2-⑤")
        #expect(Checklist.canonicalID("２－１４") == "2-⑭")
        #expect(Checklist.canonicalID(" 1-1 ") == "1-①")
        for bad in ["2-0", "2-21", "2", "2-", "-5", "2-5-1", "a-1", "02-5", "2-05"] { #expect(Checklist.canonicalID(bad) == nil, "\(bad)") }
        let c = try ChecklistCatalog().checklist()
        #expect(c.resolve("4-1")?.id == "4-①")
        #expect(c.resolve("4-2") == nil)
    }

    @Test func aBadChecklistIsReportedByLineAndColumn() throws {
        let text = """
            id: next-year
            edition: {ja: 令和8年度版, en: FY2026}
            title: {ja: チェックリスト, en: Checklist}
            groups:
              - id: "1"
                title: {ja: 体制構築, en: Organisation}
                items:
                  - id: "1-1"
                    text: {ja: 責任者, en: Officer}
                  - id: "2-②"
                    text: {ja: 台帳, en: Ledger}
                    evidence: inventory
                  - id: "1-③"
                  - id: "2-②"
                    text: {ja: 重複, en: Duplicate}
            """
        #expect {
            _ = try ChecklistLoader.load(text: text, file: "Checklists/next-year.yaml")
        } throws: { error in
            guard case IncidentError.invalidFile(let problems) = error else { return false }
            let at = problems.map { "\($0.line):\($0.column)" }
            let messages = problems.map(\.message.ja).joined(separator: "\n")
            return at == ["8:13", "10:13", "12:19", "13:9", "14:9", "14:13"]
                && messages.contains("1-① と書いてください") && messages.contains("グループ 1 の番号で始まっていません")
                && messages.contains("evidence「inventory」") && messages.contains("必須のキー「text」") && messages.contains("重複")
        }
        // The file name must match the id, as for runbooks.
        #expect(throws: IncidentError.self) {
            _ = try ChecklistLoader.load(text: text.replacingOccurrences(of: "next-year", with: "other"), file: "Checklists/next-year.yaml")
        }
    }

    @Test func aReplacementFolderTakesTheBuiltInsPlace() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("checklists-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let text = (EmbeddedResources.files["Checklists/mhlw-2025.yaml"] ?? "").replacingOccurrences(of: "id: mhlw-2025", with: "id: mhlw-2026")
        try text.write(to: dir.appendingPathComponent("mhlw-2026.yaml"), atomically: true, encoding: .utf8)
        let c = try ChecklistCatalog(directory: dir.path).checklist()
        #expect(c.id == "mhlw-2026" && c.items.count == 19)
        #expect(throws: IncidentError.unknownChecklist("mhlw-2025", available: ["mhlw-2026"])) {
            _ = try ChecklistCatalog(directory: dir.path).checklist(named: "mhlw-2025")
        }
    }

    // MARK: The readiness log

    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("readiness-\(UUID().uuidString)")
    var path: String { dir.appendingPathComponent("incident.sqlite").path }
    /// 2026-11-25 09:00 JST.
    let clock = Clock.fixed(Fixture.t0)
    let today = Day(year: 2026, month: 11, day: 25)
    let tz = TimeZone.facilityDefault

    func answer(_ item: String, _ a: ChecklistAnswer, checked: Day? = nil, target: Day? = nil) -> EventBody.ChecklistAnswered {
        .init(checklist: "mhlw-2025", item: item, answer: a, checked: checked ?? today, target: target)
    }

    @Test func answersLiveInTheirOwnChainAndNeverBecomeAnIncident() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try EventStore(path: path, create: true, clock: clock)
        #expect(try store.verifyReadiness().exists == false)
        try store.recordChecklistAnswer(answer("2-⑤", .no), actor: "山田", timeZone: tz)
        let (second, _) = try store.recordChecklistAnswer(answer("1-①", .yes), actor: "山田", timeZone: tz)
        let (third, log) = try store.recordChecklistAnswer(answer("2-⑤", .yes, target: nil), actor: "佐藤", timeZone: tz)
        #expect(second.prevHash != HashChain.genesis && third.prevHash == second.hash && third.seq == 3)
        #expect(log.answers(of: "mhlw-2025")["2-⑤"]?.answer.answer == .yes)
        #expect(log.answers(of: "mhlw-2025")["2-⑤"]?.actor == "佐藤")
        #expect(log.count == 3)
        #expect(try store.readinessLog() == log)
        // Not an incident: nothing to list, nothing to resolve.
        #expect(try store.incidents().isEmpty)
        #expect(throws: IncidentError.noIncident) { _ = try store.resolveIncident(nil) }
        #expect(throws: IncidentError.unknownIncident("READINESS")) { _ = try store.resolveIncident("READINESS") }
        // An incident declared later is the only one, and its chain is separate.
        let (declared, _) = try store.declare(summary: "暗号化", runbook: Fixture.runbook, awareAt: nil, actor: "山田", timeZone: tz)
        #expect(try store.resolveIncident(nil) == declared.incidentID)
        #expect(declared.prevHash == HashChain.genesis)
        let report = try store.verifyReadiness()
        #expect(report.exists && report.failure == nil && report.events == 3 && report.lastHash == third.hash)
    }

    @Test func anIncidentRefusesAChecklistAnswer() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try EventStore(path: path, create: true, clock: clock)
        let (declared, _) = try store.declare(summary: "暗号化", runbook: Fixture.runbook, awareAt: nil, actor: "山田", timeZone: tz)
        #expect(throws: IncidentError.readinessEventInIncident) {
            try store.append(EventDraft(actor: "山田", body: .checklistAnswered(answer("1-①", .yes))), to: declared.incidentID)
        }
        #expect(throws: IncidentError.checkedInFuture("2026-11-26")) {
            try store.recordChecklistAnswer(answer("1-①", .yes, checked: today.adding(days: 1)), actor: "山田", timeZone: tz)
        }
        #expect(try store.verifyReadiness().exists == false)
    }

    @Test func tamperingWithTheReadinessLogIsFound() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try EventStore(path: path, create: true, clock: clock)
        for item in ["1-①", "2-①", "3-①"] { try store.recordChecklistAnswer(answer(item, .no), actor: "山田", timeZone: tz) }
        func tamper(_ sql: String) throws {
            let db = try DatabaseQueue(path: path)
            try db.write { db in
                try db.execute(sql: "DROP TRIGGER IF EXISTS event_append_only_update; DROP TRIGGER IF EXISTS event_append_only_delete;")
                try db.execute(sql: sql)
            }
            try db.close()
        }
        // "いいえ" quietly turned into "はい".
        try tamper("UPDATE event SET payload = replace(payload, '\"no\"', '\"yes\"') WHERE incident_id = 'READINESS' AND seq = 2")
        var failure = try #require(try store.verifyReadiness().failure)
        #expect(failure.seq == 2 && failure.reason == .hashMismatch)
        #expect(throws: IncidentError.integrity(failure)) { _ = try store.readinessLog() }
        #expect(throws: IncidentError.integrity(failure)) { try store.recordChecklistAnswer(answer("4-①", .yes), actor: "山田", timeZone: tz) }
        // The last answer removed: the head still says 3.
        try tamper(
            "UPDATE event SET payload = replace(payload, '\"yes\"', '\"no\"') WHERE incident_id = 'READINESS' AND seq = 2; DELETE FROM event WHERE incident_id = 'READINESS' AND seq = 3"
        )
        failure = try #require(try store.verifyReadiness().failure)
        #expect(failure.reason == .truncated)
    }

    @Test func flagsNoWithoutTargetAndPassedTargets() throws {
        let c = try ChecklistCatalog().checklist()
        var log = ReadinessLog()
        var f = Fixture()
        func add(_ a: EventBody.ChecklistAnswered) {
            let e = EventStore.makeEvent(
                id: EventStore.readinessLogID, seq: f.seq + 1, previous: f.previous, draft: EventDraft(actor: "山田", body: .checklistAnswered(a)),
                now: Fixture.t0)
            f.seq = e.seq; f.previous = e.hash
            log.fold(e)
        }
        add(answer("2-⑤", .no))
        add(answer("2-⑥", .no, target: today.adding(days: -1)))
        add(answer("2-⑦", .no, target: today))  // due today: not yet passed
        add(answer("2-⑧", .yes, target: today.adding(days: -30)))  // done: a past target no longer matters
        add(answer("1-①", .na))  // an older edition's n/a on an item that must be answered
        add(answer("2-②", .na))
        let status = ChecklistStatus(checklist: c, log: log, today: today)
        func flags(_ id: String) -> [ChecklistStatus.Flag] { status.rows.first { $0.item.id == id }!.flags }
        #expect(flags("2-⑤") == [.noTarget])
        #expect(flags("2-⑥") == [.targetPassed])
        #expect(flags("2-⑦").isEmpty && flags("2-⑧").isEmpty && flags("2-②").isEmpty)
        #expect(flags("1-①") == [.blankNotAllowed])
        #expect(status.answered == 6 && status.total == 19)
        let json = String(decoding: try JSONEncoder().encode(status.json(.ja)), as: UTF8.self)
        #expect(json.contains(#""answer":null"#) && json.contains(#""target":null"#) && json.contains(#""flags":["no-target"]"#))
    }

    @Test func anExportedReadinessLogVerifiesOffline() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try EventStore(path: path, create: true, clock: clock)
        #expect(throws: IncidentError.noReadinessLog) { try store.exportReadiness(to: dir.appendingPathComponent("none").path, toolVersion: "t", timeZone: tz) }
        for item in ["1-①", "2-①"] { try store.recordChecklistAnswer(answer(item, .yes), actor: "山田", timeZone: tz) }
        let out = dir.appendingPathComponent("bundle").path
        let (manifest, _) = try store.exportReadiness(to: out, toolVersion: "t", timeZone: tz)
        #expect(manifest.incidentID == "READINESS" && manifest.eventCount == 2)
        #expect(try EventBundle.verify(path: out).chain.failure == nil)
        let events = (out as NSString).appendingPathComponent(EventBundle.eventsFile)
        let text = try String(contentsOfFile: events, encoding: .utf8)
        try FileManager.default.removeItem(atPath: events)
        try text.replacingOccurrences(of: "1-①", with: "1-②").write(toFile: events, atomically: true, encoding: .utf8)
        let report = try EventBundle.verify(path: out)
        #expect(report.chain.failure?.reason == .hashMismatch && report.line == 1)
    }
}
