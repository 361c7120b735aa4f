import Foundation
import Testing

@Suite struct CLISmokeTests {
    @Test func helpListsTheContractCommands() throws {
        let r = try CLI.run(["--help"])
        #expect(r.status == 0)
        for command in ["init", "declare", "list", "status", "log", "step", "timeline", "verify", "close", "reopen", "runbook"] {
            #expect(r.stdout.contains(command), "help lacks \(command)")
        }
    }
}
