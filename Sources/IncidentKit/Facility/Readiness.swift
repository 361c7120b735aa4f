import Foundation

/// What a runbook will need during an incident that the facility profile lacks,
/// checked in peacetime by `doctor` and on `facility import`.
///
/// The MHLW checklist (令和7年度版, item 3-①) asks for a contact structure inside
/// the organisation and towards vendors, MHLW and the police; this turns that
/// into concrete gaps: a role with nobody or no phone, a vendor without an
/// emergency number, a system without a vendor, no deputy for a principal.
public struct ReadinessFinding: Sendable, Equatable, Codable {
    public enum Code: String, Sendable, Codable, CaseIterable {
        case noProfile = "no-profile"
        case facilityName = "facility-name-missing"
        case operatorMissing = "operator-missing"
        case representativeMissing = "representative-missing"
        case roleMissing = "role-missing"
        case deputyMissing = "deputy-missing"
        case contactNoName = "contact-no-name"
        case contactNoPhone = "contact-no-phone"
        case noVendors = "no-vendors"
        case vendorNoName = "vendor-no-name"
        case vendorNoEmergencyPhone = "vendor-no-emergency-phone"
        case systemsNotListed = "systems-not-listed"
        case systemNoVendor = "system-no-vendor"
        // The equipment ledger and the backup register (when one is imported).
        case deviceNoVendor = "device-no-vendor"
        case deviceUnknownVendor = "device-unknown-vendor"
        case externalNoRoute = "external-no-route"
        case supportEnded = "support-ended"
        case supportEnding = "support-ending"
        case systemNoDevice = "system-no-device"
        case backupFewGenerations = "backup-few-generations"
        case backupNoOffline = "backup-no-offline"
        case backupNoRestoreTest = "backup-no-restore-test"
        // Peacetime preparation not yet done (`readiness`, not `doctor`).
        case noLedger = "no-ledger"
        case noBackupRegister = "no-backup-register"
    }

    public var code: Code
    /// The role, vendor (`vendor:ID`) or system concerned.
    public var subject: String
    public var message: LocalizedText

    public init(_ code: Code, _ subject: String, ja: String, en: String) {
        (self.code, self.subject, self.message) = (code, subject, LocalizedText(ja: ja, en: en))
    }
}

