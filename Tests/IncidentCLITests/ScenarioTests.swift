import Foundation
import Testing

/// End to end, as a clinic would use it: the built binary in a private store.
@Suite struct ScenarioTests {
    /// "HH:MM" in Tokyo, `minutes` ago.
    static func tokyo(minutesAgo minutes: Int) -> String {
        let date = Date().addingTimeInterval(Double(-minutes * 60))
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = TimeZone(identifier: "Asia/Tokyo")!
        let c = cal.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return String(format: "%04d-%02d-%02d %02d:%02d", c.year!, c.month!, c.day!, c.hour!, c.minute!)
    }

    @Test func aWholeResponseInJapanese() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        var r = try cli("declare", "受付の電子カルテが開かない。身代金要求の画面", "--at", Self.tokyo(minutesAgo: 60))
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("インシデント INC-"))
        #expect(r.stdout.contains("再起動しないでください"))

        // Five notes back-dated to when they happened.
        for (i, text) in ["受付端末2台に身代金要求画面", "LANケーブルを抜いた", "院長に報告", "電子カルテ業者に電話", "紙カルテに切り替え"].enumerated() {
            r = try cli("log", text, "--at", Self.tokyo(minutesAgo: 55 - i * 5))
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stdout.contains("記録しました: #\(i + 2)"))
        }
        for step in ["1", "2", "3"] {
            r = try cli("step", "done", step)
            #expect(r.status == 0, "\(r.stderr)")
        }
        r = try cli("status")
        #expect(r.stdout.contains("[x] 1."))
        #expect(r.stdout.contains("[x] 3."))
        #expect(r.stdout.contains("手順4"))
        #expect(r.stdout.split(separator: "\n").allSatisfy { TerminalWidth.columns(String($0)) <= 80 })

        let status = try #require(cli.json("status") as? [String: Any])
        #expect(status["state"] as? String == "open")
        let steps = try #require(status["steps"] as? [[String: Any]])
        #expect(steps.map { $0["state"] as? String } == ["done", "done", "done", "pending", "pending", "pending", "pending"])
        #expect(steps.map { $0["number"] as? Int } == [1, 2, 3, 4, 5, 6, 7])
        #expect(steps[4]["mandatory"] as? Bool == true)
        #expect((status["nextAction"] as? [String: Any])?["step"] as? Int == 4)
        #expect(status["declaredAt"] as? String != nil && (status["declaredAt"] as! String).hasSuffix("+09:00"))

        // The timeline in all four formats, ordered by occurrence.
        let timeline = try #require(cli.json("timeline") as? [[String: Any]])
        #expect(timeline.count == 9)
        #expect(timeline.map { $0["seq"] as? Int } == [1, 2, 3, 4, 5, 6, 7, 8, 9])
        #expect(Set(timeline[0].keys) == ["seq", "occurredAt", "recordedAt", "actor", "kind", "text", "corrects", "hash"])
        #expect(timeline[1]["kind"] as? String == "note" && timeline[1]["actor"] as? String == "山田")
        #expect(timeline[1]["occurredAt"] as? String != timeline[1]["recordedAt"] as? String)
        r = try cli("timeline")
        #expect(r.stdout.contains("[メモ] 山田") && r.stdout.contains("（記録 "))
        r = try cli("timeline", "--format", "markdown")
        #expect(r.stdout.contains("| # | 発生日時 | 記録日時 | 記録者 | 種別 | 内容 |"))
        #expect(r.stdout.split(separator: "\n").filter { $0.hasPrefix("| ") }.count == 10)
        r = try cli("timeline", "--format", "csv", "--plain")
        let rows = r.stdout.split(separator: "\r\n")
        #expect(rows.first == "seq,occurredAt,recordedAt,actor,kind,text,corrects,hash")
        #expect(rows.count == 10)

        r = try cli("verify")
        #expect(r.status == 0 && r.stdout.contains("改ざんなし（9 件"))

        // A plain close is refused while mandatory steps are open; a forced close needs a reason.
        r = try cli("close")
        #expect(r.status == 1 && r.stderr.contains("必須の手順が終わっていません"))
        r = try cli("close", "--force")
        #expect(r.status == 1 && r.stderr.contains("--reason"))
        r = try cli("close", "--force", "--reason", "訓練のため")
        #expect(r.status == 0)
        r = try cli("log", "追記")
        #expect(r.status == 1 && r.stderr.contains("incident reopen"))
        r = try cli("reopen", "--reason", "新たな端末で暗号化を確認")
        #expect(r.status == 0)
        r = try cli("list")
        #expect(r.stdout.contains("対応中"))

        // Files are private.
        let mode = try FileManager.default.attributesOfItem(atPath: cli.dbPath)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    @Test func theSameInEnglish() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        var r = try cli("declare", "EHR will not open", "--at", Self.tokyo(minutesAgo: 30), "--lang", "en")
        #expect(r.stdout.contains("Declared incident INC-"))
        #expect(r.stdout.contains("Do not restart"))
        r = try cli("log", "Ransom note on two terminals", "--at", Self.tokyo(minutesAgo: 25), "--lang", "en")
        #expect(r.stdout.contains("Recorded: #2"))
        r = try cli("step", "done", "confirm-anomaly", "--lang", "en")
        #expect(r.stdout.contains("completed step 1"))
        r = try cli("status", "--lang", "en")
        #expect(r.stdout.contains("Next: Start step 2"))
        r = try cli("timeline", "--lang", "en")
        #expect(r.stdout.contains("[note]") && r.stdout.contains("(recorded "))
        r = try cli("step", "skip", "5", "--lang", "en")
        #expect(r.status == 1 && r.stderr.contains("needs a reason"))
    }

    @Test func badInputGetsAClearErrorAndTheRightExitCode() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        var r = try cli("status")
        #expect(r.status == 1 && r.stderr.contains("incident declare"))
        #expect(!FileManager.default.fileExists(atPath: cli.dbPath))
        _ = try cli("declare", "テスト")
        r = try cli("log", "x", "--at", "yesterday")
        #expect(r.status == 1 && r.stderr.contains("YYYY-MM-DD HH:MM"))
        r = try cli("log", "x", "--at", "2099-01-01 00:00")
        #expect(r.status == 1 && r.stderr.contains("未来"))
        r = try cli("log", "x", "--at", "2000-01-01 00:00")
        #expect(r.status == 1 && r.stderr.contains("認知時刻"))
        r = try cli("log", "")
        #expect(r.status == 1 && r.stderr.contains("空"))
        r = try cli("step", "done", "9")
        #expect(r.status == 1 && r.stderr.contains("1 confirm-anomaly"))
        r = try cli("log", "x", "--incident", "INC-19990101-1")
        #expect(r.status == 1 && r.stderr.contains("incident list"))
        r = try cli("answer", "attack-suspected", "maybe")
        #expect(r.status == 1 && r.stderr.contains("unknown"))
        r = try cli("frobnicate")
        #expect(r.status == 64)
        #expect(r.stderr.contains("「frobnicate」というコマンドはありません"), "\(r.stderr)")
        r = try cli("timeline", "--format", "pdf")
        #expect(r.status == 64)
        #expect(r.stderr.contains("--format") && r.stderr.contains("「pdf」は使えません"), "\(r.stderr)")
        // None of that reached the log.
        let timeline = try #require(cli.json("timeline") as? [[String: Any]])
        #expect(timeline.count == 1)
    }

    @Test func tamperingWithOneRowMakesVerifyExit3() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        _ = try cli("declare", "テスト")
        for i in 1...3 { _ = try cli("log", "メモ \(i)") }
        #expect(try cli("verify").status == 0)
        let sql = "DROP TRIGGER event_append_only_update; UPDATE event SET payload = '{\"text\":\"書き換え\"}' WHERE seq = 3;"
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        p.arguments = [cli.dbPath, sql]
        try p.run()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        // The dropped trigger is itself named (the schema is evidence), before any event.
        var r = try cli("verify")
        #expect(r.status == 3)
        #expect(r.stderr.contains("missing trigger event_append_only_update"), "\(r.stderr)")
        r = try cli("verify", "--json")
        #expect(r.status == 3)
        r = try cli("log", "さらに追記")
        #expect(r.status == 3)
    }

    @Test func runbookValidateReportsEveryProblemWithItsPosition() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let file = cli.directory.appendingPathComponent("broken.yaml")
        try "id: broken\nversion: one\ntitle: {ja: 壊れた}\nsteps: []\ncolour: red\n".write(to: file, atomically: true, encoding: .utf8)
        let r = try cli("runbook", "validate", file.path)
        #expect(r.status == 1)
        #expect(r.stderr.contains("\(file.path):2:10:"))
        #expect(r.stderr.contains("\(file.path):3:8:"))
        #expect(r.stderr.contains("\(file.path):5:1:"))
        let ok = try cli(
            "runbook", "validate",
            URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Runbooks/initial-response.yaml").standardized.path)
        #expect(ok.status == 0 && ok.stdout.contains("問題ありません"))
        let list = try cli("runbook", "list")
        #expect(list.stdout.contains("initial-response"))
    }

    @Test func runbookValidateLocatesWhatAnAnswerMeans() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let original = try String(
            contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Runbooks/initial-response.yaml").standardized,
            encoding: .utf8)
        let text =
            original
            .replacingOccurrences(
                of: "signal: {name: attackSuspected, when: [\"yes\", \"unknown\"]}", with: "signal: {name: attackSuspectd, when: [\"yes\", \"unknown\"]}"
            )
            .replacingOccurrences(of: "fills: [terminalsAffected]", with: "fills: [terminalCount]")
            .replacingOccurrences(of: "signal: {name: paperOperation, when: [\"yes\"]}", with: "signal: {name: paperOperation, when: [\"maybe\"]}")
        let file = cli.directory.appendingPathComponent("initial-response.yaml")
        try text.write(to: file, atomically: true, encoding: .utf8)
        /// "line:column:" of `needle` in the file.
        func at(_ needle: String) -> String {
            let before = text[..<text.range(of: needle)!.lowerBound]
            let line = before.filter { $0 == "\n" }.count + 1
            let lineStart = before.lastIndex(of: "\n").map { before.index(after: $0) } ?? before.startIndex
            let column = before[lineStart...].count + 1
            return "\(file.path):\(line):\(column):"
        }
        let r = try cli("runbook", "validate", file.path, "--lang", "en")
        #expect(r.status == 1)
        let lines = r.stderr.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix(at("attackSuspectd")) && $0.contains("unknown signal 'attackSuspectd'") }, "\(r.stderr)")
        #expect(lines.contains { $0.hasPrefix(at("terminalCount")) && $0.contains("unknown report field 'terminalCount'") }, "\(r.stderr)")
        #expect(lines.contains { $0.hasPrefix(at("\"maybe\"")) && $0.contains("'maybe' is not an answer of this question") }, "\(r.stderr)")
        // The step that was mandatory on the misspelt signal is reported too: nothing raises it now.
        #expect(r.stderr.contains("no question raises mandatoryWhen signal 'attackSuspected'"))
    }

    @Test func aFacilityRunbookFolderReplacesTheBuiltInOne() throws {
        var cli = try CLI()
        defer { cli.cleanUp() }
        let dir = cli.directory.appendingPathComponent("runbooks")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try """
        id: drill
        version: 1
        title: {ja: 訓練, en: Drill}
        steps:
          - {id: only, number: 1, title: {ja: 唯一, en: Only}, guidance: {ja: 案内, en: Guidance}, mandatory: true}
        """.write(to: dir.appendingPathComponent("drill.yaml"), atomically: true, encoding: .utf8)
        cli.environment["INCIDENT_RUNBOOKS"] = dir.path
        #expect(try cli("runbook", "list").stdout.contains("drill"))
        #expect(try cli("declare", "訓練", "--runbook", "drill").status == 0)
        #expect(try cli("step", "done", "1").status == 0)
        #expect(try cli("close").status == 0)
    }
    @Test func errorsNameFieldsAndFixesInJapanese() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        var r = try cli("declare", "電子カルテが開かない", "--at", Self.tokyo(minutesAgo: 30))
        #expect(r.status == 0, "\(r.stderr)")
        for line in r.stdout.split(separator: "\n") { #expect(TerminalWidth.columns(String(line)) <= 80, "\(line)") }
        r = try cli("log", "  ")
        #expect(r.status == 1 && r.stderr.contains("記録する内容 が空です"), "\(r.stderr)")
        r = try cli("step", "skip", "7")
        #expect(r.status == 1 && r.stderr.contains("手順の省略には理由が必要です"), "\(r.stderr)")
        r = try cli("log", "院長に電話", "--at", "9時30分")
        #expect(r.status == 1 && r.stderr.contains("HH:MM"), "\(r.stderr)")
        // Before the awareness time: the hint names the option that moves it, and that option works.
        r = try cli("log", "最初の異常", "--at", Self.tokyo(minutesAgo: 45))
        #expect(r.status == 1 && r.stderr.contains("incident correct 1 --time"), "\(r.stderr)")
        r = try cli("correct", "1", "--time", Self.tokyo(minutesAgo: 50), "--text", "実際はもっと早く気づいた")
        #expect(r.status == 0, "\(r.stderr)")
        r = try cli("log", "最初の異常", "--at", Self.tokyo(minutesAgo: 45))
        #expect(r.status == 0, "\(r.stderr)")
        // The declaration, where it stands in the timeline, says it was corrected.
        r = try cli("timeline")
        #expect(r.stdout.contains("（#2 で訂正）"), "\(r.stdout)")
        #expect(try cli("timeline", "--format", "markdown").stdout.contains("（#2 で訂正）"))
        r = try cli("contact", "director", "--outcome", "no-answer")
        if r.status == 0 { #expect(r.stdout.contains("電話") && !r.stdout.contains("phone")) }
    }

    @Test func reopenDoesNotGuessAmongClosedIncidents() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        #expect(try cli("declare", "電子カルテが開かない", "--at", Self.tokyo(minutesAgo: 30)).status == 0)
        let first = try #require(try cli.json("status") as? [String: Any])["id"] as! String
        // Declared again by mistake under stress, then closed as a duplicate.
        let second = try #require(try cli.json("declare", "電子カルテが開かない（重複）") as? [String: Any])["id"] as! String
        #expect(try cli("close", "--incident", second, "--force", "--reason", "重複").status == 0)
        #expect(try cli("close", "--incident", first, "--force", "--reason", "訓練終了").status == 0)
        var r = try cli("reopen", "--reason", "追記漏れ")
        #expect(r.status == 1 && r.stderr.contains("--incident") && r.stderr.contains(first), "\(r.stderr)")
        r = try cli("status")
        #expect(r.status == 0 && r.stderr.contains("--incident"), "\(r.stderr)")
        r = try cli("reopen", "--reason", "追記漏れ", "--incident", first)
        #expect(r.status == 0, "\(r.stderr)")
    }

    @Test func listFitsEightyColumnsWithALongSummary() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let summary = "受付の電子カルテが開かない。受付端末2台と診察室1台に英語の身代金要求の画面。LANケーブルは抜いた"
        #expect(try cli("declare", summary).status == 0)
        let r = try cli("list")
        #expect(r.status == 0 && r.stdout.contains("受付の電子カルテ") && r.stdout.contains("…"))
        for line in r.stdout.split(separator: "\n") { #expect(TerminalWidth.columns(String(line)) <= 80, "\(line)") }
        #expect(try cli("status").stdout.replacingOccurrences(of: "\n", with: "").replacingOccurrences(of: " ", with: "").contains(summary))
    }
}

