import Foundation
import IncidentKit
import Testing

/// Issue "Outputs for where clinics actually read": the terminal (display width),
/// Japanese input, the current incident and the operator, completion scripts.
@Suite struct ClinicTerminalTests {
    /// 2026-11-25 10:00 in Tokyo, so that `--at 9:20` is this morning.
    static let now = "2026-11-25T01:00:00.000Z"

    /// An error read on a terminal is fitted to its width; piped, it stays one line.
    @Test(.enabled(if: ExternalTool.available("script"), "\(ExternalTool.missing("script"))"))
    func errorsFitTheTerminalAndStayWholeWhenPiped() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let store = cli.directory.appendingPathComponent("missing.sqlite").path
        // `script` runs the command on a pseudo-terminal and copies what it shows.
        let command = "env COLUMNS=40 INCIDENT_LANG=ja INCIDENT_DB=\(store) \(CLI.executable.path) status"
        let shown = try ExternalTool.run("script", ["-qec", command, "/dev/null"], in: cli.directory)
        let lines = shown.stdout.replacingOccurrences(of: "\r", with: "").split(separator: "\n").map(String.init)
        #expect(lines.count > 2, "\(lines)")
        #expect(lines.allSatisfy { TerminalText.width($0) <= 40 }, "\(lines)")
        #expect(lines.first?.hasPrefix("エラー: ") == true, "\(lines)")
        var piped = cli
        piped.environment["COLUMNS"] = "40"
        piped.environment["INCIDENT_DB"] = store
        let r = try piped("status")
        #expect(r.status == 1)
        #expect(r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
        // The same message, only wrapped (a space where a line breaks is dropped).
        let bare = { (t: String) in t.filter { $0 != " " && $0 != "\n" } }
        #expect(bare(r.stderr) == bare(lines.joined()))
    }

    static func store() throws -> CLI {
        var cli = try CLI()
        cli.environment["INCIDENT_TEST_NOW"] = now
        let r = try cli("init", "--facility", try cli.write("profile.yaml", PrintTests.profile))
        #expect(r.status == 0, "\(r.stderr)")
        return cli
    }

    /// `text` with wrapped lines joined again (continuations lose their indentation).
    static func flat(_ text: String) -> String {
        text.split(separator: "\n").map { $0.drop { $0 == " " } }.joined()
    }

    static func widest(_ text: String) -> (Int, String) {
        text.split(separator: "\n").map { (TerminalWidth.columns(String($0)), String($0)) }.max { $0.0 < $1.0 } ?? (0, "")
    }

    // MARK: 3. The terminal

    @Test(arguments: [80, 60])
    func noLineIsWiderThanTheTerminal(columns: Int) throws {
        var cli = try Self.store()
        defer { cli.cleanUp() }
        #expect(try cli("declare", "受付の電子カルテが開かない。受付端末2台に英語の身代金要求の画面、再起動はしていない", "--at", "09:00").status == 0)
        #expect(try cli("contact", "security-officer", "--outcome", "no-answer").status == 0)
        #expect(try cli("impact", "電子カルテ（外来・病棟・検査部門システムとの連携を含む）", "--status", "down").status == 0)
        #expect(try cli("fact", "cause", "VPN装置の脆弱性を悪用された不正アクセスの可能性（保守業者が調査中、ログは保全済み）").status == 0)
        cli.environment["COLUMNS"] = String(columns)
        let commands: [[String]] = [
            ["--help"], ["report", "--help"], ["fact", "--list"], ["status"], ["declare", "--help"], ["contact", "--help"],
            ["guide"], ["timeline"], ["list"], ["impact", "--help"], ["use", "--help"],
        ]
        for args in commands {
            let r = try cli.run(args)
            #expect(r.status == 0, "\(args): \(r.stderr)")
            let (width, line) = Self.widest(r.stdout)
            #expect(width <= columns, "\(args.joined(separator: " ")) at COLUMNS=\(columns): \(width) columns: \(line)")
        }
        // English too.
        for args in [["--help", "--lang", "en"], ["status", "--lang", "en"]] {
            let r = try cli.run(args)
            #expect(Self.widest(r.stdout).0 <= columns, "\(args)")
        }
        // A usage error fits as well.
        let r = try cli("impact", "電子カルテ", "--status", "壊れた")
        #expect(r.status == 64)
        #expect(Self.widest(r.stderr).0 <= columns, "\(r.stderr)")
    }

    /// Issue #22 item 7: every command's own text fits 80 columns (no COLUMNS set:
    /// the default width), Japanese and English; help texts are argument-parser's and
    /// covered above. Before the fix `checklist` and `readiness` printed up to 159 columns.
    @Test func everyCommandsOutputFitsEightyColumns() throws {
        var cli = try Self.store()
        defer { cli.cleanUp() }
        cli.environment["COLUMNS"] = nil
        #expect(try cli("declare", "受付の電子カルテが開かない。受付端末2台に英語の身代金要求の画面、再起動はしていない", "--at", "09:00").status == 0)
        #expect(try cli("contact", "security-officer", "--outcome", "no-answer", "--note", "夜間のため携帯に留守電を残した。折り返しを待つ").status == 0)
        #expect(try cli("impact", "電子カルテ（外来・病棟・検査部門システムとの連携を含む）", "--status", "down").status == 0)
        #expect(try cli("log", "受付端末2台をLANケーブルから外した。画面の写真を撮影し、事務室のロッカーに保管した").status == 0)
        let commands: [[String]] = [
            ["status"], ["checklist"], ["readiness"], ["doctor"], ["list"], ["timeline"], ["guide"], ["fact", "--list"],
            ["report", "--list"], ["runbook", "show", "initial-response"], ["facility", "show"], ["drill", "list"],
            ["leak", "assess", "--help"], ["verify"],
        ]
        // Not here: `review`, a Markdown document whose table rows cannot wrap (read it with --out).
        for lang in ["ja", "en"] {
            for args in commands {
                let r = try cli.run(args + ["--lang", lang], stdin: "")
                let (width, line) = Self.widest(r.stdout + "\n" + r.stderr)
                #expect(width <= 80, "\(args.joined(separator: " ")) --lang \(lang): \(width) columns: \(line)")
            }
        }
    }

    @Test func withoutColumnsTextFitsEightyAndHelpKeepsEveryOption() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let r = try cli("report", "--help")
        #expect(r.status == 0)
        #expect(Self.widest(r.stdout).0 <= 80, "\(Self.widest(r.stdout))")
        for option in ["--db", "--lang", "--incident", "--json", "--out"] { #expect(r.stdout.contains(option), "\(option)") }
        // No wrapped line begins with closing punctuation (Japanese line-breaking rules).
        for line in r.stdout.split(separator: "\n") {
            let text = line.drop { $0 == " " }
            #expect(!["、", "。", "）", "」"].contains(where: { text.hasPrefix($0) }), "\(line)")
        }
    }

    @Test func completionScriptsAreNotWrapped() throws {
        var cli = try CLI()
        defer { cli.cleanUp() }
        cli.environment["COLUMNS"] = "40"
        for shell in ["bash", "zsh", "fish"] {
            let r = try cli("--generate-completion-script", shell)
            #expect(r.status == 0, "\(shell): \(r.stderr)")
            #expect(r.stdout.contains("declare") && r.stdout.contains("use"), "\(shell)")
        }
        let bash = try cli("--generate-completion-script", "bash").stdout
        #expect(bash.split(separator: "\n").contains { TerminalWidth.columns(String($0)) > 40 }, "argument-parser's script is passed through as is")
    }

    @Test func theManPageDumpIsEnglishOnly() throws {
        // argument-parser's manual plugin keeps ASCII only: the dump it reads carries the English halves.
        let r = try CLI.run(["--experimental-dump-help"])
        #expect(r.status == 0)
        let dump = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let command = try #require(dump["command"] as? [String: Any])
        #expect(command["abstract"] as? String == "incident-response runbook for medical institutions.")
        #expect(!r.stdout.unicodeScalars.contains { $0.value >= 0x3000 && $0.value <= 0x9FFF }, "Japanese left in the dump")
        #expect(r.stdout.contains("down|degraded|restored\""), "the values without their Japanese labels")
        #expect(r.stdout.contains("\"use\""))
        #expect(!r.stdout.contains("→"))
    }

    // MARK: 5. Japanese input

    @Test func enumeratedValuesFactKeysTimesAndCountsAcceptJapanese() throws {
        let cli = try Self.store()
        defer { cli.cleanUp() }
        var r = try cli("declare", "電子カルテが開かない", "--at", "2026/11/25 09:00")
        #expect(r.status == 0, "\(r.stderr)")
        r = try cli("impact", "電子カルテ", "--status", "停止", "--at", "9:20")
        #expect(r.status == 0, "\(r.stderr)")
        r = try cli("impact", "外来", "--status", "一部停止", "--category", "部署")
        #expect(r.status == 0, "\(r.stderr)")
        r = try cli("contact", "director", "--outcome", "応答なし", "--via", "電話")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(Self.flat(r.stdout).contains("院長（高橋 花子）、電話: 応答なし"), "\(r.stdout)")
        #expect(!r.stdout.contains("連絡 director"), "\(r.stdout)")
        r = try cli("contact", "security-officer", "--outcome", "つながった")
        #expect(r.status == 0, "\(r.stderr)")
        r = try cli("contact", "mhlw", "--outcome", "メール送信")
        #expect(r.status == 0, "\(r.stderr)")
        r = try cli("fact", "原因", "VPN装置の脆弱性")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("[事実] 原因: VPN装置の脆弱性"), "\(r.stdout)")
        r = try cli("answer", "terminals-affected", "2台")
        #expect(r.status == 0, "\(r.stderr)")
        r = try cli("answer", "attack-suspected", "わからない")
        #expect(r.status == 0, "\(r.stderr)")
        r = try cli("answer", "backup-status", "不明")
        #expect(r.status == 0 && Self.flat(r.stdout).contains("→ わからない"), "\(r.stdout)\(r.stderr)")
        r = try cli("answer", "attack-suspected", "はい")
        #expect(r.status == 0, "\(r.stderr)")
        r = try cli(
            "leak", "assess", "--leak", "わからない", "--sensitive", "はい", "--malicious", "はい", "--financial", "いいえ",
            "--people", "約2,300人", "--encrypted", "いいえ")
        #expect(r.status == 0, "\(r.stderr)")

        let status = try #require(cli.json("status") as? [String: Any])
        let impacts = try #require(status["impacts"] as? [[String: Any]])
        #expect(impacts.contains { "\($0)".contains("電子カルテ") && "\($0)".contains("down") }, "\(impacts)")
        #expect(impacts.contains { "\($0)".contains("外来") && "\($0)".contains("degraded") && "\($0)".contains("department") }, "\(impacts)")
        let contacts = try #require(status["contacts"] as? [[String: Any]])
        #expect(contacts.contains { $0["role"] as? String == "director" && $0["lastOutcome"] as? String == "no-answer" }, "\(contacts)")
        #expect(contacts.contains { $0["role"] as? String == "security-officer" && $0["lastOutcome"] as? String == "reached" }, "\(contacts)")
        let timeline = try #require(cli.json("timeline") as? [[String: Any]])
        // JSON keeps the role id; the 09:20 given as `9:20` is 00:20 UTC.
        #expect(timeline.contains { ($0["text"] as? String)?.contains("director") == true })
        #expect(timeline.contains { ($0["occurredAt"] as? String) == "2026-11-25T09:20:00+09:00" }, "\(timeline)")
        #expect(timeline.contains { ($0["text"] as? String) == "cause: VPN装置の脆弱性" })
        #expect(timeline.contains { ($0["text"] as? String)?.hasSuffix("→ 2台") == true }, "\(timeline)")
        let leak = try #require(timeline.last?["text"] as? String)
        #expect(leak.contains("people=2300") && leak.contains("本人の数は概数"), "\(leak)")
        let decision = try #require(status["leak"] as? [String: Any])
        #expect(decision["reportRequired"] as? Bool == true)
    }

    @Test func usageErrorsAreWhollyJapaneseAndSuggestTheNearest() throws {
        let cli = try Self.store()
        defer { cli.cleanUp() }
        _ = try cli("declare", "電子カルテが開かない")
        let cases: [([String], String)] = [
            (["stauts"], "もしかして: status"),
            (["delcare", "x"], "もしかして: declare"),
            (["step", "strat", "1"], "もしかして: start"),
            (["impact", "電子カルテ", "--status", "壊れた"], "--status <down|degraded|restored|停止|一部停止|復旧> に「壊れた」は使えません"),
            (["contact", "director"], "--outcome"),
            (["status", "--jsn"], "オプション --jsn はありません。もしかして: --json"),
            (["log"], "を指定してください（必須です）"),
            (["fact"], "KEY と VALUE を指定してください"),
            (["use", "INC-1", "--clear"], "ID と --clear は同時に指定できません"),
        ]
        for (args, expected) in cases {
            let r = try cli.run(args)
            #expect(r.status == 64, "\(args): \(r.status)")
            #expect(r.stderr.replacingOccurrences(of: "\n", with: "").contains(expected), "\(args): \(r.stderr)")
            #expect(r.stderr.hasPrefix("エラー: "), "\(args): \(r.stderr)")
            // Wholly Japanese: no English sentence from argument-parser.
            for english in ["Error:", "Missing", "Unknown", "invalid", "Please provide", "See '", "Usage:", "/ give"] {
                #expect(!r.stderr.contains(english), "\(args): \(english) in \(r.stderr)")
            }
            #expect(r.stdout.isEmpty)
        }
        let en = try cli("stauts", "--lang", "en")
        #expect(en.status == 64 && en.stderr.contains("Did you mean: status"), "\(en.stderr)")
        let farOff = try cli("zzzzzz")
        #expect(farOff.status == 64 && !farOff.stderr.contains("もしかして"), "\(farOff.stderr)")
    }

    // MARK: 6. The current incident and the operator

    @Test func useSetsTheCurrentIncidentAndDeclareMakesTheNewOneCurrent() throws {
        var cli = try Self.store()
        defer { cli.cleanUp() }
        var r = try cli("declare", "一つ目", "--at", "08:00")
        #expect(r.status == 0)
        #expect(!r.stdout.contains("他にも対応中"))
        r = try cli("declare", "二つ目", "--at", "08:30")
        #expect(r.status == 0)
        #expect(Self.flat(r.stdout).contains("以後のコマンドは新しい INC-20261125-2 が対象です"), "\(r.stdout)")
        // No --incident needed with two open: the new one is current.
        r = try cli("log", "二つ目へ")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try cli("use").stdout.contains("INC-20261125-2"))
        r = try cli("use", "INC-20261125-1")
        #expect(r.status == 0 && Self.flat(r.stdout).contains("以後のコマンドは INC-20261125-1 が対象です"), "\(r.stdout)")
        #expect(try cli("log", "一つ目へ").status == 0)
        // --incident wins; INCIDENT_ID overrides the store's choice.
        #expect(try cli("log", "明示", "--incident", "INC-20261125-2").status == 0)
        cli.environment["INCIDENT_ID"] = "INC-20261125-2"
        #expect(try cli("log", "環境変数").status == 0)
        cli.environment["INCIDENT_ID"] = nil
        let one = try #require(cli.json("timeline", "--incident", "INC-20261125-1") as? [[String: Any]])
        let two = try #require(cli.json("timeline", "--incident", "INC-20261125-2") as? [[String: Any]])
        #expect(one.compactMap { $0["text"] as? String } == ["一つ目", "一つ目へ"])
        #expect(two.compactMap { $0["text"] as? String } == ["二つ目", "二つ目へ", "明示", "環境変数"])
        // Kept outside the log, private.
        let settings = LocalSettingsFile.path(cli)
        #expect(StoreProbe.mode(settings) & 0o777 == 0o600)
        #expect(try String(contentsOfFile: settings, encoding: .utf8).contains("INC-20261125-1"))
        // An unknown ID is refused and changes nothing.
        r = try cli("use", "INC-19990101-9")
        #expect(r.status == 1 && r.stderr.contains("incident list"), "\(r.stderr)")
        #expect(try cli("use", "--json").stdout.contains("INC-20261125-1"))
        // A current incident that was closed no longer catches writes: the open one does.
        #expect(try cli("close", "--force", "--reason", "誤報").status == 0)
        r = try cli("log", "残り")
        #expect(r.status == 0 && r.stdout.contains("記録しました"), "\(r.stderr)")
        #expect(try #require(cli.json("timeline", "--incident", "INC-20261125-2") as? [[String: Any]]).count == 5)
        // Only an open incident can be current.
        r = try cli("use", "INC-20261125-1")
        #expect(r.status == 1 && r.stderr.contains("INC-20261125-1 は終了しています"), "\(r.stderr)")
        #expect(try cli("use").stdout.contains("指定されていません"))
        #expect(try cli("use", "INC-20261125-2").status == 0)
        #expect(try cli("use", "--clear").status == 0)
        #expect(try cli("use").stdout.contains("指定されていません"))
    }

    @Test func aCurrentIncidentFileWithNonsenseIsIgnored() throws {
        let cli = try Self.store()
        defer { cli.cleanUp() }
        _ = try cli("declare", "一つ目", "--at", "08:00")
        let path = LocalSettingsFile.path(cli)
        try? FileManager.default.removeItem(atPath: path)
        try #"{"currentIncident": "INC-19990101-1", "operatorName": "\u0007\u001b[2J"}"#.write(toFile: path, atomically: true, encoding: .utf8)
        let r = try cli("log", "それでも記録できる")
        #expect(r.status == 0, "\(r.stderr)")
    }

    @Test func offATerminalTheOSAccountIsRecordedAndMarked() throws {
        var cli = try Self.store()
        defer { cli.cleanUp() }
        cli.environment["INCIDENT_ACTOR"] = nil
        var r = try cli("declare", "名前なし", "--at", "08:00")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(Self.flat(r.stdout).contains("OS のアカウント名"), "\(r.stdout)")
        let payload: String? = try StoreProbe.fetch(cli.dbPath, "SELECT payload FROM event WHERE seq = 1")
        #expect(payload?.contains("\"actorIsOSAccount\":true") == true, "\(payload ?? "")")
        // With a name, nothing is marked (and earlier declarations keep their bytes: no key at all).
        r = try cli("declare", "名前あり", "--at", "08:10", "--by", "佐藤")
        let named: String? = try StoreProbe.fetch(cli.dbPath, "SELECT payload FROM event WHERE incident_id = 'INC-20261125-2' AND seq = 1")
        #expect(named?.contains("actorIsOSAccount") == false)
        #expect(try cli("verify", "--all").status == 0)
    }
}

enum LocalSettingsFile {
    static func path(_ cli: CLI) -> String { cli.dbPath + ".local.json" }
}
