import Foundation
import Testing

@testable import IncidentKit

/// Issue 20: a draft states only what the record shows, and the obligations agree
/// with it. Each test is one "Why" of the issue, on a state built event by event
/// (t0 = 2026-11-25 09:00 JST).
@Suite struct DraftsFromRecordTests {
    static let today = Day("2026-11-26")!

    /// A 医療法人's clinic, operator and representative on file.
    static let corporateProfile = """
        facility:
          name: "さくら内科クリニック"
          address: "東京都千代田区架空町1-2-3"
          phone: "03-0000-0001"
          manager: "院長 佐藤 一郎"
          operator: "医療法人社団さくら会"
          representative: "理事長 佐藤 太郎"
        contacts:
          - role: security-officer
            name: "鈴木 花子"
            phone: "03-0000-0002"
        """

    /// The same clinic without operator or representative.
    static let bareProfile = """
        facility:
          name: "さくら内科クリニック"
          address: "東京都千代田区架空町1-2-3"
          phone: "03-0000-0001"
          manager: "院長 佐藤 一郎"
        contacts:
          - role: security-officer
            name: "鈴木 花子"
            phone: "03-0000-0002"
        """

    static func open(profile: String = corporateProfile, summary: String = "電子カルテが開かない") throws -> Fixture {
        var f = Fixture()
        try f.apply(
            .declared(
                .init(
                    summary: summary, runbook: Fixture.runbook.id, runbookSource: Fixture.runbook.sourceText, profileSource: profile,
                    timeZone: "Asia/Tokyo")), at: 0)
        return f
    }

    /// The first question raising `signal`, answered with a value that raises it.
    static func raise(_ signal: Runbook.Signal) -> EventBody {
        let q = Fixture.runbook.questions(raising: signal).first!
        let rule = q.signals.first { $0.name == signal }!
        return .answer(.init(question: q.id, value: rule.when.first!))
    }

    static func render(_ kind: ReportKind, _ s: IncidentState, _ l: Language = .ja) throws -> RenderedReport {
        try ReportTemplates().render(kind, state: s, today: today, language: l)
    }

    // MARK: Fixed claims

    /// A misdirected fax: no attack, no isolation, no report made. The patient-facing
    /// drafts must not say cyberattack, isolation or reports (「Fixed claims」).
    @Test func aMisdirectedFaxClaimsNoAttackNoIsolationAndNoReports() throws {
        var f = try Self.open(summary: "紹介状を別の医療機関にFAX誤送信")
        try f.apply(.answer(.init(question: Fixture.runbook.questions(raising: .attackSuspected).first!.id, value: "no")), at: 5)
        try f.apply(.fact(.init(key: "cause", value: "紹介状のFAX誤送信")), at: 10)
        let s = try f.apply(.leakAssessed(.init(answers: LeakAnswers(leak: .yes, sensitive: true, malicious: false, people: 1).recorded)), at: 20)
        for kind in [ReportKind.publicNotice, .individualNotice, .staffInstructions, .inquiryScript] {
            let text = try Self.render(kind, s).text
            for claim in ["サイバー攻撃", "不正アクセス", "切り離しました", "報告・相談しています", "調査と復旧を進めています", "紙の処方箋でお出ししています"] {
                #expect(!text.contains(claim), "\(kind.rawValue) claims 「\(claim)」")
            }
        }
        let notice = try Self.render(.publicNotice, s).text
        #expect(notice.contains("紹介状のFAX誤送信"))
        // What is owed is worded as planned, never as done.
        #expect(notice.contains("個人情報保護委員会に報告する予定です。"))
        #expect(!notice.contains("個人情報保護委員会に報告しました。"))
    }

