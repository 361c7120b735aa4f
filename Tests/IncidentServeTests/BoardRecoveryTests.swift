import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import IncidentKit
import Testing

@testable import IncidentBoard

/// Step 7 on the board: the next action's button leads to a form that does it
/// (a system's recovery stage, records entered, a measure done), and each form
/// calls one intent; the library's refusals (the evidence gate, counts,
/// measures) come back beside the field.
@Suite struct BoardRecoveryTests {
    typealias Client = any TestClientProtocol

    /// An incident without a facility profile (so no call comes before step 7's work), with `intents` recorded.
    @discardableResult
    static func incident(_ f: BoardFixture, _ intents: [Intent]) throws -> String {
        let store = try EventStore(path: f.dbPath, create: true, clock: BoardFixture.clock)
        let runbook = try RunbookCatalog().runbook(named: "initial-response")
        let (declared, _) = try store.declare(
            summary: "受付の電子カルテが開かない", runbook: runbook, awareAt: BoardFixture.t0, actor: "山田", timeZone: TimeZone(identifier: "Asia/Tokyo")!)
        let id = declared.incidentID
        let service = IncidentService(store: store, clock: BoardFixture.clock, language: .ja)
        // The first-hour calls made (step 7's work comes after them).
        // (Every vendor is no single call without a profile: the library refuses it.)
        for role in Set(runbook.steps.flatMap { $0.callees(profile: nil) }).sorted() where !Role(role).isEveryVendor {
            try service.record(.contact(role: role, outcome: .reached), on: id, by: "山田", at: nil)
        }
        #expect(service.next(of: try store.state(of: id)).code != "call")
        for intent in intents { try service.record(intent, on: id, by: "山田", at: nil) }
        return id
    }

    static func state(_ f: BoardFixture) throws -> IncidentState {
        let store = try EventStore(path: f.dbPath, create: false, clock: BoardFixture.clock)
        return try store.state(of: try store.resolveIncident(nil, fallbackToLatest: true))
    }

    static func text(_ r: TestResponse) -> String { String(buffer: r.body) }

    /// The message beside field `name` on a form page (the `field-error` span the field points at).
    static func fieldError(_ name: String, in page: String) -> String? {
        guard let start = page.range(of: "class=\"field-error\" id=\"e-\(name)-") else { return nil }
        let rest = page[start.upperBound...]
        guard let open = rest.firstIndex(of: ">"), let close = rest.range(of: "</span>") else { return nil }
        return String(rest[rest.index(after: open)..<close.lowerBound])
    }

    @Test func theNextActionRecordsAStageAndTheEvidenceGateRefusesBesideTheReason() async throws {
        let f = try BoardFixture()
        defer { f.cleanUp() }
        try Self.incident(f, [.recover(system: "電子カルテ", stage: .investigated)])
        try await f.application().test(.router) { client in
            let b = try await BoardFormTests.open(client)
            // The next action is the stage after 「調査済み」, as a button that records it.
            let board = Self.text(try await client.execute(uri: "/", method: .get, headers: b.headers))
            #expect(board.contains("action=\"/recover\""))
            #expect(board.contains("name=\"stage\" value=\"rebuilt\""))
            #expect(board.contains("「電子カルテ」を「再構築」にした"))
            let before = try BoardFormTests.events(f).count

            // No evidence yet: the library refuses, the form comes back whole, the message beside the reason.
            let refused = try await BoardFormTests.post(client, b, "/recover", BoardFormTests.who.merging(["system": "電子カルテ", "stage": "rebuilt"]) { $1 })
            #expect(refused.status == .unprocessableContent)
            let page = Self.text(refused)
            let message = try #require(Self.fieldError("reason", in: page), "\(page)")
            #expect(message.contains("「電子カルテ」の証拠がまだ登録されていない"))
            #expect(page.contains("value=\"電子カルテ\""), "what was chosen comes back")
            #expect(page.contains("<option value=\"rebuilt\" selected>"))
            #expect(page.contains("action=\"/evidence\""), "the evidence form is offered beside it")
            #expect(try BoardFormTests.events(f).count == before)

            // Evidence registered, the same stage is recorded, through the board, by the person named.
            let kept = try await BoardFormTests.post(
                client, b, "/evidence", from: "/recovery", BoardFormTests.who.merging(["system": "電子カルテ", "text": "サーバのディスクイメージ", "keptAt": "院長室金庫"]) { $1 })
            #expect(kept.status == .seeOther)
            let staged = try await BoardFormTests.post(client, b, "/recover", from: "/recovery", ["system": "電子カルテ", "stage": "rebuilt", "backup": ""])
            #expect(staged.status == .seeOther)
            #expect(staged.headers[.location] == "/")
            let events = try BoardFormTests.events(f)
            #expect(events.count == before + 2)
            #expect(events.last?.actor == "田中（受付iPhone・ボード）")
            guard case .recoveryStaged(let r) = events.last?.body else { Issue.record("not a stage: \(String(describing: events.last?.body))"); return }
            #expect(r.system == "電子カルテ")
            #expect(r.stage == .rebuilt)
            #expect(r.withoutEvidence == nil)
            let s = try Self.state(f)
            #expect(s.recovery.hasEvidence(for: "電子カルテ"))
            #expect(s.recovery.evidence.first?.value.keptAt == "院長室金庫")
            // The board moves on to the next stage.
            let next = Self.text(try await client.execute(uri: "/", method: .get, headers: b.headers))
            #expect(next.contains("name=\"stage\" value=\"restored\""))
        }
    }

