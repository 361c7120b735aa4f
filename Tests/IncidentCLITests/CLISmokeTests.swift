import Foundation
import Testing

@Suite struct CLISmokeTests {
    /// The names listed under SUBCOMMANDS of `incident --help` (not words that
    /// merely occur somewhere in the help text).
    static func subcommands(_ help: String) -> Set<String> {
        var names: Set<String> = []
        var inList = false
        for line in help.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("SUBCOMMANDS:") { inList = true; continue }
            guard inList else { continue }
            if !line.isEmpty, !line.hasPrefix(" ") { break }
            // "  declare                 インシデントを宣言…": the first word of an entry line.
            let trimmed = line.drop { $0 == " " }
            guard line.hasPrefix("  "), !line.hasPrefix("                "), let name = trimmed.split(separator: " ").first else { continue }
            names.insert(String(name))
        }
        return names
    }

    @Test func helpListsTheContractCommands() throws {
        let r = try CLI.run(["--help"])
        #expect(r.status == 0)
        let listed = Self.subcommands(r.stdout)
        for command in [
            "init", "declare", "list", "status", "log", "step", "timeline", "verify", "close", "reopen", "runbook", "export", "backup",
            "facility", "guide", "contact", "impact", "leak", "report", "answer", "correct", "fact", "doctor",
        ] {
            #expect(listed.contains(command), "SUBCOMMANDS lacks \(command): \(listed.sorted())")
            // And each one answers to --help under its own name.
            let help = try CLI.run([command, "--help"])
            #expect(help.status == 0, "\(command) --help: \(help.stderr)")
            #expect(help.stdout.contains("incident \(command)"), "\(command) --help has no usage line for it")
        }
    }
}

@Suite struct VerifyHelpTests {
    @Test func verifyHelpDocumentsAcknowledgementAndExitCodes() throws {
        let r = try CLI.run(["verify", "--help"])
        #expect(r.status == 0)
        for phrase in ["--acknowledge", "--reason", "--strict", "--bundle", "終了コード 3", "Exits 3 naming the first bad event", "exit 0, or 3 with --strict"] {
            #expect(r.stdout.contains(phrase), "verify --help lacks \(phrase)")
        }
    }
}

/// `incident SUB …` is parsed by SUB alone when it can be (start-up speed); every
/// outcome must be what the whole command tree gives for the same arguments.
@Suite struct DirectSubcommandParsingTests {
    @Test func everyOutcomeMatchesTheWholeTree() throws {
        let cases: [[String]] = [
            ["log", "--help"], ["log", "-h"], ["log"], ["log", "x", "--bogus"], ["log", "x", "--version"], ["log", "x", "--at", "25:00"],
            ["step"], ["step", "start"], ["step", "start", "99"], ["step", "stauts"], ["step", "start", "--help"],
            ["help", "log"], ["facility"], ["status", "--lang", "en"], ["status", "--json"], ["contact", "--help"],
            ["submit", "--channel", "fax", "mhlw"], ["log", "--generate-completion-script", "bash"],
            ["log", "診療を紙運用に切り替え"], ["step", "start", "1"], ["contact", "director", "--result", "reached"],
            ["impact", "電子カルテ", "--status", "down"], ["answer", "nonexistent", "yes"], ["list"], ["timeline", "--format", "csv"],
        ]
        let direct = try CLI(), whole = try CLI()
        defer { direct.cleanUp(); whole.cleanUp() }
        var wholeTree = whole
        wholeTree.environment["INCIDENT_TEST_WHOLE_TREE"] = "1"
        for cli in [direct, wholeTree] {
            var fixed = cli
            fixed.environment["INCIDENT_TEST_NOW"] = "2026-11-25T00:10:00.000Z"
            _ = try fixed("declare", "受付の電子カルテが開かない", "--at", "2026-11-25 09:00")
        }
        for arguments in cases {
            var a = direct, b = wholeTree
            a.environment["INCIDENT_TEST_NOW"] = "2026-11-25T01:00:00.000Z"
            b.environment["INCIDENT_TEST_NOW"] = "2026-11-25T01:00:00.000Z"
            let x = try a.run(arguments), y = try b.run(arguments)
            let clean = { (t: String, c: CLI) in t.replacingOccurrences(of: c.directory.path, with: "DIR") }
            #expect(x.status == y.status, "\(arguments)")
            #expect(clean(x.stdout, a) == clean(y.stdout, b), "\(arguments)")
            #expect(clean(x.stderr, a) == clean(y.stderr, b), "\(arguments)")
        }
    }
}