    /// Rendered before the 速報 it says 「予定」; once submitted, it states it with its time.
    @Test func theNoticeStatesAReportOnlyOnceItIsRecorded() throws {
        var f = try Self.open()
        try f.apply(Self.raise(.attackSuspected), at: 5)
        try f.apply(Self.raise(.isolated), at: 10)
        try f.apply(.leakAssessed(.init(answers: LeakAnswers(leak: .suspected, sensitive: true, malicious: true, people: 2300).recorded)), at: 60)
        var s = f.state!
        var text = try Self.render(.publicNotice, s).text
        #expect(text.hasPrefix("不正アクセスにより"))
        #expect(text.contains("2026年11月25日（水）09:10 異常のある端末をネットワークから切り離しました。"))
        #expect(text.contains("個人情報保護委員会に報告する予定です。"))
        #expect(text.contains("厚生労働省に報告する予定です。"))
        #expect(!text.contains("警察に相談しました"))
        // Said again later, the isolation keeps its first time.
        s = try f.apply(Self.raise(.isolated), at: 70)
        #expect(try Self.render(.publicNotice, s).text.contains("2026年11月25日（水）09:10 異常のある端末をネットワークから切り離しました。"))
        s = try f.apply(.submitted(.init(kind: "ppc-preliminary", channel: .form)), at: 24 * 60 + 60)
        s = try f.apply(.contact(.init(role: "police", outcome: .reached)), at: 24 * 60 + 90)
        text = try Self.render(.publicNotice, s).text
        #expect(text.contains("2026年11月26日（木）10:00 個人情報保護委員会に報告しました。"))
        #expect(text.contains("2026年11月26日（木）10:30 警察に相談しました。"))
        #expect(!text.contains("個人情報保護委員会に報告する予定です。"))
    }

    /// The inquiry script and the staff instructions take paper operation from the answers.
    @Test func paperOperationComesFromTheAnswers() throws {
        var f = try Self.open()
        var s = try f.apply(Self.raise(.attackSuspected), at: 5)
        #expect(!(try Self.render(.inquiryScript, s).text.contains("紙の処方箋でお出ししています")))
        #expect(!(try Self.render(.staffInstructions, s).text.contains("紙カルテ・紙の処方箋で記録する")))
        #expect(!(try Self.render(.patientNotice, s).text.contains("紙で行うため")))
        s = try f.apply(Self.raise(.paperOperation), at: 30)
        #expect(try Self.render(.inquiryScript, s).text.contains("紙の処方箋でお出ししています"))
        #expect(try Self.render(.staffInstructions, s).text.contains("紙カルテ・紙の処方箋で記録する"))
    }

    // MARK: Stale current state

    /// The MHLW follow-up of 12/2 (「Stale current state」): the EMR restored on 12/1 18:00
    /// and paper operation ended on 12/2 08:30 read as such, each with its time, and
    /// the PPC 速報 filed on 11/27 is among the changes since the last report.
    @Test func theFollowUpDescribesTheLatestState() throws {
        var f = try Self.open()
        var events: [Event] = []
        func apply(_ body: EventBody, at minutes: Double) throws -> IncidentState {
            events.append(f.event(body, at: minutes))
            return try f.apply(body, at: minutes)
        }
        let paper = try #require(Fixture.runbook.questions(raising: .paperOperation).first)
        _ = try apply(Self.raise(.attackSuspected), at: 5)
        _ = try apply(.impact(.init(target: "電子カルテ", status: .down, note: "受付・診察室とも開かない")), at: 10)
        _ = try apply(.answer(.init(question: paper.id, value: "yes")), at: 30)
        _ = try apply(.submitted(.init(kind: "mhlw", channel: .email)), at: 60)
        _ = try apply(.answer(.init(question: paper.id, value: "yes")), at: 90)  // said again: still since 09:30
        _ = try apply(.submitted(.init(kind: "ppc-preliminary", channel: .form, ref: "R-1")), at: 2 * 24 * 60 + 60)  // 11/27 10:00
        var s = try apply(.impact(.init(target: "電子カルテ", status: .restored)), at: 6 * 24 * 60 + 540)  // 12/1 18:00
        let during = try ReportTemplates().render(.mhlwFollowup, state: s, today: Day("2026-12-01")!, language: .ja, changes: events).text
        #expect(during.contains("・紙運用: 実施中（紙の問診票・カルテ・処方箋を使う）（2026年11月25日（水）09:30〜）"), "\(during)")
        s = try apply(.answer(.init(question: paper.id, value: "no")), at: 7 * 24 * 60 - 30)  // 12/2 08:30
        let text = try ReportTemplates().render(.mhlwFollowup, state: s, today: Day("2026-12-02")!, language: .ja, changes: events).text
        let now = try #require(text.components(separatedBy: "4. 現在の状況").last?.components(separatedBy: "5. ").first)
        #expect(now.contains("・紙運用: 終了（2026年11月25日（水）09:30〜2026年12月2日（水）08:30）"), "\(now)")
        #expect(!now.contains("実施中"), "\(now)")
        #expect(now.contains("電子カルテ（復旧）"), "\(now)")
        #expect(now.contains("（2026年12月1日（月）18:00 復旧）") || now.contains("（18:00 復旧）"), "\(now)")
        let changes = try #require(text.components(separatedBy: "3. 前回の報告からの変更点").last?.components(separatedBy: "4. ").first)
        #expect(changes.contains("2026年11月27日（金）10:00"), "\(changes)")
        #expect(changes.contains("速報"), "\(changes)")
        // The staff instructions no longer tell staff to work on paper.
        let staff = try Self.render(.staffInstructions, s).text
        #expect(!staff.contains("紙カルテ・紙の処方箋で記録する"))
        #expect(staff.contains("紙運用は 2026年12月2日（水）08:30 に終わりました。"))
    }

