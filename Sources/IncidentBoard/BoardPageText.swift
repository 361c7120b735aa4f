import IncidentKit

/// The words of the board's pages beyond the board itself (guide, leak
/// assessment, facts, drafts, timeline, peacetime checks) and of their forms,
/// in one place per language so that the Japanese can be reviewed together.
/// `BoardText.page` holds it.
struct BoardPageText: Sendable {
    let l: Language

    private func p(_ ja: String, _ en: String) -> String { l.pick(ja: ja, en: en) }

    /// The pages every page links to (path, label), in the order a clerk needs them.
    var nav: [(String, String)] {
        [
            ("/", p("ボード", "Board")), ("/guide", p("案内", "Guide")), ("/record", p("記録", "Record")),
            ("/leak", p("漏えい等の判定", "Leak assessment")), ("/facts", p("事実", "Facts")), ("/drafts", p("下書き", "Drafts")),
            ("/timeline", p("時系列", "Timeline")), ("/recovery", p("復旧", "Recovery")), ("/checklist", p("チェックリスト", "Checklist")),
            ("/readiness", p("平時の準備", "Readiness")), ("/doctor", p("連絡先の点検", "Contacts check")),
        ]
    }
    var navLabel: String { p("ページ", "Pages") }

    // MARK: Guide
    var guideHeading: String { p("案内（一つずつ）", "Guide (one thing at a time)") }
    func stepHeader(_ number: Int, of count: Int, _ title: String, _ state: String) -> String {
        p("手順\(number)/\(count)「\(title)」（\(state)）", "Step \(number)/\(count) \"\(title)\" (\(state))")
    }
    var nightChecks: String {
        p("診療時間外で入院患者さんがいます。電話の前に、まず患者さんの安全を確かめてください", "Outside opening hours with inpatients: check the patients' safety before any call")
    }
    var checkpoints: String { p("確認すること", "Check-points") }
    var offerOptional: String {
        p("この手順は、今までの回答では必須ではありません。行うか、理由を書いて省略してください。", "Under the answers so far this step is optional: do it, or skip it with a reason.")
    }
    var doIt: String { p("行う", "Do it") }
    var startPrompt: String { p("この手順を始めます。", "This step starts now.") }
    var callPrompt: String { p("電話をかけて、結果を押してください。", "Call, then press the outcome.") }
    var later: String { p("あとで（次へ）", "Later (next)") }
    var skipQuestion: String { p("わからない（とばす）", "Not known (skip)") }
    var questionPrompt: String { p("この質問に答えてください。", "Answer this question.") }
    var confirmDone: String { p("この手順で聞くことはすべて聞きました。終わっていれば「完了」を押してください。", "Everything of this step was asked. If it is finished, press Done.") }
    func unreached(_ names: [String]) -> String {
        p("まだ連絡がついていない相手: \(names.joined(separator: "、"))", "Not reached yet: \(names.joined(separator: ", "))")
    }
    var notContained: String {
        p("回答では、影響のある端末がまだネットワークから切り離されていません。", "The answers say the affected terminals are still on the network.")
    }
    var notYet: String { p("まだ終わっていない（ボードに戻る）", "Not finished yet (back to the board)") }
    var finished: String { p("今の手順で案内することはありません。次にすること:", "Nothing left to guide in the current step. Next:") }
    var restart: String { p("最初から案内し直す", "Start the guide again") }

    // MARK: Leak assessment
    var leakHeading: String { p("漏えい等報告の判定（個人情報保護委員会）", "PPC leak-report assessment") }
    var leakIntro: String {
        p(
            "質問ごとの説明を読んで答えてください。確定を待たずに、今わかっていることで判定します。後で答え直すこともできます（前の判定も記録に残ります）。",
            "Read each question's explanation and answer with what is known now; do not wait for confirmation. You can assess again later (the earlier one stays on record)."
        )
    }
    var leakCurrent: String { p("今の判定", "Current decision") }
    var leakNone: String { p("まだ判定していません。", "Not assessed yet.") }
    var reportRequired: String { p("個人情報保護委員会への報告が必要です。", "A report to the PPC is required.") }
    var reportNotRequired: String { p("今の回答では報告は不要です。", "Under these answers no report is required.") }
    func preliminaryDue(_ day: String) -> String { p("速報の期限: \(day)", "Preliminary report due: \(day)") }
    func finalDue(_ day: String) -> String { p("確報の期限: \(day)", "Final report due: \(day)") }
    var notifyIndividuals: String { p("本人への通知が必要です。", "The individuals must be notified.") }
    var basisMissing: String {
        p(
            "攻撃が疑われる中での「いいえ」に判断の根拠が書かれていません。根拠を書いて判定し直すまで、判定は済んでいない扱いです。",
            "A \"no\" while an attack is suspected has no basis given: until it is assessed again with the basis, the assessment is still owed.")
    }
    var leakFormHeading: String { p("判定する", "Assess") }
    var choose: String { p("（選ぶ）", "(choose)") }
    var yes: String { p("はい", "yes") }
    var no: String { p("いいえ", "no") }
    var suspected: String { p("おそれ（疑い）", "suspected") }
    var peopleHint: String { p("人数（例: 約2300。わからなければ見込みで）", "Number of people (e.g. about 2300; an estimate if unknown)") }
    var basisLabel: String { p("判断の根拠（何を見てそう判断したか）", "Basis (what the answers rest on)") }
    var basisHint: String {
        p(
            "攻撃が疑われるときに「いいえ」と答えるなら必須です。例: 保守業者がログを確認し、外部への送信はなかった",
            "Needed for a \"no\" while an attack is suspected, e.g. the vendor checked the logs: nothing was sent out")
    }
    var noteLabel: String { p("メモ（任意）", "Note (optional)") }
    var assessButton: String { p("判定を記録する", "Record the assessment") }

