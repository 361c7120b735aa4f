import Foundation
import Testing

/// No silent empty stores: only `init` and `declare` create one; reading
/// commands say when the file is missing, empty or unfinished (path, exit 1)
/// and leave it as it is; an interrupted creation is finished by `init` or
/// `declare`, never a store that holds an event or a profile.
@Suite struct StoreOpeningTests {
    func size(_ path: String) -> Int? {
        (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue
    }

    @Test func readingCommandsDoNotCreateAStore() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        for args in [["status"], ["verify"], ["verify", "--all"], ["list"], ["timeline"], ["log", "x"]] {
            let r = try cli.run(args)
            #expect(r.status == 1, "\(args)")
            #expect(r.stderr.contains(cli.dbPath) && r.stderr.contains("ありません"), "\(args): \(r.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: cli.dbPath))
    }

    @Test func anEmptiedStoreIsNamedAndLeftAlone() throws {
        let cli = try CLI.withNotes(2)
        defer { cli.cleanUp() }
        try Data().write(to: URL(fileURLWithPath: cli.dbPath))
        // At once (not only after some seconds): no command re-creates an empty schema in it.
        for args in [["status"], ["verify", "--all"], ["list"]] {
            let r = try cli.run(args)
            #expect(r.status == 1, "\(args)")
            #expect(r.stderr.contains(cli.dbPath) && r.stderr.contains("空です"), "\(args): \(r.stderr)")
        }
        #expect(size(cli.dbPath) == 0)
    }

    @Test func verifyInAStoreWithoutIncidentsIsAnError() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        #expect(try cli("init").status == 0)
        let r = try cli("verify", "--all")
        #expect(r.status == 1)
        #expect(r.stderr.contains("インシデントがまだありません"), "\(r.stderr)")
    }

    @Test func anInterruptedFirstDeclareIsFinishedByDeclare() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        // What a killed first declare can leave: an empty file with its journal.
        try FileManager.default.createDirectory(atPath: (cli.dbPath as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data().write(to: URL(fileURLWithPath: cli.dbPath))
        try Data().write(to: URL(fileURLWithPath: cli.dbPath + "-journal"))
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -600)], ofItemAtPath: cli.dbPath)
        let status = try cli("status")
        #expect(status.status == 1)
        #expect(status.stderr.contains(cli.dbPath) && status.stderr.contains("中断"), "\(status.stderr)")
        let declare = try cli("declare", "受付の電子カルテが開かない", "--json")
        #expect(declare.status == 0, "\(declare.stderr)")
        #expect(declare.stderr.contains("作り直して続けます"), "\(declare.stderr)")
        #expect(declare.stdout.contains("-1\""), "\(declare.stdout)")
        #expect(try cli("verify").status == 0)
    }

    @Test func aSchemaWithoutTheCompletionMarkIsUnfinishedUnlessItHoldsSomething() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        #expect(try cli("init").status == 0)
        try StoreProbe.tamper(cli.dbPath, "DELETE FROM store_created")
        #expect(try cli("list").status == 1)
        let declare = try cli("declare", "受付の電子カルテが開かない")
        #expect(declare.status == 0, "\(declare.stderr)")
        #expect(declare.stderr.contains("作り直して続けます"))
        // A store holding an event is never treated as unfinished, mark or not.
        try StoreProbe.tamper(cli.dbPath, "DELETE FROM store_created")
        let list = try cli("list")
        #expect(list.status == 0, "\(list.stderr)")
        let again = try cli("log", "続き")
        #expect(again.status == 0)
        #expect(!again.stderr.contains("作り直して"))
    }
}