    /// The 確報 takes notices and publication from the record at rendering time: a
    /// plan typed in April (「4/13に公表予定」) gives way to the recorded publication.
    @Test func theFinalReportTakesNoticesAndPublicationFromTheRecord() throws {
        var f = try Self.open()
        try f.apply(Self.raise(.attackSuspected), at: 5)
        try f.apply(.leakAssessed(.init(answers: LeakAnswers(leak: .yes, sensitive: true, malicious: true, people: 2450).recorded)), at: 60)
        try f.apply(.fact(.init(key: "publication", value: "12/10にホームページで公表予定")), at: 120)
        try f.apply(.fact(.init(key: "individualsResponse", value: "対象者に郵送で通知する予定")), at: 130)
        var s = f.state!
        var text = try Self.render(.ppcFinal, s).text
        #expect(text.contains("12/10にホームページで公表予定"))
        try f.apply(.submitted(.init(kind: "public-notice", channel: .web)), at: 15 * 24 * 60 + 60)  // 12/10 10:00
        s = try f.apply(.submitted(.init(kind: "individual-notice", channel: .post, ref: "2,450通")), at: 16 * 24 * 60 + 60)
        text = try Self.render(.ppcFinal, s).text
        #expect(!text.contains("公表予定") && !text.contains("通知する予定"), "\(text)")
        #expect(text.contains("2026年12月10日（木）10:00 に公表しました（ホームページ）"), "\(text)")
        #expect(text.contains("2026年12月11日（金）10:00 に本人への通知を行いました（郵送、2,450通）"), "\(text)")
        // Notes for the writer stay outside the body (below the rule).
        let body = try #require(text.components(separatedBy: "――――").first)
        #expect(!body.contains("速報の提出記録なし") && !body.contains("速報の提出が記録されていません"))
    }

    // MARK: Periods merged

