import Foundation
import Testing

@testable import IncidentKit

/// The cyber-BCP as data: written prefilled, read with located errors, checked
/// against the MHLW BCP checklist, and shown where the response needs it.
@Suite struct BCPTests {
    static let profile = try! FacilityProfileLoader.load(
        text: """
            facility:
              name: "さくら内科クリニック"
              timeZone: Asia/Tokyo
              representative: "理事長 佐藤 太郎"
              systems: [電子カルテ, レセコン]
            contacts:
              - {role: security-officer, name: "鈴木 花子", phone: "03-0000-0002"}
              - {role: director, name: "佐藤 一郎", phone: "090-0000-0004"}
              - {role: office-manager, name: "田中 次郎", phone: "03-0000-0006"}
              - {role: mhlw, organization: "厚生労働省", phone: "03-5253-1111"}
              - {role: police, organization: "警視庁 サイバー犯罪対策課", phone: "03-3581-4321"}
            vendors:
              - {id: ehr, name: "架空メディカル", systems: [電子カルテ, レセコン], emergencyPhone: "0120-000-005"}
            """, file: "profile.yaml")

    static let ledger = try! EquipmentLedgerLoader.loadYAML(
        text: """
            devices:
              - {name: カルテサーバ, kind: server, vendor: ehr, connection: vpn, route: 保守VPN装置, systems: [電子カルテ]}
              - {name: 受付PC1, kind: terminal, vendor: ehr, systems: [レセコン]}
            backups:
              - {system: 電子カルテ, media: 外付けHDD, place: 院長室の金庫, offline: yes, generations: 7, restoredBy: 架空メディカル, vendorRestoreTime: 48時間}
              - {system: レセコン, media: NAS, offline: no, generations: 3, restoredBy: 事務長}
            """, file: "equipment.yaml"
    ).0

    /// A plan with every field the checklist asks for.
    static let complete = """
        purpose: "攻撃を受けても診療を続け、決めた順に復旧する"
        scope: "全部門"
        assumedEvents: [電子カルテが使えない]
        roles:
          decides: "院長 佐藤 一郎"
          approves: "理事長 佐藤 太郎"
          leads: "事務長 鈴木 花子"
          reportRoute: "気づいた職員 → 鈴木 → 院長"
        systems:
          - name: レセコン
            priority: 2
            targetHours: 3日
            alternative: "会計伝票に手書き"
            forms: [会計伝票]
            switchedBy: "事務長 鈴木"
            formsKeptAt: "受付の引き出し"
          - name: 電子カルテ
            priority: 1
            targetHours: 24
            alternative: "紙カルテ"
            forms: [受付簿, 問診票, 経過記録]
            switchedBy: "事務長 鈴木"
            formsKeptAt: "受付カウンター下の紙運用セット"
        continuity:
          bookedPatients: {how: "予約表の控えを見て電話する", by: "受付 山本", place: "受付の鍵付き棚"}
          prescriptions: {how: "手書きの処方箋を出し、控えを残す", by: "院長"}
          billing: {how: "後日精算", by: "事務長"}
          orders: {how: "検査依頼の用紙で外注する", by: "看護師長"}
          inpatients: {how: "該当なし"}
        evidence:
          preserve: [VPN装置のログ, 脅迫画面の写真]
          by: "事務長 鈴木"
          keptAt: "院長室の金庫"
        reentry: {how: "通し番号順に入力し入力済欄に記入", by: "事務 田中"}
        afterAction: {how: "対策を決めて周知", by: "事務長"}
        forms: [受付簿, 問診票, 経過記録, 処方箋控え, 会計伝票, 検査依頼]
        approval: {approvedOn: 2026-12-01, approvedBy: "理事長 佐藤 太郎"}

        """

