import ArgumentParser
import Foundation
import IncidentKit

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify", _superCommandName: IncidentCommand.name,
        abstract: "改ざん検知（ハッシュ連鎖の再計算） / recompute the hash chain.",
        discussion: """
            改ざんや破損を見つけると、最初の不正な記録番号を示して終了コード 3 で終わります。記録は修復しません。
            壊れた記録には追記できません。ファイルを保全（incident backup）し責任者に報告したうえで記録を続けるには:
              incident verify --acknowledge --reason "院長に報告済み。バックアップ保全済み"
            これは「確認」の記録を追加するだけで、改ざんの跡はそのまま残り、以後の verify でも「確認済み」として表示されます
            （終了コード 0。--strict を付けると確認済みでも 3）。
            平時の準備の記録（チェックリストの回答）は --readiness で検査し、壊れていれば同じように確認します:
              incident verify --acknowledge --readiness --reason "院長に報告済み"
            確認後は、壊れた範囲（最初の不正な記録から確認の記録の前まで）の回答は使わず、その前と確認後の回答を使います。
            書き出したフォルダはデータベースなしで検査できます: incident verify --bundle フォルダ [--manifest-hash 控えたハッシュ]

            外部の控えとの照合（鎖だけでは、末尾の削除や全体の作り直しは見つけられません）:
              incident verify --against フォルダまたはバックアップ   控えの記録がすべてそのまま残っているか
              incident verify --head 12:0123456789abcdef          紙に書き写した「#番号 ハッシュ」と照合
              incident verify --key 鍵ファイル                      鍵による署名を検査（書き換え・作り直し・偽造）

            Exits 3 naming the first bad event; nothing is repaired. A broken log refuses new \
            events until someone runs `incident verify --acknowledge --reason "..."`, which records \
            a chainBreakAcknowledged event (first bad event, what was wrong, a seal of the damaged \
            stretch) linked to the last stored row. Later `verify` runs still name the break as \
            acknowledged and exit 0, or 3 with --strict; any further change to the damaged stretch \
            is a new, unacknowledged break. `--readiness` checks the readiness log (checklist \
            answers) alone; with `--acknowledge` it acknowledges that log's break the same way, after \
            which answers in the damaged stretch are not used (those before it and after the \
            acknowledgement are). `--bundle DIR` checks an `incident export` folder offline \
            (with `--manifest-hash HEX`, against the manifest hash written down at export).
            Anchors outside the file: `--against PATH` (bundle or backup: the store must still hold \
            its events exactly), `--head SEQ:HEX` (the head copied on paper), `--key FILE` (every \
            event's MAC under the key).
            """
    )

    @OptionGroup var global: GlobalOptions
    @Flag(name: .long, help: "すべてのインシデントと平時の準備の記録を検査 / check every incident and the readiness log.") var all = false
    @Flag(name: .long, help: "見つかった改ざんを確認済みとして記録し、追記を再開 / record that you saw the break, so recording can continue.")
    var acknowledge = false
    @Flag(
        name: .long,
        help:
            "平時の準備の記録（チェックリストの回答）だけを検査。--acknowledge と使うとその改ざんを確認済みにする / check the readiness log (checklist answers) only; with --acknowledge, acknowledge its break."
    )
    var readiness = false
    @Option(name: .long, help: "確認の理由（--acknowledge に必須） / why you continue (required with --acknowledge).") var reason: String?
    @Flag(name: .long, help: "確認済みの改ざんや、現在の入力規則に合わない記録も終了コード 3 にする / exit 3 on acknowledged breaks and on events today's rules would refuse.") var strict =
        false
    @Option(name: .long, help: ArgumentHelp("書き出したフォルダを検査（データベース不要） / check an exported bundle (no database).", valueName: "dir"))
    var bundle: String?
    @Option(name: .long, help: ArgumentHelp("書き出し時に控えた目録のハッシュ（--bundle と） / the manifest hash written down at export (with --bundle).", valueName: "hex"))
    var manifestHash: String?
    @Option(
        name: .long,
        help: ArgumentHelp(
            "書き出しフォルダかバックアップと照合: その記録がすべてそのまま残っているか / check the store still holds every event of this bundle or backup exactly.", valueName: "path"))
    var against: String?
    @Option(name: .long, help: ArgumentHelp("紙に控えた最終記録「番号:ハッシュ」と照合 / check a head written on paper.", valueName: "seq:hex"))
    var head: String?

    func validate() throws {
        if acknowledge {
            guard let reason, !reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw ValidationError("--acknowledge には --reason \"理由\" が必要です / --acknowledge needs --reason \"why\".")
            }
            if all || bundle != nil {
                throw ValidationError(
                    "--acknowledge は1件のインシデントか、--readiness で平時の準備の記録にだけ使えます / --acknowledge acts on one incident, or on the readiness log with --readiness (not with --all or --bundle)."
                )
            }
        }
        if readiness && (all || bundle != nil || against != nil || head != nil) {
            throw ValidationError(
                "--readiness は平時の準備の記録だけを扱います（--all・--bundle・--against・--head とは使えません） / --readiness acts on the readiness log alone (not with --all, --bundle, --against or --head)."
            )
        }
        if bundle != nil && all { throw ValidationError("--bundle と --all は同時に使えません / --bundle cannot be combined with --all.") }
        if manifestHash != nil && bundle == nil { throw ValidationError("--manifest-hash は --bundle と一緒に使います / --manifest-hash goes with --bundle DIR.") }
        if let manifestHash, manifestHash.count < 16 || !manifestHash.allSatisfy(\.isHexDigit) {
            throw ValidationError("--manifest-hash には 16 桁以上の16進数を指定してください / --manifest-hash needs at least 16 hex digits.")
        }
        if let head, ChainAnchor.HeadNote(head) == nil {
            throw ValidationError("--head は「番号:ハッシュ」の形で指定してください（例: 12:0123456789abcdef） / --head takes SEQ:HEX, e.g. 12:0123456789abcdef.")
        }
        if head != nil && (all || bundle != nil) { throw ValidationError("--head は1件のインシデントに使います / --head checks one incident (not with --all or --bundle).") }
        if (against != nil || head != nil) && acknowledge {
            throw ValidationError("--against/--head と --acknowledge は同時に使えません / --against and --head cannot be combined with --acknowledge.")
        }
    }

    struct Result: Encodable {
        var id: String
        var ok: Bool
        var events: Int64
        var lastHash: String
        var failure: IntegrityFailure?
        var acknowledgedBreaks: [AcknowledgedBreak]
        var line: Int?
        /// Stored events today's input rules would refuse (not a break: see `RuleNotice`).
        var notices: [RuleNotice] = []
        /// The head to copy onto paper: `#SEQ HEX16`.
        var head: String = ""
        /// What the key says, when one was given.
        var key: KeyCheck?
        /// Whether the paper note given with --head was checked against this incident.
        var noteChecked: Bool?
    }

    func run() throws {
        if acknowledge { return try readiness ? runAcknowledgeReadiness() : runAcknowledge() }
        if let bundle { return try runBundle(bundle) }
        let store = try global.store()
        let key = try global.keyFile.map { path throws(IncidentError) in try EventKey.load(path) }
        if readiness {
            let report = try store.verifyReadiness()
            guard report.exists else { throw IncidentError.noReadinessLog }
            return try finish([try Self.result(report, key: key, store)], timeZone: { _ in global.timeZone })
        }
        // With --against, every incident is checked (the copy may hold one the store lost).
        let everything = all || against != nil
        // A paper note against a store whose incidents are gone: that is the finding.
        if let note = head.flatMap(ChainAnchor.HeadNote.init), try store.incidents(.all).isEmpty {
            throw IncidentError.integrity(EventStore.headWithoutIncident(note, path: store.path))
        }
        let ids = everything ? try store.incidents(.all).map(\.id) : [try global.readIncident(store)]
        // The readiness log (checklist answers) has its own chain in the same store.
        let readinessReport = all ? try store.verifyReadiness() : nil
        // --all checks what there is: a store with checklist answers and no incident too.
        if ids.isEmpty && against == nil && readinessReport?.exists != true { throw IncidentError.noIncident }
        // The paper note is about one incident (with --against, the one --incident or the open one names).
        var noteTarget: String?
        if head != nil {
            if !everything {
                noteTarget = ids.first
            } else {
                do { noteTarget = try global.readIncident(store) } catch { if against == nil { throw error } }
            }
        }
        var results: [Result] = []
        for id in ids {
            let top = try store.head(of: id)
            let report = try store.chainReport(of: id)
            var failure = report.failure
            var keyCheck: KeyCheck?
            if let key {
                let k = try store.check(key: key, of: id)
                keyCheck = k
                if failure == nil { failure = k.failure }
            }
            var noteChecked: Bool?
            if failure == nil, id == noteTarget, let note = head.flatMap(ChainAnchor.HeadNote.init) {
                failure = try store.check(head: note, of: id)
                noteChecked = true
            }
            let notices = failure == nil ? try store.ruleNotices(of: id) : []
            results.append(
                Result(
                    id: id, ok: failure == nil, events: top.lastSeq, lastHash: top.lastHash, failure: failure,
                    acknowledgedBreaks: report.acknowledged, notices: notices,
                    head: ChainAnchor.HeadNote.text(seq: top.lastSeq, hash: top.lastHash), key: keyCheck, noteChecked: noteChecked))
        }
        if let readinessReport, readinessReport.exists { results.append(try Self.result(readinessReport, key: key, store)) }
        // The facility profile and ledger imports have their own chain (DocumentLog).
        if all, let documents = try store.verifyDocuments() {
            results.append(
                Result(
                    id: "DOCUMENTS", ok: documents.failure == nil, events: documents.entries, lastHash: documents.lastHash, failure: documents.failure,
                    acknowledgedBreaks: [], head: ChainAnchor.HeadNote.text(seq: documents.entries, hash: documents.lastHash)))
        }
        let anchors = try against.map { path throws(IncidentError) in try store.check(against: path) }
        try finish(results, timeZone: { id in (id == EventStore.readinessLogID ? nil : try? store.head(of: id).timeZone) ?? global.timeZone }, anchors: anchors)
    }

    /// The readiness log's line, with what the key says about its answers (they
    /// are signed like incidents' events when a key is in use).
    private static func result(_ readiness: EventStore.ReadinessReport, key: EventKey?, _ store: EventStore) throws -> Result {
        let keyCheck = try key.map { key throws(IncidentError) in try store.check(key: key, of: EventStore.readinessLogID) }
        let failure = readiness.failure ?? keyCheck?.failure
        return Result(
            id: EventStore.readinessLogID, ok: failure == nil, events: readiness.events, lastHash: readiness.lastHash,
            failure: failure, acknowledgedBreaks: readiness.acknowledged,
            head: ChainAnchor.HeadNote.text(seq: readiness.events, hash: readiness.lastHash), key: keyCheck)
    }

    private func runBundle(_ path: String) throws {
        let report = try EventBundle.verify(path: path, manifestHash: manifestHash)
        let chain = report.chain
        var failure = chain.failure
        var keyCheck: KeyCheck?
        if let keyFile = global.keyFile {
            let k = try EventBundle.check(key: try EventKey.load(keyFile), path: path)
            keyCheck = k
            if failure == nil { failure = k.failure }
        }
        let result = Result(
            id: chain.incidentID, ok: failure == nil, events: chain.lastSeq ?? 0, lastHash: chain.lastHash ?? "",
            failure: failure, acknowledgedBreaks: chain.acknowledged, line: report.line,
            head: ChainAnchor.HeadNote.text(seq: chain.lastSeq ?? 0, hash: chain.lastHash ?? ""), key: keyCheck)
        try finish([result], timeZone: { _ in global.timeZone }, bundle: path)
    }

    private func finish(_ results: [Result], timeZone: (String) -> TimeZone, bundle: String? = nil, anchors: [ChainAnchor.Finding]? = nil) throws {
        let l = global.language
        if global.json {
            if let anchors {
                struct Both: Encodable {
                    var incidents: [Result]
                    var against: [ChainAnchor.Finding]
                }
                try Console.json(Both(incidents: results, against: anchors))
            } else {
                try Console.json(all ? AnyEncodable(results) : AnyEncodable(results[0]))
            }
        } else {
            for r in results {
                if let f = r.failure {
                    Console.err(f.message(l, wording: CLIWording()))
                    if bundle == nil, r.id != EventStore.readinessLogID, r.id != "DOCUMENTS", f.reason != .unsigned, f.reason != .macMismatch,
                        f.reason != .divergesFromAnchor,
                        f.reason != .missingFromAnchor
                    {
                        Console.err(
                            l.pick(
                                ja:
                                    "記録を続けるには、ファイルを保全（incident backup --out ファイル）し責任者に報告したうえで: incident verify --incident \(r.id) --acknowledge --reason \"理由\"",
                                en:
                                    "To go on recording, preserve the file (incident backup --out FILE), report it, then: incident verify --incident \(r.id) --acknowledge --reason \"why\""
                            ))
                    }
                } else {
                    let what = bundle.map { l.pick(ja: "書き出し \($0) ", en: "bundle \($0) ") } ?? ""
                    Console.line(
                        l.pick(
                            ja: "\(what)\(r.id): 改ざんなし（\(r.events) 件、最終ハッシュ \(r.lastHash.prefix(16))…）",
                            en: "\(what)\(r.id): intact (\(r.events) events, last hash \(r.lastHash.prefix(16))…)"))
                    if let k = r.key {
                        Console.line("  " + l.pick(ja: "鍵の署名: \(k.signed) 件すべて一致", en: "Key: all \(k.signed) MACs match"))
                    }
                    if let head, r.noteChecked == true {
                        Console.line("  " + l.pick(ja: "紙の控え \(head) と一致", en: "Matches the paper note \(head)"))
                    }
                    if bundle != nil, manifestHash == nil {
                        // Without the hash written down at export, a bundle rewritten as a whole (its manifest too) also passes.
                        Console.line(
                            "  "
                                + l.pick(
                                    ja: "照合したのは書き出しの中の整合性だけです。書き出し時に控えたハッシュと照合するには --manifest-hash を付けてください。",
                                    en:
                                        "Only the bundle's internal consistency was checked; add --manifest-hash with the hash written down at export to check it is the one exported."
                                ))
                    }
                    if bundle == nil {
                        Console.line(
                            "  " + l.pick(ja: "紙の控え（日時とともに書き写してください）: \(r.id) \(r.head)", en: "Head to copy onto paper (with the time): \(r.id) \(r.head)"))
                    }
                }
                for b in r.acknowledgedBreaks { Console.line("  " + b.message(l, timeZone: timeZone(r.id))) }
                for n in r.notices { Console.line("  " + l.pick(ja: "注意: ", en: "Note: ") + n.message(l)) }
            }
            if let anchors, let against {
                for a in anchors {
                    if let f = a.failure {
                        Console.err(f.message(l, wording: CLIWording()))
                    } else {
                        Console.line(
                            l.pick(
                                ja: "控え \(against) と照合: \(a.incidentID) の \(a.anchorEvents) 件すべてがそのまま残っています",
                                en: "Checked against \(against): all \(a.anchorEvents) events of \(a.incidentID) are still there, unchanged"))
                    }
                }
            }
        }
        if results.contains(where: { !$0.ok }) || (anchors ?? []).contains(where: { $0.failure != nil })
            || (strict && results.contains(where: { !$0.acknowledgedBreaks.isEmpty || !$0.notices.isEmpty }))
        {
            throw ExitCode(3)
        }
    }

    private func runAcknowledge() throws {
        let l = global.language
        let store = try global.store()
        let id = try store.resolveIncident(global.chosenIncident(store), fallbackToLatest: true)
        var acknowledged: (Event, IncidentState, IntegrityFailure)?
        var broken: IntegrityFailure?
        do {
            acknowledged = try store.acknowledgeBreak(of: id, reason: reason ?? "", actor: global.actor)
        } catch {
            guard case .integrity(let f) = error else { throw error }
            broken = f
        }
        guard let (event, state, failure) = acknowledged else {
            // Only when nothing can be continued: no readable declaration, or no number left.
            throw cannotContinue(
                broken,
                l.pick(
                    ja: "この壊れ方では記録を続けられません（宣言が読めないか、続きの番号がありません）。ファイルを保全（incident backup）し、新しいインシデントとして宣言してください。",
                    en:
                        "This log cannot be continued (its declaration is unreadable or no event number is left). Preserve the file (incident backup) and declare a new incident."
                ))
        }
        try printAcknowledgement(
            event, failure, timeZone: state.timeZone,
            l.pick(
                ja: "確認を記録しました: #\(event.seq)。記録番号 \(failure.seq.map(String.init) ?? "-") の問題は消えずに残り、verify で「確認済み」と表示されます。記録を続けられます。",
                en:
                    "Acknowledgement recorded as #\(event.seq). The problem at event #\(failure.seq.map(String.init) ?? "-") stays visible in verify as acknowledged; recording can continue."
            ))
    }

    /// A break that cannot be acknowledged: what was found, why nothing can follow it, exit 3.
    private func cannotContinue(_ broken: IntegrityFailure?, _ why: String) -> ExitCode {
        if let broken { Console.err(broken.message(global.language, wording: CLIWording())) }
        Console.err(why)
        return ExitCode(3)
    }

    /// The acknowledgement as recorded: `--json`, or `text` and what was acknowledged
    /// (without the advice to acknowledge it).
    private func printAcknowledgement(_ event: Event, _ failure: IntegrityFailure, timeZone: TimeZone, _ text: String) throws {
        if global.json {
            struct Ack: Encodable {
                var event: EventAck
                var failure: IntegrityFailure
            }
            return try Console.json(Ack(event: EventAck(event, timeZone: timeZone), failure: failure))
        }
        Console.line(text)
        Console.line(global.language.pick(ja: "確認した問題: ", en: "Acknowledged: ") + failure.finding(global.language))
    }

    private func runAcknowledgeReadiness() throws {
        let l = global.language
        let store = try global.store()
        let (event, failure): (Event, IntegrityFailure)
        do {
            (event, failure) = try store.acknowledgeReadinessBreak(reason: reason ?? "", actor: global.actor)
        } catch {
            guard case .integrity(let broken) = error else { throw error }
            // Only when nothing can be continued: no head record, or no row or number to continue from.
            throw cannotContinue(
                broken,
                l.pick(
                    ja: "この壊れ方では平時の準備の記録を続けられません（続きにつなぐ記録か番号がありません）。ファイルを保全（incident backup）し、責任者に報告してください。インシデントの記録はこのままでも使えます。",
                    en:
                        "The readiness log cannot be continued (no stored row or event number to continue from). Preserve the file (incident backup) and report it; incidents can be recorded as they are."
                ))
        }
        try printAcknowledgement(
            event, failure, timeZone: global.timeZone,
            l.pick(
                ja:
                    "平時の準備の記録に確認を記録しました: #\(event.seq)。記録番号 \(failure.seq.map(String.init) ?? "-") の問題は消えずに残り、verify で「確認済み」と表示されます。チェックリストの回答を続けられます（壊れた範囲の回答は使いません。必要なら回答し直してください）。",
                en:
                    "Acknowledgement recorded in the readiness log as #\(event.seq). The problem at event #\(failure.seq.map(String.init) ?? "-") stays visible in verify as acknowledged; checklist answers can continue (answers in the damaged stretch are not used: answer those items again if needed)."
            ))
    }
}
