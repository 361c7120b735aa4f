import ArgumentParser
import Foundation
import IncidentKit

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", _superCommandName: IncidentCommand.name,
        abstract: "検査できる形で書き出し / write a bundle that can be verified offline.",
        discussion: """
            新しいフォルダ（本人のみ読み書き可）に次を書き出します。既にあるパスは上書きしません。
              events.jsonl   すべての記録（1行1件、保存されたとおりの全項目とハッシュ）
              timeline.md    時系列（Markdown）
              manifest.json  インシデント ID、件数、最終ハッシュ、作成時刻、ツールの版、他のファイルの SHA-256
            表示される目録のハッシュを紙に控えてください。後で目録ごと作り直されても見破れます:
              incident verify --bundle フォルダ --manifest-hash 控えたハッシュ
            検査: incident verify --bundle フォルダ（データベース不要）
            --readiness は平時の準備の記録（チェックリストの回答）を同じ形式で書き出します。
            Writes a new 0700 folder with events.jsonl, timeline.md and manifest.json; an existing \
            path is never overwritten. Check it anywhere with `incident verify --bundle DIR`.
            """
    )

    @OptionGroup var global: GlobalOptions
    @Option(name: .long, help: ArgumentHelp("書き出し先フォルダ（新規） / the bundle folder to create.", valueName: "path")) var out: String
    @Flag(name: .long, help: "平時の準備の記録（チェックリストの回答）を書き出す / export the readiness log (checklist answers) instead of an incident.")
    var readiness = false

    func run() throws {
        let l = global.language
        let store = try global.store()
        let manifest: EventBundle.Manifest
        let manifestHash: String
        if readiness {
            let timeZone = (try? store.currentProfile())?.flatMap { TimeZone(identifier: $0.facility.timeZone) } ?? global.timeZone
            (manifest, manifestHash) = try store.exportReadiness(to: out, toolVersion: IncidentCommand.configuration.version, timeZone: timeZone)
        } else {
            let id = try global.readIncident(store)
            (manifest, manifestHash) = try store.export(id, to: out, language: l, toolVersion: IncidentCommand.configuration.version)
        }
        let recorded = try CopyNote.record(.export, target: out, sha256: manifestHash, store, global)
        if global.json {
            struct Exported: Encodable {
                var manifest: EventBundle.Manifest
                var manifestHash: String
                var recorded: Bool
            }
            return try Console.json(Exported(manifest: manifest, manifestHash: manifestHash, recorded: recorded))
        }
        let head = ChainAnchor.HeadNote.text(seq: manifest.lastSeq, hash: manifest.lastHash)
        Console.line(
            l.pick(
                ja: "書き出しました: \(out)（\(manifest.incidentID)、\(manifest.eventCount) 件、最終 \(head)）",
                en: "Exported to \(out) (\(manifest.incidentID), \(manifest.eventCount) events, head \(head))"))
        Console.line(l.pick(ja: "目録のハッシュ（紙に控えてください）: \(manifestHash)", en: "Manifest hash (write it down): \(manifestHash)"))
        Console.line(
            l.pick(
                ja: "検査: incident verify --bundle \(out) --manifest-hash \(manifestHash.prefix(16))\n照合: incident verify --against \(out)",
                en:
                    "Check with: incident verify --bundle \(out) --manifest-hash \(manifestHash.prefix(16))\nCompare the store with it: incident verify --against \(out)"
            ))
    }
}
