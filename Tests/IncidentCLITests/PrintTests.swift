import Foundation
import Testing

/// `incident print WHAT --out FILE.html`: the files themselves (private, self-contained,
/// escaped, dialable numbers), then as printed: rendered to PDF by headless Chromium
/// and read back with poppler (page count, every phone number present).
@Suite(.serialized) struct PrintTests {
    /// Every number is distinct, so that a number missing from the PDF is noticed.
    static let profile = """
        facility:
          name: さくら内科クリニック
          address: 東京都千代田区霞が関1-2-2
          phone: 03-0000-1000
          manager: 高橋 花子
          systems: [電子カルテ, レセコン, ネットワーク]
        contacts:
          - {role: security-officer, title: 医療情報システム安全管理責任者, name: 佐藤 一郎, phone: 03-0000-1001, mobile: 090-0000-1002}
          - {role: director, title: 院長, name: 高橋 花子, mobile: 090-0000-1004}
          - {role: security-officer-deputy, name: 鈴木 次郎, mobile: 090-0000-1003}
          - {role: office-manager, title: 事務長, name: 田中 三郎, phone: 03-0000-1005, note: "<script>alert(1)</script> & 夜間は携帯"}
          - {role: mhlw, organization: 厚生労働省 医政局 特定医薬品開発支援・医療情報担当参事官室, phone: 03-0000-1006, hours: 平日 9:30-18:15}
          - {role: police, organization: 県警 サイバー犯罪相談窓口, phone: "#9110", note: 最寄りの署 03-0000-1007}
          - {role: ppc, organization: 個人情報保護委員会, phone: 03-0000-1008}
          - {role: mist, organization: MIST（一般社団法人ソフトウェア協会）, phone: 03-0000-1009}
          - {role: cyber-insurance, organization: サイバー保険 事故受付, phone: "0120-000-110"}
        vendors:
          - {id: emr, name: カルテ社, systems: [電子カルテ], contractScope: 24時間オンサイト対応・データ復旧, emergencyPhone: 0120-000-111, phone: 03-0000-1012}
          - {id: rece, name: レセ社, systems: [レセコン], emergencyPhone: "+81-3-0000-1013"}
          - {id: net, name: ネット社, systems: [ネットワーク], contractScope: 平日のみ, emergencyPhone: 03-0000-1014, remoteAccess: 事務室のVPN装置}

        """

    static let allNumbers = [
        "03-0000-1000", "03-0000-1001", "090-0000-1002", "090-0000-1003", "090-0000-1004", "03-0000-1005", "03-0000-1006",
        "#9110", "03-0000-1007", "03-0000-1008", "03-0000-1009", "0120-000-110", "0120-000-111", "03-0000-1012", "+81-3-0000-1013", "03-0000-1014",
    ]
    /// The numbers of the roles the default runbook's steps call (everyone but the facility, PPC and the insurer).
    static let cardNumbers = [
        "03-0000-1001", "090-0000-1002", "090-0000-1003", "090-0000-1004", "03-0000-1005", "03-0000-1006",
        "#9110", "03-0000-1009", "0120-000-111", "03-0000-1012", "+81-3-0000-1013", "03-0000-1014",
    ]

    static let pdfTools = ExternalTool.available("chromium", "pdfinfo", "pdftotext")
    static let pdfToolsMissing = ExternalTool.missing("chromium", "pdfinfo", "pdftotext")

    static func store(declare: Bool = false) throws -> CLI {
        let cli = try CLI()
        var r = try cli("init", "--facility", try cli.write("profile.yaml", profile))
        #expect(r.status == 0, "\(r.stderr)")
        if declare {
            r = try cli("declare", "受付の電子カルテが開かない", "--at", ScenarioTests.tokyo(minutesAgo: 30))
            #expect(r.status == 0, "\(r.stderr)")
        }
        return cli
    }