    /// 一部停止 09:30, 停止 10:30, 復旧 15:00 keep their own periods, each note on its own.
    @Test func periodsKeepTheirStatusAndNotes() throws {
        var f = try Self.open()
        try f.apply(Self.raise(.attackSuspected), at: 5)
        try f.apply(.impact(.init(target: "電子カルテ", status: .degraded, note: "一部の端末で遅い")), at: 30)
        try f.apply(.impact(.init(target: "電子カルテ", status: .down, note: "全端末で開かない")), at: 90)
        let s = try f.apply(.impact(.init(target: "電子カルテ", status: .restored)), at: 360)
        let period = "一部停止 2026年11月25日（水）09:30〜10:30（メモ: 一部の端末で遅い）、停止 10:30〜15:00（メモ: 全端末で開かない）（15:00 復旧）"
        for kind in [ReportKind.mhlw, .mhlwFollowup, .police] {
            let text = try Self.render(kind, s).text
            #expect(text.contains("電子カルテ: " + period), "\(kind.rawValue)")
            #expect(!text.contains("停止 2026年11月25日（水）09:30〜15:00"))
        }
        // Still down: the open period says so.
        var g = try Self.open()
        try g.apply(.impact(.init(target: "レセコン", status: .degraded)), at: 30)
        let t = try g.apply(.impact(.init(target: "レセコン", status: .down)), at: 90)
        let item = try #require(ImpactPicture(state: t).items.first)
        #expect(ReportContext.period(item, TimeZone(identifier: "Asia/Tokyo")!, .ja) == "一部停止 2026年11月25日（水）09:30〜10:30、停止 10:30〜（継続中）")
    }

    // MARK: Wrong reporter

    /// The PPC drafts name the business operator on 「事業者等の名称」; without one they
    /// show 【未記入】, never the clinic or the 院長, and `doctor` reports the gap.
    @Test func theReporterIsTheBusinessOperator() throws {
        var f = try Self.open()
        try f.apply(Self.raise(.attackSuspected), at: 5)
        var s = try f.apply(.leakAssessed(.init(answers: LeakAnswers(leak: .suspected, sensitive: true, malicious: true, people: 10).recorded)), at: 60)
        var text = try Self.render(.ppcPreliminary, s).text
        #expect(text.contains("事業者等の名称: 医療法人社団さくら会"))
        #expect(text.contains("代表者: 理事長 佐藤 太郎"))
        #expect(text.contains("事態が起きた医療機関: さくら内科クリニック"))

        var g = try Self.open(profile: Self.bareProfile)
        try g.apply(Self.raise(.attackSuspected), at: 5)
        s = try g.apply(.leakAssessed(.init(answers: LeakAnswers(leak: .suspected, sensitive: true, malicious: true, people: 10).recorded)), at: 60)
        for kind in [ReportKind.ppcPreliminary, .ppcFinal] {
            let report = try Self.render(kind, s)
            text = report.text
            #expect(text.contains("事業者等の名称: 【未記入: 事業者等の名称】"))
            #expect(text.contains("代表者: 【未記入: 代表者】"))
            #expect(!text.contains("開設者（法人名）: さくら内科クリニック"))
            #expect(!text.contains("代表者: 院長 佐藤 一郎"))
            #expect(report.missing.contains("operator") && report.missing.contains("representative"))
        }
        let letter = try Self.render(.individualNotice, s).text
        #expect(letter.contains("【未記入: 事業者等の名称】"))
        let profile = try FacilityProfileLoader.load(text: Self.bareProfile, file: "p.yaml")
        let codes = Readiness.check(profile: profile, runbook: Fixture.runbook).map(\.code)
        #expect(codes.contains(.operatorMissing) && codes.contains(.representativeMissing))
        let full = try FacilityProfileLoader.load(text: Self.corporateProfile, file: "p.yaml")
        #expect(!Readiness.check(profile: full, runbook: Fixture.runbook).map(\.code).contains(.operatorMissing))
    }

    /// The facility block, as a table: what the profile gives, and nothing standing in.
    @Test(
        arguments: [
            (DraftsFromRecordTests.corporateProfile, "医療法人社団さくら会", "理事長 佐藤 太郎", true),
            (DraftsFromRecordTests.bareProfile, nil, nil, true),
            ("facility:\n  name: 山田医院\n  operator: 山田医院\n  representative: 院長 山田 一郎\n", "山田医院", "院長 山田 一郎", false),
        ] as [(String, String?, String?, Bool)])
    func facilityBlock(profile: String, operator op: String?, representative: String?, differs: Bool) throws {
        let block = FacilityBlock(profile: try FacilityProfileLoader.load(text: profile, file: "p.yaml"))
        #expect(block.operatorName == op)
        #expect(block.representative == representative)
        #expect(block.operatorDiffers == differs)
        #expect(block.known["operator"] == op)
    }

