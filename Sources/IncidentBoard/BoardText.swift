import IncidentKit

/// Every word the board's pages show, in one table per language, so the
/// Japanese can be reviewed in one place. Templates read it as `t`.
struct BoardText: Sendable {
    var notRecordBanner: String
    var drillBanner: String
    var otherLanguage: String
    var roomView: String
    var phoneView: String
    var boardTitle: String
    var declaredAt: String
    var phaseOpen: String
    var phaseClosed: String
    var nextAction: String
    var steps: String
    var optional: String
    var reason: String
    var contacts: String
    var noContacts: String
    var noProfile: String
    var impacts: String
    var noImpacts: String
    var since: String
    var obligations: String
    var noObligations: String
    var due: String
    var latestEvents: String
    var paperHead: String
    var paperHeadNote: String
    var dontsHeading: String
    var donts: [String]
    var callNext: String
    var recordHeading: String
    var lastUpdate: String
    var liveLost: String
    var moreForms: String
    var answersHeading: String
    var submitLink: String
    var back: String
    /// The links to every page (the head's navigation).
    var nav: [NavLink]
    var navLabel: String
    /// The words of the other pages and their forms.
    var page: BoardPageText

    struct NavLink: Sendable {
        var href, label: String
    }
    var devicesLink: String
    /// Where it leads, in the same language.
    var devicesHref: String

    static func of(_ l: Language) -> BoardText { l == .ja ? ja : en }

    static let ja = BoardText(
        notRecordBanner: "ここは電子カルテではありません。患者さんの氏名・病名は書かないでください",
        drillBanner: "訓練 — これは訓練の記録です",
        otherLanguage: "English",
        roomView: "会議室の画面用（大きな文字）",
        phoneView: "通常の表示",
        boardTitle: "インシデント対応ボード",
        declaredAt: "認知日時",
        phaseOpen: "対応中",
        phaseClosed: "終了",
        nextAction: "次にすること",
        steps: "手順",
        optional: "（条件により任意）",
        reason: "理由",
        contacts: "連絡",
        noContacts: "今の手順で連絡する相手はいません。",
        noProfile: "このインシデントには施設プロファイルがないため、電話番号を表示できません。",
        impacts: "影響",
        noImpacts: "影響はまだ記録されていません。",
        since: "から",
        obligations: "届出・報告",
        noObligations: "今のところ期限のある届出・報告はありません。",
        due: "期限",
        latestEvents: "最近の記録",
        paperHead: "紙の控え",
        paperHeadNote: "この行を日時とともに紙に書き写してください。後で記録が書き換えられていないことを確かめられます。",
        dontsHeading: "してはいけないこと",
        donts: [
            "パソコンの電源を切らない（LANケーブルを抜いて、電源は入れたまま）",
            "身代金要求の画面の指示に従わない・連絡しない",
            "USBメモリやバックアップの媒体をつながない",
            "自分で復旧・削除・再インストールをしない",
        ],
        callNext: "次に電話する",
        recordHeading: "記録する",
        lastUpdate: "最終更新",
        liveLost: "（接続が切れています。再接続を待っています）",
        moreForms: "その他の記録",
        answersHeading: "今の手順の質問",
        submitLink: "提出を記録",
        back: "ボードに戻る",
        nav: BoardPageText(l: .ja).nav.map { NavLink(href: $0.0, label: $0.1) },
        navLabel: BoardPageText(l: .ja).navLabel,
        page: BoardPageText(l: .ja),
        devicesLink: "端末を追加",
        devicesHref: "/devices"
    )

    static let en = BoardText(
        notRecordBanner: "This is not the medical record system. Do not write patients' names or diagnoses here.",
        drillBanner: "DRILL (訓練) — this is an exercise",
        otherLanguage: "日本語",
        roomView: "Room screen (large type)",
        phoneView: "Normal view",
        boardTitle: "Incident board",
        declaredAt: "Aware at",
        phaseOpen: "open",
        phaseClosed: "closed",
        nextAction: "Next",
        steps: "Steps",
        optional: "(optional)",
        reason: "reason",
        contacts: "Calls",
        noContacts: "No one to call for the current step.",
        noProfile: "This incident has no facility profile, so no numbers can be shown.",
        impacts: "Affected",
        noImpacts: "No impact recorded yet.",
        since: "since",
        obligations: "Reports and notices",
        noObligations: "No report or notice with a deadline so far.",
        due: "due",
        latestEvents: "Latest records",
        paperHead: "Head to copy onto paper",
        paperHeadNote: "Copy this line onto paper with the time: it lets you check later that the record was not altered.",
        dontsHeading: "Do not",
        donts: [
            "Do not switch computers off (unplug the network cable, leave the power on)",
            "Do not follow or answer the ransom note",
            "Do not plug in USB sticks or backup media",
            "Do not restore, delete or reinstall anything yourself",
        ],
        callNext: "Call next",
        recordHeading: "Record",
        lastUpdate: "Last update",
        liveLost: "(connection lost; waiting to reconnect)",
        moreForms: "Other entries",
        answersHeading: "Questions of the current step",
        submitLink: "Record a submission",
        back: "Back to the board",
        nav: BoardPageText(l: .en).nav.map { NavLink(href: $0.0, label: $0.1) },
        navLabel: BoardPageText(l: .en).navLabel,
        page: BoardPageText(l: .en),
        devicesLink: "Add a device",
        devicesHref: "/devices?lang=en"
    )
}

