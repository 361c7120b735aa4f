import ArgumentParser
import IncidentKit

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "記録ファイルを作成 / create the store.",
        discussion: "平時に一度実行しておきます。`declare` も必要なら記録ファイルを作成します。 Run once before any incident; `declare` also creates the store when needed."
    )

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let store = try global.store(create: true)
        let l = global.language
        if global.json {
            try Console.json(["db": store.path])
        } else {
            Console.line(l.pick(ja: "記録ファイルを用意しました: \(store.path)（本人のみ読み書き可）", en: "Store ready: \(store.path) (readable by you only)"))
        }
    }
}