    // MARK: Words for lawyers

    /// Letters use plain words and never say a leak happened while it is only suspected.
    @Test func lettersUsePlainWords() throws {
        var f = try Self.open()
        try f.apply(Self.raise(.attackSuspected), at: 5)
        let s = try f.apply(.leakAssessed(.init(answers: LeakAnswers(leak: .suspected, sensitive: true, malicious: true, people: 10).recorded)), at: 60)
        for kind in [ReportKind.individualNotice, .publicNotice] {
            // Placeholders (【未記入: …】) name the PPC's fields for the writer; the sentences must not.
            let text = try Self.render(kind, s).text.replacing(/【[^】]*】/, with: "")
            for legal in ["個人データの漏えい等", "二次被害又はそのおそれ", "漏えいした、またはそのおそれ"] {
                #expect(!text.contains(legal), "\(kind.rawValue) says 「\(legal)」")
            }
            #expect(text.contains("患者さまの情報が外部に漏れたおそれがあり"))
        }
    }

    // MARK: Summaries from the first line typed

    /// The 概要 is built from the answers, quotes the declaration line as 「発見時の状況」
    /// and stays 【要確認】 (listed missing) until a summary is recorded.
    @Test func theSummaryIsBuiltFromTheRecordUntilOneIsRecorded() throws {
        var f = try Self.open(summary: "電子カルテが開かない。受付PC2台に英語の画面")
        try f.apply(Self.raise(.attackSuspected), at: 5)
        let note = try #require(Fixture.runbook.questions.first { $0.fills.contains("ransomNote") })
        try f.apply(.answer(.init(question: note.id, value: "yes")), at: 6)
        var s = try f.apply(.leakAssessed(.init(answers: LeakAnswers(leak: .suspected, sensitive: true, malicious: true, people: 10).recorded)), at: 60)
        for kind in [ReportKind.mhlw, .ppcPreliminary, .police] {
            let report = try Self.render(kind, s)
            #expect(report.text.contains("【要確認: 記録から組み立てた概要です】"), "\(kind.rawValue)")
            #expect(report.text.contains("サイバー攻撃（ランサムウェアなど）が疑われています。"))
            #expect(report.text.contains("脅迫文（身代金を要求する画面）が表示されている。"))
            #expect(report.text.contains("発見時の状況: 「電子カルテが開かない。受付PC2台に英語の画面」"))
            #expect(report.missing.contains("summary"))
        }
        #expect(ReportTemplates().missing(state: s, today: Self.today).first { $0.kind == "mhlw" }?.missing.contains("summary") == true)
        s = try f.apply(.fact(.init(key: "summary", value: "ランサムウェアにより電子カルテが停止")), at: 90)
        let report = try Self.render(.mhlw, s)
        #expect(report.text.contains("ランサムウェアにより電子カルテが停止"))
        #expect(!report.missing.contains("summary"))
    }

    // MARK: Guidance that leads to a wrong outcome

    /// While an attack is suspected, "no leak" without a basis is recorded, shown as
    /// 「根拠未記録」, and the assessment stays owed; with a basis it settles and is quoted.
    @Test func noLeakNeedsABasisWhileAnAttackIsSuspected() throws {
        var f = try Self.open()
        try f.apply(Self.raise(.attackSuspected), at: 5)
        try f.apply(Self.raise(.leakSuspected), at: 6)
        let intent = Intent.assessLeak(answers: ["leak": "no"])
        var s = try f.apply(try intent.event(in: f.state!), at: 60)
        var d = try #require(LeakRules.decision(for: s, language: .ja, today: Self.today))
        #expect(d.basisMissing == true)
        // Still owed: the decision comes next once the first-hour calls are made, and
        // at the latest two days before the preliminary target (DOMAIN §5).
        let late = d.preliminaryDue.adding(days: -2)
        #expect(NextAction.of(s, today: late) == .assessLeak(.leakSuspected))
        #expect(try Self.render(.mhlw, s).text.contains("根拠未記録"))

        let basis = "保守業者カルテ社がVPN装置と電子カルテサーバのログを11/25〜11/26に調査し、外部への送信の痕跡なし"
        s = try f.apply(try Intent.assessLeak(answers: ["leak": "no"], basis: basis).event(in: s), at: 120)
        d = try #require(LeakRules.decision(for: s, language: .ja, today: Self.today))
        #expect(d.basisMissing == nil && d.basis == basis)
        #expect(NextAction.of(s, today: late) != .assessLeak(.leakSuspected))
        #expect(try Self.render(.mhlwFollowup, s).text.contains("判断の根拠: " + basis))
    }

