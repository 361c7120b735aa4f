import ArgumentParser
import Foundation
import IncidentKit

// Step 7 on the record (issue #23): thin commands over the library's intents.

extension RecoveryStage: ExpressibleByArgument {
    /// The value or its Japanese label (`隔離`, `利用再開`).
    public init?(argument: String) { self.init(input: argument) }
}

struct RecoverCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recover", _superCommandName: IncidentCommand.name,
        abstract: "システムの復旧段階を記録 / record a system's recovery stage.",
        discussion: """
            段階 / stages: isolated（隔離）→ investigated（調査済み）→ rebuilt（再構築）→ restored（データ復元）\
             → verified（動作確認済み）→ in-use（利用再開）。飛ばしても、順不同でも記録できます。
            rebuilt と restored は、そのシステムの証拠を `incident evidence add` で登録してからです。
            登録せずに進めるときは --without-evidence "理由" を付けます（記録者が決めたこととして残ります）。
            例 / examples:
              incident recover 電子カルテ --stage isolated
              incident evidence add 電子カルテ "サーバのディスクイメージ" --file emr.img --kept-at "院長室金庫"
              incident recover 電子カルテ --stage restored --backup "12/03 夜間分（外付けHDD 2世代目）" --offline
              incident recover 電子カルテ --stage in-use
            Stages may be skipped or recorded out of order. Rebuilding or restoring needs evidence \
            registered for the system first, or --without-evidence "why" (recorded as your decision).
            """
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: "システム名 / the system.") var system: String
    @Option(name: .long, help: ArgumentHelp("段階 / the stage.", valueName: "isolated|investigated|rebuilt|restored|verified|in-use"))
    var stage: RecoveryStage
    @Option(name: .long, help: ArgumentHelp("復元に使ったバックアップ（世代・日付など、院内での呼び方） / the backup generation used.", valueName: "generation"))
    var backup: String?
    @Flag(name: .long, help: "そのバックアップはオフライン保管だった / that backup was kept offline.") var offline = false
    @Option(name: .long, help: ArgumentHelp("証拠を登録せずに進める理由 / why go on without evidence.", valueName: "reason"))
    var withoutEvidence: String?
    @Option(name: .long, help: ArgumentHelp("時刻 / when.", valueName: "time")) var at: String?

    func run() throws {
        try Target(global).record(.recover(system: system, stage: stage, backup: backup, offline: offline, withoutEvidence: withoutEvidence), at: at)
    }
}

struct ReentryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reentry", _superCommandName: IncidentCommand.name,
        abstract: "紙の記録の入力待ち件数を記録 / count paper records waiting to be entered.",
        discussion: """
            停止中に紙で書いた記録（受付簿・問診票・経過記録・処方箋控え・会計伝票など）を、部署ごとに件数で記録します。
              incident reentry 外来 --pending 120     入力を待っている件数にする
              incident reentry 外来 --entered 40      40件入力した（待ちが 80 件に減る）
            Counts, not items: --pending sets the count waiting, --entered adds records entered (lowering it).
            """
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: "部署 / the department.") var department: String
    @Option(name: .long, help: ArgumentHelp("入力を待っている件数 / the count waiting.", valueName: "N")) var pending: Int?
    @Option(name: .long, help: ArgumentHelp("入力した件数 / the count entered.", valueName: "N")) var entered: Int?
    @Option(name: .long, help: ArgumentHelp("時刻 / when.", valueName: "time")) var at: String?

    func validate() throws {
        if (pending == nil) == (entered == nil) {
            throw ValidationError("--pending か --entered のどちらか一方を指定してください / give one of --pending or --entered.")
        }
    }

    func run() throws {
        try Target(global).record(.reentry(department: department, pending: pending, entered: entered), at: at)
    }
}

