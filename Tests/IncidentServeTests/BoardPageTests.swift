import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import IncidentKit
import Testing

@testable import IncidentBoard

/// The board's pages beyond `/` in process: guide, leak assessment, facts,
/// drafts, timeline and the peacetime checks, each against what the library
/// computes, with their forms and refusals.
@Suite struct BoardPageTests {
    static let bearer = BoardRouteTests.bearer
    static func text(_ r: TestResponse) -> String { String(buffer: r.body) }

    static func state(_ f: BoardFixture) throws -> IncidentState {
        let store = try EventStore(path: f.dbPath, create: false, clock: BoardFixture.clock)
        return try store.state(of: try store.resolveIncident(nil, fallbackToLatest: true))
    }

    @Test func everyPageCarriesTheBannerTheLinksAndNoInlineScript() async throws {
        let f = try BoardFixture()
        defer { f.cleanUp() }
        // A drill, named as `INCIDENT_ID` names it (a drill never becomes the current incident by itself).
        let id = try f.declare(drill: true)
        let board = BoardConfiguration(
            dbPath: f.dbPath, token: BoardFixture.token, listen: ListenAddress(host: "127.0.0.1", port: 80), incidentID: id, clock: BoardFixture.clock)
        try await Application(router: BoardRoutes.router(board, hosts: AcceptedHosts(board.listen))).test(.router) { client in
            for uri in ["/guide", "/leak", "/facts", "/drafts", "/drafts/mhlw", "/timeline", "/checklist", "/readiness", "/doctor"] {
                let r = try await client.execute(uri: uri, method: .get, headers: Self.bearer)
                #expect(r.status == .ok, "\(uri)")
                BoardRouteTests.expectSecurityHeaders(r)
                let html = Self.text(r)
                #expect(html.contains("ここは電子カルテではありません。患者さんの氏名・病名は書かないでください"), "\(uri)")
                #expect(html.contains("href=\"/leak\""), "\(uri) links to the other pages")
                #expect(html.contains("href=\"data:,\""), "\(uri)")
                #expect(!html.contains("<script>") && !html.contains("style=\""), "\(uri)")
                if !["/checklist", "/readiness", "/doctor"].contains(uri) { #expect(html.contains("訓練 — "), "\(uri): a drill's banner") }
                let en = Self.text(try await client.execute(uri: uri + "?lang=en", method: .get, headers: Self.bearer))
                #expect(en.contains("<html lang=\"en\">"), "\(uri)")
                #expect(en.contains("This is not the medical record system"), "\(uri)")
                #expect(en.contains("href=\"/leak?lang=en\""), "\(uri): links keep the language")
            }
            // Without the session, none of them opens.
            for uri in ["/guide", "/leak", "/drafts/mhlw/print", "/timeline.csv", "/doctor"] {
                #expect(try await client.execute(uri: uri, method: .get).status == .unauthorized, "\(uri)")
            }
        }
    }

    @Test func theGuideAsksOneThingAtATimeAndPassingOverMovesOn() async throws {
        let f = try BoardFixture()
        defer { f.cleanUp() }
        try f.declare()
        let state = try Self.state(f)
        var flow = GuideFlow(language: .ja)
        let first = flow.next(state)
        guard case .call(_, let callee, _) = first else {
            Issue.record("the started first step calls someone first: \(first)")
            return
        }
        // 「あとで」 is the terminal's Enter: the walk goes on to the next thing.
        _ = flow.decide(first, .empty)
        let second = flow.next(state)
        try await f.application().test(.router) { client in
            let html = Self.text(try await client.execute(uri: "/guide", method: .get, headers: Self.bearer))
            #expect(html.contains("手順1/7"))
            #expect(html.components(separatedBy: "<form method=\"post\"").count == 2, "one form on the page")
            #expect(html.contains("name=\"role\" value=\"\(callee.role)\""))
            #expect(html.contains("つながった（話せた）") && html.contains("出なかった"))
            let later = Self.text(try await client.execute(uri: "/guide?later=c:\(callee.role)", method: .get, headers: Self.bearer))
            #expect(!later.contains("name=\"role\" value=\"\(callee.role)\""), "the callee passed over is not asked again in this walk")
            #expect(later.contains("name=\"back\" value=\"c:\(callee.role)\""), "a write from here comes back to this walk")
            switch second {
            case .call(_, let next, _): #expect(later.contains("name=\"role\" value=\"\(next.role)\""))
            case .question(_, let q): #expect(later.contains("name=\"question\" value=\"\(q.id)\""))
            case .confirmDone: #expect(later.contains("value=\"finish\""))
            default: Issue.record("unexpected \(second)")
            }
        }
    }

    @Test func theGuidesParagraphsJoinATerminalsWrappedLines() {
        #expect(BoardViews.paragraphs("異常に\n気づいたら、操作をやめてください。\n再起動しない。") == "異常に気づいたら、操作をやめてください。\n再起動しない。")
        #expect(BoardViews.paragraphs("Stop using\nthe terminal.\nDo not reboot.") == "Stop using the terminal.\nDo not reboot.")
    }

    @Test func aWriteFromTheGuideComesBackToTheGuide() async throws {
        let f = try BoardFixture()
        defer { f.cleanUp() }
        try f.declare()
        try await f.application().test(.router) { client in
            let b = try await BoardFormTests.open(client)
            let page = Self.text(try await client.execute(uri: "/guide", method: .get, headers: b.headers))
            let role = try BoardFormTests.hidden("role", in: page)
            let r = try await BoardFormTests.post(
                client, b, "/contact", from: "/guide", BoardFormTests.who.merging(["role": role, "outcome": "no-answer", "back": "c:x"]) { $1 })
            #expect(r.status == .seeOther)
            #expect(r.headers[.location] == "/guide?later=c:x")
            let last = try #require(try BoardFormTests.events(f).last)
            guard case .contact(let c) = last.body else {
                Issue.record("not a contact: \(last.body)")
                return
            }
            #expect(c.outcome == .noAnswer)
            #expect(last.actor == "田中（受付iPhone・ボード）")
        }
    }

    @Test func theLeakPageShowsEachQuestionWithItsExplanationAndTheBasis() async throws {
        let f = try BoardFixture()
        defer { f.cleanUp() }
        try f.declare()
        try await f.application().test(.router) { client in
            for l in [Language.ja, .en] {
                let html = Self.text(try await client.execute(uri: "/leak" + (l == .en ? "?lang=en" : ""), method: .get, headers: Self.bearer))
                for q in LeakQuestion.all {
                    #expect(html.contains(BoardRouteTests.escaped(q.prompt(l))), "\(q.id) \(l)")
                    #expect(html.contains(BoardRouteTests.escaped(q.help(l))), "the explanation of \(q.id) \(l)")
                    #expect(html.contains("name=\"\(q.id)\""))
                }
                #expect(html.contains("name=\"basis\""))
                #expect(html.contains(BoardRouteTests.escaped(BoardText.of(l).page.leakNone)))
            }
        }
    }

    @Test func aLeakAssessmentIsRecordedWithItsBasisAndARefusalKeepsWhatWasTyped() async throws {
        let f = try BoardFixture()
        defer { f.cleanUp() }
        try f.declare()
        try await f.application().test(.router) { client in
            let b = try await BoardFormTests.open(client)
            // "yes" needs every answer: refused, the typed values kept, the error above the form.
            let refused = try await BoardFormTests.post(
                client, b, "/leak", from: "/leak", BoardFormTests.who.merging(["leak": "yes", "basis": "ログ未確認"]) { $1 })
            #expect(refused.status == .unprocessableContent)
            let again = Self.text(refused)
            #expect(again.contains("class=\"form-error\""))
            #expect(again.contains("<option value=\"yes\" selected>"))
            #expect(again.contains(">ログ未確認</textarea>"))
            // A bad count is said beside its own field.
            let badCount = try await BoardFormTests.post(
                client, b, "/leak", from: "/leak",
                BoardFormTests.who.merging([
                    "leak": "suspected", "sensitive": "yes", "financial": "no", "malicious": "yes", "people": "たくさん", "encrypted": "no",
                ]) { $1 })
            #expect(badCount.status == .unprocessableContent)
            #expect(Self.text(badCount).contains("aria-invalid=\"true\""))
            #expect(try BoardFormTests.events(f).allSatisfy { $0.kind != .leakAssessed })
            let r = try await BoardFormTests.post(
                client, b, "/leak", from: "/leak",
                BoardFormTests.who.merging([
                    "leak": "suspected", "sensitive": "yes", "financial": "no", "malicious": "yes", "people": "約2,300", "encrypted": "no",
                    "basis": "保守業者がログを確認中", "note": "",
                ]) { $1 })
            #expect(r.status == .seeOther)
            let last = try #require(try BoardFormTests.events(f).last)
            guard case .leakAssessed(let a) = last.body else {
                Issue.record("not an assessment: \(last.body)")
                return
            }
            #expect(a.answers["people"] == "2300")
            #expect(a.peopleApproximate == true)
            #expect(a.basis == "保守業者がログを確認中")
            let page = Self.text(try await client.execute(uri: "/leak", method: .get, headers: b.headers))
            #expect(page.contains("個人情報保護委員会への報告が必要です。"))
            #expect(page.contains("速報の期限: "))
        }
    }

    @Test func aFactIsRecordedAndShown() async throws {
        let f = try BoardFixture()
        defer { f.cleanUp() }
        try f.declare()
        let field = try #require(ReportField.field("contactName"))
        try await f.application().test(.router) { client in
            let b = try await BoardFormTests.open(client)
            let before = Self.text(try await client.execute(uri: "/facts", method: .get, headers: b.headers))
            #expect(before.contains(BoardRouteTests.escaped(field.help(.ja))), "what each fact means")
            let refused = try await BoardFormTests.post(
                client, b, "/fact", from: "/facts", BoardFormTests.who.merging(["fact": "nonsense", "value": "x"]) { $1 })
            #expect(refused.status == .unprocessableContent)
            let r = try await BoardFormTests.post(
                client, b, "/fact", from: "/facts", BoardFormTests.who.merging(["fact": "contactName", "value": "事務長 鈴木"]) { $1 })
            #expect(r.status == .seeOther)
            #expect(try Self.state(f).facts["contactName"]?.value == "事務長 鈴木")
            let after = Self.text(try await client.execute(uri: "/facts", method: .get, headers: b.headers))
            #expect(after.contains("事務長 鈴木"))
        }
    }

    @Test func everyDraftIsTheLibrarysAndSaysDraft() async throws {
        let f = try BoardFixture()
        defer { f.cleanUp() }
        let id = try f.declare()
        let store = try EventStore(path: f.dbPath, create: false, clock: BoardFixture.clock)
        let service = IncidentService(store: store, clock: BoardFixture.clock, language: .ja)
        try await f.application().test(.router) { client in
            let list = Self.text(try await client.execute(uri: "/drafts", method: .get, headers: Self.bearer))
            for kind in ReportKind.allCases {
                #expect(list.contains("href=\"/drafts/\(kind.rawValue)\""), "\(kind)")
                let (report, _) = try service.draft(kind, of: id)
                let r = try await client.execute(uri: "/drafts/\(kind.rawValue)", method: .get, headers: Self.bearer)
                #expect(r.status == .ok)
                let html = Self.text(r)
                #expect(html.contains("下書き"), "\(kind)")
                #expect(html.contains(">" + BoardRouteTests.escaped(report.text) + "</textarea>"), "\(kind): the library's text, to copy")
                let print = try await client.execute(uri: "/drafts/\(kind.rawValue)/print", method: .get, headers: Self.bearer)
                #expect(print.status == .ok)
                #expect(print.headers[HTTPField.Name("Content-Security-Policy")!] == SecurityHeadersMiddleware<BoardRequestContext>.printPolicy)
                let page = Self.text(print)
                if kind == .patientNotice {
                    // The waiting-room poster is printed as it will hang: its own heading, no draft title.
                    #expect(page.contains("class=\"poster\""))
                } else {
                    #expect(page.contains("下書き: " + kind.title(.ja)), "\(kind)")
                }
                #expect(!page.contains("<script"))
                #expect(print.headers[HTTPField.Name("Content-Disposition")!] == nil, "shown, never downloaded unless asked")
            }
            let en = Self.text(try await client.execute(uri: "/drafts/mhlw?lang=en", method: .get, headers: Self.bearer))
            #expect(en.contains("DRAFT (下書き)"))
            #expect(try await client.execute(uri: "/drafts/nonsense", method: .get, headers: Self.bearer).status == .notFound)
        }
    }

    @Test func theTimelineFiltersPrintsAndDownloadsTheCLIsCSV() async throws {
        let f = try BoardFixture()
        defer { f.cleanUp() }
        let id = try f.declare()
        let store = try EventStore(path: f.dbPath, create: false, clock: BoardFixture.clock)
        var csvText = ""
        try IncidentService(store: store, clock: BoardFixture.clock, language: .ja).timeline(of: id, format: .csv) { csvText += $0 }
        let expected = csvText
        try await f.application().test(.router) { client in
            let all = Self.text(try await client.execute(uri: "/timeline", method: .get, headers: Self.bearer))
            #expect(all.contains("3台で身代金要求画面 &lt;b&gt;") && all.contains("電子カルテ"))
            #expect(all.contains("4 件中 4 件"))
            let notes = Self.text(try await client.execute(uri: "/timeline?kind=note", method: .get, headers: Self.bearer))
            #expect(notes.contains("3台で身代金要求画面"))
            #expect(!notes.contains("<span class=\"kind\">[\(EventDescription.label(.impact, .ja))]"))
            #expect(notes.contains("<option value=\"note\" selected>"))
            let text = Self.text(try await client.execute(uri: "/timeline?q=%E8%BA%AB%E4%BB%A3%E9%87%91", method: .get, headers: Self.bearer))
            #expect(text.contains("4 件中 1 件"))
            let csv = try await client.execute(uri: "/timeline.csv", method: .get, headers: Self.bearer)
            #expect(csv.status == .ok)
            #expect(Array(csv.body.readableBytesView) == Array(expected.utf8), "byte for byte the CLI's CSV")
            #expect(Array(csv.body.readableBytesView.prefix(3)) == [0xEF, 0xBB, 0xBF], "with the BOM Excel needs")
            #expect(csv.headers[HTTPField.Name("Content-Disposition")!]?.hasPrefix("attachment;") == true)
            let print = try await client.execute(uri: "/timeline/print", method: .get, headers: Self.bearer)
            #expect(Self.text(print).contains("時系列 \(id)"))
        }
    }

    @Test func thePeacetimePagesShowWhatTheLibraryFinds() async throws {
        let f = try BoardFixture()
        defer { f.cleanUp() }
        try await f.application().test(.router) { client in
            // No store yet: the checklist is unanswered and the contacts check asks for a profile.
            let checklist = Self.text(try await client.execute(uri: "/checklist", method: .get, headers: Self.bearer))
            let list = try ChecklistCatalog().checklist()
            #expect(checklist.contains("回答済み 0 / \(list.items.count)"))
            #expect(checklist.contains(BoardRouteTests.escaped(list.items[0].text(.ja))))
            let doctor = Self.text(try await client.execute(uri: "/doctor", method: .get, headers: Self.bearer))
            #expect(
                doctor.contains(
                    BoardRouteTests.escaped(Readiness.check(profile: nil, runbook: try RunbookCatalog().runbook(named: "initial-response"))[0].message(.ja))))
            let readiness = Self.text(try await client.execute(uri: "/readiness?lang=en", method: .get, headers: Self.bearer))
            #expect(readiness.contains("Peacetime readiness"))
            #expect(readiness.contains("0 of \(list.items.count) answered"))
        }
        try f.declare()
        try await f.application().test(.router) { client in
            let profile = try EventStore(path: f.dbPath, create: false).currentProfile()
            let findings = Readiness.check(profile: profile, runbook: try RunbookCatalog().runbook(named: "initial-response"))
            let doctor = Self.text(try await client.execute(uri: "/doctor", method: .get, headers: Self.bearer))
            for finding in findings { #expect(doctor.contains(BoardRouteTests.escaped(finding.message(.ja)))) }
            if findings.isEmpty { #expect(doctor.contains("準備よし")) }
        }
    }

    @Test func theBoardsLatestEventsAreTheTimelinesTailReadFromTheEnd() throws {
        let f = try BoardFixture()
        defer { f.cleanUp() }
        let id = try f.declare()
        let store = try EventStore(path: f.dbPath, create: false, clock: BoardFixture.clock)
        // A back-dated note: its place in the timeline is not its place in the log.
        try store.append(EventDraft(occurredAt: BoardFixture.t0.addingTimeInterval(60), actor: "山田", body: .note(.init(text: "あとから記録"))), to: id)
        for i in 0..<12 {
            try store.append(
                EventDraft(occurredAt: BoardFixture.t0.addingTimeInterval(1000 + Double(i)), actor: "山田", body: .note(.init(text: "記録\(i)"))), to: id)
        }
        var timeline: [Int64] = []
        try store.forEachEventInTimelineOrder(of: id) { _, e in timeline.append(e.seq) }
        let reader = BoardReader(configuration: f.configuration())
        for count in [0, 1, 3, 10, 100] {
            #expect(try reader.latestEvents(store, id, count: count).map(\.seq) == Array(timeline.suffix(count)), "\(count)")
        }
        #expect(try store.latestEventsInTimelineOrder(of: id, count: 20).first?.seq == timeline.first, "the back-dated note in its timeline place")
    }
}