public enum Readiness {
    /// Every gap between `runbook` and `profile`, in profile order. Empty means ready.
    public static func check(profile: FacilityProfile?, runbook: Runbook) -> [ReadinessFinding] {
        guard let profile else {
            return [
                .init(
                    .noProfile, "profile", ja: "施設プロファイルが取り込まれていません。雛形を書き出し、記入して取り込んでください。",
                    en: "No facility profile has been imported. Write the sample, fill it in and import it."
                )
            ]
        }
        var findings: [ReadinessFinding] = []
        if profile.facility.name.isEmpty {
            findings.append(
                .init(
                    .facilityName, "facility.name", ja: "facility.name（医療機関の名称）が未記入です。報告書に必要です。",
                    en: "facility.name (the institution's name) is empty; the reports need it."))
        }
        // The PPC report and the letters come from the business operator, signed by
        // its representative (DOMAIN §7); the drafts never stand in the clinic or the 院長.
        if (profile.facility.operatorName ?? "").isEmpty {
            findings.append(
                .init(
                    .operatorMissing, "facility.operator",
                    ja: "facility.operator（事業者等の名称: 医療法人名、個人開設なら開設者の氏名）が未記入です。個人情報保護委員会への報告と患者さまへのお知らせに必要です。",
                    en:
                        "facility.operator (the business operator: the 医療法人, or the doctor who runs a private clinic) is empty; the PPC reports and the letters need it."
                ))
        }
        if (profile.facility.representative ?? "").isEmpty {
            findings.append(
                .init(
                    .representativeMissing, "facility.representative",
                    ja: "facility.representative（代表者: 理事長 氏名など）が未記入です。個人情報保護委員会への報告と患者さまへのお知らせに必要です。",
                    en: "facility.representative (the operator's representative, e.g. the chair) is empty; the PPC reports and the letters need it."))
        }
        var roles: [String] = []
        for step in runbook.steps {
            // Roles called only when on file are never a gap.
            for role in step.contacts where !roles.contains(role) && !step.ifOnFile.contains(role) { roles.append(role) }
        }
        for role in roles where role != "vendors" {
            let people = profile.contacts(for: role)
            let steps = runbook.steps.filter { $0.contacts.contains(role) }.map { String($0.number) }.joined(separator: ",")
            if people.isEmpty {
                if let principal = Role(role).principal?.id {
                    findings.append(
                        .init(
                            .deputyMissing, role,
                            ja: "\(Role(principal).title(profile: profile, .ja)) の代理者（role: \(role)）が登録されていません。本人につながらないときに連絡する人を決めて登録してください（手順 \(steps)）。",
                            en:
                                "No deputy for \(principal) (role: \(role)). Choose whom to call when \(principal) cannot be reached and add them (steps \(steps))."
                        ))
                } else {
                    findings.append(
                        .init(
                            .roleMissing, role, ja: "手順書が使う役割「\(role)」の連絡先がありません（手順 \(steps)）。contacts に role: \(role) を追加してください。",
                            en: "The runbook calls role '\(role)' (steps \(steps)) but the profile has no contact for it; add one with role: \(role)."))
                }
                continue
            }
            for person in people {
                let who = person.name ?? person.organization ?? person.title ?? role
                if person.name == nil && person.organization == nil {
                    findings.append(
                        .init(
                            .contactNoName, role, ja: "\(Role(role).title(profile: profile, .ja))（role: \(role)、\(who)）の氏名が未記入です。",
                            en: "\(role) (\(who)) has no name."))
                }
                // MIST takes requests by e-mail (its web form): an address is enough.
                if person.phone == nil && person.mobile == nil && !(role == "mist" && person.email != nil) {
                    findings.append(
                        .init(
                            .contactNoPhone, role, ja: "\(Role(role).title(profile: profile, .ja))（role: \(role)、\(who)）の電話番号（phone か mobile）が未記入です。",
                            en: "\(role) (\(who)) has no phone (phone or mobile); e-mail may be down during an attack."))
                }
            }
        }
        if roles.contains("vendors") && profile.vendors.isEmpty {
            findings.append(
                .init(
                    .noVendors, "vendors", ja: "保守業者（vendors）が登録されていません。電子カルテ・レセコン・ネットワークなどの保守業者を登録してください。",
                    en: "No maintenance vendors are listed; add the vendors of the EHR, billing system, network and so on."))
        }
        for v in profile.vendors {
            let who = v.name.isEmpty ? v.role : "\(v.role)（\(v.name)）"
            if v.name.isEmpty {
                findings.append(.init(.vendorNoName, v.role, ja: "\(v.role) の業者名（name）が未記入です。", en: "\(v.role) has no name."))
            }
            if v.emergencyPhone == nil {
                let fallback = v.phone.map { "（通常の電話 \($0) はあります）" } ?? ""
                findings.append(
                    .init(
                        .vendorNoEmergencyPhone, v.role, ja: "\(who) の緊急連絡先（emergencyPhone）が未記入です\(fallback)。保守契約書で確認してください。",
                        en: "\(who) has no emergency number (emergencyPhone); check the maintenance contract."))
            }
        }
        if profile.facility.systems.isEmpty {
            findings.append(
                .init(
                    .systemsNotListed, "facility.systems", ja: "facility.systems（院内のシステム一覧）が空です。電子カルテ・レセコン・ネットワークなどを書くと、保守業者の漏れを確認できます。",
                    en: "facility.systems is empty; list the EHR, billing system, network and so on so that systems without a vendor can be found."))
        }
        for system in profile.facility.systems {
            let key = system.lowercased()
            if !profile.vendors.contains(where: { $0.systems.contains { $0.trimmingCharacters(in: .whitespaces).lowercased() == key } }) {
                findings.append(
                    .init(
                        .systemNoVendor, system, ja: "システム「\(system)」の保守業者がいません。vendors のどれかの systems に「\(system)」を書いてください。",
                        en: "No vendor maintains '\(system)'; add it to the systems of one of the vendors."))
            }
        }
        return findings
    }
}
