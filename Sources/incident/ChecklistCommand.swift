import ArgumentParser
import Foundation
import IncidentKit

/// `incident checklist`: the MHLW self-assessment checklist, answered in peacetime
/// and kept in the store's readiness log (hash-chained, never an incident).
struct ChecklistCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checklist", _superCommandName: IncidentCommand.name,
        abstract: "厚労省チェックリストの自己点検（平時） / the MHLW cybersecurity checklist (peacetime self-assessment).",
        discussion: """
            令和7年度版「医療機関におけるサイバーセキュリティ対策チェックリスト」の19項目に はい・いいえ・記入不要 を記録します。
            回答は記録ファイルの「平時の準備の記録」に改ざん検知つきで残ります（インシデントではありません）。
            例 / examples:
              incident checklist                          一覧と進み具合
              incident checklist answer 2-5 no --target 2027-03-31 --note "退職者IDの棚卸しを予定"
              incident checklist answer 1-① はい
              incident checklist walk                     全項目を順に回答
              incident checklist print --out チェックリスト.html
            いいえ には目標日（--target）を付けてください。目標日がない いいえ と、目標日を過ぎた いいえ は注意として表示します。
            Answers go into the store's readiness log (hash-chained, not an incident). Item ids are the \
            form's (2-⑤); 2-5 works too. --checklists DIR (or INCIDENT_CHECKLISTS) replaces the built-in edition.
            """,
        subcommands: [Show.self, Answer.self, Walk.self, Print.self],
        defaultSubcommand: Show.self
    )

    /// What every subcommand needs: the checklist, the folded log, today in the facility's zone.
    struct Context {
        var checklist: Checklist
        var store: EventStore?
        var profile: FacilityProfile?
        var timeZone: TimeZone
        var today: Day
        var log: ReadinessLog

        init(_ global: GlobalOptions, create: Bool = false) throws {
            checklist = try global.checklistCatalog.checklist()
            // No store yet is an empty log; any other failure (damaged, newer version) is said.
            do {
                store = try global.store(create: create)
            } catch IncidentError.storeMissing {
                store = nil
            } catch IncidentError.noIncident {
                store = nil
            }
            profile = try store?.currentProfile()
            timeZone = profile.flatMap { TimeZone(identifier: $0.facility.timeZone) } ?? global.timeZone
            today = Timestamp.day(of: global.now, in: timeZone)
            log = try store?.readinessLog() ?? ReadinessLog()
        }

        var status: ChecklistStatus { ChecklistStatus(checklist: checklist, log: log, today: today) }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "項目ごとの回答と進み具合 / each item with its answer, and progress (the default).")
        @OptionGroup var global: GlobalOptions

        func run() throws {
            let context = try Context(global)
            let status = context.status
            if global.json { return try Console.json(status.json(global.language)) }
            // Evidence beside the items the profile and ledger bear on: shown and suggested, never answered.
            let ledger = try context.store?.currentLedger()
            let review = ReadinessReview(
                status: status, profile: context.profile, ledger: ledger,
                runbook: try global.catalog.runbook(named: RunbookCatalog.defaultName),
                bcp: try BCPCommand.status(store: context.store, profile: context.profile, ledger: ledger, global))
            Console.text(ChecklistText.render(status, global.language, evidence: review.evidence))
            // Answers in an acknowledged damaged stretch are not used: say so, or they just look unanswered.
            for b in context.log.chainBreaks.map(AcknowledgedBreak.init) {
                guard let seqs = b.untrustedSeqs else { continue }
                let range = seqs.count == 1 ? "\(seqs.lowerBound)" : "\(seqs.lowerBound)〜\(seqs.upperBound)"
                Console.line(
                    global.language.pick(
                        ja: "注意: 平時の準備の記録の 記録番号 \(range) は改ざん・破損が確認済みのため、その回答は使っていません。該当する項目は回答し直してください（詳細は `incident verify --readiness`）。",
                        en:
                            "Note: events #\(range) of the readiness log are an acknowledged break, so their answers are not used; answer those items again (details: `incident verify --readiness`)."
                    ))
            }
        }
    }

    struct Answer: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "answer",
            abstract: "1項目に回答 / answer one item: yes|no|na (はい|いいえ|記入不要).",
            discussion: """
                例: incident checklist answer 2-5 no --target 2027-03-31
                確認日（--checked）を省くと今日です。記入不要（na）は様式で認められた項目（2-②、2-③: 事業者と契約していない場合）だけです。
                --checked defaults to today; na is accepted only where the form allows it.
                """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "項目の番号 / the item (2-⑤ or 2-5).") var item: String
        @Argument(help: "yes|no|na（はい|いいえ|記入不要）") var answer: String
        @Option(name: .long, help: ArgumentHelp("確認日 / the day checked (default: today).", valueName: "YYYY-MM-DD")) var checked: String?
        @Option(name: .long, help: ArgumentHelp("目標日（いいえ のとき） / the target date (for no).", valueName: "YYYY-MM-DD")) var target: String?
        @Option(name: .long, help: ArgumentHelp("備考 / a note.", valueName: "text")) var note: String?

        func run() throws {
            let l = global.language
            // Check everything before opening (or creating) the store.
            let checklist = try global.checklistCatalog.checklist()
            let resolved = try ChecklistAnswerInput.item(item, in: checklist)
            let value = try ChecklistAnswerInput.answer(answer)
            let checkedDay = try checked.map { try ChecklistAnswerInput.day($0, option: "--checked") }
            let targetDay = try target.map { try ChecklistAnswerInput.day($0, option: "--target") }
            if value == .na && !resolved.blankWithoutVendorContract { throw IncidentError.checklistBlankNotAllowed(resolved.id) }
            let context = try Context(global, create: true)
            let (event, log) = try global.service(context.store!).answerChecklist(
                checklist, item: resolved.id, answer: value, checked: checkedDay, target: targetDay, note: note, by: global.actor,
                timeZone: context.timeZone)
            guard case .checklistAnswered(let body) = event.body else { return }
            let status = ChecklistStatus(checklist: checklist, log: log, today: context.today)
            let row = status.rows.first { $0.item.id == resolved.id }
            if global.json {
                struct Recorded: Encodable { var seq: Int64; var hash: String; var item: ChecklistStatus.JSON.Item?; var answered: Int; var total: Int }
                let json = status.json(l)
                return try Console.json(
                    Recorded(seq: event.seq, hash: event.hash, item: json.items.first { $0.id == resolved.id }, answered: json.answered, total: json.total))
            }
            Console.line(
                l.pick(
                    ja: "記録しました: \(EventDescription.checklistAnswer(body, l))（平時の準備の記録 #\(event.seq)）。回答済み \(status.answered) / \(status.total)",
                    en: "Recorded: \(EventDescription.checklistAnswer(body, l)) (readiness log #\(event.seq)). \(status.answered) of \(status.total) answered"))
            for flag in row?.flags ?? [] {
                Console.line(l.pick(ja: "注意: \(flag.message(l))。", en: "Attention: \(flag.message(l)).") + ChecklistText.advice(flag, item: resolved.id, l))
            }
        }
    }

    struct Walk: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "walk",
            abstract: "全項目を順に回答 / go through every item, answering each.",
            discussion: "各項目で はい(y)・いいえ(n)・記入不要(na) を入力します。Enter で飛ばし、q で終わります。回答は1件ずつ記録されます。 Enter skips an item, q stops; each answer is recorded as given.")
        @OptionGroup var global: GlobalOptions
        @Flag(name: .long, help: "未回答と注意のある項目だけ / only unanswered or flagged items.") var open = false

        func run() throws {
            let l = global.language
            var context = try Context(global, create: true)
            let rows = context.status.rows.filter { !open || $0.entry == nil || !$0.flags.isEmpty || $0.answer == .no }
            Console.line(
                l.pick(
                    ja: "\(context.checklist.edition(l)) \(context.checklist.title(l))：\(rows.count) 項目。はい=y、いいえ=n、記入不要=na、飛ばす=Enter、終わる=q",
                    en: "\(context.checklist.edition(l)) \(context.checklist.title(l)): \(rows.count) items. y = yes, n = no, na = n/a, Enter = skip, q = quit")
            )
            var recorded = 0
            items: for row in rows {
                let item = row.item
                Console.line("")
                Console.line("\(item.id)  \(item.text(l))")
                if let a = row.entry?.answer { Console.line("  " + l.pick(ja: "現在: ", en: "Now: ") + EventDescription.checklistAnswer(a, l)) }
                var value: ChecklistAnswer?
                while value == nil {
                    Console.out(
                        l.pick(
                            ja: "  回答 (y/n\(item.blankWithoutVendorContract ? "/na" : "")): ",
                            en: "  Answer (y/n\(item.blankWithoutVendorContract ? "/na" : "")): "))
                    guard let line = readLine() else { break items }
                    let text = line.trimmingCharacters(in: .whitespaces)
                    if text.isEmpty { continue items }
                    if text.lowercased() == "q" { break items }
                    if let v = ChecklistAnswer(input: text), v != .na || item.blankWithoutVendorContract {
                        value = v
                    } else {
                        Console.line(
                            l.pick(
                                ja: "  y（はい）、n（いいえ）\(item.blankWithoutVendorContract ? "、na（記入不要）" : "") のどれかを入力してください。",
                                en: "  Type y, n\(item.blankWithoutVendorContract ? " or na" : "")."))
                    }
                }
                guard let value else { continue }
                var target: Day? = nil
                if value == .no {
                    while true {
                        Console.out(l.pick(ja: "  目標日 (例: 2027/3/31、R9.3.31。未定なら Enter): ", en: "  Target date (e.g. 2027-03-31; Enter if not set): "))
                        guard let line = readLine()?.trimmingCharacters(in: .whitespaces), !line.isEmpty else { break }
                        if let d = Day(written: line) { target = d; break }
                        Console.line(l.pick(ja: "  日付は 2027/3/31、2027年3月31日、R9.3.31 などの形で入力してください。", en: "  Write the date as 2027-03-31."))
                    }
                }
                Console.out(l.pick(ja: "  備考 (なければ Enter): ", en: "  Note (Enter for none): "))
                let noteText = readLine()?.trimmingCharacters(in: .whitespaces)
                let (_, log) = try global.service(context.store!).answerChecklist(
                    context.checklist, item: item.id, answer: value, target: target, note: noteText?.isEmpty == false ? noteText : nil,
                    by: global.actor, timeZone: context.timeZone)
                context.log = log
                recorded += 1
                for flag in context.status.rows.first(where: { $0.item.id == item.id })?.flags ?? [] {
                    Console.line("  " + l.pick(ja: "注意: \(flag.message(l))", en: "Attention: \(flag.message(l))"))
                }
            }
            let status = context.status
            Console.line("")
            Console.line(
                l.pick(
                    ja: "\(recorded) 件を記録しました。回答済み \(status.answered) / \(status.total)。一覧: incident checklist",
                    en: "\(recorded) answers recorded. \(status.answered) of \(status.total) answered. See: incident checklist"))
        }
    }

    struct Print: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "print",
            abstract: "様式どおりの印刷用 HTML（A4） / the ministry's layout as a printable A4 HTML file.")
        @OptionGroup var global: GlobalOptions
        @Option(name: .long, help: ArgumentHelp("書き出す HTML ファイル（新規のみ） / the new HTML file to write.", valueName: "file.html")) var out: String

        func run() throws {
            let l = global.language
            let context = try Context(global)
            let sheet = ChecklistSheet(
                status: context.status, facilityName: context.profile?.facility.name, language: l, printedAt: global.now,
                timeZone: context.timeZone)
            try PrivateFile.write(sheet.html, toNew: out)
            if global.json {
                struct Written: Encodable { var file: String; var answered: Int; var total: Int }
                return try Console.json(Written(file: out, answered: context.status.answered, total: context.status.total))
            }
            Console.line(l.pick(ja: "印刷用のファイルを書き出しました: \(out)", en: "Printable file written: \(out)"))
        }
    }
}

