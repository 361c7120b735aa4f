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
        let sha256 = try store.backup(to: out)
        let recorded = try CopyNote.record(.backup, target: out, sha256: sha256, store, global)
        if global.json { return try Console.json(["backup": out, "sha256": sha256, "recorded": recorded ? "yes" : "no"]) }
        Console.line(
            l.pick(
                ja: "複製しました: \(out)（SHA-256 \(sha256.prefix(16))…）。検査: incident verify --db \(out) --all",
                en: "Backed up to \(out) (SHA-256 \(sha256.prefix(16))…). Check with: incident verify --db \(out) --all"))
    }
}

/// Records a copy just made in the store (so `doctor`, `readiness` and `status`
/// can say how old the newest copy is). On a store that cannot be written the
/// copy stands, and the note says it could not be recorded.
enum CopyNote {
    static func record(_ kind: CopyRecord.Kind, target: String, sha256: String, _ store: EventStore, _ global: GlobalOptions) throws -> Bool {
        do {
            try store.recordCopy(kind, target: target, sha256: sha256)
            return true
        } catch IncidentError.storeReadOnly {
            Console.err(
                global.language.pick(
                    ja: "注意: 複製は作りましたが、記録ファイルが読み取り専用のため、複製したことを記録できませんでした。",
                    en: "Note: the copy was made, but the store is read-only, so the copy could not be recorded in it."))
            return false
        } catch {
            // A store that refuses writes for another reason (e.g. a broken document
            // log): the copy, which preserves it, stands.
            Console.err(
                global.language.pick(
                    ja: "注意: 複製は作りましたが、複製したことを記録できませんでした: ", en: "Note: the copy was made, but could not be recorded in the store: ")
                    + error.message(global.language, wording: CLIWording()))
            return false
        }
    }
}