/// The board's messages for pages that are not the board itself: a heading
/// and a few paragraphs, in the page's language.
struct BoardMessage: Sendable {
    var title: String
    var heading: String
    var paragraphs: [String]
    var code: String? = nil

    /// No store yet: the page holds the declaration form below these words.
    static func noStore(path: String, _ l: Language) -> BoardMessage {
        BoardMessage(
            title: l.pick(ja: "記録はまだありません", en: "No record yet"),
            heading: l.pick(ja: "記録はまだありません", en: "No record exists yet"),
            paragraphs: [
                l.pick(
                    ja: "この記録ファイルはまだ作られていません。下の「宣言する」を押すと記録が始まり、ここに対応状況が表示されます。",
                    en: "This store has not been created yet. Tap \"Declare\" below to start the record; where the incident stands is then shown here."),
                l.pick(
                    ja: "電子カルテが開かない・身代金要求の画面が出たときは、再起動せずに、何が起きたかを一行で書いて宣言してください。",
                    en: "When the EHR will not open or a ransom screen appears, do not reboot: write what happened in one line and declare."),
            ])
    }

    /// A store without an incident open: the page holds the declaration form below these words.
    static func noIncident(_ l: Language) -> BoardMessage {
        BoardMessage(
            title: l.pick(ja: "宣言されたインシデントはありません", en: "No incident declared"),
            heading: l.pick(ja: "宣言されたインシデントはありません", en: "No incident has been declared"),
            paragraphs: [
                l.pick(
                    ja: "電子カルテが開かない・身代金要求の画面が出たときは、再起動せずに、下の「宣言する」から宣言してください。何が起きたかを一行で書けば始められます。",
                    en:
                        "When the EHR will not open or a ransom screen appears, do not reboot: declare with \"Declare\" below. One line on what happened is enough to start."
                )
            ])
    }

    static func unreadable(_ message: String, _ l: Language) -> BoardMessage {
        BoardMessage(
            title: l.pick(ja: "表示できません", en: "Cannot show the board"),
            heading: l.pick(ja: "記録を表示できません", en: "The record cannot be shown"),
            paragraphs: [message])
    }

    static func unauthorized(_ l: Language) -> BoardMessage {
        BoardMessage(
            title: l.pick(ja: "アクセス用のアドレスが必要です", en: "The access address is needed"),
            heading: l.pick(ja: "この画面を開くには、アクセス用のアドレスが必要です", en: "Open this board with its access address"),
            paragraphs: [
                l.pick(
                    ja: "対応用のノートPCの画面に表示されているアドレス（`incident serve` が最初の行に表示した http://…/?token=… の行）を、そのまま開いてください。",
                    en: "Open the address shown on the response laptop's screen: the first line `incident serve` printed, http://…/?token=…, exactly as shown."),
                l.pick(
                    ja: "アドレスは起動のたびに変わります。わからないときは、ノートPCの担当者に聞いてください。",
                    en: "The address changes each time the board starts. If in doubt, ask the person at the laptop."),
            ])
    }

    static func misdirected(_ l: Language) -> BoardMessage {
        BoardMessage(
            title: l.pick(ja: "このアドレスでは開けません", en: "Not this address"),
            heading: l.pick(ja: "このアドレスでは開けません", en: "This board does not answer to this address"),
            paragraphs: [
                l.pick(
                    ja: "ノートPCの画面に表示されたアドレス（`incident serve` が最初の行に表示したもの）をそのまま開いてください。",
                    en: "Open the address exactly as the laptop shows it (the first line `incident serve` printed).")
            ])
    }

    static func notFound(_ l: Language) -> BoardMessage {
        BoardMessage(
            title: l.pick(ja: "ページがありません", en: "No such page"),
            heading: l.pick(ja: "このページはありません", en: "There is no such page"),
            paragraphs: [l.pick(ja: "ボードの最初の画面に戻ってください。", en: "Go back to the board's first page.")])
    }

    static func tooLarge(_ l: Language) -> BoardMessage {
        BoardMessage(
            title: l.pick(ja: "送信内容が大きすぎます", en: "Too large"),
            heading: l.pick(ja: "送信内容が大きすぎます", en: "What was sent is too large"),
            paragraphs: [l.pick(ja: "64KB までにしてください。", en: "Keep it within 64 KB.")])
    }

    static func failure(_ l: Language) -> BoardMessage {
        BoardMessage(
            title: l.pick(ja: "エラー", en: "Error"),
            heading: l.pick(ja: "表示中にエラーが起きました", en: "Something went wrong"),
            paragraphs: [l.pick(ja: "もう一度開いてください。続くときはノートPCの画面を確認してください。", en: "Open the page again; if it persists, check the laptop's screen.")])
    }

    static func forbidden(_ l: Language) -> BoardMessage {
        BoardMessage(
            title: l.pick(ja: "送信できません", en: "Not sent"),
            heading: l.pick(ja: "この送信は受け付けられません", en: "This form cannot be accepted"),
            paragraphs: [
                l.pick(
                    ja: "このボードの画面から送られたものではないか、画面が古くなっています。ボードを開き直してから、もう一度入力してください。",
                    en: "It did not come from this board's page, or the page is out of date. Open the board again and re-enter it.")
            ])
    }
}
