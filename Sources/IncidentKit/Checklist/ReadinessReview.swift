import Foundation

/// Peacetime readiness on one page (`readiness`): checklist progress
/// and overdue targets, ledger and backup findings, contact readiness, and the
/// evidence the tool holds for checklist items. In order only when every item
/// is answered はい (or an allowed 記入不要) with nothing flagged, a ledger and a
/// backup register exist without findings, and every contact is on file.
public struct ReadinessReview: Sendable {
    /// What the tool knows that bears on a checklist item. Shown and an answer
    /// suggested; the item is never answered for the user.
    public struct Evidence: Sendable, Equatable, Encodable {
        public var item: String
        /// Whether what is on file supports はい.
        public var supports: Bool
        public var text: LocalizedText

        /// The suggestion beside an item, given its current answer (nil: nothing to say).
        public func suggestion(current: ChecklistAnswer?, _ l: Language, wording: any Wording = PlainWording()) -> String? {
            switch (supports, current) {
            case (true, .yes): return nil
            case (true, _):
                let command = wording.command(.answerChecklistItem(item), l)
                return l.pick(
                    ja: "記録からは「はい」と答えられそうです。確認のうえ回答してください\(command.map { ": \($0)" } ?? "。")",
                    en: "What is on file suggests yes; check and answer\(command.map { ": \($0)" } ?? ".")")
            case (false, .yes):
                return l.pick(
                    ja: "「はい」と回答済みですが、記録に足りないものがあります。内容を確認してください。",
                    en: "Answered yes, but what is on file falls short; please check.")
            case (false, _): return nil
            }
        }
    }

    public var status: ChecklistStatus
    public var ledger: EquipmentLedger?
    public var contactFindings: [ReadinessFinding]
    public var ledgerFindings: [ReadinessFinding]
    public var evidence: [Evidence]
    /// The BCP: imported, complete against the BCP checklist, rehearsed (shown, never gating `inOrder`).
    public var bcp: BCPStatus?

    public init(status: ChecklistStatus, profile: FacilityProfile?, ledger: EquipmentLedger?, runbook: Runbook, bcp: BCPStatus? = nil) {
        self.status = status
        self.bcp = bcp
        self.ledger = ledger
        contactFindings = Readiness.check(profile: profile, runbook: runbook)
        var lf = ledger.map { LedgerCheck.check($0, profile: profile, today: status.today) } ?? []
        if ledger == nil || ledger?.devices.isEmpty == true {
            lf.insert(
                .init(
                    .noLedger, "ledger",
                    ja: "機器台帳がありません（チェックリスト 2-①）。雛形を書き出し、記入して取り込んでください。",
                    en: "There is no equipment ledger (checklist 2-①). Write the sample, fill it in and import it."
                ), at: 0)
        }
        if ledger == nil || ledger?.backups.isEmpty == true {
            lf.append(
                .init(
                    .noBackupRegister, "backups", ja: "バックアップ台帳がありません（チェックリスト 3-②）。システムごとに世代数・オフライン保管・復元テストを記入して取り込んでください。",
                    en: "There is no backup register (checklist 3-②); record generations, offline copy and restore tests per system and import it."))
        }
        ledgerFindings = lf
        var ev: [Evidence] = []
        for item in status.checklist.items {
            guard let kind = item.evidence else { continue }
            if kind == .bcp {
                ev.append(Self.evidence(bcp: bcp, item: item.id, timeZone: profile.flatMap { TimeZone(identifier: $0.facility.timeZone) } ?? .facilityDefault))
                continue
            }
            ev.append(Self.evidence(kind, item: item.id, profile: profile, ledger: ledger, contactFindings: contactFindings, ledgerFindings: lf))
        }
        evidence = ev
    }

    /// Item 3-③: a BCP that is imported, complete against the BCP checklist and
    /// rehearsed in a drill within the last 12 months supports はい.
    static func evidence(bcp: BCPStatus?, item: String, timeZone: TimeZone) -> Evidence {
        guard let bcp, bcp.imported else {
            return .init(item: item, supports: false, text: LocalizedText(ja: "BCP が取り込まれていません。", en: "No BCP has been imported."))
        }
        return .init(item: item, supports: bcp.inOrder, text: LocalizedText(ja: bcp.text(.ja, timeZone: timeZone), en: bcp.text(.en, timeZone: timeZone)))
    }

