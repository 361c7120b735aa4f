import Foundation
import IncidentKit
import Testing

/// Reports and notices tracked to their deadlines: `incident submit`, the
/// obligations in `status`, and the 確報 that says what changed since the 速報.
@Suite struct ObligationCLITests {
    /// The ransomware fixture incident (aware 2026-04-10 08:30 JST) with the clock at `now` (JST, "2026-04-11 12:00").
    static func incident(now: String) throws -> CLI {
        var cli = try LeakReportCLITests.ransomwareIncident()
        cli.setNow(now)
        return cli
    }

    static func obligations(_ cli: CLI) throws -> [String: [String: Any]] {
        let status = try #require(try cli.json("status") as? [String: Any])
        let list = try #require(status["obligations"] as? [[String: Any]])
        return Dictionary(uniqueKeysWithValues: list.map { ($0["kind"] as! String, $0) })
    }

    static func next(_ cli: CLI) throws -> [String: Any] {
        let status = try #require(try cli.json("status") as? [String: Any])
        return try #require(status["nextAction"] as? [String: Any])
    }

    static func ok(_ cli: CLI, _ args: String...) throws -> CLI.Result {
        let r = try cli.run(args)
        #expect(r.status == 0, "\(args): \(r.stderr)")
        return r
    }

    /// The "done when": declare → leak suspected (assessLeak) → assess → 速報
    /// submitted → more events → the 確報 shows the changes → 確報 submitted → nothing open.
    @Test func theChannelTakesItsJapaneseLabelAndAWrongOneIsExplainedInJapanese() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        _ = try cli("declare", "受付の電子カルテが開かない")
        let ok = try cli("submit", "police", "--channel", "電話", "--json")
        #expect(ok.status == 0, "\(ok.stderr)")
        let bad = try cli("submit", "police", "--channel", "fax")
        #expect(bad.status == 64)
        #expect(bad.stderr.contains("に「fax」は使えません。"), "\(bad.stderr)")
        #expect(bad.stderr.contains("phone（電話）"))
        #expect(!bad.stderr.contains("Please provide"))
        let status = try #require(try cli.json("status") as? [String: Any])
        let police = (status["obligations"] as? [[String: Any]])?.first { $0["kind"] as? String == "police" }
        #expect(police?["channel"] as? String == "phone")
    }

    @Test func preliminaryThenFinalSettlesThePPC() throws {
        var cli = try Self.incident(now: "2026-04-10 12:00")
        defer { cli.cleanUp() }
        #expect(try Self.obligations(cli).isEmpty)

        _ = try Self.ok(cli, "answer", "leak-suspected", "yes")
        // DOMAIN §5: the runbook's first calls come before the leak decision.
        #expect(try Self.next(cli)["action"] as? String == "call")
        #expect(try Self.next(cli)["role"] as? String == "security-officer")

        _ = try Self.ok(
            cli, "leak", "assess", "--leak", "suspected", "--sensitive", "yes", "--malicious", "yes", "--financial", "no",
            "--people", "2300", "--encrypted", "no", "--at", "2026-04-10 11:00")
        var o = try Self.obligations(cli)
        let prelim = try #require(o["ppc-preliminary"])
        #expect(prelim["due"] as? String == "2026-04-14")
        #expect(prelim["remindFrom"] as? String == "2026-04-12")
        #expect(prelim["state"] as? String == "pending")
        #expect(prelim["submittedAt"] is NSNull)
        let final = try #require(o["ppc-final"])
        #expect(final["due"] as? String == "2026-06-08")
        #expect(final["target"] is NSNull)
        #expect(o["individual-notice"]?["state"] as? String == "pending")
        // Four days before the 速報 target the runbook's steps still come first.
        #expect(try Self.next(cli)["action"] as? String != "submit")

        // Two days before the target, the 速報 comes first.
        cli.setNow("2026-04-12 09:00")
        let next = try Self.next(cli)
        #expect(next["action"] as? String == "submit")
        #expect(next["kind"] as? String == "ppc-preliminary")
        let text = try Self.ok(cli, "status").stdout
        #expect(text.contains("速やかに（目安: 遅くとも 4/14）"))
        let unwrapped = text.replacingOccurrences(of: "\n  ", with: "")  // continuation lines of the 80-column wrap
        #expect(unwrapped.contains("次にすること: 個人情報保護委員会への速報を速やかに（目安: 遅くとも 4/14）提出してください。"), "\(text)")

        cli.setNow("2026-04-12 12:00")
        _ = try Self.ok(cli, "submit", "ppc-preliminary", "--channel", "form", "--ref", "PPC-2026-0001", "--at", "2026-04-12 10:00")
        o = try Self.obligations(cli)
        #expect(o["ppc-preliminary"]?["state"] as? String == "submitted")
        #expect(o["ppc-preliminary"]?["channel"] as? String == "form")
        #expect(o["ppc-preliminary"]?["ref"] as? String == "PPC-2026-0001")
        #expect(o["ppc-preliminary"]?["submittedAt"] as? String == "2026-04-12T10:00:00+09:00")
        #expect(o["ppc-final"]?["state"] as? String == "pending")

        // After the 速報: more is learnt.
        cli.setNow("2026-04-20 12:00")
        _ = try Self.ok(cli, "fact", "cause", "VPN装置の脆弱性を悪用した不正アクセス", "--at", "2026-04-15 09:00")
        _ = try Self.ok(cli, "impact", "電子カルテ", "--status", "restored", "--at", "2026-04-16 14:00")
        let draft = try Self.ok(cli, "report", "ppc-final").stdout
        #expect(draft.contains("■ 速報からの変更点"))
        #expect(draft.contains("2026年4月12日（日）10:00 に提出した速報の後に記録された事項:"))
        #expect(draft.contains("・2026年4月15日（水）09:00 原因: VPN装置の脆弱性を悪用した不正アクセス"))
        #expect(draft.contains("・2026年4月16日（木）14:00 電子カルテ: 復旧"))
        // What the 速報 already said is not a change.
        #expect(!draft.contains("漏えい等報告の判定（"))
        // Instructions to the writer are set apart from the text to send.
        let sendable = try #require(draft.components(separatedBy: "送付前の確認").first)
        #expect(!sendable.contains("incident submit"))
        // Rendering a draft records nothing.
        #expect(try Self.obligations(cli)["ppc-final"]?["state"] as? String == "pending")

        _ = try Self.ok(cli, "submit", "ppc-final", "--channel", "form", "--ref", "PPC-2026-0002")
        o = try Self.obligations(cli)
        #expect(o["ppc-preliminary"]?["state"] as? String == "submitted")
        #expect(o["ppc-final"]?["state"] as? String == "submitted")
        #expect(!o.values.contains { ($0["kind"] as? String)?.hasPrefix("ppc") == true && $0["state"] as? String != "submitted" })
        let after = try Self.ok(cli, "status").stdout
        #expect(after.contains("[x] 個人情報保護委員会への確報"))
        #expect(!after.contains("期限超過"))
    }

    /// A final report submitted first also settles the preliminary (DOMAIN §5);
    /// a deadline met is never shown as overdue, however late it is read.
    @Test func finalFirstSettlesThePreliminary() throws {
        var cli = try Self.incident(now: "2026-04-11 12:00")
        defer { cli.cleanUp() }
        _ = try Self.ok(
            cli, "leak", "assess", "--leak", "yes", "--sensitive", "yes", "--malicious", "no", "--financial", "no",
            "--people", "10", "--encrypted", "no")
        _ = try Self.ok(cli, "submit", "ppc-final", "--channel", "email", "--note", "速報と確報を兼ねて提出")
        cli.setNow("2026-11-25 09:00")
        let o = try Self.obligations(cli)
        #expect(o["ppc-preliminary"]?["state"] as? String == "submitted")
        #expect(o["ppc-preliminary"]?["channel"] as? String == "email")
        #expect(o["ppc-final"]?["state"] as? String == "submitted")
        let text = try Self.ok(cli, "status").stdout
        #expect(!text.contains("期限超過"))
        #expect(!text.contains("目安超過"))
        // Notice to individuals has no fixed date and stays open until recorded.
        #expect(o["individual-notice"]?["state"] as? String == "pending")
        let next = try Self.next(cli)
        #expect(next["action"] as? String != "submit" || next["kind"] as? String != "ppc-final")
    }

    /// The MHLW first contact is settled by a call that reached the ministry or an
    /// e-mail sent to it; after it, the 続報 is tracked.
    @Test func mhlwContactSettlesTheFirstReport() throws {
        let cli = try Self.incident(now: "2026-04-10 12:00")
        defer { cli.cleanUp() }
        _ = try Self.ok(cli, "answer", "attack-suspected", "yes")
        var o = try Self.obligations(cli)
        #expect(o["mhlw"]?["state"] as? String == "pending")
        #expect(o["police"]?["state"] as? String == "pending")
        #expect(o["mhlw-followup"] == nil)
        _ = try Self.ok(cli, "contact", "mhlw", "--outcome", "no-answer", "--at", "2026-04-10 09:00")
        #expect(try Self.obligations(cli)["mhlw"]?["state"] as? String == "pending")
        _ = try Self.ok(cli, "contact", "mhlw", "--outcome", "email-sent", "--at", "2026-04-10 09:20")
        o = try Self.obligations(cli)
        #expect(o["mhlw"]?["state"] as? String == "submitted")
        #expect(o["mhlw"]?["channel"] as? String == "email")
        #expect(o["mhlw"]?["submittedAt"] as? String == "2026-04-10T09:20:00+09:00")
        #expect(o["mhlw-followup"]?["state"] as? String == "pending")
    }

    /// A correction moves a submission like any event; bad input leaves the store untouched.
    @Test func correctionsAndBadInput() throws {
        let cli = try Self.incident(now: "2026-04-12 12:00")
        defer { cli.cleanUp() }
        _ = try Self.ok(
            cli, "leak", "assess", "--leak", "yes", "--sensitive", "yes", "--malicious", "no", "--financial", "no",
            "--people", "10", "--encrypted", "no")
        let before: Int? = try StoreProbe.fetch(cli.dbPath, "SELECT count(*) FROM event")
        let bad = try cli("submit", "ppc-interim")
        #expect(bad.status == 64)
        #expect(bad.stderr.contains("「ppc-interim」は使えません"), "\(bad.stderr)")
        let typo = try cli("submit", "ppc-finl")
        #expect(typo.status == 64)
        #expect(typo.stderr.contains("もしかして: ppc-final"), "\(typo.stderr)")
        let badChannel = try cli("submit", "ppc-final", "--channel", "fax")
        #expect(badChannel.status == 64)
        let future = try cli("submit", "ppc-final", "--at", "2026-04-13 09:00")
        #expect(future.status == 1)
        #expect(try StoreProbe.fetch(cli.dbPath, "SELECT count(*) FROM event") as Int? == before)

        let r = try Self.ok(cli, "submit", "ppc-preliminary", "--json")
        let seq = try #require((try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])?["seq"] as? Int)
        _ = try Self.ok(cli, "correct", String(seq), "--text", "実際の提出は前日の夕方", "--time", "2026-04-11 17:30")
        #expect(try Self.obligations(cli)["ppc-preliminary"]?["submittedAt"] as? String == "2026-04-11T17:30:00+09:00")
    }
}

