import ArgumentParser
import IncidentKit

struct SubmitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "submit", _superCommandName: IncidentCommand.name,
        abstract: "報告・通知を提出したことを記録 / record that a report or notice was submitted.",
        discussion: """
            種類 / kinds: mhlw, mhlw-followup, police, ppc-preliminary, ppc-final, individual-notice, public-notice, insurer
            例 / example:
              incident submit ppc-preliminary --channel form --ref "受付番号 12345"
              incident submit mhlw --channel email --at 10:20 --note "医療情報セキュリティ担当へメール"
              incident submit ppc-final --follow-up-requested --note "委員会から原因の追加報告を求められた"
            下書きを作っても記録されません。提出したらこのコマンドで記録します（`incident status` の「届出・報告」に反映）。
            確報を先に提出した場合は速報も済みになります。記録の誤りは `incident correct` で訂正します。
            Rendering a draft records nothing: record each submission here. A final PPC report \
            submitted first also settles the preliminary. Mistakes are amended with `incident correct`.
            """
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: "提出したもの / what was submitted: mhlw, mhlw-followup, police, ppc-preliminary, ppc-final, individual-notice, public-notice, insurer.")
    var kind: ObligationKind
    @Option(name: .long, help: ArgumentHelp("提出した時刻 / when.", valueName: "time")) var at: String?
    @Option(name: .long, help: ArgumentHelp("提出方法 / how.", valueName: "form|email|phone|post|web|in-person"))
    var channel: EventBody.Submitted.Channel?
    @Option(name: .long, help: ArgumentHelp("受付番号・受信メールの件名など / the reference the channel gave.", valueName: "ref")) var ref: String?
    @Option(name: .long, help: ArgumentHelp("メモ / a note.", valueName: "text")) var note: String?
    @Flag(name: .long, help: "提出先から追加の報告を求められた / the body asked for more.") var followUpRequested = false

    func run() throws {
        try Target(global).record(.submit(kind, channel: channel, ref: ref, note: note, followUpRequested: followUpRequested), at: at)
    }
}

extension ObligationKind: ExpressibleByArgument {}

extension EventBody.Submitted.Channel: ExpressibleByArgument {
    /// The raw value or the Japanese label (`フォーム`, `メール`, `電話`, `郵送`, `ウェブ`, `持参`).
    public init?(argument: String) {
        if let c = Self(rawValue: argument) {
            self = c
            return
        }
        guard let c = Self.allCases.first(where: { ObligationKind.channelName($0, .ja) == argument.trimmingCharacters(in: .whitespaces) }) else { return nil }
        self = c
    }
}
