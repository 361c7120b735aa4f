import Foundation

/// `print bcp`: the clinic's BCP on A4, in the order of the MHLW template
/// (purpose and scope, assumed events, roles, peacetime preparation, detection,
/// first response, recovery, after-action; annexes: contacts, systems and
/// backups, forms), with the approval date and approver. A plan with gaps
/// prints too: each blank is marked 【未記入】 and the gaps are listed first.
public struct BCPDocument: Sendable {
    public var review: BCPReview
    public var profile: FacilityProfile?
    public var ledger: EquipmentLedger?
    public var status: BCPStatus?
    public var language: Language
    public var printedAt: Date

    public init(review: BCPReview, profile: FacilityProfile?, ledger: EquipmentLedger?, status: BCPStatus? = nil, language: Language, printedAt: Date) {
        (self.review, self.profile, self.ledger, self.status, self.language, self.printedAt) = (review, profile, ledger, status, language, printedAt)
    }

    var timeZone: TimeZone { profile.flatMap { TimeZone(identifier: $0.facility.timeZone) } ?? .facilityDefault }
    var plan: BCPPlan { review.plan ?? BCPPlan() }

    /// A value, or the visible gap mark.
    func v(_ s: String?, _ what: String) -> String {
        if let t = PrintPage.text(s) { return t }
        return "<span class=\"gap\">" + PrintPage.escape(language.pick(ja: "【未記入: \(what)】", en: "[not filled in: \(what)]")) + "</span>"
    }

    func block(_ s: String?, _ what: String) -> String {
        if let t = PrintPage.text(s) { return "<p class=\"guidance\">\(t)</p>\n" }
        return "<p>\(v(nil, what))</p>\n"
    }

    public var page: PrintPage {
        let l = language
        let title = l.pick(ja: "サイバー攻撃を想定した事業継続計画（BCP）", en: "Business continuity plan for a cyber attack (BCP)")
        return PrintPage(title: title, language: l, pages: [front(title), response(), recovery(), annexes()])
    }

    public var html: String { page.html }

    func h2(_ ja: String, _ en: String) -> String { "<h2>\(PrintPage.escape(language.pick(ja: ja, en: en)))</h2>\n" }