extension CLI {
    /// Fixes the CLI's clock at `local` (JST, `2026-04-11 12:00`).
    mutating func setNow(_ local: String) {
        let date = ISO8601DateFormatter().date(from: local.replacingOccurrences(of: " ", with: "T") + ":00+09:00")!
        environment["INCIDENT_TEST_NOW"] = Timestamp.utc(date)
    }
}

@Suite struct IndividualNoticeLettersCLITests {
    @Test func lettersFromAShiftJISListAreWrittenPrivatelyAndTheListIsNotStored() throws {
        let cli = try LeakReportCLITests.ransomwareIncident()
        defer { cli.cleanUp() }
        let csv = cli.directory.appendingPathComponent("対象患者.csv")
        try #require("氏名,郵便番号,住所\r\n秘密 花子,100-0001,東京都千代田区架空町9-9-9\r\n山田 太郎,100-0002,東京都千代田区架空町1-1-1\r\n".data(using: .shiftJIS))
            .write(to: csv)
        let out = cli.directory.appendingPathComponent("通知文.html").path
        let before = try StoreProbe.snapshot(cli.dbPath)
        let r = try cli("report", "individual-notice", "--recipients", csv.path, "--out", out)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("通知文 2 通"))
        let html = try String(contentsOfFile: out, encoding: .utf8)
        #expect(html.contains("秘密 花子 様"))
        #expect(html.components(separatedBy: "<section class=\"page\">").count - 1 == 2)
        #expect(StoreProbe.mode(out) == 0o600)
        // Nothing about the list reaches the store.
        let store = try String(contentsOfFile: cli.dbPath, encoding: .isoLatin1)
        #expect(!store.contains("100-0001"))
        #expect(try StoreProbe.snapshot(cli.dbPath) == before)
        // Never overwrites; a bad row is named by its line and the other letters are made.
        #expect(try cli("report", "individual-notice", "--recipients", csv.path, "--out", out).status == 1)
        let bad = try cli.write("bad.csv", "氏名,住所\n山田 太郎,東京都\n,大阪府\n")
        let badOut = cli.directory.appendingPathComponent("bad.html").path
        let partial = try cli("report", "individual-notice", "--recipients", bad, "--out", badOut)
        #expect(partial.status == 0, "\(partial.stderr)")
        #expect(partial.stderr.contains("bad.csv:3"))
        let letters = try String(contentsOfFile: badOut, encoding: .utf8)
        #expect(letters.components(separatedBy: "<section class=\"page\">").count - 1 == 1)
        #expect(letters.contains("山田 太郎"))
        #expect(try cli("report", "mhlw", "--recipients", bad, "--out", badOut).status == 64)
        #expect(try cli("report", "individual-notice", "--recipients", bad).status == 64)
    }
}
