import ArgumentParser
import IncidentKit

extension EventBody.Contact.Outcome: ExpressibleByArgument {
    /// The raw value or the Japanese label (`つながった`, `応答なし`, `伝言`, `メール送信`).
    public init?(argument: String) { self.init(input: argument) }
}

struct ContactCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "contact", _superCommandName: IncidentCommand.name,
        abstract: "連絡を記録（電話・メールの結果） / record a call or message to a contact role.",
        discussion: """
            かけるたびに記録します。時刻は自動で入ります（後から記録するときは --at）。
            例 / example:
              incident contact security-officer --outcome reached
              incident contact director --outcome 応答なし     # 日本語でも: つながった / 応答なし / 伝言 / メール送信
              incident contact vendor:emr --outcome no-answer --note "緊急窓口 話し中"
              incident contact mhlw --outcome email-sent --via email
            役割は施設プロファイルのもの（`incident facility show`）。相手の名前はプロファイルから入ります。
            Roles come from the incident's facility profile; the name is filled in from it.
            """
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: "役割 / the role (security-officer, director, vendor:ID, mhlw, police, …).") var role: String
    @Option(name: .long, help: ArgumentHelp("結果 / outcome.", valueName: "reached|no-answer|message-left|email-sent"))
    var outcome: EventBody.Contact.Outcome
    @Option(name: .long, help: "メモ（話した内容など） / a note.") var note: String?
    @Option(name: .long, help: ArgumentHelp("相手の名前（プロファイルと違うとき） / the person reached, if not the profile's.", valueName: "name"))
    var name: String?
    @Option(name: .long, help: ArgumentHelp("手段 / how (default: phone; email-sent implies email).", valueName: "phone|email|…"))
    var via: String?
    @Option(name: .long, help: ArgumentHelp("時刻 / when.", valueName: "time")) var at: String?

    func run() throws {
        let recorded = try Target(global).record(.contact(role: role, outcome: outcome, name: name, channel: via, note: note), at: at)
        if global.json { return }
        ContactHints.printNext(recorded.state, global.language)
    }
}

enum ContactHints {
    /// After a call: whom to call next for the current step.
    static func printNext(_ state: IncidentState, _ l: Language) {
        guard let step = state.nextAction.step else { return }
        let plan = ContactPlan(step: step, state: state)
        if plan.entries.isEmpty { return }
        if let text = plan.nextText(l, record: CLIWording.for(state)) {
            Console.out(StatusText.wrapped(l.pick(ja: "連絡: ", en: "Calls: ") + text))
        } else {
            Console.line(l.pick(ja: "手順\(step.number)で必要な連絡はすべて済みました。", en: "Every call step \(step.number) needs is done."))
        }
    }
}
