import ArgumentParser
import Foundation
import IncidentKit

struct BackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup", _superCommandName: IncidentCommand.name,
        abstract: "記録ファイルを丸ごと複製 / copy the whole store into a new file.",
        discussion: """
            SQLite のオンラインバックアップで、記録中でも一貫した複製を新しいファイル（本人のみ読み書き可）に作ります。
            既にあるファイルは上書きしません。複製の検査: incident verify --db ファイル --all
            Uses SQLite's online backup: a consistent copy even while others are recording, in a \
            new 0600 file (never overwritten). Check it with `incident verify --db FILE --all`.
            """
    )

    @OptionGroup var global: GlobalOptions
    @Option(name: .long, help: ArgumentHelp("複製先ファイル（新規） / the file to create.", valueName: "file")) var out: String

    func run() throws {
        let l = global.language
        let store = try global.store()
        try store.backup(to: out)
        if global.json { return try Console.json(["backup": out]) }
        Console.line(
            l.pick(
                ja: "複製しました: \(out)。検査: incident verify --db \(out) --all",
                en: "Backed up to \(out). Check with: incident verify --db \(out) --all"))
    }
}