    func front(_ title: String) -> String {
        let l = language
        let e = PrintPage.escape
        var out = "<h1>\(e(title))</h1>\n"
        var meta: [String] = []
        if let name = PrintPage.text(profile?.facility.name) { meta.append(name) }
        let approvedOn = plan.approval.approvedOn?.description
        meta.append(l.pick(ja: "承認日 ", en: "Approved on ") + v(approvedOn, l.pick(ja: "承認日", en: "approval date")))
        meta.append(l.pick(ja: "承認者 ", en: "Approved by ") + v(plan.approval.approvedBy, l.pick(ja: "承認者", en: "approver")))
        if let next = plan.approval.nextReview { meta.append(l.pick(ja: "次の見直し \(next)", en: "Next review \(next)")) }
        meta.append(e(PrintPage.printedLine(printedAt, timeZone, l)))
        out += "<p class=\"meta\">\(meta.joined(separator: "　"))</p>\n"
        if review.plan == nil {
            out +=
                "<p class=\"lead\"><span class=\"gap\">\(e(l.pick(ja: "BCP が取り込まれていません。雛形を書き出し、記入して取り込んでください。", en: "No BCP has been imported.")))</span></p>\n"
        }
        let gaps = review.allGaps
        if gaps.isEmpty {
            out +=
                "<p class=\"lead\">\(e(l.pick(ja: "厚生労働省の確認表（\(review.checklist.title.ja)）の項目はそろっています。", en: "Complete against the MHLW checklist.")))</p>\n"
        } else {
            out +=
                "<p class=\"lead\">\(e(l.pick(ja: "未確定の計画です: 確認表に照らして未記入が \(gaps.count) 件あります（下の一覧と、本文の【未記入】）。", en: "Not final: \(gaps.count) gaps against the MHLW checklist (listed below and marked in the text).")))</p>\n<ul class=\"check small\">\n"
            for g in gaps { out += "<li>□ \(e(g.text(l)))</li>\n" }
            out += "</ul>\n"
        }
        out += h2("1. 目的・適用範囲", "1. Purpose and scope")
        out += block(plan.purpose, l.pick(ja: "目的", en: "purpose"))
        out += "<p>\(e(l.pick(ja: "適用範囲: ", en: "Scope: ")))\(v(plan.scope, l.pick(ja: "適用範囲", en: "scope")))</p>\n"
        out += h2("2. 想定する事象", "2. Assumed events")
        out += "<ul class=\"check\">\n"
        if plan.assumedEvents.isEmpty { out += "<li>\(v(nil, l.pick(ja: "想定する事象", en: "assumed events")))</li>\n" }
        for a in plan.assumedEvents { out += "<li>・\(e(a))</li>\n" }
        out += "</ul>\n"
        out +=
            "<p class=\"small\">\(e(l.pick(ja: "想定する攻撃: 不正アクセス（保守用VPNなどの外部接続から）、標的型メール、ランサムウェアを含むマルウェア、DDoS 攻撃とその前兆。", en: "Attacks assumed: unauthorised access (e.g. through a maintenance VPN), targeted mail, malware including ransomware, DDoS and its precursors.")))</p>\n"
        out += h2("3. 体制と役割", "3. Roles")
        out += "<table>\n"
        out +=
            "<tr><th>\(e(l.pick(ja: "判断する人", en: "Decides")))</th><td>\(v(plan.roles.decides, l.pick(ja: "判断する人", en: "who decides")))<br><span class=\"small\">\(e(l.pick(ja: "システムの停止、紙運用への切り替え、診療の続け方", en: "stopping systems, paper operation, how care continues")))</span></td></tr>\n"
        out +=
            "<tr><th>\(e(l.pick(ja: "承認する人", en: "Approves")))</th><td>\(v(plan.roles.approves, l.pick(ja: "承認する人", en: "who approves")))<br><span class=\"small\">\(e(l.pick(ja: "この計画、身代金の拒否・公表・復旧の開始など責任を伴う判断", en: "this plan, and decisions that carry liability (ransom, publication, restoring)")))</span></td></tr>\n"
        out +=
            "<tr><th>\(e(l.pick(ja: "取りまとめ役", en: "Leads the response")))</th><td>\(v(plan.roles.leads, l.pick(ja: "取りまとめ役", en: "response lead")))</td></tr>\n"
        out += "</table>\n"
        out += h2("4. 平時の備え", "4. Peacetime preparation")
        out += "<ul class=\"check\">\n"
        let devices = ledger?.devices.count ?? 0, backups = ledger?.backups.count ?? 0
        out +=
            "<li>・\(devices > 0 ? e(l.pick(ja: "機器台帳: \(devices) 台（付録 B）", en: "Equipment ledger: \(devices) devices (annex B)")) : v(nil, l.pick(ja: "機器台帳", en: "equipment ledger")))</li>\n"
        out +=
            "<li>・\(backups > 0 ? e(l.pick(ja: "バックアップ台帳: \(backups) システム（付録 B）", en: "Backup register: \(backups) systems (annex B)")) : v(nil, l.pick(ja: "バックアップ台帳", en: "backup register")))</li>\n"
        out += "<li>・\(e(l.pick(ja: "連絡先の表（付録 A）は施設プロファイルから作成", en: "The contact tables (annex A) come from the facility profile")))</li>\n"
        if let status {
            let drill =
                status.rehearsedAt.map {
                    l.pick(ja: "この計画を使った訓練: \(Timestamp.day(of: $0, in: timeZone))", en: "Last drill: \(Timestamp.day(of: $0, in: timeZone))")
                }
            let none = e(l.pick(ja: "この計画を使った訓練: ", en: "Last drill: ")) + v(nil, l.pick(ja: "この12か月にありません（年1回は訓練を）", en: "none in the last 12 months"))
            out += "<li>・\(drill.map(e) ?? none)</li>\n"
        }
        out += "<li>・\(e(l.pick(ja: "紙の様式（付録 C）を印刷し、決めた場所に置いておく", en: "Print the paper forms (annex C) and keep them where the plan says")))</li>\n"
        out += "</ul>\n"
        out += h2("5. 検知（異常に気づいたとき）", "5. Detection")
        out +=
            "<p>\(e(l.pick(ja: "どの部門で気づいても、次の順に伝えます: ", en: "Whoever notices, report in this order: ")))\(v(plan.roles.reportRoute, l.pick(ja: "報告の経路", en: "reporting route")))</p>\n"
        out +=
            "<p class=\"small\">\(e(l.pick(ja: "端末の電源は切らず、ネットワーク（LANケーブル・Wi-Fi）から切り離し、画面を写真に撮る。", en: "Do not switch devices off; disconnect them from the network and photograph the screen.")))</p>\n"
        return out
    }