    static func evidence(
        _ kind: Checklist.Evidence, item: String, profile: FacilityProfile?, ledger: EquipmentLedger?,
        contactFindings: [ReadinessFinding], ledgerFindings: [ReadinessFinding]
    ) -> Evidence {
        switch kind {
        case .responsiblePerson:
            let officer = profile?.contacts(for: "security-officer").first { $0.name != nil }
            if let name = officer?.name {
                return .init(
                    item: item, supports: true,
                    text: LocalizedText(
                        ja: "施設プロファイルに医療情報システム安全管理責任者（\(name)）が登録されています。",
                        en: "The facility profile names the security officer (\(name))."))
            }
            return .init(
                item: item, supports: false,
                text: LocalizedText(
                    ja: "施設プロファイルに安全管理責任者（role: security-officer）の氏名がありません。",
                    en: "The facility profile names no security officer (role: security-officer)."))
        case .ledger:
            guard let ledger, !ledger.devices.isEmpty else {
                return .init(item: item, supports: false, text: LocalizedText(ja: "機器台帳が取り込まれていません。", en: "No equipment ledger has been imported."))
            }
            let external = ledger.devices.filter { $0.connection != .none }.count
            let open = ledgerFindings.filter { [.deviceNoVendor, .deviceUnknownVendor, .externalNoRoute, .systemNoDevice].contains($0.code) }.count
            let gaps = open == 0 ? "" : "記入漏れ \(open) 件（点検の指摘）。"
            return .init(
                item: item, supports: open == 0,
                text: LocalizedText(
                    ja: "機器台帳に \(ledger.devices.count) 台（外部接続 \(external) 台）。\(gaps)",
                    en:
                        "The ledger lists \(ledger.devices.count) devices (\(external) connected to the outside).\(open == 0 ? "" : " \(open) gaps (see the check-up).")"
                ))
        case .contacts:
            let roles = ["security-officer", "security-officer-deputy", "mhlw", "police"]
            let missing = roles.filter { profile?.contacts(for: $0).isEmpty ?? true }
            let gaps = contactFindings.count
            let supports = profile != nil && missing.isEmpty && gaps == 0 && !(profile?.vendors.isEmpty ?? true)
            let vendors = profile?.vendors.count ?? 0
            let missingJa = missing.isEmpty ? "" : "未登録: \(missing.map { Role($0).title(profile: profile, .ja) }.joined(separator: "、"))。"
            let missingEn = missing.isEmpty ? "" : " Missing: \(missing.map { Role($0).title(profile: profile, .en) }.joined(separator: ", "))."
            return .init(
                item: item, supports: supports,
                text: LocalizedText(
                    ja: "連絡先: 責任者・代理者・厚生労働省・警察・保守業者 \(vendors) 社。\(missingJa)\(gaps == 0 ? "点検の指摘なし。" : "点検の指摘 \(gaps) 件。")",
                    en:
                        "Contacts: officer, deputy, MHLW, police, \(vendors) vendors.\(missingEn) \(gaps == 0 ? "No doctor findings." : "\(gaps) doctor findings.")"
                ))
        case .backups:
            guard let ledger, !ledger.backups.isEmpty else {
                return .init(item: item, supports: false, text: LocalizedText(ja: "バックアップ台帳が取り込まれていません。", en: "No backup register has been imported."))
            }
            let weak = ledgerFindings.filter { [.backupFewGenerations, .backupNoOffline, .backupNoRestoreTest].contains($0.code) }.count
            return .init(
                item: item, supports: weak == 0,
                text: LocalizedText(
                    ja: "バックアップ台帳に \(ledger.backups.count) システム。\(weak == 0 ? "世代数・オフライン保管・復元テストに指摘なし。" : "世代数・オフライン保管・復元テストの指摘 \(weak) 件。")",
                    en:
                        "The backup register covers \(ledger.backups.count) systems. \(weak == 0 ? "Generations, offline copies and restore tests are in order." : "\(weak) findings on generations, offline copies or restore tests.")"
                ))
        case .bcp:
            return evidence(bcp: nil, item: item, timeZone: .facilityDefault)
        }
    }

    /// Items not answered はい (or an allowed 記入不要), or flagged.
    public var openItems: [ChecklistStatus.Row] {
        status.rows.filter { r in
            guard let a = r.answer, r.flags.isEmpty else { return true }
            return a == .no || (a == .na && !r.item.blankWithoutVendorContract)
        }
    }

    public var inOrder: Bool { openItems.isEmpty && contactFindings.isEmpty && ledgerFindings.isEmpty }
}
