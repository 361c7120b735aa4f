import ArgumentParser
import Foundation
import IncidentKit

struct SalvageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "salvage", _superCommandName: IncidentCommand.name,
        abstract: "検証できる記録を新しい記録ファイルへ / copy every event that still verifies into a new store.",
        discussion: """
            壊れた・書き換えられた記録ファイルを読み取り専用で開き（変更しません）、ハッシュの連鎖で検証できる記録を
            そのまま新しい記録ファイル（本人のみ読み書き可、新規のみ）に移します。損傷は新しいファイルに「改ざん検知の確認」として記録され、
            incident verify で表示され続けます。元のファイルは証拠として保全してください。
            Opens the damaged store read-only (never changing it) and copies every event the hash \
            chain still vouches for, as stored, into a new 0600 store; the break is recorded there \
            as an acknowledgement that `verify` keeps showing. Keep the damaged file as evidence.
            """
    )

    @OptionGroup var global: GlobalOptions
    @Option(name: .long, help: ArgumentHelp("新しい記録ファイル（新規） / the new store to create.", valueName: "file")) var out: String

    func run() throws {
        let l = global.language
        let report = try EventStore.salvage(from: global.dbPath, to: out, actor: global.actor, clock: GlobalOptions.clock, keyFile: global.keyFile)
        if global.json {
            struct Log: Encodable {
                var id: String
                var copied: Int64
                var failure: String?
                var recordedAs: Int64?
            }
            struct Out: Encodable {
                var out: String
                var logs: [Log]
                var leftBehind: [String]
                var storeWide: [String]
                var storeWideRecordedIn: [String]
            }
            return try Console.json(
                Out(
                    out: out, logs: report.logs.map { Log(id: $0.id, copied: $0.copied, failure: $0.failure?.finding(.en), recordedAs: $0.recordedAs) },
                    leftBehind: report.leftBehind.map { $0.finding(.en) }, storeWide: report.storeWide.map { $0.finding(.en) },
                    storeWideRecordedIn: report.storeWideRecordedIn))
        }
        for log in report.logs {
            Console.line(
                l.pick(
                    ja: "\(log.id): \(log.copied) 件を移しました", en: "\(log.id): \(log.copied) events copied"))
            if let f = log.failure {
                Console.line("  " + l.pick(ja: "移さなかった損傷: ", en: "Damage not copied: ") + f.finding(l))
                if let seq = log.recordedAs {
                    Console.line("  " + l.pick(ja: "新しいファイルの記録番号 \(seq) に記録しました", en: "Recorded in the new store as event #\(seq)"))
                }
            }
        }
        // Damage to the whole store (its schema, its document log), recorded in the new store's logs.
        for f in report.storeWide where !report.logs.contains(where: { $0.failure == f }) {
            Console.line(l.pick(ja: "記録ファイル全体の損傷（移していません）: ", en: "Damage to the whole store (not copied): ") + f.finding(l))
        }
        if !report.storeWideRecordedIn.isEmpty {
            let logs = report.storeWideRecordedIn.joined(separator: ", ")
            Console.line(
                "  "
                    + l.pick(
                        ja: "新しいファイルの \(logs) の最後に「改ざん検知の確認」として記録しました",
                        en: "Recorded at the end of \(logs) in the new store, as acknowledged breaks"))
        }
        for f in report.leftBehind {
            Console.line(l.pick(ja: "移せませんでした: ", en: "Could not copy: ") + f.finding(l))
        }
        Console.line(
            l.pick(
                ja: "新しい記録ファイル: \(out)。元のファイル \(global.dbPath) は変更していません（証拠として保全してください）。検査: incident verify --db \(out) --all",
                en: "New store: \(out). The damaged file \(global.dbPath) was not changed (keep it as evidence). Check with: incident verify --db \(out) --all")
        )
    }
}
