import Foundation
import Testing

/// Issue 22 end to end: a clerk who has never used the tool starts with
/// `guide`, types a summary without quotes, always sees whose name is
/// recorded; a drill never takes a real incident's writes.
@Suite struct FirstMinutesCLITests {
    func withProfile() throws -> CLI {
        let cli = try CLI()
        let r = try cli("init", "--facility", try cli.write("p.yaml", CLIProfiles.complete + Self.insurance))
        #expect(r.status == 0, "\(r.stderr)")
        return cli
    }

    static let insurance = """
        insurance:
          insurer: 架空損保
          phone: 0120-000-777
          noticeDays: 30

        """

    // MARK: - Start from wherever she starts

    @Test func guideWithNothingOpenAsksWhatHappenedAndWhenThenDeclaresAndGoesOn() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        // Off a terminal the two answers are read line by line: what, then when (empty: now).
        let r = try cli.run(["guide"], stdin: "電子カルテが開かない 受付PC2台に英語の画面\n\n")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("を宣言しました"), "\(r.stdout)")
        #expect(r.stdout.contains("手順1/7「異常を確認する」"), "\(r.stdout)")
        let list = try cli.json("list") as! [[String: Any]]
        #expect(list.count == 1)
        #expect(list.first?["summary"] as? String == "電子カルテが開かない 受付PC2台に英語の画面")
    }

    @Test func guideReadsTheAwarenessTimeOnTheSecondLine() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        var env = cli.environment
        env["INCIDENT_TEST_NOW"] = "2026-11-25T00:30:00.000Z"
        let r = try CLI.run(["guide"], environment: env, stdin: "画面に英語\n8:40\n", in: cli.directory)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("認知 2026-11-25 08:40"), "\(r.stdout)")
    }

    @Test func declareJoinsUnquotedWordsIntoTheSummary() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let r = try cli("declare", "電子カルテが開かない", "受付PC2台に英語の画面")
        #expect(r.status == 0, "\(r.stderr)")
        let status = try cli.json("status") as! [String: Any]
        #expect(status["summary"] as? String == "電子カルテが開かない 受付PC2台に英語の画面")
        // Nothing at all is still a usage error naming what is missing.
        let empty = try cli("declare")
        #expect(empty.status == 64)
    }

    @Test func theRootHelpNamesGuideAsTheOneCommandToRemember() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let r = try cli("--help")
        #expect(r.stdout.contains("覚えるコマンドは一つだけ: incident guide"), "\(r.stdout)")
    }

    // MARK: - Steps close only when done

    @Test func inTheGuideEnterKeepsAStepOpenWhileSomeoneIsNotReachedAndOffersTheCall() throws {
        let cli = try withProfile()
        defer { cli.cleanUp() }
        _ = try cli("declare", "受付の電子カルテが開かない")
        // The officer does not answer, the deputy later; the four questions; then a bare Enter at 「完了にしますか」.
        let r = try cli.run(["guide", "--interactive"], stdin: "2\n\nyes\nyes\n2\nyes\n\n")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("Enter ではこの手順は完了になりません"), "\(r.stdout)")
        #expect(r.stdout.contains("手順1は実施中のままです"))
        // The call still to make is offered, with its number.
        #expect(r.stdout.contains("☎ 医療情報システム安全管理責任者 に連絡がつきません。安全管理責任者の代理"), "\(r.stdout)")
        let status = try cli.json("status") as! [String: Any]
        let first = (status["steps"] as! [[String: Any]]).first
        #expect(first?["state"] as? String == "active")
    }

    // MARK: - Who is recording is always visible

    @Test func everyWriteSaysWhoItWasRecordedUnder() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        _ = try cli("declare", "電子カルテが開かない")
        let text = try cli("log", "受付端末2台に英語の画面")
        #expect(text.stdout.contains("（記録者: 山田）"), "\(text.stdout)")
        let ack = try cli.json("log", "2台目も") as! [String: Any]
        #expect(ack["actor"] as? String == "山田")
        let other = try cli("log", "事務長が到着", "--by", "事務長 鈴木")
        #expect(other.stdout.contains("（記録者: 事務長 鈴木）"))
    }

    // MARK: - One vocabulary of roles

    @Test func contactAcceptsTheInsurerAndSuggestsTheRoleMeant() throws {
        let cli = try withProfile()
        defer { cli.cleanUp() }
        _ = try cli("declare", "電子カルテが開かない")
        let insurer = try cli("contact", "insurer", "--outcome", "reached")
        #expect(insurer.status == 0, "\(insurer.stderr)")
        let typo = try cli("contact", "emr", "--outcome", "reached")
        #expect(typo.status == 1)
        #expect(typo.stderr.contains("もしかして: vendor:emr"), "\(typo.stderr)")
    }

    // MARK: - A drill cannot touch a real incident

    @Test func withADrillOpenAnUnnamedWriteIsRefusedEvenWhenDeclareMadeTheRealOneCurrent() throws {
        let cli = try withProfile()
        defer { cli.cleanUp() }
        let drill = try #require((try cli.json("drill", "start", "reception-ransomware") as! [String: Any])["id"] as? String)
        let real = try #require((try cli.json("declare", "本当に電子カルテが開かない") as! [String: Any])["id"] as? String)
        let before = try cli.json("timeline", "--incident", real, "--format", "json") as! [[String: Any]]

        let refused = try cli("log", "訓練のメモ")
        #expect(refused.status == 1)
        #expect(refused.stderr.contains(drill) && refused.stderr.contains(real), "\(refused.stderr)")
        let after = try cli.json("timeline", "--incident", real, "--format", "json") as! [[String: Any]]
        #expect(after.count == before.count)

        // The drill's own commands act on the drill; its hints name it.
        let note = try cli("drill", "note", "連絡表に代理がない")
        #expect(note.status == 0, "\(note.stderr)")
        let step = try cli("step", "start", "1", "--incident", drill)
        #expect(step.stdout.replacingOccurrences(of: "\n  ", with: " ").contains("--incident \(drill)"), "\(step.stdout)")

        // `use` after the drill started settles it.
        #expect(try cli("use", real).status == 0)
        let settled = try cli("log", "本番のメモ")
        #expect(settled.status == 0, "\(settled.stderr)")
        let realLog = try cli.json("timeline", "--incident", real, "--format", "json") as! [[String: Any]]
        #expect(realLog.count == before.count + 1)
    }

    @Test func drillNextShowsTheSituationButNotTheExpectedAnswers() throws {
        let cli = try withProfile()
        defer { cli.cleanUp() }
        var env = cli.environment
        env["INCIDENT_TEST_NOW"] = "2026-11-25T00:00:00.000Z"
        _ = try CLI.run(["drill", "start", "reception-ransomware", "--speed", "60"], environment: env, in: cli.directory)
        env["INCIDENT_TEST_NOW"] = "2026-11-25T01:00:00.000Z"
        let r = try CLI.run(["drill", "next"], environment: env, in: cli.directory)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(!r.stdout.contains("この状況から"))
        #expect(!r.stdout.contains("→"), "\(r.stdout)")
    }

    // MARK: - The terminal

    @Test func globalOptionsAreAcceptedBeforeTheSubcommand() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        _ = try cli("declare", "電子カルテが開かない")
        let r = try cli("--db", cli.dbPath, "--lang", "en", "status")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("Next:"), "\(r.stdout)")
        let step = try cli("--json", "step", "start", "1")
        #expect(step.status == 0, "\(step.stderr)")
        #expect(step.stdout.contains("\"actor\""))
    }
}
