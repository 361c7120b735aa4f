import Foundation
import Testing

/// `incident verify --acknowledge --readiness`: a damaged readiness log is no
/// dead end. The break is acknowledged as an incident's is (same audit, same
/// seal), stays visible in verify, and checklist answers go on; answers in the
/// damaged stretch are not used.
@Suite struct ReadinessAcknowledgeTests {
    func prepared() throws -> CLI { try CLI.withCompleteProfile() }

    /// With a key in use, checklist answers are signed like incidents' events and
    /// `verify --key` checks them: an answer written without the key is caught.
    @Test func theKeyChecksTheReadinessLogToo() throws {
        var cli = try prepared()
        defer { cli.cleanUp() }
        let key = cli.directory.appendingPathComponent("usb.key").path
        #expect(try cli("key", "init", "--out", key).status == 0)
        var keyed = cli
        keyed.environment["INCIDENT_KEY_FILE"] = key
        #expect(try keyed("checklist", "answer", "1-1", "yes").status == 0)
        #expect(try keyed("verify", "--all").status == 0)
        #expect(try keyed("verify", "--readiness").status == 0)
        // Someone without the key adds an answer: the chain is fine, the key is not.
        cli.environment["INCIDENT_KEY_FILE"] = nil
        #expect(try cli("checklist", "answer", "2-1", "yes").status == 0)
        #expect(try cli("verify", "--all").status == 0)
        for arguments in [["verify", "--all"], ["verify", "--readiness"]] {
            let r = try keyed.run(arguments + ["--lang", "en"])
            #expect(r.status == 3, "\(arguments): \(r.stdout)\(r.stderr)")
            #expect((r.stdout + r.stderr).contains("READINESS"), "\(r.stdout)\(r.stderr)")
        }
    }

    /// The items answered, as `checklist --json` shows them.
    func answered(_ cli: CLI) throws -> [String: String] {
        let r = try cli("checklist", "--json")
        #expect(r.status == 0, "\(r.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let items = try #require(json["items"] as? [[String: Any]])
        var out: [String: String] = [:]
        for item in items {
            if let id = item["id"] as? String, let answer = item["answer"] as? String { out[id] = answer }
        }
        return out
    }

    @Test func aBrokenReadinessLogIsAcknowledgedAndAnswersContinue() throws {
        let cli = try prepared()
        defer { cli.cleanUp() }
        for (id, answer) in [("1-1", "yes"), ("2-1", "no"), ("3-1", "yes")] {
            #expect(try cli("checklist", "answer", id, answer, "--target", "2027-03-31").status == 0)
        }
        #expect(try cli("declare", "電子カルテが暗号化された").status == 0)
        // "いいえ" quietly turned into "はい" in answer #2.
        try StoreProbe.tamper(cli.dbPath, "UPDATE event SET payload = replace(payload, '\"no\"', '\"yes\"') WHERE incident_id = 'READINESS' AND seq = 2")

        var r = try cli("verify", "--all")
        #expect(r.status == 3 && r.stderr.contains("平時の準備の記録（READINESS）の 記録番号 2"), "\(r.stderr)")
        // Every readiness command says what to do next, in Japanese by default.
        for args in [["checklist"], ["checklist", "answer", "4-1", "yes"], ["readiness"]] {
            r = try cli.run(args)
            #expect(r.status == 3, "\(args)")
            #expect(r.stderr.contains("incident backup --out ファイル") && r.stderr.contains("責任者に報告"), "\(r.stderr)")
            #expect(r.stderr.contains("incident verify --acknowledge --readiness --reason \"理由\""), "\(r.stderr)")
        }
        r = try cli("checklist", "--lang", "en")
        #expect(r.stderr.contains("incident verify --acknowledge --readiness --reason \"why\""), "\(r.stderr)")
        // The incident is not affected.
        #expect(try cli("verify").status == 0)

        r = try cli("verify", "--acknowledge", "--readiness", "--reason", "院長に報告済み。バックアップ保全済み")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("平時の準備の記録に確認を記録しました: #4"), "\(r.stdout)")
        // It says what was acknowledged, and no longer tells anyone to acknowledge it.
        #expect(r.stdout.contains("確認した問題: 平時の準備の記録（READINESS）の 記録番号"), "\(r.stdout)")
        #expect(!(r.stdout + r.stderr).contains("--acknowledge"), "\(r.stdout)\(r.stderr)")
        #expect(try StoreProbe.fetch(cli.dbPath, "SELECT kind FROM event WHERE incident_id = 'READINESS' AND seq = 4") as String? == "chainBreakAcknowledged")

