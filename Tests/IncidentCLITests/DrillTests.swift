import Foundation
import Testing

/// Drills end to end: scenarios played at high speed on a driven clock, drill
/// and real records kept apart, and the review's figures against known times.
@Suite struct DrillTests {
    /// 08:50 in Tokyo on Wednesday 2026-11-25.
    static let base = ISO8601DateFormatter().date(from: "2026-11-24T23:50:00Z")!

    /// A CLI whose clock reads `base + seconds`.
    static func at(_ cli: CLI, _ seconds: Double) -> CLI {
        var c = cli
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        c.environment["INCIDENT_TEST_NOW"] = f.string(from: base.addingTimeInterval(seconds))
        return c
    }

    static func start(_ cli: CLI, _ scenario: String, speed: String) throws -> String {
        let r = try at(cli, 0).run(["drill", "start", scenario, "--speed", speed, "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let id = try #require((try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: String])?["id"])
        return id
    }

    static func ok(_ cli: CLI, _ seconds: Double, _ args: [String]) throws {
        let r = try at(cli, seconds).run(args)
        #expect(r.status == 0, "\(args): \(r.stderr)")
    }

    static func review(_ cli: CLI, _ seconds: Double, _ id: String) throws -> [String: Any] {
        let r = try at(cli, seconds).run(["drill", "review", "--incident", id, "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    }

    static func targets(_ review: [String: Any]) -> [String: [String: Any]] {
        Dictionary(uniqueKeysWithValues: ((review["targets"] as? [[String: Any]]) ?? []).map { ($0["id"] as! String, $0) })
    }

    @Test func theReviewMeasuresAScriptedRunOnTheScenarioClock() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        // Speed 2: one real minute is two scenario minutes.
        let id = try Self.start(cli, "reception-ransomware", speed: "2")
        #expect(id == "DRILL-20261125-1")
        let d = ["--incident", id]
        try Self.ok(cli, 180, ["contact", "security-officer", "--outcome", "no-answer"] + d)  // +6
        try Self.ok(cli, 240, ["answer", "network-disconnected", "yes"] + d)  // +8
        try Self.ok(cli, 360, ["contact", "security-officer", "--outcome", "reached"] + d)  // +12
        try Self.ok(cli, 540, ["contact", "vendor:emr", "--outcome", "message-left"] + d)  // +18
        try Self.ok(
            cli, 600,
            [
                "leak", "assess", "--leak", "suspected", "--sensitive", "yes", "--malicious", "yes",
                "--financial", "no", "--people", "300", "--encrypted", "no",
            ] + d)  // +20
        try Self.ok(cli, 1200, ["contact", "mhlw", "--outcome", "email-sent"] + d)  // +40, late
        try Self.ok(cli, 1230, ["drill", "note", "代理の連絡先を連絡表に書く"] + d)
        try Self.ok(cli, 1260, ["drill", "end"] + d)  // +42

        let review = try Self.review(cli, 1300, id)
        #expect(review["drill"] as? Bool == true)
        #expect(review["speed"] as? Double == 2)
        let t = Self.targets(review)
        #expect(t["disconnect"]?["achievedMinute"] as? Double == 8)
        #expect(t["disconnect"]?["met"] as? Bool == true)
        #expect(t["responsible-reached"]?["achievedMinute"] as? Double == 12)
        #expect(t["responsible-reached"]?["met"] as? Bool == true)
        #expect(t["vendor-called"]?["achievedMinute"] as? Double == 18)
        #expect(t["vendor-called"]?["met"] as? Bool == true)
        #expect(t["leak-decision"]?["achievedMinute"] as? Double == 20)
        #expect(t["mhlw-contacted"]?["achievedMinute"] as? Double == 40)
        #expect(t["mhlw-contacted"]?["met"] as? Bool == false)
        #expect(t["paper-operation"]?["achievedMinute"] == nil)
        #expect(t["paper-operation"]?["met"] as? Bool == false)
        let contacts = try #require(review["contacts"] as? [[String: Any]])
        let officer = try #require(contacts.first { $0["role"] as? String == "security-officer" })
        #expect(officer["attempts"] as? Int == 2)
        #expect(officer["firstAttemptMinute"] as? Double == 6)
        #expect(officer["reachedMinute"] as? Double == 12)
        #expect(review["leakDecisionMinute"] as? Double == 20)
        #expect(review["improvements"] as? [String] == ["代理の連絡先を連絡表に書く"])
        let questions = try #require(review["questions"] as? [String])
        #expect(questions.contains { $0.contains("紙運用への切り替えを決める") })
        #expect(questions.contains { $0.contains("厚生労働省に連絡する") && $0.contains("目標時間") })

        // The Markdown says the same, in Japanese.
        let md = try Self.at(cli, 1300).run(["drill", "review", "--incident", id])
        #expect(md.status == 0, "\(md.stderr)")
        #expect(md.stdout.contains("訓練 / EXERCISE"))
        #expect(md.stdout.contains("| 医療情報システム安全管理責任者に連絡がつく | 15分以内 | +00:12 | 達成 |"))
        #expect(md.stdout.contains("| 厚生労働省に連絡する | 30分以内 | +00:40 | 未達（時間超過） |"))
        #expect(md.stdout.contains("- 代理の連絡先を連絡表に書く"))
        // And the printable page marks both of its pages.
        let html = try Self.at(cli, 1300).run(["drill", "review", "--incident", id, "--out", "review.html"])
        #expect(html.status == 0, "\(html.stderr)")
        let page = try String(contentsOf: cli.directory.appendingPathComponent("review.html"), encoding: .utf8)
        #expect(page.components(separatedBy: "<section class=\"page\">").count - 1 == 2)
        #expect(page.components(separatedBy: "<p class=\"exercise\">").count - 1 == 2)
    }

    @Test func injectsAppearWhenDueOnTheScenarioClock() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let id = try Self.start(cli, "reception-ransomware", speed: "10")
        // 30 real seconds at speed 10 = scenario +5:00: the first two cards.
        var r = try Self.at(cli, 30).run(["drill", "next", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        var next = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect((next["due"] as? [Any])?.count == 2)
        #expect((next["next"] as? [String: Any])?["at"] as? String == "+00:10")
        r = try Self.at(cli, 29).run(["drill", "next", "--json"])
        next = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect((next["due"] as? [Any])?.count == 1)
        // status and guide show the cards already due.
        r = try Self.at(cli, 61).run(["status", "--incident", id])
        #expect(r.stdout.contains("【訓練 / EXERCISE】"))
        #expect(r.stdout.contains("+00:10  医療情報システム安全管理責任者は電話に出ない"))
        #expect(!r.stdout.contains("+00:15"))
        let status = try #require(
            try JSONSerialization.jsonObject(with: Data(try Self.at(cli, 61).run(["status", "--json", "--incident", id]).stdout.utf8)) as? [String: Any])
        let drill = try #require(status["drill"] as? [String: Any])
        #expect(drill["minute"] as? Double == 10 + 1.0 / 6)
        #expect(drill["due"] as? [String] == ["+00:00", "+00:05", "+00:10"])
        #expect(drill["next"] as? String == "+00:15")
        r = try Self.at(cli, 61).run(["guide", "--incident", id])
        #expect(r.stdout.contains("+00:05  受付の2台目にも同じ画面が出た。"))
    }

    @Test func drillAndRealRecordsNeverMix() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let drill = try Self.start(cli, "vpn-weekend-leak", speed: "1")
        #expect(drill.hasPrefix("DRILL-"))
        // Only a drill is open: commands without --incident find no incident.
        var r = try Self.at(cli, 10).run(["log", "テスト"])
        #expect(r.status == 1)
        r = try Self.at(cli, 10).run(["status"])
        #expect(r.status == 1)
        // A real incident declared beside it is INC-…, numbered on its own, and the current one.
        r = try Self.at(cli, 20).run(["declare", "本当の障害", "--json"])
        let real = try #require((try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: String])?["id"])
        #expect(real == "INC-20261125-1")
        // Both open: a command without --incident is refused, naming both, even though
        // the declaration made the real one current; naming it settles it.
        let refused = try Self.at(cli, 30).run(["log", "実際の記録"])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains(real) && refused.stderr.contains(drill))
        #expect(try Self.at(cli, 30).run(["log", "実際の記録", "--incident", real]).status == 0)
        let status = try #require(
            try JSONSerialization.jsonObject(with: Data(try Self.at(cli, 30).run(["status", "--json", "--incident", real]).stdout.utf8)) as? [String: Any])
        #expect(status["id"] as? String == real)
        #expect(status["drill"] == nil)
        // list shows drills only with --drills.
        r = try Self.at(cli, 30).run(["list"])
        #expect(r.stdout.contains(real) && !r.stdout.contains("DRILL-"))
        r = try Self.at(cli, 30).run(["list", "--drills"])
        #expect(r.stdout.contains(real) && r.stdout.contains(drill))
        // drill commands never act on the real incident.
        r = try Self.at(cli, 30).run(["drill", "note", "x", "--incident", real])
        #expect(r.status == 1)
        #expect(r.stderr.contains("訓練ではありません"))
        r = try Self.at(cli, 30).run(["drill", "end", "--incident", real])
        #expect(r.status == 1)
        // Every report of the drill says 訓練 at head and foot; the real one never does.
        let kinds = try #require(
            try JSONSerialization.jsonObject(with: Data(try Self.at(cli, 30).run(["report", "--list", "--json"]).stdout.utf8)) as? [[String: Any]])
        #expect(kinds.count >= 6)
        for kind in kinds.compactMap({ $0["kind"] as? String }) {
            let d = try Self.at(cli, 40).run(["report", kind, "--incident", drill])
            #expect(d.status == 0, "\(kind): \(d.stderr)")
            #expect(d.stdout.hasPrefix("【訓練 / EXERCISE】"), "\(kind)")
            #expect(d.stdout.trimmingCharacters(in: .newlines).hasSuffix("実際に提出しないでください。"), "\(kind)")
            let i = try Self.at(cli, 40).run(["report", kind, "--incident", real])
            #expect(!i.stdout.contains("訓練"), "\(kind)")
        }
        // Prints: every page of the drill's is marked, none of the real one's.
        for what in [["timeline"], ["report", "mhlw"], ["cards"]] {
            let name = "drill-\(what.joined(separator: "-")).html"
            r = try Self.at(cli, 40).run(["print"] + what + ["--out", name, "--incident", drill])
            #expect(r.status == 0, "\(what): \(r.stderr)")
            let html = try String(contentsOf: cli.directory.appendingPathComponent(name), encoding: .utf8)
            let pages = html.components(separatedBy: "<section class=\"page\">").count - 1
            #expect(pages >= 1)
            #expect(html.components(separatedBy: "<p class=\"exercise\">").count - 1 == pages, "\(what)")
            let realName = "real-\(what.joined(separator: "-")).html"
            r = try Self.at(cli, 40).run(["print"] + what + ["--out", realName, "--incident", real])
            let realHTML = try String(contentsOf: cli.directory.appendingPathComponent(realName), encoding: .utf8)
            #expect(!realHTML.contains("class=\"exercise\""), "\(what)")
        }
        // Every event of the drill belongs to the drill: its log holds no real entry.
        let timeline = try #require(
            try JSONSerialization.jsonObject(with: Data(try Self.at(cli, 40).run(["timeline", "--format", "json", "--incident", drill]).stdout.utf8))
                as? [[String: Any]])
        #expect(!timeline.contains { ($0["text"] as? String)?.contains("実際の記録") == true })
        // Both chains verify.
        r = try Self.at(cli, 40).run(["verify", "--all"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains(drill))
    }