/// Terminal columns of a line (CJK counts 2), for the 80-column check.
enum TerminalWidth {
    static func columns(_ s: String) -> Int {
        s.unicodeScalars.reduce(0) { w, u in
            let v = u.value
            return w
                + ((0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
                    || (0xF900...0xFAFF).contains(v) || (0xFF00...0xFF60).contains(v) || (0xFFE0...0xFFE6).contains(v) ? 2 : 1)
        }
    }
}

@Suite struct TimelineOrderTests {
    @Test func backDatedEventsAreStreamedInOccurrenceOrder() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        _ = try cli("declare", "順序の確認", "--at", ScenarioTests.tokyo(minutesAgo: 120))
        _ = try cli("log", "C: 今", "--at", ScenarioTests.tokyo(minutesAgo: 1))
        _ = try cli("log", "A: 一番前", "--at", ScenarioTests.tokyo(minutesAgo: 100))
        _ = try cli("log", "B: 中間", "--at", ScenarioTests.tokyo(minutesAgo: 50))
        let timeline = try #require(cli.json("timeline") as? [[String: Any]])
        #expect(timeline.map { $0["seq"] as? Int } == [1, 3, 4, 2])
        let occurred = timeline.compactMap { $0["occurredAt"] as? String }
        #expect(occurred == occurred.sorted())
        let csv = try cli("timeline", "--format", "csv", "--plain").stdout.split(separator: "\r\n").dropFirst().map { $0.split(separator: ",")[0] }
        #expect(csv == ["1", "3", "4", "2"])
    }
}