struct MeasureCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "measure", _superCommandName: IncidentCommand.name,
        abstract: "再発防止策（担当・期日）/ prevention measures with owner and due date.",
        discussion: """
            例 / examples:
              incident measure add "保守用VPN装置のファームウェア更新と多要素認証" --owner 田中 --due 2026-12-20
              incident measure done 1
            確報の「再発防止のための措置」と経営層への報告に載ります。一覧は `incident status`。
            Measures go into the PPC final report and the management report; see `incident status`.
            """,
        subcommands: [Add.self, Done.self]
    )

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add", abstract: "再発防止策を登録 / add a measure.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "内容 / what.") var text: String
        @Option(name: .long, help: "担当者 / who carries it out.") var owner: String
        @Option(name: .long, help: ArgumentHelp("期日 / due date.", valueName: "YYYY-MM-DD")) var due: String
        @Option(name: .long, help: ArgumentHelp("時刻 / when.", valueName: "time")) var at: String?

        func validate() throws { _ = try ChecklistAnswerInput.day(due, option: "--due") }

        func run() throws {
            try Target(global).record(.addMeasure(text: text, owner: owner, due: try ChecklistAnswerInput.day(due, option: "--due")), at: at)
        }
    }

    struct Done: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "done", abstract: "再発防止策を完了にする / mark a measure done.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "番号 / the measure's number.") var id: Int
        @Option(name: .long, help: ArgumentHelp("時刻 / when.", valueName: "time")) var at: String?

        func run() throws { try Target(global).record(.finishMeasure(id), at: at) }
    }
}

struct EvidenceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evidence", _superCommandName: IncidentCommand.name,
        abstract: "証拠保全の記録（復元の前に）/ the evidence register (before restoring).",
        discussion: """
            例 / examples:
              incident evidence add 電子カルテ "サーバのディスクイメージ" --file /mnt/usb/emr.img --kept-at "院長室金庫"
              incident evidence add VPN装置 "VPN装置のログ（11/20〜12/04）" --file vpn.log --kept-at "USBメモリ 証拠1"
              incident evidence add 受付端末 "身代金要求画面の写真" --kept-at "事務長のカメラ"
              incident evidence list
            --file はその場で SHA-256 を計算して記録します（ファイルは読むだけで、コピーも変更もしません）。
            --file is hashed (SHA-256) when registered; it is read, never copied or changed.
            """,
        subcommands: [Add.self, List.self]
    )

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add", abstract: "証拠を登録 / register evidence.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "システム名 / the system.") var system: String
        @Argument(help: "何を保全したか / what was preserved.") var text: String
        @Option(name: .long, help: ArgumentHelp("ファイル（SHA-256 を記録） / a file (its SHA-256 is recorded).", valueName: "path")) var file: String?
        @Option(name: .long, help: ArgumentHelp("保管場所 / where it is kept.", valueName: "place")) var keptAt: String?
        @Option(name: .long, help: ArgumentHelp("時刻 / when.", valueName: "time")) var at: String?

        func run() throws { try Target(global).record(.addEvidence(system: system, text: text, file: file, keptAt: keptAt), at: at) }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "登録した証拠の一覧 / list the evidence.")
        @OptionGroup var global: GlobalOptions

        struct Item: Encodable {
            var seq: Int64
            var at: String
            var system: String
            var text: String
            var file: String?
            var sha256: String?
            var bytes: Int64?
            var keptAt: String?
            var by: String
        }

        func run() throws {
            let store = try global.store()
            let state = try store.state(of: try global.readIncident(store))
            let tz = state.timeZone
            let items = state.recovery.evidence.sorted { ($0.at, $0.seq) < ($1.at, $1.seq) }.map { e in
                Item(
                    seq: e.seq, at: Timestamp.iso(e.at, in: tz), system: e.value.system, text: e.value.text, file: e.value.file, sha256: e.value.sha256,
                    bytes: e.value.bytes, keptAt: e.value.keptAt, by: e.actor)
            }
            if global.json { return try Console.json(items) }
            let l = global.language
            if items.isEmpty { return Console.line(l.pick(ja: "証拠はまだ登録されていません。", en: "No evidence registered yet.")) }
            for e in state.recovery.evidence.sorted(by: { ($0.at, $0.seq) < ($1.at, $1.seq) }) {
                Console.out(
                    "#\(e.seq) \(Timestamp.local(e.at, in: tz)) \(TextRules.visible(EventDescription.evidence(e.value, l)))"
                        + l.pick(ja: "（記録者: \(e.actor)）\n", en: " (by \(e.actor))\n"))
            }
        }
    }
}

