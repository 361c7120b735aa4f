import Foundation
import Testing

/// Clinics back up by copying the store file to a USB stick. Once a command has
/// exited, that one file must hold every acknowledged event: nothing may be
/// left committed only in the `-wal` file beside it.
@Suite struct PlainCopyTests {
    @Test func aPlainCopyOfTheFileAfterEachCommandHoldsEveryEvent() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let commands: [[String]] = [
            ["declare", "受付の電子カルテが開かない"],
            ["log", "受付端末2台に身代金要求画面"],
            ["step", "start", "1"],
            ["contact", "security-officer", "--outcome", "no-answer"],
            ["impact", "電子カルテ", "--status", "down"],
            ["answer", "attack-suspected", "yes"],
        ]
        for (n, args) in commands.enumerated() {
            let r = try cli.run(args)
            #expect(r.status == 0, "\(args): \(r.stderr)")
            let copy = cli.directory.appendingPathComponent("usb-\(n).sqlite").path
            // Only the main file, as `cp incident.sqlite /media/usb/` copies it.
            try FileManager.default.copyItem(atPath: cli.dbPath, toPath: copy)
            var env = cli.environment
            env["INCIDENT_DB"] = copy
            let verify = try CLI.run(["verify"], environment: env, in: cli.directory)
            #expect(verify.status == 0, "copy after \(args): \(verify.stderr)")
            #expect(verify.stdout.contains("改ざんなし（\(n + 1) 件"), "copy after \(args): \(verify.stdout)")
            let wal = ((try? FileManager.default.attributesOfItem(atPath: cli.dbPath + "-wal"))?[.size] as? Int) ?? 0
            #expect(wal == 0, "after \(args) the -wal file still holds \(wal) bytes")
        }
    }
}
