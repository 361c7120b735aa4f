import Foundation

/// The 概要 a draft shows until staff record one (`summary` fact): built from the
/// recorded answers and facts, the declaration line quoted as 「発見時の状況」, and
/// marked for review so that `status` and `report` list it as missing.
public enum SummaryBlock {
    /// The built summary: the review mark, then what happened (attack suspected,
    /// ransom note, systems, terminals) as recorded, then the declaration line quoted.
    /// `known` holds the field values known so far (no placeholders).
    public static func build(declared: String, awareAt: String, attackSuspected: Bool, known: [String: String], _ l: Language) -> String {
        let mark = ReportField.field("summary")?.standInMark.map { l.pick(ja: $0.ja, en: $0.en) } ?? ""
        var parts: [String] = []
        parts.append(l.pick(ja: "\(awareAt)に異常を把握しました。", en: "The anomaly became known at \(awareAt)."))
        if attackSuspected {
            parts.append(l.pick(ja: "サイバー攻撃（ランサムウェアなど）が疑われています。", en: "A cyberattack (e.g. ransomware) is suspected."))
        }
        if let x = known["ransomNote"] { parts.append(l.pick(ja: "\(x)。", en: "\(x.prefix(1).uppercased() + x.dropFirst()).")) }
        if let x = known["systemsAffected"] { parts.append(l.pick(ja: "影響を受けたシステム: \(x)。", en: "Systems affected: \(x).")) }
        if let x = known["terminalsAffected"] { parts.append(l.pick(ja: "異常のある端末: \(x)。", en: "Terminals affected: \(x).")) }
        parts.append(l.pick(ja: "発見時の状況: 「\(declared)」", en: "As first reported: \"\(declared)\""))
        return mark + parts.joined(separator: l.pick(ja: "", en: " "))
    }
}
