import Foundation

/// The consistency of the equipment ledger and the backup register, for
/// `doctor`: the weak spots the ministry and the 2025 survey name
/// (devices nobody maintains, ways in nobody has written down, unsupported
/// devices, backups with too few generations, none offline, never restored).
public enum LedgerCheck {
    /// Support ending within this many months is flagged ahead of time.
    public static let supportWarningMonths = 6
    /// Fewer generations than this is flagged (the survey: 43% keep three or more).
    public static let minimumGenerations = 3

    public static func check(_ ledger: EquipmentLedger, profile: FacilityProfile?, today: Day) -> [ReadinessFinding] {
        var findings: [ReadinessFinding] = []
        let vendorIDs = Set(profile?.vendors.map(\.id) ?? [])
        let thisMonth = EquipmentLedger.Month(year: today.year, month: today.month)
        for d in ledger.devices {
            if let v = d.vendor {
                if profile != nil && !vendorIDs.contains(v) {
                    findings.append(
                        .init(
                            .deviceUnknownVendor, d.name, ja: "機器「\(d.name)」の保守業者「\(v)」が施設プロファイルの vendors にありません。vendors の id を書くか、業者を登録してください。",
                            en: "Device '\(d.name)': vendor '\(v)' is not among the profile's vendors; use a vendor id or add the vendor."))
                }
            } else {
                findings.append(
                    .init(
                        .deviceNoVendor, d.name, ja: "機器「\(d.name)」の保守業者（vendor）が未記入です。誰が保守しているか確認して記入してください（いなければ「なし」と備考に）。",
                        en: "Device '\(d.name)' has no maintenance vendor; find out who maintains it and fill it in."))
            }
            if d.connection != .none && d.route == nil {
                findings.append(
                    .init(
                        .externalNoRoute, d.name,
                        ja: "機器「\(d.name)」は外部接続（\(d.connection.label(.ja))）がありますが、接続経路（route: 回線・ルータ・VPN装置・保守業者の接続方法）が未記入です。攻撃の入口になりやすいので、経路を確認して記入してください。",
                        en:
                            "Device '\(d.name)' connects to the outside (\(d.connection.label(.en))) but its route (line, router, VPN gateway, the vendor's access) is not recorded; it is a likely way in."
                    ))
            }
            if let end = d.supportEnd {
                if end < thisMonth {
                    findings.append(
                        .init(
                            .supportEnded, d.name, ja: "機器「\(d.name)」はサポート終了（\(end)）を過ぎています。セキュリティ更新が届きません。更新か隔離を計画してください。",
                            en: "Device '\(d.name)' is past its support end (\(end)) and gets no security updates; plan its replacement or isolation."))
                } else if end <= thisMonth.adding(months: supportWarningMonths) {
                    findings.append(
                        .init(
                            .supportEnding, d.name, ja: "機器「\(d.name)」のサポート終了（\(end)）が6か月以内です。更新の予定を保守業者と確認してください。",
                            en: "Device '\(d.name)' reaches its support end (\(end)) within six months; agree its replacement with the vendor."))
                }
            }
        }
        if !ledger.devices.isEmpty {
            var systems: [String] = profile?.facility.systems ?? []
            for b in ledger.backups where !systems.contains(where: { $0.lowercased() == b.system.lowercased() }) { systems.append(b.system) }
            for s in systems where ledger.devices(serving: s).isEmpty {
                findings.append(
                    .init(
                        .systemNoDevice, s, ja: "システム「\(s)」を動かす機器が機器台帳にありません。サーバ・端末など、そのシステムの機器の systems に「\(s)」を書いてください。",
                        en: "No device in the ledger serves '\(s)'; add it to the systems of the devices that run it."))
            }
        }
        let yearAgo = oneYearBefore(today)
        for b in ledger.backups {
            if (b.generations ?? 0) < minimumGenerations {
                let n = b.generations.map { "\($0) 世代" } ?? "未記入"
                findings.append(
                    .init(
                        .backupFewGenerations, b.system, ja: "「\(b.system)」のバックアップの世代数が \(n) です。感染前の時点に戻れるよう、3世代以上を保管してください。",
                        en:
                            "'\(b.system)' keeps \(b.generations.map(String.init) ?? "no recorded") generations; keep three or more so that a point before the infection survives."
                    ))
            }
            if b.offline != true {
                findings.append(
                    .init(
                        .backupNoOffline, b.system,
                        ja: "「\(b.system)」のバックアップにオフライン（ネットワークから切り離した）保管がありません\(b.offline == nil ? "（未記入）" : "")。ランサムウェアはつながっている複製も暗号化します。",
                        en: "'\(b.system)' has no offline copy\(b.offline == nil ? " (not recorded)" : ""); ransomware encrypts every copy it can reach."))
            }
            if let t = b.lastRestoreTest, t >= yearAgo {
            } else {
                let when = b.lastRestoreTest.map { "最後は \($0)" } ?? "記録がありません"
                findings.append(
                    .init(
                        .backupNoRestoreTest, b.system, ja: "「\(b.system)」の復元テストが12か月以内に行われていません（\(when)）。実際に戻せるか、誰がどの順で戻すかを試してください。",
                        en:
                            "'\(b.system)' has had no restore test in twelve months (\(b.lastRestoreTest.map { "last \($0)" } ?? "none recorded")); check that it can really be restored, by whom and in what order."
                    ))
            }
        }
        return findings
    }

    /// The same date a year earlier (29 February → 28 February).
    static func oneYearBefore(_ day: Day) -> Day {
        let y = day.year - 1
        return Day(year: y, month: day.month, day: min(day.day, CivilTime.daysInMonth(year: y, month: day.month)))
    }
}
