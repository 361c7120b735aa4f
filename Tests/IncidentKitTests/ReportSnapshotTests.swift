import Foundation
import Testing

@testable import IncidentKit

/// Renders every report kind from a fixture incident built through the library
/// and compares it byte for byte with the reviewed text in Fixtures/Snapshots/KIND.txt.
/// To re-record after a reviewed change: `UPDATE_SNAPSHOTS=1 swift test --filter ReportSnapshotTests`.
@Suite struct ReportSnapshotTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    static let tokyo = TimeZone(identifier: "Asia/Tokyo")!
    static let today = Day("2026-04-12")!

    /// 2026-04-DD HH:MM in Tokyo.
    static func at(_ day: Int, _ hour: Int, _ minute: Int) -> Date {
        CivilTime(year: 2026, month: 4, day: day, hour: hour, minute: minute).date(offsetSeconds: 9 * 3600)
    }

    /// A temporary store with a fixed clock (2026-04-12 12:00 JST).
    static func store() throws -> (EventStore, URL) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("incident-kit-\(UUID().uuidString)")
        let store = try EventStore(path: dir.appendingPathComponent("s.sqlite").path, create: true, clock: .fixed(at(12, 12, 0)))
        return (store, dir)
    }

    /// The fixture: ransomware at a clinic, suspected leak of 2,300 patients' records.
    static func fixtureIncident() throws -> IncidentState {
        let (store, dir) = try store()
        defer { try? FileManager.default.removeItem(at: dir) }
        let profileText = try String(contentsOf: fixtures.appendingPathComponent("profile.yaml"), encoding: .utf8)
        let profile = try FacilityProfileLoader.load(text: profileText, file: "profile.yaml")
        let runbook = try RunbookCatalog().runbook(named: RunbookCatalog.defaultName)
        let (declared, _) = try store.declare(
            summary: "電子カルテが開かない。受付端末に身代金要求画面", runbook: runbook,
            awareAt: at(10, 8, 30), actor: "山田", timeZone: tokyo, profile: profile)
        let id = declared.incidentID
        let events: [(Date, EventBody)] = [
            (at(10, 8, 35), .impact(.init(target: "電子カルテ", status: .down, note: "全端末で起動せず"))),
            (at(10, 8, 40), .answer(.init(question: "attack-suspected", value: "yes"))),
            (at(10, 8, 45), .answer(.init(question: "terminals-affected", value: "5"))),
            (at(10, 8, 50), .contact(.init(role: "security-officer", name: "鈴木 花子", outcome: .reached))),
            (at(10, 9, 0), .contact(.init(role: "director", name: "佐藤 一郎", outcome: .reached))),
            (at(10, 9, 10), .impact(.init(target: "レセコン", status: .degraded))),
            (at(10, 9, 20), .answer(.init(question: "systems-affected", value: "電子カルテ、レセコン"))),
            (at(10, 9, 21), .answer(.init(question: "departments-affected", value: "受付、外来、会計"))),
            (at(10, 9, 22), .answer(.init(question: "patient-care-effect", value: "外来は紙運用で継続。新患の受付を一時停止。救急受入れは制限"))),
            (at(10, 9, 23), .answer(.init(question: "leak-suspected", value: "yes"))),
            (at(10, 9, 30), .contact(.init(role: "vendor:ehr", outcome: .reached))),
            (at(10, 9, 45), .answer(.init(question: "paper-operation", value: "yes"))),
            (at(10, 9, 46), .answer(.init(question: "emergency-intake", value: "limited"))),
            (at(10, 10, 0), .contact(.init(role: "mhlw", outcome: .emailSent))),
            (at(10, 10, 30), .contact(.init(role: "police", outcome: .reached, note: "サイバー犯罪相談窓口"))),
            (at(10, 11, 0), .leakAssessed(.init(answers: LeakAnswers(leak: .suspected, sensitive: true, malicious: true, people: 2300).recorded))),
            (at(10, 11, 10), .fact(.init(key: "dataItems", value: "氏名、生年月日、住所、電話番号、病名、診療記録、検査結果"))),
            (at(10, 11, 20), .fact(.init(key: "cause", value: "VPN装置の既知の脆弱性を悪用した不正アクセスとみられる（調査中）"))),
            (at(10, 11, 30), .fact(.init(key: "secondaryDamage", value: "現時点で確認されていない"))),
            (at(10, 11, 40), .fact(.init(key: "nextSteps", value: "保守業者と復旧作業中。4月13日に復旧見込みを報告します"))),
        ]
        var state: IncidentState? = nil
        for (time, body) in events {
            state = try store.append(EventDraft(occurredAt: time, actor: "山田", body: body), to: id).1
        }
        return state!
    }

    @Test(arguments: ReportKind.allCases)
    func snapshot(_ kind: ReportKind) throws { try Self.compare(kind, .ja, file: "\(kind.rawValue).txt") }

    /// The English templates, byte for byte too (Snapshots/KIND.en.txt).
    @Test(arguments: ReportKind.allCases)
    func snapshotEnglish(_ kind: ReportKind) throws { try Self.compare(kind, .en, file: "\(kind.rawValue).en.txt") }

    /// Renders `kind` of the fixture in `language` and compares it with Snapshots/`file`.
    static func compare(_ kind: ReportKind, _ language: Language, file name: String) throws {
        let state = try fixtureIncident()
        let report = try ReportTemplates().render(kind, state: state, today: today, language: language)
        let file = fixtures.appendingPathComponent("Snapshots/\(name)")
        if ProcessInfo.processInfo.environment["UPDATE_SNAPSHOTS"] != nil || !FileManager.default.fileExists(atPath: file.path) {
            try report.text.write(to: file, atomically: true, encoding: .utf8)
            Issue.record("recorded snapshot \(file.lastPathComponent): review it, then run again")
            return
        }
        let expected = try String(contentsOf: file, encoding: .utf8)
        if report.text != expected {
            Issue.record(Comment(rawValue: diff(expected: expected, actual: report.text, name: file.lastPathComponent)))
        }
    }

    @Test func fixtureMissesOnlyTrulyUnknownFacts() throws {
        let state = try Self.fixtureIncident()
        let t = ReportTemplates()
        let missing = Dictionary(uniqueKeysWithValues: t.missing(state: state, today: Self.today).map { ($0.kind, $0.missing) })
        // The 概要 is built from the record and marked 【要確認】 until `summary` is recorded (issue 20).
        #expect(missing["mhlw"] == ["summary"])
        #expect(missing["ppc-preliminary"] == ["summary", "individualsResponse", "publication", "recurrencePrevention", "other"])
        // The patient letter carries no official-only field (その他参考となる事項); its
        // explanation is the official summary marked 【要確認】 until one is written for patients.
        #expect(missing["individual-notice"] == ["patientSummary"])
        #expect(missing["police"] == ["summary", "ransomNote", "networkDisconnected", "backupStatus", "evidencePreserved", "attackerContact"])
        #expect(missing["mhlw-followup"] == [])
        #expect(missing["patient-notice"] == [])
        #expect(missing["staff-instructions"] == [])
    }

    /// A patients' text standing in as the official summary marked 【要確認】 is a
    /// gap like any other, in `status` and in the rendered report, until written.
    @Test func patientSummaryStandInIsListedUntilWritten() throws {
        var state = try Self.fixtureIncident()
        let t = ReportTemplates()
        for l in [Language.ja, .en] {
            let report = try t.render(.individualNotice, state: state, today: Self.today, language: l)
            #expect(report.missing.contains("patientSummary"), "\(l)")
        }
        let event = EventStore.makeEvent(
            id: state.id, seq: state.lastSeq + 1, previous: state.lastHash,
            draft: EventDraft(
                occurredAt: Self.at(10, 12, 0), actor: "山田",
                body: .fact(.init(key: "patientSummary", value: "電子カルテが使えなくなり、患者さんの情報が外に出たおそれがあります。"))),
            now: Self.at(10, 12, 0))
        try IncidentMachine.apply(event, to: &state)
        let after = Dictionary(uniqueKeysWithValues: t.missing(state: state, today: Self.today).map { ($0.kind, $0.missing) })
        #expect(after["individual-notice"] == [])
        #expect(after["public-notice"]?.contains("patientSummary") == false)
        #expect(try !t.render(.individualNotice, state: state, today: Self.today, language: .ja).text.contains("要確認: 患者さん"))
    }

    @Test(arguments: ReportKind.allCases)
    func emptyIncidentShowsPlaceholders(_ kind: ReportKind) throws {
        let (store, dir) = try Self.store()
        defer { try? FileManager.default.removeItem(at: dir) }
        let runbook = try RunbookCatalog().runbook(named: RunbookCatalog.defaultName)
        let (_, state) = try store.declare(summary: "画面異常", runbook: runbook, awareAt: Self.at(10, 8, 30), actor: "山田", timeZone: Self.tokyo)
        let report = try ReportTemplates().render(kind, state: state, today: Self.today, language: .ja)
        #expect(report.missing.contains("facilityName"))
        #expect(report.text.contains("【未記入: 施設名】"))
        // A built summary (quoting the declaration line) is listed until one is recorded.
        #expect(report.missing.contains("summary") == report.text.contains("発見時の状況: 「画面異常」"))
        if kind == .ppcPreliminary || kind == .ppcFinal {
            #expect(report.missing.contains("leakDecision"))
            #expect(report.text.contains("【未記入: 原因】"))
            #expect(report.missing.contains("cause"))
        }
    }

    /// The drafts' deadlines come from `LeakRules.deadlines`: the 速報 as a target even before
    /// any assessment, the 確報 with the moved due date and the unmoved day as the target.
    @Test func draftsShowTheDeadlinesAsDomainSays() throws {
        let (store, dir) = try Self.store()
        defer { try? FileManager.default.removeItem(at: dir) }
        let runbook = try RunbookCatalog().runbook(named: RunbookCatalog.defaultName)
        let (declared, unassessed) = try store.declare(
            summary: "画面異常", runbook: runbook, awareAt: Self.at(10, 8, 30), actor: "山田",
            timeZone: Self.tokyo)
        let t = ReportTemplates()
        let early = try t.render(.ppcPreliminary, state: unassessed, today: Self.today, language: .ja).text
        #expect(early.contains("速報は認知から速やかに（目安: 遅くとも 2026年4月14日（火））。"))
        #expect(early.contains("確報: 期限は漏えい等の判定の後に決まります"))
        #expect(!early.contains("〜"))
        // Special-care data without the malicious ground: day 30 is Saturday 2026-05-09.
        let (_, state) = try store.append(
            EventDraft(
                occurredAt: Self.at(10, 11, 0), actor: "山田",
                body: .leakAssessed(.init(answers: LeakAnswers(leak: .yes, sensitive: true, people: 40).recorded))), to: declared.incidentID)
        let final = try t.render(.ppcFinal, state: state, today: Self.today, language: .ja).text
        #expect(final.contains("この確報: 期限 2026年5月11日（月）（30日目の2026年5月9日が土曜のため翌開庁日）。2026年5月9日までの提出をお勧めします。"))
        let en = try t.render(.ppcPreliminary, state: state, today: Self.today, language: .en).text
        #expect(en.contains("after becoming aware, promptly (target: by 2026-04-14 (Tue) at the latest)."))
        #expect(
            en.contains(
                "Final report: due 2026-05-11 (Mon) (day 30, 2026-05-09, is a Saturday: moved to the next open day). Submitting by 2026-05-09 is recommended."))
    }

    @Test func malformedTemplateIsRejectedWithFileAndLine() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("incident-tpl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("mhlw.mustache").path
        try "第一報\n施設: {{facilityName}}\n{{#impacts}}\n・{{target}}\n{{/contactsMade}}\n".write(toFile: path, atomically: true, encoding: .utf8)
        let state = try Self.fixtureIncident()
        do {
            _ = try ReportTemplates(directory: dir.path).render(.mhlw, state: state, today: Self.today, language: .ja)
            Issue.record("a malformed template was accepted")
        } catch let IncidentError.invalidFile(problems) {
            #expect(problems.count == 1)
            #expect(problems[0].file == path)
            #expect(problems[0].line == 5)
            #expect(problems[0].column > 0)
        }
    }

    @Test func facilityTemplateReplacesTheBuiltInOne() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("incident-tpl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try "{{facilityName}} & {{publication}}\n".write(toFile: dir.appendingPathComponent("patient-notice.mustache").path, atomically: true, encoding: .utf8)
        let state = try Self.fixtureIncident()
        let t = ReportTemplates(directory: dir.path)
        let report = try t.render(.patientNotice, state: state, today: Self.today, language: .ja)
        // Plain text: no HTML escaping of "&".
        #expect(report.text == "さくら内科クリニック & 【未記入: 公表の実施状況】\n")
        #expect(report.missing == ["publication"])
        // Kinds without a file in the folder still come from the built-in templates.
        #expect(try t.render(.mhlw, state: state, today: Self.today, language: .ja).text.hasPrefix("厚生労働省への第一報"))
    }

    @Test(arguments: ReportKind.allCases)
    func englishTemplatesUseEnglishPlaceholders(_ kind: ReportKind) throws {
        let (store, dir) = try Self.store()
        defer { try? FileManager.default.removeItem(at: dir) }
        let runbook = try RunbookCatalog().runbook(named: RunbookCatalog.defaultName)
        let (_, state) = try store.declare(summary: "screens locked", runbook: runbook, awareAt: Self.at(10, 8, 30), actor: "yamada", timeZone: Self.tokyo)
        let report = try ReportTemplates().render(kind, state: state, today: Self.today, language: .en)
        #expect(report.text.contains("[MISSING: facilityName]"))
        #expect(!report.text.contains("【未記入"))
        #expect(report.text.contains("2026-04-12 (Sun)"))
        #expect(report.missing.contains("facilityName"))
    }

    /// The first differing line with context, then both texts.
    static func diff(expected: String, actual: String, name: String) -> String {
        let e = expected.components(separatedBy: "\n"), a = actual.components(separatedBy: "\n")
        var out = "snapshot \(name) differs (UPDATE_SNAPSHOTS=1 re-records after review):\n"
        for i in 0..<max(e.count, a.count) {
            let el = i < e.count ? e[i] : "<end>", al = i < a.count ? a[i] : "<end>"
            if el != al { out += "  line \(i + 1):\n  - \(el)\n  + \(al)\n" }
        }
        return out
    }
}