    /// Plays a shipped scenario: records each inject's implied answers when it is
    /// due, then does what each target asks within its time, and closes.
    func play(_ scenario: String, speed: Double) throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let id = try Self.start(cli, scenario, speed: String(Int(speed)))
        let d = ["--incident", id]
        let sheet = try #require(
            try JSONSerialization.jsonObject(with: Data(try Self.at(cli, 3600).run(["drill", "next", "--json"] + d).stdout.utf8)) as? [String: Any])
        let cards = try #require(sheet["due"] as? [[String: Any]])
        #expect(!cards.isEmpty)
        var t = 1.0
        for card in cards {
            let at = card["at"] as! String
            let minutes = Double(Int(at.dropFirst().prefix(2))! * 60 + Int(at.suffix(2))!)
            t = max(t, minutes * 60 / speed + 1)
            for (q, v) in (card["answers"] as? [String: String] ?? [:]).sorted(by: { $0.key < $1.key }) {
                try Self.ok(cli, t, ["answer", q, v] + d)
            }
        }
        // The players' actions, right after the cards (real seconds at high speed are scenario minutes).
        var s = 2.0
        func act(_ args: [String]) throws { try Self.ok(cli, s, args + d); s += 1 }
        try act(["answer", "network-disconnected", "yes"])
        try act(["contact", "security-officer", "--outcome", "reached"])
        try act(["contact", "vendor:emr", "--outcome", "reached"])
        try act(["answer", "paper-operation", "yes"])
        // The BCP drill asks for step 6 (how care continues) to be settled.
        if scenario == "bcp-paper-operation" { try act(["step", "done", "6"]) }
        if scenario != "ehr-outage-not-attack" {
            try act(["contact", "mhlw", "--outcome", "reached"])
            try act(["contact", "police", "--outcome", "reached"])
            try act([
                "leak", "assess", "--leak", "suspected", "--sensitive", "yes", "--malicious", "yes", "--financial", "no", "--people", "100", "--encrypted",
                "no",
            ])
        }
        // The end: the "no" path closes properly with every mandatory step done.
        s = max(s, t + 1)
        let status = try #require(
            try JSONSerialization.jsonObject(with: Data(try Self.at(cli, s).run(["status", "--json"] + d).stdout.utf8)) as? [String: Any])
        if scenario == "ehr-outage-not-attack" {
            for step in (status["steps"] as? [[String: Any]] ?? []) where step["mandatory"] as? Bool == true {
                try act(["step", "done", String(step["number"] as! Int)])
            }
            try act(["close"])
            let mhlw = (status["steps"] as? [[String: Any]] ?? []).first { $0["id"] as? String == "report-mhlw" }
            #expect(mhlw?["mandatory"] as? Bool == false)
        } else {
            try act(["drill", "end"])
        }
        let review = try Self.review(cli, s, id)
        for (name, target) in Self.targets(review) {
            #expect(target["met"] as? Bool == true, "\(scenario): \(name) \(target)")
        }
        #expect((review["targets"] as? [Any])?.isEmpty == false)
        // Nothing leaked into the real list.
        #expect(!(try Self.at(cli, s).run(["list"]).stdout.contains(id)))
    }

    @Test func receptionRansomwarePlaysToTheEnd() throws { try play("reception-ransomware", speed: 60) }
    @Test func vpnWeekendLeakPlaysToTheEnd() throws { try play("vpn-weekend-leak", speed: 60) }
    @Test func ehrOutageTakesTheNoPathToClosing() throws { try play("ehr-outage-not-attack", speed: 60) }
    @Test func bcpPaperOperationPlaysToTheEnd() throws { try play("bcp-paper-operation", speed: 60) }

    @Test func scenariosAreListedAndPrinted() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let list = try #require(try cli.json("drill", "list") as? [[String: Any]])
        #expect(
            list.compactMap { $0["name"] as? String } == [
                "bcp-paper-operation", "ehr-outage-not-attack", "reception-ransomware", "vpn-weekend-leak", "ward-night-nurse-call",
            ])
        let r = try cli("drill", "print", "reception-ransomware", "--out", "pack.html")
        #expect(r.status == 0, "\(r.stderr)")
        let html = try String(contentsOf: cli.directory.appendingPathComponent("pack.html"), encoding: .utf8)
        // Facilitator's sheet, six cards, review sheet: every page marked.
        #expect(html.components(separatedBy: "<section class=\"page\">").count - 1 == 8)
        #expect(html.components(separatedBy: "<p class=\"exercise\">").count - 1 == 8)
        #expect(html.contains("進行役シート"))
        #expect(html.contains("状況カード 2/6"))
        #expect(html.contains("振り返り用紙"))
        // No store is needed, and none is made.
        #expect(!FileManager.default.fileExists(atPath: cli.dbPath))

        // A facility's own folder (INCIDENT_SCENARIOS) replaces the built-in scenarios.
        let dir = cli.directory.appendingPathComponent("own")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Scenarios/vpn-weekend-leak.yaml")
        try FileManager.default.copyItem(at: source, to: dir.appendingPathComponent("our-vpn.yaml"))
        var own = cli
        own.environment["INCIDENT_SCENARIOS"] = dir.path
        let ours = try #require(try own.json("drill", "list") as? [[String: Any]])
        #expect(ours.compactMap { $0["name"] as? String } == ["our-vpn"])
    }

    @Test func aBrokenScenarioIsReportedWithItsPlace() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let dir = cli.directory.appendingPathComponent("scen")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try """
        title: {ja: "試験", en: "Test"}
        premise: {ja: "前提", en: "Premise"}
        summary: {ja: "概要", en: "Summary"}
        facilitator: {ja: "メモ", en: "Notes"}
        start: {weekday: someday, time: "25:00"}
        injects:
          - at: "00:05"
            text: {ja: "a", en: "a"}
            answers: {no-such-question: "yes", attack-suspected: "perhaps"}
        targets:
          - id: t1
            title: {ja: "x", en: "x"}
            contact: security-officer
            signal: paperOperation
        """.write(to: dir.appendingPathComponent("broken.yaml"), atomically: true, encoding: .utf8)
        let r = try cli("drill", "start", "broken", "--scenarios", dir.path)
        #expect(r.status == 1)
        let path = dir.appendingPathComponent("broken.yaml").path
        #expect(r.stderr.contains("\(path):5:"))  // weekday and time
        #expect(r.stderr.contains("\(path):7:"))  // offset without +
        #expect(r.stderr.contains("\(path):9:"))  // unknown question, bad value
        #expect(r.stderr.contains("no-such-question"))
        #expect(r.stderr.contains("perhaps"))
        #expect(r.stderr.contains("\(path):11:"))  // two expectations
        #expect(!FileManager.default.fileExists(atPath: cli.dbPath))
        // A name is never a path.
        #expect(try cli("drill", "start", "../etc/passwd").status == 1)
        #expect(try cli("drill", "start", "reception-ransomware", "--speed", "0").status == 64)
    }

    @Test func aRealIncidentGetsTheSameMeasuresInRealMinutes() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        // Declared at 08:50 Tokyo; the clock reads 09:50.
        try Self.ok(cli, 3600, ["declare", "受付端末に脅迫画面", "--at", "2026-11-25 08:50"])
        try Self.ok(cli, 3600, ["contact", "security-officer", "--outcome", "no-answer", "--at", "2026-11-25 08:57"])
        try Self.ok(cli, 3600, ["contact", "security-officer", "--outcome", "reached", "--at", "2026-11-25 09:04"])
        try Self.ok(cli, 3600, ["step", "done", "1", "--at", "2026-11-25 09:00"])
        try Self.ok(cli, 3600, ["contact", "mhlw", "--outcome", "email-sent", "--at", "2026-11-25 09:35"])
        try Self.ok(cli, 3600, ["step", "skip", "4", "--reason", "業者は翌朝", "--at", "2026-11-25 09:20"])
        try Self.ok(
            cli, 3600,
            [
                "leak", "assess", "--leak", "suspected", "--sensitive", "yes", "--malicious", "yes",
                "--financial", "no", "--people", "10", "--encrypted", "no", "--at", "2026-11-25 09:41",
            ])
        try Self.ok(cli, 3600, ["submit", "ppc-preliminary", "--channel", "form", "--at", "2026-11-25 09:46"])
        try Self.ok(cli, 3600, ["answer", "attack-suspected", "yes", "--at", "2026-11-25 09:47"])
        let r = try Self.at(cli, 3600).run(["review", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let review = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(review["drill"] as? Bool == false)
        #expect(review["speed"] as? Double == 1)
        #expect((review["targets"] as? [Any])?.isEmpty == true)
        let contacts = try #require(review["contacts"] as? [[String: Any]])
        #expect(contacts.first { $0["role"] as? String == "security-officer" }?["firstAttemptMinute"] as? Double == 7)
        #expect(contacts.first { $0["role"] as? String == "security-officer" }?["reachedMinute"] as? Double == 14)
        #expect(contacts.first { $0["role"] as? String == "mhlw" }?["firstAttemptMinute"] as? Double == 45)
        #expect(review["leakDecisionMinute"] as? Double == 51)
        // Time to each report or notice: the ministry settled by the e-mail at +45, the 速報 submitted at +56.
        let obligations = Dictionary(uniqueKeysWithValues: try #require(review["obligations"] as? [[String: Any]]).map { ($0["kind"] as! String, $0) })
        #expect(obligations["mhlw"]?["submittedMinute"] as? Double == 45)
        #expect(obligations["ppc-preliminary"]?["submittedMinute"] as? Double == 56)
        #expect(obligations["ppc-preliminary"]?["due"] as? String == "2026-11-29")
        #expect(obligations["ppc-final"]?["submittedMinute"] == nil)
        let steps = try #require(review["steps"] as? [[String: Any]])
        #expect(steps.first { $0["number"] as? Int == 1 }?["finishedMinute"] as? Double == 10)
        #expect((review["skipped"] as? [String])?.contains { $0.contains("業者は翌朝") } == true)
        let md = try Self.at(cli, 3600).run(["review"])
        #expect(md.stdout.contains("- 厚生労働省への連絡: 最初の試み +00:45、つながった —"))
        #expect(!md.stdout.contains("訓練 / EXERCISE"))
        // drill review never shows a real incident.
        #expect(try Self.at(cli, 3600).run(["drill", "review"]).status == 1)
    }

    @Test func aDrillTimelineAndExportSayExercise() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let id = try Self.start(cli, "ehr-outage-not-attack", speed: "1")
        var r = try Self.at(cli, 60).run(["timeline", "--incident", id])
        #expect(r.stdout.hasPrefix("【訓練 / EXERCISE】"))
        r = try Self.at(cli, 60).run(["timeline", "--format", "markdown", "--incident", id])
        #expect(r.stdout.hasPrefix("> **訓練 / EXERCISE**"))
        r = try Self.at(cli, 60).run(["export", "--out", "bundle", "--incident", id])
        #expect(r.status == 0, "\(r.stderr)")
        let md = try String(contentsOf: cli.directory.appendingPathComponent("bundle/timeline.md"), encoding: .utf8)
        #expect(md.hasPrefix("> **訓練 / EXERCISE**"))
        r = try Self.at(cli, 60).run(["verify", "--bundle", cli.directory.appendingPathComponent("bundle").path])
        #expect(r.status == 0, "\(r.stderr)")
    }
}
