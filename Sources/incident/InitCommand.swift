import ArgumentParser
import Foundation
import IncidentKit

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init", _superCommandName: IncidentCommand.name,
        abstract: "記録ファイルを作成し、施設プロファイルを用意 / create the store and set up the facility profile.",
        discussion: """
            平時に一度実行しておきます。
              incident init                        # 記録ファイルと、記入用の雛形 ./facility.yaml を作成
              incident init --facility facility.yaml   # 記入済みのプロファイルを取り込む
            雛形は上書きしません。`declare` も必要なら記録ファイルを作成します。
            Run once before any incident. Without --facility, writes an annotated sample \
            profile to fill in (never overwriting a file); with it, imports the profile.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: ArgumentHelp("取り込むプロファイル / a facility profile to import.", valueName: "file"))
    var facility: String?

    @Option(name: .long, help: ArgumentHelp("雛形の書き出し先 / where to write the sample (default: ./facility.yaml).", valueName: "file"))
    var out: String?

    func run() throws {
        let store = try global.store(create: true)
        let l = global.language
        if let facility {
            if !global.json { Console.line(l.pick(ja: "記録ファイル: \(store.path)", en: "Store: \(store.path)")) }
            return try ProfileImport.run(file: facility, store: store, global: global)
        }
        // With a profile already imported, only an explicit --out asks for a new sample.
        let hasProfile = try store.currentProfile() != nil
        var sample: String? = nil
        var existing: String? = nil
        if out != nil || !hasProfile {
            let path = out ?? "facility.yaml"
            // Running init twice is harmless: the default sample is kept, never overwritten.
            if out == nil, FileManager.default.fileExists(atPath: path) {
                existing = path
            } else {
                try FacilityProfile.writeSample(to: path)
                sample = path
            }
        }
        if global.json {
            var result = ["db": store.path]
            if let sample { result["sample"] = sample }
            return try Console.json(result)
        }
        Console.line(l.pick(ja: "記録ファイルを用意しました: \(store.path)（本人のみ読み書き可）", en: "Store ready: \(store.path) (readable by you only)"))
        if let sample {
            Console.line(
                l.pick(
                    ja: """
                        施設プロファイルの雛形を書き出しました: \(sample)
                        次の手順で準備してください:
                          1. \(sample) を開き、"" の中に施設名・責任者・院長・事務長・保守業者の電話番号などを記入
                             （電話番号は契約書や各機関の公式ページで確認。分からない欄は空のままで構いません）
                          2. incident facility import \(sample)
                          3. incident doctor    （足りない連絡先を確認）
                        """,
                    en: """
                        Wrote a sample facility profile: \(sample)
                        Next:
                          1. Open \(sample) and fill in the facility, the security officer, director,
                             office manager and vendors with their phone numbers (check them against
                             contracts and official pages; leave unknown fields empty)
                          2. incident facility import \(sample)
                          3. incident doctor    (lists what is still missing)
                        """))
        } else if let existing {
            Console.line(
                l.pick(
                    ja: "\(existing) は既にあるので上書きしていません。記入したら `incident facility import \(existing)` で取り込んでください。",
                    en: "\(existing) already exists and was not overwritten. When filled in, import it with `incident facility import \(existing)`."))
        } else {
            Console.line(
                l.pick(
                    ja: "施設プロファイルは取り込み済みです（`incident facility show`）。雛形が必要なら --out ファイル名 を付けてください。",
                    en: "A facility profile is already imported (`incident facility show`); add --out FILE for a fresh sample."))
        }
    }
}