@Suite struct CloseReminderTests {
    @Test func finishingEveryStepStillAsksForTheLeakDecisionWhenAnAttackIsSuspected() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        _ = try cli("declare", "身代金要求画面", "--at", ScenarioTests.tokyo(minutesAgo: 60))
        _ = try cli("answer", "attack-suspected", "yes")
        for step in 1...7 { #expect(try cli("step", "done", String(step)).status == 0) }
        var status = try #require(cli.json("status") as? [String: Any])
        var next = try #require(status["nextAction"] as? [String: Any])
        #expect(next["action"] as? String == "assessLeak")
        // The sentence is the same for every front end: no command in it.
        #expect((next["text"] as? String)?.contains("判定してください") == true)
        #expect((next["text"] as? String)?.contains("incident ") == false)
        var r = try cli("leak", "assess", "--leak", "no", "--sensitive", "no", "--malicious", "yes", "--financial", "no", "--people", "0", "--encrypted", "no")
        #expect(r.status == 0, "\(r.stderr)")
        // While an attack is suspected, "no leak" without a basis is recorded but settles nothing (issue 20).
        status = try #require(cli.json("status") as? [String: Any])
        next = try #require(status["nextAction"] as? [String: Any])
        #expect(next["action"] as? String == "assessLeak")
        r = try cli("leak", "assess", "--leak", "no", "--basis", "保守業者がVPN装置とサーバのログを調査し、外部送信の痕跡なし")
        #expect(r.status == 0, "\(r.stderr)")
        // The first report to the MHLW is still owed: it comes before the close.
        status = try #require(cli.json("status") as? [String: Any])
        next = try #require(status["nextAction"] as? [String: Any])
        #expect(next["action"] as? String == "submit")
        #expect(next["kind"] as? String == "mhlw")
        #expect(try cli("contact", "mhlw", "--outcome", "reached").status == 0)
        status = try #require(cli.json("status") as? [String: Any])
        next = try #require(status["nextAction"] as? [String: Any])
        #expect(next["action"] as? String == "close")
    }
}