        // Named as acknowledged, never hidden: 0, or 3 with --strict.
        r = try cli("verify", "--all")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("確認済みの改ざん検知: 記録番号 2（hashMismatch）"), "\(r.stdout)")
        #expect(r.stdout.contains("記録番号 2〜3 は見つかったときのまま残しており、内容は信頼できません"), "\(r.stdout)")
        #expect(try cli("verify", "--all", "--strict").status == 3)
        r = try cli("verify", "--readiness", "--json")
        #expect(r.status == 0 && r.stdout.contains("\"acknowledgedBreaks\":[{"), "\(r.stdout)")

        // Answers go on; the damaged stretch (#2–#3) is not used, what came before and after is.
        r = try cli("checklist", "answer", "4-1", "yes")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try answered(cli) == ["1-①": "yes", "4-①": "yes"])
        #expect(try cli("readiness").status != 3)
        // The list says why 2-① and 3-① look unanswered again.
        r = try cli("checklist")
        #expect(r.stdout.contains("注意: 平時の準備の記録の 記録番号 2〜3 は改ざん・破損が確認済みのため、その回答は使っていません"), "\(r.stdout)")

        // Export works as for an incident: the acknowledged break goes into the manifest.
        r = try cli("export", "--readiness", "--out", "readiness")
        #expect(r.status == 0, "\(r.stderr)")
        r = try cli("verify", "--bundle", "readiness")
        #expect(r.status == 0 && r.stdout.contains("確認済みの改ざん検知: 記録番号 2"), "\(r.stdout)\(r.stderr)")
        #expect(try cli("verify", "--bundle", "readiness", "--strict").status == 3)

        // Any further change to the damaged stretch is a new, unacknowledged break.
        try StoreProbe.tamper(cli.dbPath, "UPDATE event SET actor = '別人' WHERE incident_id = 'READINESS' AND seq = 3")
        r = try cli("verify", "--all")
        #expect(r.status == 3 && r.stderr.contains("平時の準備の記録（READINESS）の 記録番号 2"), "\(r.stderr)")
        #expect(!r.stdout.contains("確認済みの改ざん検知"), "\(r.stdout)")
        #expect(try cli("checklist").status == 3)
        #expect(try cli("export", "--readiness", "--out", "again").status == 3)
    }

    @Test func acknowledgingAnIntactOrAbsentReadinessLogIsRefused() throws {
        let cli = try prepared()
        defer { cli.cleanUp() }
        var before = try StoreProbe.snapshot(cli.dbPath)
        var r = try cli("verify", "--acknowledge", "--readiness", "--reason", "確認")
        #expect(r.status == 1 && r.stderr.contains("改ざん・破損は見つかりません"), "\(r.stderr)")
        #expect(try StoreProbe.snapshot(cli.dbPath) == before)

        #expect(try cli("checklist", "answer", "1-1", "yes").status == 0)
        before = try StoreProbe.snapshot(cli.dbPath)
        r = try cli("verify", "--acknowledge", "--readiness", "--reason", "確認", "--lang", "en")
        #expect(r.status == 1 && r.stderr.contains("there is no break to acknowledge"), "\(r.stderr)")
        #expect(try StoreProbe.snapshot(cli.dbPath) == before)
        // --readiness acts on the readiness log alone.
        #expect(try cli("verify", "--readiness", "--all").status == 64)
        #expect(try cli("verify", "--acknowledge", "--readiness").status == 64)
        // A store with checklist answers and no incident verifies with --all.
        r = try cli("verify", "--all")
        #expect(r.status == 0 && r.stdout.contains("READINESS: 改ざんなし（1 件"), "\(r.stdout)\(r.stderr)")
    }

    /// The last answer deleted (the head still names it): acknowledged like a truncated incident log.
    @Test func aTruncatedReadinessLogCanBeAcknowledged() throws {
        let cli = try prepared()
        defer { cli.cleanUp() }
        for id in ["1-1", "2-1", "3-1"] { #expect(try cli("checklist", "answer", id, "yes").status == 0) }
        try StoreProbe.tamper(cli.dbPath, "DELETE FROM event WHERE incident_id = 'READINESS' AND seq = 3")
        #expect(try cli("verify", "--readiness").status == 3)
        #expect(try cli("verify", "--acknowledge", "--readiness", "--reason", "末尾の削除を確認").status == 0)
        let r = try cli("verify", "--readiness", "--lang", "en")
        #expect(r.status == 0 && r.stdout.contains("Acknowledged break: event #3 (truncated: head says #3, log ends at #2)"), "\(r.stdout)")
        #expect(try answered(cli) == ["1-①": "yes", "2-①": "yes"])
    }

    /// A backup holding checklist answers anchors the readiness log by its own
    /// chain rules (it begins with no declaration), so it can vouch for the store.
    @Test func aBackupWithChecklistAnswersAnchorsTheReadinessLog() throws {
        let cli = try prepared()
        defer { cli.cleanUp() }
        for id in ["1-1", "2-1"] { #expect(try cli("checklist", "answer", id, "no", "--target", "2027-03-31").status == 0) }
        #expect(try cli("declare", "電子カルテが暗号化された").status == 0)
        #expect(try cli("backup", "--out", "usb-backup.sqlite").status == 0)
        var r = try cli("verify", "--against", "usb-backup.sqlite")
        #expect(r.status == 0 && r.stdout.contains("READINESS の 2 件すべてがそのまま残っています"), "\(r.stdout)\(r.stderr)")
        // Rewritten after the copy was made, and acknowledged: the backup still tells.
        try StoreProbe.tamper(cli.dbPath, "UPDATE event SET payload = replace(payload, '\"no\"', '\"yes\"') WHERE incident_id = 'READINESS' AND seq = 2")
        #expect(try cli("verify", "--acknowledge", "--readiness", "--reason", "確認").status == 0)
        r = try cli("verify", "--against", "usb-backup.sqlite")
        #expect(r.status == 3 && r.stderr.contains("平時の準備の記録（READINESS）の 記録番号 2"), "\(r.stderr)")
    }
}