    func response() -> String {
        let l = language
        let e = PrintPage.escape
        var out = h2("6. 初動対応 — 診療の続け方", "6. First response: how care continues")
        out +=
            "<p>\(v(plan.roles.decides, l.pick(ja: "判断する人", en: "who decides")))\(e(l.pick(ja: " が、システムの利用停止と紙運用への切り替えを判断し、職員に指示します。", en: " decides whether to stop the systems and switch to paper, and instructs the staff.")))</p>\n"
        out +=
            "<table>\n<tr><th>\(e(l.pick(ja: "システム", en: "System")))</th><th>\(e(l.pick(ja: "止まっている間のやり方", en: "Meanwhile")))</th><th>\(e(l.pick(ja: "紙の様式", en: "Forms")))</th><th>\(e(l.pick(ja: "切り替えの指示", en: "Switched by")))</th><th>\(e(l.pick(ja: "様式の保管場所", en: "Forms kept at")))</th></tr>\n"
        if plan.systems.isEmpty { out += "<tr><td colspan=\"5\">\(v(nil, l.pick(ja: "システム", en: "systems")))</td></tr>\n" }
        for s in plan.systems {
            let forms = s.forms.isEmpty ? v(nil, l.pick(ja: "様式", en: "forms")) : e(s.forms.joined(separator: l.pick(ja: "、", en: ", ")))
            out +=
                "<tr><td>\(e(s.name))</td><td>\(v(s.alternative, l.pick(ja: "代替の運用", en: "alternative")))</td><td>\(forms)</td><td>\(v(s.switchedBy, l.pick(ja: "担当", en: "who")))</td><td>\(v(s.formsKeptAt, l.pick(ja: "保管場所", en: "where")))</td></tr>\n"
        }
        out += "</table>\n"
        out +=
            "<table>\n<tr><th>\(e(l.pick(ja: "業務", en: "Work")))</th><th>\(e(l.pick(ja: "どうするか", en: "How")))</th><th>\(e(l.pick(ja: "担当", en: "Who")))</th></tr>\n"
        let labels: [String: String] = [
            "bookedPatients": l.pick(ja: "予約患者さんへの連絡", en: "Booked patients"), "prescriptions": l.pick(ja: "処方箋", en: "Prescriptions"),
            "billing": l.pick(ja: "会計", en: "Billing"), "orders": l.pick(ja: "検査・画像の依頼", en: "Lab and imaging orders"),
            "inpatients": l.pick(ja: "入院患者さん", en: "Inpatients"),
        ]
        for (key, a) in plan.continuity.all {
            let label = labels[key] ?? key
            let place =
                PrintPage.text(a.place).map { "<br><span class=\"small\">\(e(l.pick(ja: "置き場所・連絡手段: ", en: "kept at / reached by: ")))\($0)</span>" } ?? ""
            let na = key == "inpatients" && BCPReview.notApplicable(a.how)
            out +=
                "<tr><td>\(e(label))</td><td>\(v(a.how, label))\(place)</td><td>\(na ? "" : v(a.by, l.pick(ja: "担当", en: "who")))</td></tr>\n"
        }
        out += "</table>\n"
        out +=
            "<p class=\"small\">\(e(l.pick(ja: "紙の記録は日付と患者さんごとにまとめ、様式の通し番号を飛ばさずに使います（復旧後に入力の残りを数えるため）。", en: "Keep paper records by date and patient, and use the forms' serial numbers in order (to count what is left to enter).")))</p>\n"
        return out
    }