    @Test func aStageGoesOnWithoutEvidenceOnlyWithAReasonRecorded() async throws {
        let f = try BoardFixture()
        defer { f.cleanUp() }
        try Self.incident(f, [.recover(system: "レセコン", stage: .isolated)])
        try await f.application(language: .ja).test(.router) { client in
            let b = try await BoardFormTests.open(client)
            let r = try await BoardFormTests.post(
                client, b, "/recover?lang=en", from: "/recovery?lang=en",
                BoardFormTests.who.merging(["system": "レセコン", "stage": "restored", "reason": "ベンダーが証拠保全済み", "offline": "yes", "backup": "12/03 夜間分"]) { $1 })
            #expect(r.status == .seeOther)
            #expect(r.headers[.location] == "/?lang=en")
            guard case .recoveryStaged(let staged) = try BoardFormTests.events(f).last?.body else { Issue.record("not a stage"); return }
            #expect(staged.withoutEvidence == "ベンダーが証拠保全済み")
            #expect(staged.backup == "12/03 夜間分")
            #expect(staged.offline == true)
            // In English, the refusal is in English beside the field.
            let refused = try await BoardFormTests.post(client, b, "/recover?lang=en", from: "/recovery?lang=en", ["system": "受付端末", "stage": "rebuilt"])
            #expect(refused.status == .unprocessableContent)
            #expect(Self.fieldError("reason", in: Self.text(refused))?.contains("No evidence is registered for &#39;受付端末&#39;") == true)
        }
    }

    @Test func recordsEnteredAreCountedAndMoreThanWaitingIsRefusedBesideTheCount() async throws {
        let f = try BoardFixture()
        defer { f.cleanUp() }
        try Self.incident(f, [.reentry(department: "外来", pending: 120)])
        try await f.application().test(.router) { client in
            let b = try await BoardFormTests.open(client)
            let board = Self.text(try await client.execute(uri: "/", method: .get, headers: b.headers))
            #expect(board.contains("action=\"/reentry\""))
            #expect(board.contains("入力した件数（待ち 120件）"))
            let entered = try await BoardFormTests.post(
                client, b, "/reentry", BoardFormTests.who.merging(["department": "外来", "mode": "entered", "count": "４０"]) { $1 })
            #expect(entered.status == .seeOther)
            #expect(try Self.state(f).recovery.departments["外来"]?.pending == 80, "full-width digits are read")

            let before = try BoardFormTests.events(f).count
            let tooMany = try await BoardFormTests.post(client, b, "/reentry", ["department": "外来", "mode": "entered", "count": "500"])
            #expect(tooMany.status == .unprocessableContent)
            #expect(Self.fieldError("count", in: Self.text(tooMany))?.contains("入力を待っている紙の記録は 80 件") == true)
            #expect(try BoardFormTests.events(f).count == before)
            // The count waiting can be set from the recovery page.
            let set = try await BoardFormTests.post(client, b, "/reentry", from: "/recovery", ["department": "病棟", "mode": "pending", "count": "30"])
            #expect(set.status == .seeOther)
            #expect(try Self.state(f).recovery.departments["病棟"]?.pending == 30)
        }
    }

