import ArgumentParser
import IncidentKit

extension EventBody.Impact.Status: ExpressibleByArgument {
    /// The raw value or the Japanese label (`停止`, `一部停止`, `復旧`).
    public init?(argument: String) { self.init(input: argument) }
}

struct ImpactCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "impact", _superCommandName: IncidentCommand.name,
        abstract: "影響を記録（止まったシステム・端末・部署・患者サービス） / record what is affected.",
        discussion: """
            例 / example:
              incident impact 電子カルテ --status down      # または --status 停止
              incident impact "受付端末3台" --status down --category terminal
              incident impact 外来 --status degraded --category department --note "紙運用で継続"
              incident impact 電子カルテ --status restored --at 15:20
            最新の状態が `incident status` と時系列の「現在の影響」に出ます。
            The latest status per target shows in `incident status` and at the end of the timeline.
            """
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: "対象（システム名・端末・部署など） / the system, terminal, department or service.") var system: String
    @Option(name: .long, help: ArgumentHelp("状態 / status.", valueName: "down|degraded|restored|停止|一部停止|復旧")) var status: EventBody.Impact.Status
    @Option(name: .long, help: ArgumentHelp("種類 / kind.", valueName: "system|terminal|department|service")) var category: String?
    @Option(name: .long, help: "メモ / a note.") var note: String?
    @Option(name: .long, help: ArgumentHelp("起きた時刻 / when.", valueName: "time")) var at: String?

    func validate() throws {
        if let category, ImpactCategory(input: category) == nil {
            throw ValidationError(
                "--category は system（システム）/ terminal（端末）/ department（部署）/ service（患者サービス）のどれかです"
                    + " / --category: \(ImpactPicture.categories.joined(separator: " | ")).")
        }
    }

    func run() throws {
        let target = try Target(global)
        try target.record(.impact(target: system, status: status, category: category.flatMap(ImpactCategory.init(input:)), note: note), at: at)
        // A name the ledger does not know: suggest the nearest one (the impact is kept as typed).
        if !global.json, let ledger = try target.store.currentLedger(),
            let hint = ledger.suggestion(for: system, also: (try? target.store.currentProfile())??.facility.systems ?? [])
        {
            let l = global.language
            Console.line(
                l.pick(
                    ja: "機器台帳にない名前です。台帳の「\(hint)」のことなら: incident impact \"\(hint)\" --status \(status.rawValue)",
                    en: "Not a name in the equipment ledger. If you meant '\(hint)': incident impact \"\(hint)\" --status \(status.rawValue)"))
        }
    }
}