    /// The sensitive-data question says that being a clinic's patient is itself
    /// 要配慮個人情報, citing the Enforcement Order.
    @Test func theSensitiveQuestionExplainsWhatIsSensitiveInAClinic() throws {
        let q = try #require(LeakQuestion.question(id: "sensitive"))
        #expect(q.help.ja.contains("施行令第2条第3号"))
        #expect(q.help.ja.contains("予約患者一覧"))
        #expect(q.help.en.contains("Enforcement Order Art. 2(3)"))
    }

    // MARK: Public bodies

    /// A public body's duties cite APPI Art. 68 and Rules Art. 43–45 (marked to confirm),
    /// never Art. 26 and Rules Art. 8/10; a private clinic keeps Art. 26.
    @Test func publicBodiesCiteArticle68() throws {
        let profile = Self.corporateProfile.replacingOccurrences(of: "  manager:", with: "  publicBody: true\n  manager:")
        var f = try Self.open(profile: profile)
        let s = try f.apply(.leakAssessed(.init(answers: LeakAnswers(leak: .yes, sensitive: true, malicious: false, people: 10).recorded)), at: 60)
        let o = Obligations.of(s, today: Self.today, language: .ja)
        for kind in [ObligationKind.ppcPreliminary, .ppcFinal, .individualNotice] {
            let basis = try #require(o.first { $0.kind == kind }?.basis)
            #expect(basis.contains("第68条") && basis.contains("要確認"), "\(kind.rawValue): \(basis)")
            #expect(!basis.contains("第26条"))
        }
        let d = try #require(LeakRules.decision(for: s, language: .ja))
        #expect(!(d.reasons ?? []).joined().contains("第26条"))
        #expect((d.reasons ?? []).joined().contains("施行規則第43条"))
        var g = try Self.open()
        let t = try g.apply(.leakAssessed(.init(answers: LeakAnswers(leak: .yes, sensitive: true, malicious: false, people: 10).recorded)), at: 60)
        #expect(Obligations.of(t, today: Self.today, language: .ja).first { $0.kind == .ppcFinal }?.basis == "個人情報保護法第26条第1項、施行規則第8条第2項")
        // The sample profile's comment agrees with DOMAIN §3: municipal clinics mostly keep false.
        let comment = try #require(FacilityProfile.sampleText.components(separatedBy: "  publicBody:").first?.split(separator: "\n").suffix(3).joined())
        #expect(comment.contains("第68条") && comment.contains("false のまま"), "\(comment)")
        #expect(comment.contains("自治体") && comment.contains("民間と同じ"), "\(comment)")
    }

    // MARK: Consigned vendors

