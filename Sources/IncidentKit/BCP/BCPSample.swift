import Foundation

/// Writes `bcp.yaml` for `bcp init`: commented in Japanese, and prefilled from
/// what the tool already holds — the people from the facility profile, the
/// systems from the profile, the equipment ledger and the backup register, the
/// devices facing the outside (whose logs are evidence). What only the clinic
/// can decide (priorities, target times, where the forms are kept) is left blank.
public enum BCPSample {
    /// The downtime forms a clinic's BCP usually names (templates under `Templates/forms/`).
    public static let defaultForms = ["受付簿", "問診票", "経過記録", "処方箋控え", "会計伝票", "検査依頼"]

    public static func yaml(profile: FacilityProfile?, ledger: EquipmentLedger?) -> String {
        func person(_ role: String) -> String? {
            guard let c = profile?.contacts(for: role).first else { return nil }
            let name = c.name ?? c.organization
            let title = c.title ?? Role(role).title(profile: profile, .ja)
            return name.map { "\(title) \($0)" }
        }
        let director = person("director"), office = person("office-manager"), officer = person("security-officer")
        let representative = profile?.facility.representative
        var systems: [String] = []
        for s in (profile?.facility.systems ?? []) + (ledger?.devices.flatMap(\.systems) ?? []) + (ledger?.backups.map(\.system) ?? [])
        where !systems.contains(where: { $0.lowercased() == s.lowercased() }) {
            systems.append(s)
        }
        let facility = profile?.facility.name.isEmpty == false ? profile!.facility.name : "当院"
        let beds = profile?.facility.beds ?? 0

        var out = """
            # サイバー攻撃を想定した事業継続計画（BCP） — incident bcp init が書き出しました。
            #
            # 使い方:
            #   1. 空欄（""）を埋め、例の文を自院に合わせて直してください。一度に全部でなくてかまいません。
            #   2. incident bcp import bcp.yaml   で取り込みます（未記入があっても取り込めます）。
            #   3. incident bcp check             で厚生労働省の確認表に照らして足りないものを確認します。
            #   4. incident print bcp --out BCP.html、incident print forms --out 紙様式.html で印刷します。
            #   5. 訓練（incident drill start bcp-paper-operation）で試し、見直してください。
            #
            # 施設プロファイル・機器台帳・バックアップ台帳からわかることは記入済みです（人・システム・
            # 外部とつながる機器）。連絡先の表とバックアップの表は、印刷のときにそれらから作ります。
            # 一人が複数の役割を兼ねてかまいません（厚生労働省のひな形も同じです）。
            # 厚生労働省「サイバー攻撃を想定した事業継続計画（BCP）策定の確認表」（令和6年6月）に沿っています。

            # 1. 目的・適用範囲・想定する事象
            purpose: \(q("サイバー攻撃などで院内のシステムが使えなくなっても、患者さんの安全を守って診療を続け、決めた順に速やかに復旧する。"))
            scope: \(q("\(facility)の全部門と、この計画の「システム」の表に挙げるシステム"))
            assumedEvents:
              - 電子カルテ・予約・会計などの情報を見られない、入力できない
              - 院内の職員どうしが連絡を取れない（メール・院内チャットが使えない）
              - 機器が正しく動かない（ランサムウェアによる暗号化、不正アクセス）
              - 患者さんの情報が外に持ち出されたおそれがある

            # 2. 役割（一人が兼ねてかまいません）
            roles:
              decides: \(q(director ?? ""))       # システム停止・紙運用への切り替え・診療の続け方を判断する人
              approves: \(q(representative ?? director ?? ""))      # この計画と、責任を伴う判断（身代金の拒否、公表など）を承認する人
              leads: \(q(officer ?? ""))         # 対応の取りまとめ役（病院の CSIRT にあたる）
              # 検知: どの部門で気づいても、この順に伝える（確認表 2-3）
              reportRoute: \(q("気づいた職員 → \(officer ?? "医療情報システム安全管理責任者") → \(director ?? "院長")"))

            # 3. システムごとの復旧の優先順位・目標時間・代替の運用
            #   priority     復旧の順番（1 が最優先）。診療上の重要度と同じでなくてかまいません（確認表 4-1）
            #   targetHours  目標復旧時間（時間数。72 や 3日 も可）。保守業者の復旧目安と合わせて決めます
            #   alternative  止まっている間の代わりのやり方
            #   forms        使う紙の様式（下の forms の名前で）
            #   switchedBy   切り替えを指示する人
            #   formsKeptAt  紙の様式の保管場所（誰でもすぐ取り出せる場所）
            systems:

            """
        if systems.isEmpty { systems = ["電子カルテ", "レセコン"] }
        for s in systems {
            let (alternative, forms) = suggestion(for: s)
            out += "  - name: \(q(s))\n"
            out += "    priority: \"\"\n"
            var hint = ""
            if let t = ledger?.backup(of: s)?.vendorRestoreTime { hint = "   # バックアップ台帳の復旧目安: \(t)" }
            out += "    targetHours: \"\"\(hint)\n"
            out += "    alternative: \(q(alternative))\n"
            out += "    forms: [\(forms.map(q).joined(separator: ", "))]\n"
            out += "    switchedBy: \(q(office ?? director ?? ""))\n"
            out += "    formsKeptAt: \"\"     # 例: 受付カウンター下の引き出し「紙運用セット」\n"
        }
        out += """

            # 4. 診療の続け方（小規模医療機関の BCP の要点）
            #   how   どうするか　by   担当　place   置き場所・連絡に使うもの
            continuity:
              bookedPatients:
                how: ""        # 例: 前日に印刷した予約表を見て電話し、受診の延期か紙運用での受診かを伝える
                by: \(q(office ?? ""))
                place: ""      # 例: 予約表の控え（毎日夕方に印刷、受付の鍵付き棚）
              prescriptions:
                how: ""        # 例: 手書きの処方箋を出し、控えを「処方箋控え」に残す。お薬手帳で服薬を確認する
                by: \(q(director ?? ""))
              billing:
                how: ""        # 例: 会計伝票に記録し、後日精算（預り金なし）。領収書は手書き
                by: \(q(office ?? ""))
              orders:
                how: ""        # 例: 検査依頼の用紙で外注検査会社に依頼し、結果は FAX で受け取る
                by: ""

            """
        if beds > 0 {
            out += """
                  inpatients:
                    how: ""        # 例: 印刷済みの一覧と薬局の調剤記録で、今の薬・注射、アレルギー・禁忌、予定の処置を紙で確認する
                    by: ""

                """
        } else {
            out += """
                  inpatients:
                    how: "該当なし"   # 無床診療所。病床があれば、薬・アレルギー・予定の処置を紙で確認する方法を書く

                """
        }
        out += """

            # 5. 復旧の前に残す証拠（確認表 4-2）: 消したり初期化したりする前に保全する
            evidence:
              preserve:

            """
        for d in ledger?.externallyConnected ?? [] {
            out += "    - \(q("\(d.name)（\(d.connection.label(.ja))）のログ"))\n"
        }
        out += """
                - 感染した端末・サーバのディスクイメージ（保守業者・調査会社に依頼）
                - 脅迫文（身代金要求）の画面の写真
                - 復元に使う前のバックアップデータ（そのまま保管）
              by: \(q(officer ?? ""))
              keptAt: ""      # 例: 院長室の金庫（外付けディスクに日付と取得者を書く）

            # 6. 復旧後に紙の記録を入力する方法
            reentry:
              how: ""          # 例: 様式の通し番号順に入力し、入力したら「入力済」欄に印と氏名。部門ごとに残り枚数を数える
              by: \(q(office ?? ""))
              place: ""        # 例: 入力待ちの紙は日付ごとの箱で事務室に保管

            # 7. 事後対応: 再発防止策を決め、担当と期限を決めて実施する（確認表 5-2〜5-5）
            afterAction:
              how: ""          # 例: 調査結果をもとに院長・事務長・保守業者で対策を決め、職員に周知し、点検に組み込む
              by: \(q(officer ?? ""))

            # 停止中に使う紙の様式（incident print forms で印刷。通し番号と「入力済」欄つき）
            forms: [\(defaultForms.map(q).joined(separator: ", "))]

            # 承認（経営層）
            approval:
              approvedOn: ""   # 承認日 YYYY-MM-DD
              approvedBy: ""   # 承認者（例: 理事長 山田 太郎）
              nextReview: ""   # 次の見直し日（少なくとも年1回）

            """
        return out
    }

    /// A first guess at the alternative operation and forms for a system, by its usual name.
    static func suggestion(for system: String) -> (String, [String]) {
        let s = system.lowercased()
        if s.contains("カルテ") || s.contains("emr") || s.contains("ehr") { return ("紙カルテ・紙の問診票で診療する", ["受付簿", "問診票", "経過記録", "処方箋控え"]) }
        if s.contains("レセ") || s.contains("会計") || s.contains("receipt") { return ("会計伝票に手書きし、後日精算する", ["会計伝票"]) }
        if s.contains("予約") { return ("前日に印刷した予約表で受け付ける", ["受付簿"]) }
        if s.contains("検査") || s.contains("lab") { return ("検査依頼の用紙で依頼する", ["検査依頼"]) }
        if s.contains("pacs") || s.contains("画像") { return ("撮影を止めるか、装置のモニタで読影する", ["検査依頼"]) }
        return ("", [])
    }

    /// A YAML double-quoted string.
    static func q(_ s: String) -> String {
        "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
