/// Why an incident's log cannot be trusted: the first event at which the hash
/// chain, the numbering or the replay breaks. Reported, never "repaired".
public struct IntegrityFailure: Error, Sendable, Equatable, Codable {
    public enum Reason: String, Sendable, Codable {
        /// The stored hash is not the hash of the event's bytes: the row was edited.
        case hashMismatch
        /// The event does not link to the previous event's hash: rows were removed, inserted or reordered.
        case brokenLink
        /// Sequence numbers skip or repeat: rows were removed or reordered.
        case sequenceGap
        /// The incident's head record disagrees with its last event: the log was truncated.
        case truncated
        /// A stored row cannot be decoded.
        case unreadable
        /// The events decode but the state machine refuses them: the log was forged.
        case illegalEvent
        /// The database file itself is damaged.
        case corruptStore
        /// The saved state disagrees with a replay of the log: the database was edited.
        case snapshotMismatch
        /// The incident's head record (summary, status, awareness time, time zone)
        /// disagrees with what its events say.
        case headMismatch
        /// The store no longer holds an outside copy's event as it was (a bundle,
        /// a backup or a head written on paper): rewritten after the copy was made.
        case divergesFromAnchor
        /// Events (or a whole incident) in an outside copy are gone from the store.
        case missingFromAnchor
        /// The outside copy itself does not check out, so it cannot vouch for anything.
        case anchorBroken
        /// An event's key MAC is wrong: edited, re-chained or forged without the key.
        case macMismatch
        /// Events carry no key MAC: written without the key (or forged).
        case unsigned
        /// A bundle file differs from the SHA-256 its manifest lists, or is missing or extra.
        case bundleFileMismatch
        /// The bundle's manifest is not the one whose hash was written down.
        case manifestHashMismatch
        /// The store's tables, triggers, indexes or views are not the ones its
        /// recorded migrations make (something was planted or removed).
        case schemaMismatch
        /// An event acknowledged as written is not in the store (something in
        /// the store discarded it).
        case notStored
    }

    public var incidentID: String
    /// The first bad event, when one can be named.
    public var seq: Int64?
    public var reason: Reason
    public var detail: String
    /// The store file, when the failure concerns the whole store (`incidentID` "-").
    public var file: String? = nil

    public init(incidentID: String, seq: Int64?, reason: Reason, detail: String = "", file: String? = nil) {
        (self.incidentID, self.seq, self.reason, self.detail, self.file) = (incidentID, seq, reason, detail, file)
    }