    func recovery() -> String {
        let l = language
        let e = PrintPage.escape
        var out = h2("7. 復旧 — 優先順位と目標時間", "7. Recovery: priority and target times")
        out +=
            "<p class=\"small\">\(e(l.pick(ja: "切り離し → 調査 → 再構築 → オフラインのバックアップから復元 → 確認 → 使用再開 の順に、下の優先順位で進めます。優先順位は診療上の重要度と同じとは限りません。", en: "Isolate, investigate, rebuild, restore from an offline backup, verify, back in use, system by system in this order.")))</p>\n"
        out +=
            "<table>\n<tr><th>\(e(l.pick(ja: "順位", en: "Priority")))</th><th>\(e(l.pick(ja: "システム", en: "System")))</th><th>\(e(l.pick(ja: "目標時間", en: "Target")))</th><th>\(e(l.pick(ja: "復元に使うバックアップ", en: "Backup to restore from")))</th><th>\(e(l.pick(ja: "復元する人", en: "Restored by")))</th></tr>\n"
        for s in plan.systemsByPriority {
            let b = ledger?.backup(of: s.name)
            var backup: [String] = []
            if let m = b?.media { backup.append(m) }
            if let p = b?.place { backup.append(p) }
            if let o = b?.offline { backup.append(o ? l.pick(ja: "オフライン保管あり", en: "offline copy") : l.pick(ja: "オフライン保管なし", en: "no offline copy")) }
            if let g = b?.generations { backup.append(l.pick(ja: "\(g)世代", en: "\(g) generations")) }
            let backupText = b == nil ? v(nil, l.pick(ja: "バックアップ台帳", en: "backup register")) : e(backup.joined(separator: l.pick(ja: "、", en: ", ")))
            out +=
                "<tr><td>\(s.priority.map { String($0) } ?? v(nil, l.pick(ja: "順位", en: "priority")))</td><td>\(e(s.name))</td><td>\(v(s.targetText(l), l.pick(ja: "目標時間", en: "target")))</td><td>\(backupText)</td><td>\(v(b?.restoredBy, l.pick(ja: "担当", en: "who")))</td></tr>\n"
        }
        out += "</table>\n"
        out += h2("復旧の前に残す証拠", "Evidence kept before restoring")
        out += "<ul class=\"check\">\n"
        if plan.evidence.preserve.isEmpty { out += "<li>\(v(nil, l.pick(ja: "残す証拠", en: "evidence to keep")))</li>\n" }
        for p in plan.evidence.preserve { out += "<li>☐ \(e(p))</li>\n" }
        out += "</ul>\n"
        out +=
            "<p>\(e(l.pick(ja: "保全する人: ", en: "Preserved by: ")))\(v(plan.evidence.by, l.pick(ja: "担当", en: "who")))　\(e(l.pick(ja: "保管場所: ", en: "Kept at: ")))\(v(plan.evidence.keptAt, l.pick(ja: "保管場所", en: "where")))</p>\n"
        out += h2("8. 事後対応", "8. After-action")
        out +=
            "<p><strong>\(e(l.pick(ja: "紙の記録の入力", en: "Entering the paper records")))</strong>　\(v(plan.reentry.how, l.pick(ja: "入力の方法", en: "how")))　\(e(l.pick(ja: "担当: ", en: "by: ")))\(v(plan.reentry.by, l.pick(ja: "担当", en: "who")))"
        if let p = PrintPage.text(plan.reentry.place) { out += "　" + e(l.pick(ja: "保管: ", en: "kept at: ")) + p }
        out += "</p>\n"
        out +=
            "<p><strong>\(e(l.pick(ja: "再発防止策", en: "Prevention measures")))</strong>　\(v(plan.afterAction.how, l.pick(ja: "進め方", en: "how")))　\(e(l.pick(ja: "担当: ", en: "by: ")))\(v(plan.afterAction.by, l.pick(ja: "担当", en: "who")))</p>\n"
        out +=
            "<p>\(e(l.pick(ja: "外部への報告: 厚生労働省（第一報と続報）、警察、個人情報保護委員会（漏えいのおそれがあるとき）。連絡先は付録 A。", en: "Reports outside: MHLW (first report and follow-ups), the police, the PPC (when data may have leaked). Numbers in annex A.")))</p>\n"
        return out
    }

