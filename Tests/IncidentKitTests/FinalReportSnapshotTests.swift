import Foundation
import Testing

@testable import IncidentKit

/// The 確報 after a recorded 速報, signed by a 医療法人's operator, and the MHLW 続報
/// after the first report: each says what changed since. Compared byte for byte with
/// Fixtures/Snapshots/{ppc-final-after-preliminary,mhlw-followup-after-first}{,.en}.txt
/// (re-record with `UPDATE_SNAPSHOTS=1`, then review).
@Suite struct FinalReportSnapshotTests {
    typealias R = ReportSnapshotTests

    static let profile = """
        facility:
          name: "さくら内科クリニック"
          address: "東京都千代田区架空町1-2-3"
          phone: "03-0000-0001"
          manager: "院長 佐藤 一郎"
          operator: "医療法人さくら会"
          representative: "理事長 佐藤 太郎"
        contacts:
          - role: security-officer
            name: "鈴木 花子"
            title: "事務長"
            phone: "03-0000-0002"
            email: "suzuki@sakura-clinic.example"
        vendors:
          - id: ehr
            name: "架空メディカルシステム株式会社"
            systems: ["電子カルテ"]
        """

    static func render(_ kind: ReportKind, _ l: Language) throws -> String {
        let (store, dir) = try R.store()
        defer { try? FileManager.default.removeItem(at: dir) }
        let runbook = try RunbookCatalog().runbook(named: RunbookCatalog.defaultName)
        let (declared, _) = try store.declare(
            summary: "電子カルテが開かない", runbook: runbook, awareAt: R.at(10, 8, 30), actor: "山田",
            timeZone: R.tokyo, profile: try FacilityProfileLoader.load(text: profile, file: "p.yaml"))
        let id = declared.incidentID
        let events: [(Date, EventBody)] = [
            (R.at(10, 8, 35), .impact(.init(target: "電子カルテ", status: .down))),
            (R.at(10, 10, 0), .contact(.init(role: "mhlw", outcome: .emailSent))),
            (R.at(10, 11, 0), .leakAssessed(.init(answers: LeakAnswers(leak: .suspected, sensitive: true, malicious: true, people: 2300).recorded))),
            (R.at(10, 11, 10), .fact(.init(key: "dataItems", value: "氏名、生年月日、病名"))),
            (R.at(11, 10, 0), .submitted(.init(kind: "ppc-preliminary", channel: .form, ref: "PPC-0001"))),
            (R.at(11, 14, 0), .impact(.init(target: "電子カルテ", status: .restored))),
            (R.at(11, 15, 0), .fact(.init(key: "cause", value: "VPN装置の脆弱性を悪用した不正アクセス"))),
            (R.at(11, 16, 0), .contact(.init(role: "police", outcome: .reached, note: "被害届を提出"))),
        ]
        var state: IncidentState? = nil
        for (time, body) in events {
            state = try store.append(EventDraft(occurredAt: time, actor: "山田", body: body), to: id).1
        }
        let changes = try store.changes(of: id, after: ReportContext.changesBaseline(kind, state: state!)!)
        return try ReportTemplates().render(kind, state: state!, today: R.today, language: l, changes: changes).text
    }

    @Test(arguments: [ReportKind.ppcFinal, .mhlwFollowup], [Language.ja, .en])
    func changesSince(_ kind: ReportKind, _ l: Language) throws {
        let text = try Self.render(kind, l)
        let name = kind == .ppcFinal ? "ppc-final-after-preliminary" : "mhlw-followup-after-first"
        let file = R.fixtures.appendingPathComponent("Snapshots/\(name)\(l == .en ? ".en" : "").txt")
        if ProcessInfo.processInfo.environment["UPDATE_SNAPSHOTS"] != nil || !FileManager.default.fileExists(atPath: file.path) {
            try text.write(to: file, atomically: true, encoding: .utf8)
            Issue.record("recorded snapshot \(file.lastPathComponent): review it, then run again")
            return
        }
        let expected = try String(contentsOf: file, encoding: .utf8)
        if text != expected {
            Issue.record(Comment(rawValue: R.diff(expected: expected, actual: text, name: file.lastPathComponent)))
        }
    }

    /// Impacts read as periods, from the one aggregation: 「停止 10:05〜14:00（14:00 復旧）」.
    @Test func impactsReadAsPeriods() throws {
        func item(_ records: [(Double, EventBody.Impact.Status)]) -> ImpactPicture.Item {
            ImpactPicture(
                records: records.enumerated().map { i, r in
                    IncidentState.Record(
                        value: EventBody.Impact(target: "予約システム", status: r.1),
                        at: R.at(10, 10, 5).addingTimeInterval(r.0 * 60), seq: Int64(i + 2), actor: "山田")
                }
            ).items[0]
        }
        // Down 10:05, restored 14:00 (235 minutes later).
        #expect(ReportContext.period(item([(0, .down), (235, .restored)]), R.tokyo, .ja) == "停止 2026年4月10日（金）10:05〜14:00（14:00 復旧）")
        // Degraded, then down, then restored: each period keeps its status (issue 20, 「Periods merged」).
        #expect(
            ReportContext.period(item([(0, .degraded), (30, .down), (235, .restored)]), R.tokyo, .ja)
                == "一部停止 2026年4月10日（金）10:05〜10:35、停止 10:35〜14:00（14:00 復旧）")
        #expect(ReportContext.period(item([(0, .down)]), R.tokyo, .ja) == "停止 2026年4月10日（金）10:05〜（継続中）")
        #expect(
            ReportContext.period(item([(0, .down), (30, .degraded)]), R.tokyo, .ja)
                == "停止 2026年4月10日（金）10:05〜10:35、一部停止 10:35〜（継続中）")
        #expect(ReportContext.period(item([(0, .down), (235, .restored)]), R.tokyo, .en) == "down 2026-04-10 (Fri) 10:05 to 14:00 (restored 14:00)")
    }
}