    /// Who became aware first is recorded (`fact consignee…`), times stored in UTC and
    /// shown in the facility zone; the PPC drafts carry them.
    @Test func aConsigneeThatBecameAwareFirstReachesTheDrafts() throws {
        var f = try Self.open()
        try f.apply(Self.raise(.attackSuspected), at: 5)
        try f.apply(.leakAssessed(.init(answers: LeakAnswers(leak: .suspected, sensitive: true, malicious: true, people: 10).recorded)), at: 60)
        try f.apply(try Intent.fact(key: "consignee", value: "クラウドカルテ株式会社").event(in: f.state!), at: 61)
        let aware = try Intent.fact(key: "consigneeAwareAt", value: "2026-11-24 22:00").event(in: f.state!)
        #expect(aware == .fact(.init(key: "consigneeAwareAt", value: "2026-11-24T13:00:00+00:00")))
        try f.apply(aware, at: 62)
        let s = try f.apply(try Intent.fact(key: "consigneeNotifiedAt", value: "2026-11-25 08:50").event(in: f.state!), at: 63)
        let text = try Self.render(.ppcPreliminary, s).text
        #expect(text.contains("委託先: クラウドカルテ株式会社（委託先が知った日時: 2026年11月24日（火）22:00、当院への連絡: 2026年11月25日（水）08:50）"))
        // The clinic's own awareness still sets the dates.
        #expect(text.contains("事態を知った日: 2026年11月25日（水）"))
        // Told the next day: within the 3–5-day target, no note for the writer.
        #expect(!text.contains("概ね3〜5日以内"))
        // Told eight days after it became aware: the writer is told, outside the body.
        let late = try f.apply(try Intent.fact(key: "consigneeAwareAt", value: "2026-11-17 22:00").event(in: f.state!), at: 64)
        let final = try Self.render(.ppcFinal, late).text
        let notes = try #require(final.components(separatedBy: "送付前の確認").last)
        #expect(notes.contains("委託先が知ってから8日後") && notes.contains("概ね3〜5日以内"), "\(notes)")
        #expect(try Self.render(.ppcPreliminary, late).text.components(separatedBy: "送付前の確認").last?.contains("8日後") == true)
    }

    // MARK: One answer everywhere / a filed 速報 stays filed

    /// The first MHLW report is the earliest of the call that reached it and the first
    /// submission: the same in `status` (obligations), `review` and the drafts.
    @Test func theFirstMHLWReportIsTheSameEverywhere() throws {
        var f = try Self.open()
        try f.apply(Self.raise(.attackSuspected), at: 5)
        try f.apply(.contact(.init(role: "mhlw", outcome: .reached)), at: 105)  // 11/25 10:45
        let s = try f.apply(.submitted(.init(kind: "mhlw", channel: .email)), at: 24 * 60 + 510)  // 11/26 17:30
        let mhlw = try #require(Obligations.of(s, today: Self.today, language: .ja).first { $0.kind == .mhlw })
        #expect(mhlw.submittedAt == "2026-11-25T10:45:00+09:00")
        let review = ResponseReview(state: s, events: [], language: .ja)
        #expect(review.obligations.first { $0.kind == "mhlw" }?.submittedMinute == 105)
        let followup = try Self.render(.mhlwFollowup, s).text
        #expect(followup.contains("2026年11月25日（水）10:45"))
    }

    /// A police call that reached the desk, or the runbook's answer, settles the police item.
    @Test func aReachedPoliceContactSettlesThePoliceItem() throws {
        var f = try Self.open()
        try f.apply(Self.raise(.attackSuspected), at: 5)
        var s = try f.apply(.contact(.init(role: "police", outcome: .reached)), at: 30)
        #expect(Obligations.of(s, today: Self.today, language: .ja).first { $0.kind == .police }?.state == .submitted)
        var g = try Self.open()
        try g.apply(Self.raise(.attackSuspected), at: 5)
        s = try g.apply(Self.raise(.policeConsulted), at: 40)
        #expect(Obligations.of(s, today: Self.today, language: .ja).first { $0.kind == .police }?.state == .submitted)
    }