    /// Runs `incident print ARGS --out NAME` and returns the file's text after the checks every print must pass.
    static func printed(_ cli: CLI, _ arguments: [String], out name: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let r = try cli.run(["print"] + arguments + ["--out", name])
        #expect(r.status == 0, "\(r.stderr)", sourceLocation: sourceLocation)
        #expect(r.stdout.contains(name), sourceLocation: sourceLocation)
        let path = cli.directory.appendingPathComponent(name).path
        let mode = (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue
        #expect(mode == 0o600, "mode \(String(mode ?? 0, radix: 8))", sourceLocation: sourceLocation)
        let html = try String(contentsOfFile: path, encoding: .utf8)
        #expect(html.hasPrefix("<!DOCTYPE html>"), sourceLocation: sourceLocation)
        #expect(html.contains("@page { size: A4"), sourceLocation: sourceLocation)
        #expect(html.contains("\"Noto Sans CJK JP\", \"Hiragino Sans\""), sourceLocation: sourceLocation)
        // Nothing is loaded: no remote (or any) src, no <link>, no url(, no script.
        let lower = html.lowercased()
        for loader in ["src=", "<link", "url(", "<script", "@import", "<iframe", "<img"] {
            #expect(!lower.contains(loader), "\(name) contains \(loader)", sourceLocation: sourceLocation)
        }
        #expect(!lower.contains("http://") && !lower.contains("https://"), sourceLocation: sourceLocation)
        // Every tel: link holds digits and + only.
        for match in html.matches(of: /href="tel:([^"]*)"/) {
            #expect(match.output.1.wholeMatch(of: /\+?[0-9]{3,}/) != nil, "tel:\(match.output.1)", sourceLocation: sourceLocation)
        }
        return html
    }

    struct PDF {
        var pages: Int
        var text: String
    }

    /// The HTML as Chromium prints it (A4, no header or footer), read back with poppler.
    static func pdf(_ cli: CLI, _ name: String) throws -> PDF {
        let pdf = cli.directory.appendingPathComponent(name + ".pdf")
        let chromium = try ExternalTool.run(
            "chromium",
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                "--print-to-pdf=\(pdf.path)", cli.directory.appendingPathComponent(name).path,
            ], in: cli.directory)
        #expect(FileManager.default.fileExists(atPath: pdf.path), "chromium: \(chromium.stderr)")
        let info = try ExternalTool.run("pdfinfo", [pdf.path], in: cli.directory)
        #expect(info.stdout.contains("(A4)"), "\(info.stdout)")
        let pages =
            info.stdout.split(separator: "\n").first { $0.hasPrefix("Pages:") }
            .flatMap { Int($0.dropFirst("Pages:".count).trimmingCharacters(in: .whitespaces)) } ?? -1
        let text = try ExternalTool.run("pdftotext", ["-layout", pdf.path, "-"], in: cli.directory).stdout
        return PDF(pages: pages, text: text)
    }

    // MARK: The files

    @Test func contactsFromTheCurrentProfileWithoutAnIncident() throws {
        let cli = try Self.store()
        defer { cli.cleanUp() }
        let html = try Self.printed(cli, ["contacts"], out: "連絡先.html")
        #expect(html.contains("<html lang=\"ja\">"))
        #expect(html.contains("緊急連絡先一覧") && html.contains("さくら内科クリニック"))
        // Roles by their Japanese titles, the deputy under its principal, vendors with scope, outside bodies.
        #expect(html.contains("医療情報システム安全管理責任者") && html.contains("安全管理責任者の代理") && html.contains("事務長"))
        let officer = try #require(html.range(of: "佐藤 一郎")), deputy = try #require(html.range(of: "鈴木 次郎")),
            director = try #require(html.range(of: "090-0000-1004"))
        #expect(officer.lowerBound < deputy.lowerBound && deputy.lowerBound < director.lowerBound)
        #expect(html.contains("24時間オンサイト対応・データ復旧") && html.contains("電子カルテ") && html.contains("事務室のVPN装置"))
        #expect(html.contains("個人情報保護委員会") && html.contains("MIST") && html.contains("サイバー保険 事故受付"))
        // Every number dials.
        #expect(html.contains("<a class=\"tel\" href=\"tel:0300001001\">03-0000-1001</a>"))
        #expect(html.contains("href=\"tel:+81300001013\">+81-3-0000-1013</a>"))
        #expect(html.contains("href=\"tel:0120000110\""))
        // A number written in a note dials too; opening hours do not.
        #expect(html.contains("最寄りの署 <a class=\"tel\" href=\"tel:0300001007\">03-0000-1007</a>"))
        #expect(html.contains("平日 9:30-18:15"))
        // An unknown role reads as its office, never as its id.
        #expect(html.contains("<td>サイバー保険 事故受付</td>") && !html.contains(">cyber-insurance<"))
        #expect(html.contains("<b>警察</b><br>県警 サイバー犯罪相談窓口"))
        for number in Self.allNumbers where number != "#9110" {
            #expect(html.contains(">\(number)</a>"), "\(number) is not a tel: link")
        }
        // Text from the profile is escaped.
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; 夜間は携帯"))
        #expect(!html.contains("(none)") && !html.contains("INC-"))
    }

    @Test func contactsOfAnIncidentUseTheProfileItWasDeclaredUnder() throws {
        let cli = try Self.store(declare: true)
        defer { cli.cleanUp() }
        let changed = Self.profile.replacingOccurrences(of: "090-0000-1004", with: "090-9999-9999")
        var r = try cli("facility", "import", try cli.write("changed.yaml", changed))
        #expect(r.status == 0, "\(r.stderr)")
        let during = try Self.printed(cli, ["contacts"], out: "during.html")
        #expect(during.contains("090-0000-1004") && !during.contains("090-9999-9999"))
        #expect(during.contains("インシデント INC-"))
        r = try cli("close", "--force", "--reason", "訓練")
        #expect(r.status == 0, "\(r.stderr)")
        // With nothing open, the current profile.
        let after = try Self.printed(cli, ["contacts", "--lang", "en"], out: "after.html")
        #expect(after.contains("090-9999-9999") && !after.contains("INC-"))
        #expect(after.contains("<html lang=\"en\">") && after.contains("Emergency contacts") && after.contains("Maintenance vendors"))
    }

    @Test func withoutAProfileContactsSaysWhatToDo() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let r = try cli("print", "contacts", "--out", "c.html")
        #expect(r.status == 1)
        #expect(r.stderr.contains("incident init"))
        #expect(!FileManager.default.fileExists(atPath: cli.directory.appendingPathComponent("c.html").path))
        // Before any store exists, a blank paper log and the cards still print, and no store is created.
        let log = try Self.printed(cli, ["paper-log"], out: "log.html")
        #expect(!log.contains("INC-"))
        let cards = try Self.printed(cli, ["cards"], out: "cards.html")
        #expect(cards.contains("1. 異常を確認する") && cards.contains("未登録"))
        #expect(!FileManager.default.fileExists(atPath: cli.dbPath))
    }

    @Test func cardsPaperLogTimelineAndReportFiles() throws {
        let cli = try Self.store(declare: true)
        defer { cli.cleanUp() }
        var r = try cli("log", "<b>受付</b> 3台停止 & =SUM(A1)", "--at", ScenarioTests.tokyo(minutesAgo: 20))
        #expect(r.status == 0, "\(r.stderr)")

        let cards = try Self.printed(cli, ["cards"], out: "手順カード.html")
        #expect(cards.components(separatedBy: "<section class=\"page\">").count - 1 == 7)
        #expect(cards.contains("1. 異常を確認する") && cards.contains("再起動しないでください"))
        #expect(cards.contains("☐ はい") && cards.contains("氏名") && cards.contains("時刻"))
        #expect(cards.contains("href=\"tel:0120000111\""))

        let log = try Self.printed(cli, ["paper-log"], out: "記録用紙.html")
        #expect(log.contains("時系列記録用紙") && log.contains("さくら内科クリニック") && log.contains("INC-"))
        #expect(log.contains("<td class=\"no\">22</td>") && log.contains("incident log"))
        #expect(log.contains("--at"))

        let timeline = try Self.printed(cli, ["timeline"], out: "時系列.html")
        #expect(timeline.contains("&lt;b&gt;受付&lt;/b&gt; 3台停止 &amp; =SUM(A1)"))
        #expect(!timeline.contains("<b>受付"))
        #expect(timeline.contains("受付の電子カルテが開かない") && timeline.contains("メモ"))

        let report = try Self.printed(cli, ["report", "mhlw"], out: "第一報.html")
        #expect(report.contains("厚生労働省への第一報"))
        #expect(report.contains("<span class=\"gap\">【未記入: "))

        // Never overwrites; a report needs its kind; a kind goes with report only.
        r = try cli("print", "contacts", "--out", "手順カード.html")
        #expect(r.status == 1 && r.stderr.contains("既に存在します"))
        #expect(try cli("print", "report", "--out", "x.html").status == 64)
        #expect(try cli("print", "cards", "mhlw", "--out", "x.html").status == 64)
        #expect(try cli("print", "report", "nonsense", "--out", "x.html").status == 64)
    }

    @Test func cardsAndPaperLogWorkWithoutAnIncidentAndInEnglish() throws {
        let cli = try Self.store()
        defer { cli.cleanUp() }
        let cards = try Self.printed(cli, ["cards", "--lang", "en"], out: "cards.html")
        #expect(cards.contains("1. Confirm the anomaly") && cards.contains("Whom to call") && !cards.contains("INC-"))
        let log = try Self.printed(cli, ["paper-log"], out: "log.html")
        #expect(log.contains("さくら内科クリニック") && !log.contains("INC-"))
        let json = try #require(try cli.json("print", "paper-log", "--out", "log2.html") as? [String: Any])
        #expect(json["what"] as? String == "paper-log" && json["file"] as? String == "log2.html")
    }

    // MARK: As printed

    @Test(.enabled(if: pdfTools, "\(pdfToolsMissing)"))
    func contactsPrintOnOneA4PageWithEveryNumber() throws {
        let cli = try Self.store()
        defer { cli.cleanUp() }
        _ = try Self.printed(cli, ["contacts"], out: "連絡先.html")
        let pdf = try Self.pdf(cli, "連絡先.html")
        #expect(pdf.pages == 1)
        for number in Self.allNumbers {
            #expect(pdf.text.contains(number), "\(number) is missing from the printed contacts")
        }
        #expect(pdf.text.contains("緊急連絡先一覧") && pdf.text.contains("保守業者") && pdf.text.contains("院外の機関"))
    }

    @Test(.enabled(if: pdfTools, "\(pdfToolsMissing)"))
    func cardsPrintOnePagePerStepWithEveryNumberTheyCall() throws {
        let cli = try Self.store(declare: true)
        defer { cli.cleanUp() }
        let steps = try #require(try cli.json("runbook", "show", "initial-response") as? [[String: Any]])
        _ = try Self.printed(cli, ["cards"], out: "cards.html")
        let pdf = try Self.pdf(cli, "cards.html")
        #expect(steps.count == 7)
        #expect(pdf.pages == steps.count)
        for step in steps {
            #expect(pdf.text.contains(step["title"] as? String ?? "?"))
        }
        for number in Self.cardNumbers {
            #expect(pdf.text.contains(number), "\(number) is missing from the printed cards")
        }
        // Each page is one card: its step number is on its own page.
        let pages = pdf.text.split(separator: "\u{0C}")
        for (i, page) in pages.enumerated() where i < steps.count {
            #expect(page.contains("手順 \(i + 1) / \(steps.count)"))
        }
        // English is longer: still one page per step.
        _ = try Self.printed(cli, ["cards", "--lang", "en"], out: "cards-en.html")
        let english = try Self.pdf(cli, "cards-en.html")
        #expect(english.pages == steps.count)
        #expect(english.text.contains("Confirm the anomaly") && english.text.contains("Whom to call"))
    }

    /// A fuller clinic: a 医療法人, inpatient beds and opening hours (the off-hours block
    /// on card 1), four vendors, the insurer, MIST by e-mail only, the optional bodies.
    static let fullProfile = """
        facility:
          name: 医療法人社団さくら会 さくら内科クリニック
          address: 東京都千代田区霞が関1-2-2 さくらビル3階
          phone: 03-0000-1000
          email: info@sakura-naika-clinic.example.jp
          manager: 高橋 花子
          operator: 医療法人社団さくら会
          representative: 理事長 高橋 一郎
          systems: [電子カルテ, レセコン, ネットワーク, 予約システム, 検査システム]
          openingHours: "月-金 08:30-18:00, 土 08:30-12:30"
          beds: 19
        onCall: [director, security-officer, office-manager]
        insurance:
          insurer: 架空損害保険株式会社
          policy: CY-2026-000123
          phone: 0120-000-222
          hours: 24時間
          noticeDays: 30
        contacts:
          - {role: security-officer, title: 医療情報システム安全管理責任者, name: 佐藤 一郎, phone: 03-0000-1001, mobile: 090-0000-1002, email: sato.ichiro@sakura-naika-clinic.example.jp}
          - {role: security-officer-deputy, name: 鈴木 次郎, mobile: 090-0000-1003, email: suzuki.jiro@sakura-naika-clinic.example.jp}
          - {role: director, title: 院長, name: 高橋 花子, mobile: 090-0000-1004}
          - {role: office-manager, title: 事務長, name: 田中 三郎, phone: 03-0000-1005, note: 夜間は携帯 090-0000-1015}
          - {role: mhlw, organization: 厚生労働省 医政局 特定医薬品開発支援・医療情報担当参事官室, phone: 03-0000-1006, email: iryou-johou-security@mhlw.example.go.jp, hours: 平日 9:30-18:15}
          - {role: police, organization: 警視庁 サイバー犯罪相談窓口, phone: "#9110", note: 最寄りの署 03-0000-1007}
          - {role: ppc, organization: 個人情報保護委員会, phone: 03-0000-1008, hours: 平日 9:30-17:30}
          - {role: mist, organization: MIST（一般社団法人ソフトウェア協会）, email: mist-support@saj.example.or.jp, note: ウェブの問い合わせフォームも可}
          - {role: jma, organization: 日本医師会 サイバーセキュリティ支援窓口, phone: 0120-000-333, hours: 毎日 6:00-24:00}
          - {role: prefecture, organization: 東京都 保健医療局 医療政策部 医療安全課, phone: 03-0000-1016}
          - {role: public-health-center, organization: 千代田保健所, phone: 03-0000-1017}
        vendors:
          - {id: emr, name: カルテシステムズ株式会社, systems: [電子カルテ, 予約システム], contractScope: 24時間オンサイト対応・データ復旧, emergencyPhone: 0120-000-111, phone: 03-0000-1012, email: support-desk@karte-systems.example.co.jp, hours: 24時間}
          - {id: rece, name: 株式会社レセプトサービス, systems: [レセコン], emergencyPhone: "+81-3-0000-1013", email: helpdesk@receipt-service.example.co.jp, hours: 平日 9:00-18:00}
          - {id: net, name: ネットワーク保守株式会社, systems: [ネットワーク], contractScope: 平日のみ, emergencyPhone: 03-0000-1014, remoteAccess: 事務室のVPN装置}
          - {id: lab, name: 検査機器サービス株式会社, systems: [検査システム], emergencyPhone: 03-0000-1018, phone: 03-0000-1019}

        """

    /// Issue #22 item 6, as printed with a full profile: one card per A4 page (cards
    /// 1, 4 and 7 spilled onto a second sheet), no role ids on paper, MIST's address
    /// instead of 「未登録」.
    @Test(.enabled(if: pdfTools, "\(pdfToolsMissing)"))
    func aFullProfilesCardsKeepOnePagePerStepWithWordsNotIds() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        #expect(try cli("init", "--facility", try cli.write("profile.yaml", Self.fullProfile)).status == 0)
        #expect(try cli("declare", "電子カルテが開かない", "--at", ScenarioTests.tokyo(minutesAgo: 30)).status == 0)
        for lang in ["ja", "en"] {
            let html = try Self.printed(cli, ["cards", "--lang", lang], out: "cards-\(lang).html")
            let pdf = try Self.pdf(cli, "cards-\(lang).html")
            #expect(pdf.pages == 7, "\(lang): \(pdf.pages) pages")
            for id in ["security-officer", "office-manager", "vendor:", "<code>director", "public-health-center"] {
                #expect(!pdf.text.contains(id) && !html.contains(id), "\(lang): \(id) printed")
            }
            #expect(pdf.text.contains("mist-support@saj"), "\(lang)")
        }
    }

    /// The contact sheet carries the insurer (from `insurance`) and MIST, breaks an
    /// address only before 「@」 or after a dot, and never leaves a table header alone
    /// at the foot of a page: each header is printed on the page of its first row.
    @Test(.enabled(if: pdfTools, "\(pdfToolsMissing)"))
    func theContactSheetHasTheInsurerAndMISTAndNoOrphanedHeaders() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        #expect(try cli("init", "--facility", try cli.write("profile.yaml", Self.fullProfile)).status == 0)
        let html = try Self.printed(cli, ["contacts"], out: "contacts.html")
        #expect(html.contains("sato.<wbr>ichiro<wbr>@sakura-naika-clinic.<wbr>example.<wbr>jp"))
        let pdf = try Self.pdf(cli, "contacts.html")
        #expect(pdf.pages <= 2)
        #expect(pdf.text.contains("サイバー保険の事故受付窓口") && pdf.text.contains("架空損害保険株式会社") && pdf.text.contains("0120-000-222"))
        #expect(pdf.text.contains("証券番号 CY-2026-000123") && pdf.text.contains("事故通知"))
        #expect(pdf.text.contains("MIST") && pdf.text.contains("mist-support@saj"))
        for (header, firstRow) in [("携帯", "03-0000-1001"), ("担当システム", "0120-000-111"), ("機関・窓口", "03-0000-1006")] {
            let page = try #require(pdf.text.split(separator: "\u{0C}").first { $0.contains(header) }, "\(header)")
            #expect(page.contains(firstRow), "the header 「\(header)」 is printed without its first row")
        }
        // Without `insurance` and without a MIST contact, MIST still has a row asking for its address.
        let bare = try CLI()
        defer { bare.cleanUp() }
        let plain = Self.profile.replacingOccurrences(of: "  - {role: mist, organization: MIST（一般社団法人ソフトウェア協会）, phone: 03-0000-1009}\n", with: "")
        #expect(try bare("init", "--facility", try bare.write("profile.yaml", plain)).status == 0)
        let sheet = try Self.printed(bare, ["contacts"], out: "c.html")
        #expect(sheet.contains("<b>MIST</b>") && sheet.contains("連絡先を施設プロファイルに記入してください"))
    }

    /// The waiting-room notice is a poster: one A4 page, large type, nothing for the
    /// office on it (no incident number, time zone, print time or 確認者 box).
    @Test(.enabled(if: pdfTools, "\(pdfToolsMissing)"))
    func thePatientNoticeIsAPosterOnOnePage() throws {
        let cli = try Self.store(declare: true)
        defer { cli.cleanUp() }
        let html = try Self.printed(cli, ["report", "patient-notice"], out: "poster.html")
        #expect(html.contains("class=\"poster\"") && html.contains(".poster .draft { font-size: 18pt"))
        let pdf = try Self.pdf(cli, "poster.html")
        #expect(pdf.pages == 1)
        #expect(pdf.text.contains("患者さまへのお知らせ") && pdf.text.contains("さくら内科クリニック"))
        for office in ["INC-", "インシデント", "Asia/Tokyo", "確認者", "印刷用に作成"] {
            #expect(!pdf.text.contains(office) && !html.contains(office), "the poster shows 「\(office)」")
        }
    }

    /// The timeline's `#`, time and kind columns fit their content: a two-digit number
    /// stays on one line (it wrapped one digit per line).
    @Test(.enabled(if: pdfTools, "\(pdfToolsMissing)"))
    func theTimelinesColumnsFitTheirContent() throws {
        let cli = try Self.store(declare: true)
        defer { cli.cleanUp() }
        for i in 1...11 {
            #expect(try cli("log", "受付端末\(i)台目を確認。画面に英語のメッセージが出ているため、LANケーブルを抜いてネットワークから切り離した").status == 0)
        }
        _ = try Self.printed(cli, ["timeline"], out: "timeline.html")
        let pdf = try Self.pdf(cli, "timeline.html")
        let numbered = pdf.text.split(separator: "\n").filter { $0.trimmingCharacters(in: .whitespaces).hasPrefix("12 ") }
        #expect(!numbered.isEmpty, "\(pdf.text)")
        #expect(numbered.first?.contains("メモ") == true, "\(numbered)")
    }

    @Test(.enabled(if: pdfTools, "\(pdfToolsMissing)"))
    func paperLogTimelineAndReportPrint() throws {
        let cli = try Self.store(declare: true)
        defer { cli.cleanUp() }
        _ = try cli("log", "<b>受付</b> 3台停止", "--at", ScenarioTests.tokyo(minutesAgo: 20))
        _ = try Self.printed(cli, ["paper-log"], out: "log.html")
        var pdf = try Self.pdf(cli, "log.html")
        #expect(pdf.pages == 1)
        _ = try Self.printed(cli, ["paper-log", "--lang", "en"], out: "log-en.html")
        #expect(try Self.pdf(cli, "log-en.html").pages == 1)
        #expect(pdf.text.contains("時系列記録用紙") && pdf.text.contains("22") && pdf.text.contains("incident log"))

        _ = try Self.printed(cli, ["timeline"], out: "timeline.html")
        pdf = try Self.pdf(cli, "timeline.html")
        #expect(pdf.pages == 1)
        #expect(pdf.text.contains("<b>受付</b> 3台停止") && pdf.text.contains("受付の電子カルテが開かない"))

        _ = try Self.printed(cli, ["report", "mhlw"], out: "mhlw.html")
        pdf = try Self.pdf(cli, "mhlw.html")
        #expect(pdf.pages >= 1)
        #expect(pdf.text.contains("厚生労働省への第一報") && pdf.text.contains("【未記入: "))
        #expect(pdf.text.contains("さくら内科クリニック"))
    }
}