    // MARK: Facts
    var factsHeading: String { p("報告書に必要な事実", "Facts the reports need") }
    var factsIntro: String {
        p("わかったことを一つずつ記録します。下書きの【未記入】がこれで埋まります。", "Record what becomes known, one at a time; it fills the drafts' placeholders.")
    }
    var factsRecorded: String { p("記録済み", "Recorded") }
    var factsNone: String { p("まだ記録されていません。", "Nothing recorded yet.") }
    var factsMissing: String { p("まだわからない項目", "Not known yet") }
    var factKey: String { p("項目", "Field") }
    var factValue: String { p("内容", "Value") }
    var factFormHeading: String { p("事実を記録する", "Record a fact") }
    var recordButton: String { p("記録する", "Record") }

    // MARK: Drafts
    var draftsHeading: String { p("報告書・お知らせの下書き", "Report and notice drafts") }
    var draftMark: String { p("下書き — 提出・掲示の前に、必ず内容を確認してください。", "DRAFT (下書き) — check the text before submitting or posting it.") }
    func draftHeading(_ title: String) -> String { p("下書き: \(title)", "Draft: \(title)") }
    func missing(_ n: Int) -> String { n == 0 ? p("未記入なし", "nothing missing") : p("未記入 \(n) 件", "\(n) missing") }
    var missingHeading: String { p("まだ記入されていない項目（「事実」のページで記録できます）", "Not filled in yet (record them on the Facts page)") }
    var copyLabel: String { p("全文（選んでコピーしてください）", "Full text (select and copy)") }
    var printDraft: String { p("印刷する（A4・下書き）", "Print (A4, draft)") }
    var allDrafts: String { p("下書きの一覧", "All drafts") }

    // MARK: Timeline
    var timelineHeading: String { p("時系列", "Timeline") }
    var filterKind: String { p("種類", "Kind") }
    var filterAll: String { p("すべて", "all") }
    var filterText: String { p("文字で絞り込む", "Containing") }
    var filterButton: String { p("絞り込む", "Filter") }
    var printTimeline: String { p("印刷する（A4）", "Print (A4)") }
    var csv: String { p("Excel 用 CSV をダウンロード", "Download CSV for Excel") }
    func shown(_ n: Int, of total: Int) -> String { p("\(total) 件中 \(n) 件", "\(n) of \(total) events") }
    var corrected: String { p("（訂正あり）", "(corrected)") }

    // MARK: Peacetime
    var checklistIntro: String {
        p(
            "回答はノートPCの `incident checklist answer` で記録します（この画面は見るだけです）。",
            "Answers are recorded on the laptop with `incident checklist answer` (this page only shows them).")
    }
    func answered(_ a: Int, of t: Int) -> String { p("回答済み \(a) / \(t)", "\(a) of \(t) answered") }
    var unanswered: String { p("未回答", "not answered") }
    func target(_ day: String) -> String { p("目標日 \(day)", "target \(day)") }
    var readinessHeading: String { p("平時の準備の点検", "Peacetime readiness") }
    var readinessOK: String { p("すべて整っています。", "Everything is in order.") }
    var readinessOpen: String { p("チェックリストで残っている項目", "Checklist items still open") }
    var readinessFindings: String { p("台帳・連絡先の指摘", "Ledger and contact findings") }
    var readinessEvidence: String { p("記録からわかること", "What the records show") }
    var noFindings: String { p("指摘はありません。", "No findings.") }
    var doctorHeading: String { p("連絡先の点検（手順書に必要な連絡先）", "Contacts check (what the runbook will need)") }
    func doctorReady(_ runbook: String) -> String {
        p("準備よし: 手順書「\(runbook)」が使う連絡先と電話番号はすべて登録されています。", "Ready: every contact and number the runbook \"\(runbook)\" needs is on file.")
    }
    func doctorMissing(_ n: Int) -> String { p("足りないもの（\(n) 件）", "Missing (\(n))") }
    var peacetimeNote: String {
        p("見るだけのページです。直すときはノートPCで施設プロファイルや台帳を取り込み直してください。", "A read-only page: to fix something, import the profile or ledger again on the laptop.")
    }
}
