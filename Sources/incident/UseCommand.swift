import ArgumentParser
import Foundation
import IncidentKit

/// `incident use ID`: the incident later commands act on, for this store.
struct UseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "use", _superCommandName: IncidentCommand.name,
        abstract: "以後のコマンドの対象にするインシデント / set the current incident for this store.",
        discussion: """
            例 / example:
              incident use INC-20261125-2      # 以後 --incident を省略するとこのインシデント
              incident use                     # 今の対象を表示
              incident use --clear             # 解除（対応中が一つならそれが対象）
            優先順: --incident、環境変数 INCIDENT_ID、incident use の順（対象は対応中のものだけ）。
            宣言したインシデントは自動でこの対象になります（訓練は除く）。
            Order: --incident, then $INCIDENT_ID, then this. A new declaration becomes \
            current (a drill does not). Kept beside the store, not in the record.
            """
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: "インシデント ID / the incident ID (see incident list).") var id: String?
    @Flag(name: .long, help: "対象の指定を解除 / forget the current incident.") var clear = false

    func validate() throws {
        if clear, id != nil { throw ValidationError("ID と --clear は同時に指定できません / give ID or --clear, not both.") }
    }

    struct Current: Encodable { var current: String? }

    func run() throws {
        let l = global.language
        let store = try global.store()
        var settings = global.settings
        if let id {
            let resolved = try store.resolveIncident(id)
            guard try store.incidents().first(where: { $0.id == resolved })?.isOpen == true else {
                // Only an open incident can be current; a closed one is shown with --incident.
                Console.err(
                    IncidentCommand.prefix(l)
                        + l.pick(
                            ja:
                                "\(resolved) は終了しています。対象にできるのは対応中のインシデントだけです。表示するには --incident \(resolved)、記録を続けるには incident reopen --incident \(resolved) --reason 理由。",
                            en:
                                "\(resolved) is closed; only an open incident can be current. Show it with --incident \(resolved); to record again, incident reopen --incident \(resolved) --reason R."
                        ))
                throw ExitCode.failure
            }
            settings.currentIncident = resolved
            // A choice made after a drill started settles which of a drill and a real incident commands act on.
            settings.currentChosenAt = global.now
            try settings.save(store: global.dbPath)
            if global.json { return try Console.json(Current(current: resolved)) }
            return Console.line(l.pick(ja: "以後のコマンドは \(resolved) が対象です。", en: "Commands now act on \(resolved)."))
        }
        if clear {
            settings.currentIncident = nil
            settings.currentChosenAt = nil
            try settings.save(store: global.dbPath)
            if global.json { return try Console.json(Current(current: nil)) }
            return Console.line(l.pick(ja: "対象の指定を解除しました。", en: "The current incident is cleared."))
        }
        let current = try global.chosenIncident(store)
        if global.json { return try Console.json(Current(current: current)) }
        Console.line(
            current.map { l.pick(ja: "今の対象: \($0)", en: "Current incident: \($0)") }
                ?? l.pick(
                    ja: "対象は指定されていません（対応中が一つならそれが対象。incident use ID で指定）。",
                    en: "No current incident (the one open incident is used; set one with incident use ID)."))
    }
}