    @Test func theSampleIsPrefilledFromTheProfileAndRegistersAndImportsIncomplete() throws {
        let text = BCPSample.yaml(profile: Self.profile, ledger: Self.ledger)
        // Japanese comments, the clinic's people and systems already in.
        #expect(text.contains("# サイバー攻撃を想定した事業継続計画（BCP）"))
        let plan = try BCPLoader.load(text: text, file: "bcp.yaml")
        #expect(plan.roles.decides == "院長 佐藤 一郎")
        #expect(plan.roles.approves == "理事長 佐藤 太郎")
        #expect(plan.systems.map(\.name) == ["電子カルテ", "レセコン"])
        #expect(plan.systems[0].forms == ["受付簿", "問診票", "経過記録", "処方箋控え"])
        #expect(plan.systems[0].priority == nil && plan.systems[0].targetHours == nil)
        #expect(plan.evidence.preserve.first == "カルテサーバ（VPN）のログ")
        #expect(plan.continuity.inpatients.how == "該当なし")
        #expect(text.contains("# バックアップ台帳の復旧目安: 48時間"))
        // Incomplete, so the check lists what the clinic must still decide.
        let review = BCPReview(plan: plan, profile: Self.profile, ledger: Self.ledger, checklist: try BCPChecklist.load())
        #expect(!review.complete)
        let fields = review.allGaps.map(\.field)
        #expect(fields.contains("systems[電子カルテ].priority") && fields.contains("approval.approvedOn") && fields.contains("evidence.keptAt"))
        #expect(!fields.contains("roles.decides"))
    }

    @Test func aCompletePlanPassesEveryItemAndOrdersItsSystems() throws {
        let plan = try BCPLoader.load(text: Self.complete, file: "bcp.yaml")
        let review = BCPReview(plan: plan, profile: Self.profile, ledger: Self.ledger, checklist: try BCPChecklist.load())
        #expect(review.complete, "\(review.allGaps.map(\.field))")
        #expect(plan.systemsByPriority.map(\.name) == ["電子カルテ", "レセコン"])
        #expect(plan.systemsByPriority.map(\.targetHours) == [24, 72])
        #expect(plan.system(named: "電子カルテ")?.target == TimeInterval(24 * 3600))
        #expect(plan.approval.approvedOn == Day("2026-12-01"))
        // Without the police on file, 1-2 and 5-6 are no longer complete.
        let noPolice = try FacilityProfileLoader.load(
            text: Self.profile.sourceText.replacingOccurrences(of: "  - {role: police, organization: \"警視庁 サイバー犯罪対策課\", phone: \"03-3581-4321\"}\n", with: ""),
            file: "p.yaml")
        let r2 = BCPReview(plan: plan, profile: noPolice, ledger: Self.ledger, checklist: try BCPChecklist.load())
        #expect(r2.rows.filter { !$0.complete }.map(\.item.id) == ["1-2", "5-6"])
        // No plan at all: every item says so.
        let none = BCPReview(plan: nil, profile: Self.profile, ledger: Self.ledger, checklist: try BCPChecklist.load())
        #expect(!none.complete && none.rows.allSatisfy { $0.gaps.map(\.field) == ["bcp"] })
    }

    @Test func theChecklistMarksUnconfirmedItemsAndStaysOutOfTheSelfAssessmentCatalog() throws {
        let c = try BCPChecklist.load()
        #expect(c.stages.map(\.id) == ["0", "1", "2", "3", "4", "5"])
        #expect(c.items.first { $0.id == "4-1" }?.confirmed == true)
        #expect(c.items.first { $0.id == "2-3" }?.confirmed == false)
        #expect(c.items.allSatisfy { !$0.checks.isEmpty && !$0.source.ja.isEmpty })
        #expect(try ChecklistCatalog().names() == ["mhlw-2025"])
    }