    @Test func aMeasureIsAddedThenDoneOnceAndItsRefusalsAreShown() async throws {
        let f = try BoardFixture()
        defer { f.cleanUp() }
        try Self.incident(f, [])
        try await f.application().test(.router) { client in
            let b = try await BoardFormTests.open(client)
            // No owner: refused beside the owner, nothing recorded.
            let before = try BoardFormTests.events(f).count
            let noOwner = try await BoardFormTests.post(
                client, b, "/measure", from: "/recovery", BoardFormTests.who.merging(["text": "VPN装置の更新と多要素認証", "owner": " ", "due": "2026-12-20"]) { $1 })
            #expect(noOwner.status == .unprocessableContent)
            #expect(Self.fieldError("owner", in: Self.text(noOwner))?.contains("担当者") == true)
            #expect(try BoardFormTests.events(f).count == before)

            let added = try await BoardFormTests.post(
                client, b, "/measure", from: "/recovery", BoardFormTests.who.merging(["text": "VPN装置の更新と多要素認証", "owner": "田中", "due": "2026-12-20"]) { $1 })
            #expect(added.status == .seeOther)
            let m = try #require(try Self.state(f).recovery.measure(1))
            #expect(m.owner == "田中")
            #expect(m.due == Day(year: 2026, month: 12, day: 20))

            // The board's next action: this measure, a button that marks it done.
            let board = Self.text(try await client.execute(uri: "/", method: .get, headers: b.headers))
            #expect(board.contains("action=\"/measure/done\""))
            #expect(board.contains("name=\"measure\" value=\"1\""))
            let done = try await BoardFormTests.post(client, b, "/measure/done", ["measure": "1"])
            #expect(done.status == .seeOther)
            #expect(try Self.state(f).recovery.measure(1)?.isOpen == false)
            // Done twice (another form, a new key): the library refuses, the page says why.
            let again = try await BoardFormTests.post(client, b, "/measure/done", from: "/recovery", ["measure": "1"])
            #expect(again.status == .unprocessableContent)
            #expect(Self.text(again).contains("再発防止策 #1 は既に完了しています"))
        }
    }

    @Test func theRecoveryPageShowsWhereEachThingStandsInBothLanguages() async throws {
        let f = try BoardFixture()
        defer { f.cleanUp() }
        try Self.incident(
            f,
            [
                .recover(system: "電子カルテ", stage: .isolated), .addEvidence(system: "電子カルテ", text: "ログ", keptAt: "金庫"),
                .reentry(department: "外来", pending: 12), .addMeasure(text: "多要素認証", owner: "田中", due: Day(year: 2026, month: 12, day: 20)),
            ])
        try await f.application().test(.router) { client in
            let b = try await BoardFormTests.open(client)
            let r = try await client.execute(uri: "/recovery", method: .get, headers: b.headers)
            #expect(r.status == .ok)
            BoardRouteTests.expectSecurityHeaders(r)
            let ja = Self.text(r)
            for text in [
                "復旧と再発防止", "電子カルテ", "隔離", "証拠: 1件", "入力待ち 12件", "#1 多要素認証", "action=\"/recover\"", "action=\"/evidence\"", "action=\"/reentry\"",
                "action=\"/measure\"", "action=\"/measure/done\"", "type=\"date\"", "type=\"number\"",
            ] {
                #expect(ja.contains(text), "\(text)")
            }
            #expect(!ja.contains("<script>"), "no inline script")
            let en = Self.text(try await client.execute(uri: "/recovery?lang=en", method: .get, headers: b.headers))
            #expect(en.contains("Recovery and prevention"))
            #expect(en.contains("isolated"))
            #expect(en.contains("action=\"/recover?lang=en\""))
        }
    }
}
