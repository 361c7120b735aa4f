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