    /// The pieces every message is made of: whose log, which event, what, and the detail.
    private func parts(_ l: Language) -> (whose: String, at: String, what: String, extra: String) {
        let at = seq.map { l.pick(ja: "記録番号 \($0) ", en: "event #\($0): ") } ?? ""
        let what: String =
            switch reason {
            case .hashMismatch: l.pick(ja: "内容が書き換えられています（ハッシュ不一致）", en: "its content was altered (hash mismatch)")
            case .brokenLink: l.pick(ja: "前の記録とのつながりが切れています（削除・挿入・並べ替え）", en: "its link to the previous event is broken (deleted, inserted or reordered rows)")
            case .sequenceGap: l.pick(ja: "番号が飛んでいるか重複しています（削除・並べ替え）", en: "numbering skips or repeats (deleted or reordered rows)")
            case .truncated: l.pick(ja: "末尾の記録が失われています（切り詰め）", en: "events at the end are missing (truncated)")
            case .unreadable: l.pick(ja: "記録を読み取れません", en: "the event cannot be read")
            case .illegalEvent: l.pick(ja: "手順上ありえない記録です（偽造の疑い）", en: "the event is not a legal transition (possible forgery)")
            case .corruptStore: l.pick(ja: "データベースファイルが壊れています", en: "the database file is damaged")
            case .snapshotMismatch:
                l.pick(
                    ja: "保存された状態が記録の再計算と一致しません（データベースが直接編集された疑い）", en: "the saved state disagrees with a replay of the log (the database was edited directly)")
            case .headMismatch: l.pick(ja: "インシデントの見出し情報が記録と食い違っています（書き換え）", en: "the incident's head record disagrees with its events (edited)")
            case .divergesFromAnchor:
                l.pick(
                    ja: "外部の控え（書き出し・バックアップ・紙の控え）と内容が異なります（控えの作成後に書き換え）",
                    en: "it differs from the outside copy (bundle, backup or paper note): rewritten after the copy was made")
            case .missingFromAnchor: l.pick(ja: "外部の控えにある記録が、記録ファイルから失われています", en: "events in the outside copy are gone from the store")
            case .anchorBroken: l.pick(ja: "照合に使う控えそのものが壊れているか書き換えられています", en: "the outside copy used for the comparison is itself damaged or altered")
            case .macMismatch:
                l.pick(ja: "鍵による署名が一致しません（鍵を持たない者による書き換え・作り直し・偽造）", en: "its key MAC does not match (edited, re-chained or forged without the key)")
            case .unsigned: l.pick(ja: "鍵による署名がありません（鍵なしで記録されたか、偽造）", en: "it carries no key MAC (written without the key, or forged)")
            case .bundleFileMismatch:
                l.pick(ja: "書き出しフォルダのファイルが目録（manifest.json）の SHA-256 と一致しません", en: "a bundle file does not match the SHA-256 in manifest.json")
            case .manifestHashMismatch:
                l.pick(ja: "目録（manifest.json）が、控えたハッシュと一致しません（目録の書き換え）", en: "manifest.json is not the one whose hash was written down (rewritten)")
            case .schemaMismatch:
                l.pick(
                    ja: "データベースの構造（表・トリガー・索引・ビュー）が、この版の作るものと違います（仕掛けの追加・削除の疑い）",
                    en: "the database's structure (tables, triggers, indexes, views) is not what its version makes (something was planted or removed)")
            case .notStored:
                l.pick(ja: "書き込んだ記録がデータベースに残っていません（記録を捨てる仕掛けの疑い）", en: "the event written is not in the database (something discards records)")
            }
        let extra = detail.isEmpty ? "" : " (\(detail))"
        // "-": the whole store, before any incident could be read.
        let whose =
            incidentID == "-" && reason == .anchorBroken
            ? (file.map { l.pick(ja: "控え「\($0)」", en: "the copy '\($0)'") } ?? l.pick(ja: "控え", en: "the copy"))
            : incidentID == "-"
                ? (file.map { l.pick(ja: "記録ファイル「\($0)」", en: "the store '\($0)'") } ?? l.pick(ja: "記録ファイル", en: "the store"))
                : incidentID == EventStore.readinessLogID
                    ? l.pick(ja: "平時の準備の記録（\(incidentID)）", en: "the readiness log (\(incidentID))")
                    : incidentID == DocumentLog.logID
                        ? l.pick(ja: "施設の文書（プロフィール・台帳）の取り込み記録", en: "the facility document log (profile and ledger imports)")
                        : l.pick(ja: "インシデント \(incidentID) ", en: "incident \(incidentID)")
        return (whose, at, what, extra)
    }

    /// What was found where, without the advice (the acknowledgement's confirmation).
    public func finding(_ l: Language) -> String {
        let (whose, at, what, extra) = parts(l)
        // 「記録ファイル「…」で …」: no dangling 「の で」 when no event is named.
        return l.pick(ja: at.isEmpty ? "\(whose)で \(what)\(extra)" : "\(whose)の \(at)で \(what)\(extra)", en: "\(whose), \(at)\(what)\(extra)")
    }

    /// The finding, what not to do, and what to do, with the remedies worded by
    /// the front end (`wording`).
    public func message(_ l: Language, wording: any Wording = PlainWording()) -> String {
        var remedies: [Remedy] = [.backup]
        switch reason {
        case .divergesFromAnchor, .missingFromAnchor, .anchorBroken, .macMismatch, .unsigned, .bundleFileMismatch, .manifestHashMismatch:
            // Found by an outside anchor or the key: the chain itself may look intact, so there is nothing to acknowledge.
            break
        case _ where incidentID == "-" || incidentID == DocumentLog.logID:
            // The whole store (a damaged file, a planted schema): it cannot be opened to
            // copy or acknowledge; what still verifies can be moved to a new store.
            remedies = incidentID == "-" ? [.salvage] : [.backup, .salvage]
        default:
            // The readiness log has its own acknowledgement.
            remedies.append(incidentID == EventStore.readinessLogID ? .acknowledgeReadinessBreak : .acknowledgeBreak)
            if incidentID != EventStore.readinessLogID { remedies.append(.salvage) }
        }
        var out = l.pick(
            ja: "改ざん検知: \(finding(l))。記録を修復・削除しないでください。責任者に報告してください。",
            en: "Integrity failure: \(finding(l)). Do not repair or delete anything; report to the responsible person.")
        for remedy in remedies {
            if let advice = wording.remedy(remedy, l) { out += (l == .ja ? "" : " ") + advice }
        }
        if incidentID == EventStore.readinessLogID, remedies.count > 1 {
            out += l.pick(ja: "インシデントの記録はこのままでも使えます。", en: " Incidents can be recorded as they are.")
        }
        return out
    }
}