struct DecisionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decision", _superCommandName: IncidentCommand.name,
        abstract: "責任を伴う決定を記録（誰が・誰の助言で・なぜ）/ record a decision: who, on whose advice, why.",
        discussion: """
            システムの停止、紙運用、業者ごとのリモート接続の遮断、身代金（厚生労働省と警察は支払わないよう求めています）、
            復旧・調査会社への依頼、公表、復元などの決定を記録します。
            例 / example:
              incident decision "身代金は支払わない" --decided-by "理事長 山田" --advised-by "県警サイバー犯罪相談窓口" --why "支払っても復号・非公開の保証がない"
              incident decision "A社の保守用リモート接続を遮断し、再接続しないよう通知" --decided-by 院長 --why "侵入経路の可能性"
            Decisions go into the timeline, the MHLW follow-up and the management report.
            """
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: "決定したこと / what was decided.") var text: String
    @Option(name: .long, help: "決定した人 / who decided.") var decidedBy: String
    @Option(name: .long, help: "助言した人・機関 / on whose advice.") var advisedBy: String?
    @Option(name: .long, help: "理由 / why.") var why: String
    @Option(name: .long, help: ArgumentHelp("時刻 / when.", valueName: "time")) var at: String?

    func run() throws {
        try Target(global).record(.decide(text: text, decidedBy: decidedBy, advisedBy: advisedBy, why: why), at: at)
    }
}

struct CostCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cost", _superCommandName: IncidentCommand.name,
        abstract: "費用の記録（保険請求用）/ costs for the insurance claim.",
        discussion: """
            区分は自由です。例: 調査, 復旧, 機器, 人件費, 通知・広報, 未収（後日精算の患者さんの分など）。金額は円（整数）。
            例 / examples:
              incident cost add 1,650,000 --category 調査 --payee "〇〇フォレンジック株式会社" --ref "請求書 2026-118"
              incident cost add 120万円 --category 復旧 --payee "電子カルテ保守 A社"
              incident cost list --format csv > 費用.csv     Excel でそのまま開けます
            Categories are free text; amounts in whole yen. `cost list --format csv` opens in Excel.
            """,
        subcommands: [Add.self, List.self]
    )

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add", abstract: "費用を記録 / record a cost.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "金額（円） / the amount in yen.") var amount: String
        @Option(name: .long, help: "区分 / category (調査, 復旧, 機器, 人件費, 通知・広報, 未収 …).") var category: String
        @Option(name: .long, help: "支払先 / payee.") var payee: String
        @Option(name: .long, help: ArgumentHelp("請求書・領収書の番号 / receipt reference.", valueName: "ref")) var ref: String?
        @Option(
            name: .long,
            help: ArgumentHelp("請求できなかった診療の後日精算の患者数（人数のみ。氏名は書かない） / for care not billed: how many patients settle later.", valueName: "n"))
        var patients: Int?
        @Option(name: .long, help: ArgumentHelp("時刻 / when.", valueName: "time")) var at: String?

        func validate() throws {
            if let patients, patients < 1 {
                throw ValidationError("--patients は 1 以上の人数で指定してください / --patients must be at least 1 (got \(patients)).")
            }
            guard CostList.amount(amount) != nil else {
                throw ValidationError("金額は円の整数で指定してください（例: 1650000、1,650,000、120万円） / the amount must be whole yen, e.g. 1650000 (got '\(amount)').")
            }
        }

        func run() throws {
            try Target(global).record(.addCost(amount: CostList.amount(amount) ?? 0, category: category, payee: payee, ref: ref, patients: patients), at: at)
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "費用の一覧と合計 / the costs and totals.")
        @OptionGroup var global: GlobalOptions
        @Option(name: .long, help: ArgumentHelp("出力形式 / output format.", valueName: "text|csv")) var format: Format = .text

        enum Format: String, ExpressibleByArgument { case text, csv }

        struct Item: Encodable {
            var seq: Int64
            var at: String
            var category: String
            var amount: Int
            var payee: String
            var ref: String?
            var by: String
            var patients: Int?
        }
        struct Total: Encodable { var category: String; var amount: Int }
        struct Listing: Encodable { var costs: [Item]; var totals: [Total]; var total: Int; var unbilledPatients: Int }

        func run() throws {
            let store = try global.store()
            let state = try store.state(of: try global.readIncident(store))
            let l = global.language
            if global.json {
                let tz = state.timeZone
                return try Console.json(
                    Listing(
                        costs: CostList.rows(state).map {
                            Item(
                                seq: $0.seq, at: Timestamp.iso($0.at, in: tz), category: $0.value.category, amount: $0.value.amount, payee: $0.value.payee,
                                ref: $0.value.ref, by: $0.actor, patients: $0.value.patients)
                        },
                        totals: state.recovery.costTotalsByCategory.map { Total(category: $0.category, amount: $0.amount) },
                        total: state.recovery.costTotal, unbilledPatients: state.recovery.unbilledPatients))
            }
            switch format {
            case .csv: Console.out(CostList.csv(state, l))
            case .text: Console.out(TextRules.visible(CostList.text(state, l)))
            }
        }
    }
}