/// Reading what staff type for an item, an answer and a date.
enum ChecklistAnswerInput {
    static func item(_ text: String, in checklist: Checklist) throws -> Checklist.Item {
        guard let item = checklist.resolve(text) else { throw IncidentError.unknownChecklistItem(text, available: checklist.items.map(\.id)) }
        return item
    }

    static func answer(_ text: String) throws -> ChecklistAnswer {
        guard let value = ChecklistAnswer(input: text) else {
            throw IncidentError.invalidAnswer(question: "checklist", value: text, expected: "yes / no / na（はい / いいえ / 記入不要）")
        }
        return value
    }

    static func day(_ text: String, option: String) throws -> Day {
        guard let day = Day(written: text) else {
            throw ValidationError(
                "\(option) は日付で指定してください（例: 2027-03-31、2027/3/31、2027年3月31日、R9.3.31） / \(option) must be a date like 2027-03-31 (got '\(text)').")
        }
        return day
    }
}

/// The checklist as text on a terminal.
enum ChecklistText {
    static func render(_ status: ChecklistStatus, _ l: Language, evidence: [ReadinessReview.Evidence] = []) -> String {
        let c = status.checklist
        var out = "\(c.edition(l)) \(c.title(l))\n"
        out += l.pick(
            ja: "回答済み \(status.answered) / \(status.total) 項目（今日 \(status.today)）\n",
            en: "\(status.answered) of \(status.total) items answered (today \(status.today))\n")
        for group in c.groups {
            out += "\n\(group.id) \(group.title(l))\n"
            for item in group.items {
                guard let row = status.rows.first(where: { $0.item.id == item.id }) else { continue }
                let mark = row.answer?.label(l) ?? l.pick(ja: "未回答", en: "not answered")
                // 2-⑫ and 2-⑬ read the same without their part (サーバ / 端末PC).
                let part = item.section.map { l.pick(ja: "（\($0.ja)）", en: "(\($0.en)) ") } ?? ""
                out += "  \(item.id) [\(mark)] \(part)\(item.text(l))\n"
                if let a = row.entry?.answer {
                    var details = [l.pick(ja: "確認日 \(a.checked)", en: "checked \(a.checked)")]
                    if let t = a.target { details.append(l.pick(ja: "目標日 \(t)", en: "target \(t)")) }
                    if let n = a.note { details.append(l.pick(ja: "備考: \(n)", en: "note: \(n)")) }
                    out += "      " + details.joined(separator: l.pick(ja: "、", en: ", ")) + "\n"
                }
                for flag in row.flags { out += "      " + l.pick(ja: "⚠ 注意: ", en: "⚠ ") + flag.message(l) + "\n" }
                if let e = evidence.first(where: { $0.item == item.id }) {
                    out += "      " + l.pick(ja: "記録: ", en: "On file: ") + e.text(l) + "\n"
                    if let s = e.suggestion(current: row.answer, l, wording: CLIWording()) { out += "      → \(s)\n" }
                }
            }
        }
        if status.answered < status.total {
            out +=
                "\n"
                + l.pick(
                    ja: "続き: incident checklist walk（全項目を順に回答）、または incident checklist answer 番号 はい|いいえ|記入不要\n",
                    en: "Next: incident checklist walk (every item in turn), or incident checklist answer ID yes|no|na\n")
        }
        return out
    }

    static func advice(_ flag: ChecklistStatus.Flag, item: String, _ l: Language) -> String {
        switch flag {
        case .noTarget, .targetPassed:
            l.pick(
                ja: "目標日を決めて記録してください: incident checklist answer \(item) no --target YYYY-MM-DD",
                en: " Set a target date: incident checklist answer \(item) no --target YYYY-MM-DD")
        case .blankNotAllowed:
            l.pick(ja: "はい か いいえ で答え直してください。", en: " Answer yes or no instead.")
        }
    }
}