    @Test(arguments: [
        ("systems:\n  - name: 電子カルテ\n    priority: 一番\n", 3, 15, "priority"),
        ("systems:\n  - name: 電子カルテ\n    targetHours: すぐ\n", 3, 18, "targetHours"),
        ("roles:\n  decide: 院長\n", 2, 3, "decide"),
        ("approval:\n  approvedOn: 2026-13-01\n", 2, 15, "approval.approvedOn"),
        ("systems:\n  - priority: 1\n", 2, 5, "name"),
    ])
    func badValuesAreLocatedByLineAndColumn(_ text: String, _ line: Int, _ column: Int, _ word: String) throws {
        do {
            _ = try BCPLoader.load(text: text, file: "bcp.yaml")
            Issue.record("accepted \(text)")
        } catch IncidentError.invalidFile(let problems) {
            #expect(problems.count == 1)
            #expect(problems.first?.line == line && problems.first?.column == column, "\(problems)")
            #expect(problems.first?.formatted(.ja).hasPrefix("bcp.yaml:\(line):\(column): ") == true)
            #expect(problems.first?.message.ja.contains(word) == true || problems.first?.message.en.contains(word) == true)
        }
    }

    @Test func blanksAreAcceptedAsMissing() throws {
        let plan = try BCPLoader.load(text: "roles:\n  decides: \"\"\nsystems:\n  - name: 電子カルテ\n    priority:\nforms:\n", file: "bcp.yaml")
        #expect(plan.roles.decides == nil && plan.systems.first?.priority == nil && plan.forms.isEmpty)
    }

