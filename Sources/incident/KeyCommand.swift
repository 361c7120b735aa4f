import ArgumentParser
import Foundation
import IncidentKit

struct KeyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "key", _superCommandName: IncidentCommand.name,
        abstract: "署名用の鍵 / the optional key that signs each event.",
        subcommands: [KeyInitCommand.self]
    )
}

struct KeyInitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "新しい鍵を作る / write a new 256-bit key.",
        discussion: """
            256 ビットの鍵を新しいファイル（本人のみ読み書き可）に書きます。既にあるファイルは上書きせず、フォルダも作りません\
            （パソコンとは別に保管する USB メモリを差し込んで、その上のパスを指定してください）。
            以後 --key ファイル または環境変数 INCIDENT_KEY_FILE を指定すると、新しい記録すべてに鍵による署名（HMAC-SHA256）が付き、\
            incident verify --key ファイル で、鍵を持たない者による書き換え・作り直し・偽造を見つけられます。
            末尾の削除は鍵では分かりません: 書き出し（export）と紙の控え（verify --head）で確かめてください。

            Writes a 256-bit key to a new 0600 file (never overwritten; the folder must exist, as on a \
            USB stick kept apart). With --key FILE or INCIDENT_KEY_FILE, every new event carries an \
            HMAC-SHA256 of its hash, and `incident verify --key FILE` detects events edited, re-chained or \
            forged without the key. Cut tails are for the outside anchors (export, verify --head).
            """
    )

    @OptionGroup var global: GlobalOptions
    @Option(name: .long, help: ArgumentHelp("鍵ファイル（新規、既存のフォルダ内） / the key file to create (in an existing folder).", valueName: "file"))
    var out: String

    func run() throws {
        let l = global.language
        let key = EventKey.generate()
        try key.write(toNew: out)
        if global.json { return try Console.json(["key": out, "fingerprint": key.fingerprint]) }
        Console.line(
            l.pick(
                ja: """
                    鍵を作りました: \(out)（識別: \(key.fingerprint)）
                    この鍵は記録ファイルとは別の場所（USB メモリなど）に保管し、なくさないでください。鍵がないと署名の検査ができません。
                    使い方: export INCIDENT_KEY_FILE=\(out)   または各コマンドに --key \(out)
                    検査: incident verify --key \(out)
                    """,
                en: """
                    Key written: \(out) (fingerprint \(key.fingerprint)).
                    Keep it apart from the store (a USB stick) and do not lose it: without it signatures cannot be checked.
                    Use: export INCIDENT_KEY_FILE=\(out)   or --key \(out) on each command
                    Check: incident verify --key \(out)
                    """))
    }
}