    /// Ruling the leak out after the 速報 was filed keeps it filed and the 確報 owed.
    @Test func aFiledPreliminaryStaysFiledWhenTheLeakIsRuledOut() throws {
        var f = try Self.open()
        try f.apply(Self.raise(.attackSuspected), at: 5)
        try f.apply(.leakAssessed(.init(answers: LeakAnswers(leak: .suspected, sensitive: true, malicious: true, people: 10).recorded)), at: 60)
        try f.apply(.submitted(.init(kind: "ppc-preliminary", channel: .form, ref: "R-1")), at: 120)
        let s = try f.apply(
            .leakAssessed(.init(answers: LeakAnswers(leak: .no, sensitive: true, malicious: true, people: 10).recorded, basis: "フォレンジック業者がログを調査し、持ち出しの痕跡なし")),
            at: 9 * 24 * 60)
        let o = Obligations.of(s, today: Day("2026-12-04")!, language: .ja)
        #expect(o.first { $0.kind == .ppcPreliminary }?.state == .submitted)
        #expect(o.first { $0.kind == .ppcFinal }?.state == .pending)
        // Nothing submitted is called overdue.
        let line = Obligations.line(try #require(o.first { $0.kind == .ppcPreliminary }), .ja)
        #expect(line.hasPrefix("提出済"))
        // The MHLW follow-up says the 速報 was filed and what became of it; the 確報 reports the outcome.
        let followup = try ReportTemplates().render(.mhlwFollowup, state: s, today: Day("2026-12-04")!, language: .ja).text
        #expect(followup.contains("個人情報保護委員会への速報: 2026年11月25日（水）11:00 に提出済み。その後、漏えい等は発生していないと判断したため、確報でその結果を報告します。"))
        let final = try ReportTemplates().render(.ppcFinal, state: s, today: Day("2026-12-04")!, language: .ja).text
        #expect(final.contains("速報の後の調査で、漏えい等は発生していないと判断しました。"))
    }

    /// The 確報 says 「見込み」 only while the count was given as an estimate.
    @Test func theCountIsAnEstimateOnlyWhileGivenAsOne() throws {
        var f = try Self.open()
        let estimate = ["leak": "yes", "sensitive": "yes", "malicious": "yes", "financial": "no", "people": "約2,450人", "encrypted": "no"]
        var s = try f.apply(try Intent.assessLeak(answers: estimate).event(in: f.state!), at: 60)
        #expect(try Self.render(.ppcFinal, s).text.contains("2,450人（見込み）"))
        var exact = estimate
        exact["people"] = "2312"
        s = try f.apply(try Intent.assessLeak(answers: exact).event(in: s), at: 600)
        let text = try Self.render(.ppcFinal, s).text
        #expect(text.contains("2,312人") && !text.contains("見込み"))
    }

    /// The police memo lists the other bodies only.
    @Test func thePoliceMemoListsOtherBodiesOnly() throws {
        var f = try Self.open()
        try f.apply(Self.raise(.attackSuspected), at: 5)
        try f.apply(.contact(.init(role: "mhlw", outcome: .reached)), at: 30)
        let s = try f.apply(.contact(.init(role: "police", outcome: .reached)), at: 40)
        let text = try Self.render(.police, s).text
        let section = try #require(text.components(separatedBy: "8. ").last)
        #expect(section.contains("厚生労働省"))
        #expect(section.contains("09:30"))
        #expect(!section.contains("09:40"))
    }

    /// A 速報 draft for a case that needs no report says so, without dates.
    @Test func aDraftForACaseThatNeedsNoReportHasNoDates() throws {
        var f = try Self.open(summary: "USBメモリの紛失")
        let s = try f.apply(
            .leakAssessed(.init(answers: LeakAnswers(leak: .yes, sensitive: false, malicious: false, people: 3, encrypted: true).recorded)), at: 60)
        let text = try Self.render(.ppcPreliminary, s).text
        #expect(text.contains("報告は不要です"))
        #expect(!text.contains("目安"))
        #expect(!text.contains("確報: "))
    }

    /// Re-running the assessment after the 速報 was filed does not call it overdue.
    @Test func aSubmittedPreliminaryIsNeverOverdue() throws {
        var f = try Self.open()
        try f.apply(.leakAssessed(.init(answers: LeakAnswers(leak: .yes, sensitive: true, malicious: true, people: 10).recorded)), at: 60)
        try f.apply(.submitted(.init(kind: "ppc-preliminary", channel: .form)), at: 120)
        let s = try f.apply(.leakAssessed(.init(answers: LeakAnswers(leak: .yes, sensitive: true, malicious: true, people: 12).recorded)), at: 9 * 24 * 60)
        let d = try #require(LeakRules.decision(for: s, language: .ja, today: Day("2026-12-04")!))
        #expect(d.overdue == [])
    }
}
