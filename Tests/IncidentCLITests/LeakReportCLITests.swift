import Foundation
import IncidentKit
import Testing

@Suite struct LeakReportCLITests {
    static let profile = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("IncidentKitTests/Fixtures/profile.yaml")

    /// A store with the fixture profile and a declared ransomware incident (aware 2026-04-10 08:30 JST).
    static func ransomwareIncident() throws -> CLI {
        let cli = try CLI()
        // The profile goes in through the library: importing it is another command's job.
        let store = try EventStore(path: cli.dbPath, create: true)
        try store.importProfile(try FacilityProfileLoader.load(path: profile.path))
        let r = try cli("declare", "電子カルテが開かない。受付端末に身代金要求画面", "--at", "2026-04-10 08:30")
        #expect(r.status == 0, "\(r.stderr)")
        return cli
    }

    /// DESIGN.md: `"leak": null | <decision>`: the key is there before the decision too.
    @Test func statusJSONHasLeakNullBeforeTheDecision() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        _ = try cli("declare", "受付の電子カルテが開かない")
        let status = try #require(try cli.json("status") as? [String: Any])
        #expect(status.keys.contains("leak"))
        #expect(status["leak"] is NSNull)
    }

    /// Issue 20: while an attack is suspected, `--leak no` is never refused, but without
    /// `--basis` it is recorded as 「根拠未記録」 and the assessment stays owed; the basis is kept.
    @Test func leakNoNeedsABasisWhileAnAttackIsSuspected() throws {
        let cli = try Self.ransomwareIncident()
        defer { cli.cleanUp() }
        #expect(try cli("answer", "attack-suspected", "yes").status == 0)
        var r = try cli("leak", "assess", "--leak", "no")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("根拠未記録"))
        let d = try #require(try cli.json("leak", "assess", "--leak", "no", "--basis", "保守業者がログを調査し外部送信の痕跡なし") as? [String: Any])
        #expect(d["basis"] as? String == "保守業者がログを調査し外部送信の痕跡なし")
        #expect(d["basisMissing"] == nil)
        r = try cli("leak", "assess", "--leak", "no", "--json")
        let again = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(again["basisMissing"] as? Bool == true)
    }

    @Test func leakAssessFlagsOnARansomwareIncident() throws {
        let cli = try Self.ransomwareIncident()
        defer { cli.cleanUp() }
        let d = try #require(
            try cli.json(
                "leak", "assess", "--leak", "suspected", "--sensitive", "yes", "--malicious", "yes",
                "--financial", "no", "--people", "2300", "--encrypted", "no") as? [String: Any])
        #expect(d["reportRequired"] as? Bool == true)
        #expect(d["grounds"] as? [String] == ["sensitive", "malicious", "over1000"])
        #expect(d["awareOn"] as? String == "2026-04-10")
        // Day 5 and day 60 counting 2026-04-10 as day 1; Monday 2026-06-08 is not moved.
        #expect(d["preliminaryDue"] as? String == "2026-04-14")
        #expect(d["finalDue"] as? String == "2026-06-08")
        #expect(d["finalTarget"] is NSNull)
        #expect(d["preliminaryRemindFrom"] as? String == "2026-04-12")
        #expect(d["notifyIndividuals"] as? Bool == true)
        #expect(d["overdue"] as? [String] == ["preliminary", "final"])  // the test runs after 2026-06-09

        // Text output names the grounds and the 60-day final report.
        let text = try cli(
            "leak", "assess", "--leak", "yes", "--sensitive", "yes", "--malicious", "no", "--financial", "no",
            "--people", "10", "--encrypted", "no")
        #expect(text.status == 0)
        #expect(text.stdout.contains("要配慮個人情報"))
        let unwrapped = text.stdout.replacingOccurrences(of: "\n    ", with: "")  // continuation lines of the 80-column wrap
        #expect(unwrapped.contains("速報: 速やかに（目安: 遅くとも 4/14）  目安超過"))
        #expect(unwrapped.contains("確報（30日以内）: 期限 5/11（月）（30日目の 5/9 が土曜のため翌開庁日）。5/9 までの提出をお勧めします  期限超過"))
        #expect(text.stdout.contains("期限超過"))
        #expect(!text.stdout.contains("〜"))

        // The reassessment supersedes the first; both stay in the timeline.
        let status = try #require(try cli.json("status") as? [String: Any])
        let leak = try #require(status["leak"] as? [String: Any])
        #expect(leak["grounds"] as? [String] == ["sensitive"])
        #expect(leak["finalDue"] as? String == "2026-05-11")
        #expect(leak["finalTarget"] as? String == "2026-05-09")
        let timeline = try #require(try cli.json("timeline") as? [[String: Any]])
        #expect(timeline.filter { $0["kind"] as? String == "leakAssessed" }.count == 2)
    }

    /// Days left in `status`, counted from the real today: aware yesterday, the 速報 target
    /// (day 5) is 3 days away, and the 確報 due date is day 30 or the next open day after it.
    @Test func statusCountsDaysLeftFromToday() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let store = try EventStore(path: cli.dbPath, create: true)
        try store.importProfile(try FacilityProfileLoader.load(path: Self.profile.path))
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Tokyo")!
        func day(_ offset: Int) -> (text: String, month: Int, day: Int) {
            let c = calendar.dateComponents([.year, .month, .day], from: calendar.date(byAdding: .day, value: offset, to: Date())!)
            return (String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!), c.month!, c.day!)
        }
        #expect(try cli("declare", "ランサムウェア", "--at", "\(day(-1).text) 09:00").status == 0)
        #expect(
            try cli(
                "leak", "assess", "--leak", "suspected", "--sensitive", "yes", "--malicious", "no", "--financial", "no",
                "--people", "10", "--encrypted", "no"
            ).status == 0)
        let status = try #require(try cli.json("status") as? [String: Any])
        let leak = try #require(status["leak"] as? [String: Any])
        let left = try #require(leak["daysLeft"] as? [String: Int])
        #expect(leak["preliminaryDue"] as? String == day(3).text)
        #expect(left["preliminary"] == 3)
        // Day 30 is today + 28; a closed day moves the due date later, never earlier.
        let finalLeft = try #require(left["final"])
        #expect(finalLeft >= 28)
        #expect(leak["finalDue"] as? String == day(finalLeft).text)
        #expect((leak["finalTarget"] is NSNull) == (finalLeft == 28))
        #expect(leak["overdue"] as? [String] == [])
        let text = try cli("status")
        let target = day(3)
        #expect(text.stdout.contains("速報: 速やかに（目安: 遅くとも \(target.month)/\(target.day)）  あと3日"), "\(text.stdout)")
        #expect(text.stdout.contains("あと\(finalLeft)日"))
    }

    @Test func missingFlagsWithoutATerminalAreAUsageError() throws {
        let cli = try Self.ransomwareIncident()
        defer { cli.cleanUp() }
        let r = try cli("leak", "assess", "--leak", "suspected", "--sensitive", "yes")
        #expect(r.status == 64)
        for flag in ["--malicious", "--financial", "--people", "--encrypted"] { #expect(r.stderr.contains(flag)) }
        #expect(r.stderr.hasPrefix("エラー: ") && !r.stderr.contains("Usage:"), "\(r.stderr)")
        let bad = try cli(
            "leak", "assess", "--leak", "perhaps", "--sensitive", "yes", "--malicious", "yes", "--financial", "no",
            "--people", "1", "--encrypted", "no")
        #expect(bad.status == 64)
        #expect(bad.stderr.contains("suspected"), "\(bad.stderr)")
    }

    @Test func allSixReportsRenderWithOnlyUnknownFactsMissing() throws {
        let cli = try Self.ransomwareIncident()
        defer { cli.cleanUp() }
        let steps: [[String]] = [
            ["answer", "terminals-affected", "5"],
            ["answer", "systems-affected", "電子カルテ、レセコン"],
            ["answer", "departments-affected", "受付、外来、会計"],
            ["answer", "patient-care-effect", "外来は紙運用で継続。救急受入れは制限"],
            ["answer", "cause", "VPN装置の脆弱性を悪用した不正アクセス（調査中）"],
            ["answer", "recurrence-prevention", "VPN装置の更新と多要素認証の導入"],
            [
                "leak", "assess", "--leak", "suspected", "--sensitive", "yes", "--malicious", "yes", "--financial", "no", "--people", "2300", "--encrypted",
                "no",
            ],
            ["fact", "dataItems", "氏名、生年月日、病名、診療記録、検査結果"],
            ["fact", "secondaryDamage", "現時点で確認されていない"],
            ["fact", "individualsResponse", "対象の患者さんへ順次通知中"],
            ["fact", "publication", "4月11日にホームページで公表"],
            ["fact", "nextSteps", "保守業者と復旧作業中"],
            // Without it, the 概要 is built from the record and marked 【要確認】, listed as missing (issue 20).
            ["fact", "summary", "ランサムウェアにより電子カルテと受付端末が停止"],
            // Without it, patients' texts carry the official summary marked 【要確認】, listed as missing.
            ["fact", "patientSummary", "電子カルテが使えなくなり、患者さんの情報が外に出たおそれがあります"],
        ]
        for args in steps {
            let r = try cli.run(args)
            #expect(r.status == 0, "\(args): \(r.stderr)")
        }
        // "other" is the one fact nobody has recorded (the patient letter does not carry it); the police
        // memo asks what only the people there know.
        let expected: [String: [String]] = [
            "mhlw": [], "ppc-preliminary": ["other"], "ppc-final": ["other"],
            "individual-notice": [], "patient-notice": [], "staff-instructions": [], "mhlw-followup": [],
            "police": ["ransomNote", "networkDisconnected", "backupStatus", "evidencePreserved", "attackerContact"],
            "public-notice": [], "inquiry-script": [],
        ]
        for (kind, missing) in expected {
            let r = try #require(try cli.json("report", kind) as? [String: Any])
            #expect(r["kind"] as? String == kind)
            #expect(r["missing"] as? [String] == missing, "\(kind)")
            let text = try #require(r["text"] as? String)
            #expect(text.components(separatedBy: "【未記入").count - 1 == missing.count, "\(kind): \(text)")
        }
        let status = try #require(try cli.json("status") as? [String: Any])
        let reports = try #require(status["reports"] as? [[String: Any]])
        #expect(reports.map { $0["kind"] as? String } == ReportKind.allCases.map(\.rawValue))
        #expect(reports.count == 11)  // with `management` (issue #23)
        #expect(reports.first { $0["kind"] as? String == "ppc-final" }?["missing"] as? [String] == ["other"])

        // --out writes a private new file and never overwrites.
        let out = cli.directory.appendingPathComponent("速報.txt").path
        #expect(try cli("report", "ppc-preliminary", "--out", out).status == 0)
        let mode = try FileManager.default.attributesOfItem(atPath: out)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(try String(contentsOfFile: out, encoding: .utf8).contains("2,300人"))
        let again = try cli("report", "ppc-preliminary", "--out", out)
        #expect(again.status == 1)
        #expect(again.stderr.contains("既に存在"))
    }

    @Test func factKeysAndReportKindsAreListed() throws {
        let cli = try Self.ransomwareIncident()
        defer { cli.cleanUp() }
        let facts = try cli("fact", "--list")
        #expect(facts.stdout.contains("cause") && facts.stdout.contains("原因"))
        let unknown = try cli("fact", "reason", "x")
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("recurrencePrevention"))
        let kinds = try cli("report", "--list")
        for kind in ["mhlw", "ppc-preliminary", "ppc-final", "individual-notice", "patient-notice", "staff-instructions"] {
            #expect(kinds.stdout.contains(kind))
        }
        let nonsense = try cli("report", "nonsense")
        #expect(nonsense.status == 64)
        let typo = try cli("report", "ppc-prelimnary")
        #expect(typo.status == 64)
        #expect(typo.stderr.contains("もしかして: ppc-preliminary"), "\(typo.stderr)")
    }

    @Test func theContactPersonCanBeFilledAfterDeclaration() throws {
        let cli = try Self.ransomwareIncident()
        defer { cli.cleanUp() }
        // The profile frozen at declaration gives a default; a fact corrects it for this incident.
        var report = try #require(try cli.json("report", "mhlw") as? [String: Any])
        #expect((report["text"] as? String)?.contains("security@example.invalid") == false)
        #expect(try cli("fact", "contactEmail", "security@example.invalid").status == 0)
        #expect(try cli("fact", "contactPhone", "000-0000-0099").status == 0)
        report = try #require(try cli.json("report", "mhlw") as? [String: Any])
        #expect((report["missing"] as? [String])?.contains("contactEmail") == false)
        #expect((report["text"] as? String)?.contains("security@example.invalid") == true)
        #expect((report["text"] as? String)?.contains("000-0000-0099") == true)
    }

    @Test func malformedFacilityTemplateNamesFileAndLine() throws {
        let cli = try Self.ransomwareIncident()
        defer { cli.cleanUp() }
        let dir = cli.directory.appendingPathComponent("templates")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try "お知らせ\n{{#impacts}}\n".write(to: dir.appendingPathComponent("patient-notice.mustache"), atomically: true, encoding: .utf8)
        let r = try cli("report", "patient-notice", "--templates", dir.path)
        #expect(r.status == 1)
        #expect(r.stderr.contains("patient-notice.mustache:"))
    }
}