    @Test func theStoreKeepsEveryImportAndTheLatestIsCurrent() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bcp-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try EventStore(path: dir.appendingPathComponent("incident.sqlite").path, create: true, clock: .fixed(Fixture.t0))
        #expect(try BCPStore.current(in: store) == nil)
        try store.importBCP(try BCPLoader.load(text: "purpose: 一回目\n", file: "bcp.yaml"), file: "bcp.yaml")
        try store.importBCP(try BCPLoader.load(text: Self.complete, file: "bcp.yaml"), file: "bcp.yaml")
        let current = try #require(try BCPStore.current(in: store))
        #expect(current.systemsByPriority.first?.name == "電子カルテ" && current.purpose != "一回目")
        #expect(try store.currentBCPImport()?.importedAt == Fixture.t0)
    }

    @Test func stepSixNamesTheFormsPeopleAndPlacesOnlyWithABCP() throws {
        let plan = try BCPLoader.load(text: Self.complete, file: "bcp.yaml")
        let six = try #require(Fixture.runbook.step(id: "decide-bcp"))
        let lines = six.bcpLines(plan, .ja)
        #expect(lines.first == "BCP（承認 2026-12-01）で決めてあること:")
        #expect(lines.contains("  ・電子カルテ: 紙カルテ／様式: 受付簿、問診票、経過記録／指示: 事務長 鈴木／保管: 受付カウンター下の紙運用セット"))
        #expect(lines.contains("  ・予約患者さん: 予約表の控えを見て電話する（担当 受付 山本、受付の鍵付き棚）"))
        #expect(six.bcpLines(nil, .ja).isEmpty)
        let seven = try #require(Fixture.runbook.step(id: "recover"))
        let recovery = seven.bcpLines(plan, .en)
        #expect(recovery.contains("  1. 電子カルテ (target: within 24 hours)") && recovery.contains("  2. レセコン (target: within 3 days)"))
        #expect(recovery.contains("  ・VPN装置のログ"))
        // Steps without `bcp:` show nothing.
        #expect(Fixture.runbook.steps[0].bcpLines(plan, .ja).isEmpty)
    }

    @Test func theDraftsNameTheBCPWhenOneIsImportedAndReadAsBeforeOtherwise() throws {
        var f = try Fixture.open()
        try f.apply(.answer(.init(question: "paper-operation", value: "yes")), at: 5)
        let state = try #require(f.state)
        let plan = try BCPLoader.load(text: Self.complete, file: "bcp.yaml")
        let today = Day("2026-11-25")!
        let with = try ReportTemplates().render(.staffInstructions, state: state, today: today, language: .ja, bcp: plan).text
        #expect(with.contains("・電子カルテが使えない間: 紙カルテ（様式: 受付簿、問診票、経過記録／置き場所: 受付カウンター下の紙運用セット／指示: 事務長 鈴木）"))
        #expect(with.contains("・処方箋: 手書きの処方箋を出し、控えを残す（担当 院長）"))
        #expect(!with.contains("・受付: 紙の問診票と受付簿で受け付ける。"))
        let without = try ReportTemplates().render(.staffInstructions, state: state, today: today, language: .ja).text
        #expect(without.contains("・受付: 紙の問診票と受付簿で受け付ける。") && !without.contains("当院の BCP"))
        let script = try ReportTemplates().render(.inquiryScript, state: state, today: today, language: .ja, bcp: plan).text
        #expect(script.contains("→ 当院の BCP では: 予約表の控えを見て電話する（担当 受付 山本、受付の鍵付き棚）。"))
        #expect(script.contains("→ 当院の BCP では: 手書きの処方箋を出し、控えを残す（担当 院長）。"))
        let plain = try ReportTemplates().render(.inquiryScript, state: state, today: today, language: .ja).text
        #expect(plain.contains("    → 受付の責任者に確認して答えます。\n  「薬はもらえますか」\n    → 「紙の処方箋でお出ししています。"))
    }

    @Test func formsCarryASerialAndAnEnteredBoxAndCanBeReplaced() throws {
        var forms = DowntimeForms(names: ["受付簿", "会計伝票", "同意書"], facilityName: "さくら内科クリニック", language: .ja, copies: 2, firstNumber: 7)
        var html = try forms.page().html
        #expect(html.components(separatedBy: "<section class=\"page\">").count - 1 == 6)
        for serial in ["UK-0007", "UK-0008", "KD-0007", "KD-0008", "F1-0007", "F1-0008"] { #expect(html.contains("No. \(serial)")) }
        #expect(html.components(separatedBy: "<td class=\"entered\">入力済").count - 1 == 6)
        #expect(html.contains("<td class=\"formtitle\">同意書</td>"))
        // A facility's own template replaces the built-in body.
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("forms-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("forms"), withIntermediateDirectories: true)
        try "<p>当院の受付簿 {{serial}} {{facility}}</p>".write(to: dir.appendingPathComponent("forms/reception.mustache"), atomically: true, encoding: .utf8)
        forms = DowntimeForms(names: ["受付簿"], facilityName: "A&B", language: .ja, templatesDirectory: dir.path)
        html = try forms.page().html
        #expect(html.contains("<p>当院の受付簿 UK-0001 A&amp;B</p>"))
    }

    @Test func theDocumentFollowsTheTemplateOrderAndMarksGaps() throws {
        let checklist = try BCPChecklist.load()
        let full = BCPDocument(
            review: BCPReview(plan: try BCPLoader.load(text: Self.complete, file: "b"), profile: Self.profile, ledger: Self.ledger, checklist: checklist),
            profile: Self.profile, ledger: Self.ledger, language: .ja, printedAt: Fixture.t0
        ).html
        let headings = ["1. 目的・適用範囲", "2. 想定する事象", "3. 体制と役割", "4. 平時の備え", "5. 検知", "6. 初動対応", "7. 復旧", "8. 事後対応", "付録 A 連絡先", "付録 B システムとバックアップ", "付録 C 紙の様式"]
        let positions = headings.map { full.range(of: "<h2>\($0)")?.lowerBound }
        #expect(positions.allSatisfy { $0 != nil })
        #expect(positions.compactMap { $0 } == positions.compactMap { $0 }.sorted())
        #expect(full.contains("承認日 2026-12-01") && full.contains("承認者 理事長 佐藤 太郎") && !full.contains("【未記入"))
        let sample = BCPDocument(
            review: BCPReview(
                plan: try BCPLoader.load(text: BCPSample.yaml(profile: Self.profile, ledger: nil), file: "b"), profile: Self.profile, ledger: nil,
                checklist: checklist),
            profile: Self.profile, ledger: nil, language: .ja, printedAt: Fixture.t0
        ).html
        #expect(sample.contains("<span class=\"gap\">【未記入: 承認日】</span>") && sample.contains("未確定の計画です"))
    }
}