    func annexes() -> String {
        let l = language
        let e = PrintPage.escape
        var out = h2("付録 A 連絡先", "Annex A: Contacts")
        out +=
            "<table>\n<tr><th>\(e(l.pick(ja: "役割", en: "Role")))</th><th>\(e(l.pick(ja: "氏名・機関", en: "Name")))</th><th>\(e(l.pick(ja: "電話", en: "Phone")))</th></tr>\n"
        if profile == nil { out += "<tr><td colspan=\"3\">\(v(nil, l.pick(ja: "施設プロファイル", en: "facility profile")))</td></tr>\n" }
        for c in profile?.contacts ?? [] {
            out +=
                "<tr><td>\(e(Role(c.role).title(profile: profile, l)))</td><td>\(e(c.name ?? c.organization ?? ""))</td><td>\(PrintPage.phones([c.phone, c.mobile], l))</td></tr>\n"
        }
        for vendor in profile?.vendors ?? [] {
            out +=
                "<tr><td>\(e(l.pick(ja: "保守業者", en: "Vendor")))（\(e(vendor.systems.joined(separator: l.pick(ja: "、", en: ", ")))))</td><td>\(e(vendor.name))</td><td>\(PrintPage.phones([vendor.emergencyPhone, vendor.phone], l))</td></tr>\n"
        }
        out += "</table>\n"
        out += h2("付録 B システムとバックアップ", "Annex B: Systems and backups")
        out +=
            "<table class=\"small\">\n<tr><th>\(e(l.pick(ja: "システム", en: "System")))</th><th>\(e(l.pick(ja: "頻度", en: "Frequency")))</th><th>\(e(l.pick(ja: "世代", en: "Gen.")))</th><th>\(e(l.pick(ja: "媒体・場所", en: "Media, place")))</th><th>\(e(l.pick(ja: "オフライン", en: "Offline")))</th><th>\(e(l.pick(ja: "復元テスト", en: "Restore test")))</th><th>\(e(l.pick(ja: "復旧目安", en: "Vendor time")))</th></tr>\n"
        if (ledger?.backups ?? []).isEmpty { out += "<tr><td colspan=\"7\">\(v(nil, l.pick(ja: "バックアップ台帳", en: "backup register")))</td></tr>\n" }
        for b in ledger?.backups ?? [] {
            let offline = b.offline.map { $0 ? l.pick(ja: "あり", en: "yes") : l.pick(ja: "なし", en: "no") }
            out +=
                "<tr><td>\(e(b.system))</td><td>\(e(b.frequency ?? ""))</td><td>\(b.generations.map(String.init) ?? "")</td><td>\(e([b.media, b.place].compactMap { $0 }.joined(separator: " / ")))</td><td>\(e(offline ?? ""))</td><td>\(e(b.lastRestoreTest?.description ?? l.pick(ja: "未実施", en: "never")))</td><td>\(e(b.vendorRestoreTime ?? ""))</td></tr>\n"
        }
        out += "</table>\n"
        let external = ledger?.externallyConnected ?? []
        if !external.isEmpty {
            out += "<p class=\"small\">\(e(l.pick(ja: "外部とつながる機器（攻撃の入口になりやすい）: ", en: "Devices connected to the outside (likely ways in): ")))"
            out += external.map { e("\($0.name)（\($0.connection.label(l))）") }.joined(separator: l.pick(ja: "、", en: ", ")) + "</p>\n"
        }
        out += h2("付録 C 紙の様式", "Annex C: Paper forms")
        let forms = plan.allForms
        if forms.isEmpty {
            out += "<p>\(v(nil, l.pick(ja: "様式", en: "forms")))</p>\n"
        } else {
            out +=
                "<table>\n<tr><th>\(e(l.pick(ja: "様式", en: "Form")))</th><th>\(e(l.pick(ja: "使う場面", en: "Used for")))</th><th>\(e(l.pick(ja: "保管場所", en: "Kept at")))</th></tr>\n"
            for f in forms {
                let systems = plan.systems.filter { $0.forms.contains(f) }
                let used = systems.map(\.name).joined(separator: l.pick(ja: "、", en: ", "))
                // A form no system names is kept with the others.
                let keptWith = systems.isEmpty ? plan.systems : systems
                let places = Array(Set(keptWith.compactMap(\.formsKeptAt))).sorted().joined(separator: l.pick(ja: "、", en: ", "))
                out += "<tr><td>\(e(f))</td><td>\(e(used))</td><td>\(places.isEmpty ? v(nil, l.pick(ja: "保管場所", en: "where")) : e(places))</td></tr>\n"
            }
            out += "</table>\n"
            out +=
                "<p class=\"small\">\(e(l.pick(ja: "様式は別に印刷します（1枚ごとに通し番号と「入力済」欄）。", en: "The forms are printed separately (each sheet with a serial number and an 'entered' box).")))</p>\n"
        }
        return out
    }
}