/// The recovery section of `status` (nothing while nothing is recorded).
enum RecoveryText {
    static func render(_ r: RecoveryStatus, timeZone tz: TimeZone, _ l: Language) -> String {
        guard !r.isEmpty else { return "" }
        func local(_ iso: String) -> String { ISO8601DateFormatter().date(from: iso).map { Timestamp.local($0, in: tz) } ?? iso }
        var out = "\n" + l.pick(ja: "復旧（優先順）:\n", en: "Recovery (in priority order):\n")
        for s in r.systems {
            let mark = s.stage == .inUse ? "[x]" : "[>]"
            var line = "  \(mark) " + (s.priority.map { "\($0). " } ?? "") + TerminalText.pad(s.name, to: 16) + " " + s.stage.label(l) + " " + local(s.since)
            if let b = s.backup { line += l.pick(ja: " バックアップ \(b)", en: " backup \(b)") + (s.offline == true ? l.pick(ja: "（オフライン）", en: " (offline)") : "") }
            if let t = s.target { line += l.pick(ja: " 目標 \(local(t))", en: " target \(local(t))") + (s.late ? l.pick(ja: " 超過", en: " LATE") : "") }
            line += l.pick(ja: " 証拠 \(s.evidence)件", en: " evidence \(s.evidence)")
            out += TextRules.visible(line) + "\n"
        }
        if !r.departments.isEmpty {
            out += l.pick(ja: "  紙の記録の入力待ち: 計 \(r.reentryPending)件", en: "  Paper records waiting: \(r.reentryPending) in all")
            out += " (" + r.departments.map { "\(TextRules.visible($0.name)) \($0.pending)" }.joined(separator: ", ") + ")\n"
        }
        for m in r.measures {
            let state =
                m.done
                ? l.pick(ja: "完了", en: "done")
                : m.daysLeft < 0
                    ? l.pick(ja: "期日超過（\(-m.daysLeft)日）", en: "OVERDUE (\(-m.daysLeft) day(s))")
                    : l.pick(ja: "あと\(m.daysLeft)日", en: "\(m.daysLeft) day(s) left")
            out +=
                TextRules.visible(
                    l.pick(
                        ja: "  再発防止策 #\(m.id) \(m.text)（担当 \(m.owner)、期日 \(m.due)）\(state)",
                        en: "  Measure #\(m.id) \(m.text) (owner \(m.owner), due \(m.due)) \(state)"))
                + "\n"
        }
        if r.evidence > 0 || r.decisions > 0 || r.costTotal > 0 {
            out += l.pick(
                ja: "  証拠 \(r.evidence)件・決定 \(r.decisions)件・費用 計\(EventDescription.yen(r.costTotal, l))\n",
                en: "  Evidence \(r.evidence), decisions \(r.decisions), costs \(EventDescription.yen(r.costTotal, l)) in all\n")
        }
        return out
    }
}
