import Foundation
import Testing

@Suite struct CLISmokeTests {
    @Test func helpListsTheContractCommands() throws {
        let r = try CLI.run(["--help"])
        #expect(r.status == 0)
        for command in ["init", "declare", "list", "status", "log", "step", "timeline", "verify", "close", "reopen", "runbook", "export", "backup"] {
            #expect(r.stdout.contains(command), "help lacks \(command)")
        }
    }
}

@Suite struct VerifyHelpTests {
    @Test func verifyHelpDocumentsAcknowledgementAndExitCodes() throws {
        let r = try CLI.run(["verify", "--help"])
        #expect(r.status == 0)
        for word in ["--acknowledge", "--reason", "--strict", "--bundle", "exit 0", "3"] {
            #expect(r.stdout.contains(word), "verify --help lacks \(word)")
        }
    }
}
