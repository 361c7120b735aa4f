/// The answers of one PPC leak assessment, as recorded in a `leakAssessed` event.
///
/// Stored as strings under the keys of `LeakQuestion.all` (`leak`, `sensitive`,
/// `financial`, `malicious`, `people`, `encrypted`) so that the event stays readable.
public struct LeakAnswers: Sendable, Equatable {
    /// Whether a leak, loss or damage (漏えい等) occurred.
    public enum Occurrence: String, Sendable, CaseIterable {
        case yes, suspected, no
    }

    public var leak: Occurrence
    public var sensitive: Bool
    public var financial: Bool
    public var malicious: Bool
    public var people: Int
    /// Protected by strong encryption of the institution's own (not the attacker's).
    public var encrypted: Bool

    public init(leak: Occurrence, sensitive: Bool = false, financial: Bool = false, malicious: Bool = false, people: Int = 0, encrypted: Bool = false) {
        (self.leak, self.sensitive, self.financial, self.malicious, self.people, self.encrypted) = (leak, sensitive, financial, malicious, people, encrypted)
    }

    /// Reads recorded (or typed) answers. Every key of `LeakQuestion.all` is required,
    /// except that after `leak: no` the others may be left out (nothing to report).
    public init(_ answers: [String: String]) throws(IncidentError) {
        var values: [String: String] = [:]
        let noLeak = answers["leak"].flatMap { LeakQuestion.question(id: "leak")?.normalize($0) } == "no"
        let missing = LeakQuestion.all.map(\.id).filter { answers[$0] == nil }
        if !missing.isEmpty && !(noLeak) { throw .missingLeakAnswers(missing) }
        for q in LeakQuestion.all {
            guard let raw = answers[q.id] else {
                values[q.id] = q.kind == .count ? "0" : "no"
                continue
            }
            guard let v = q.normalize(raw) else { throw .invalidAnswer(question: q.id, value: raw, expected: q.expected) }
            values[q.id] = v
        }
        self.init(
            leak: Occurrence(rawValue: values["leak"]!)!, sensitive: values["sensitive"] == "yes",
            financial: values["financial"] == "yes", malicious: values["malicious"] == "yes",
            people: Int(values["people"]!)!, encrypted: values["encrypted"] == "yes")
    }

    /// The answers as stored in the event.
    public var recorded: [String: String] {
        func yn(_ b: Bool) -> String { b ? "yes" : "no" }
        return [
            "leak": leak.rawValue, "sensitive": yn(sensitive), "financial": yn(financial), "malicious": yn(malicious),
            "people": String(people), "encrypted": yn(encrypted),
        ]
    }
}

/// One question of the leak assessment, with the explanation staff need to answer it.
public struct LeakQuestion: Sendable {
    public enum Kind: Sendable { case occurrence, yesno, count }
    public var id: String
    public var kind: Kind
    public var prompt: LocalizedText
    public var help: LocalizedText

    /// The accepted answers, for messages.
    public var expected: String {
        switch kind {
        case .occurrence: "yes / suspected / no（はい / おそれ / いいえ）"
        case .yesno: "yes / no（はい / いいえ）"
        case .count: "0 以上の整数 / a whole number ≥ 0"
        }
    }

    /// The canonical form of `raw` (`はい` → `yes`, `２，３００` → `2300`), or nil.
    public func normalize(_ raw: String) -> String? {
        let t = TimeInput.normalize(raw).lowercased().replacingOccurrences(of: ",", with: "").replacingOccurrences(of: "，", with: "")
        switch kind {
        case .occurrence:
            switch t {
            case "yes", "y", "はい", "あり": return "yes"
            case "suspected", "s", "maybe", "おそれ", "疑い", "わからない", "unknown": return "suspected"
            case "no", "n", "いいえ", "なし": return "no"
            default: return nil
            }
        case .yesno:
            switch t {
            case "yes", "y", "はい", "あり": return "yes"
            case "no", "n", "いいえ", "なし": return "no"
            default: return nil
            }
        case .count:
            guard let n = JapaneseInput.count(raw)?.value else { return nil }
            return String(n)
        }
    }

    /// The questions in the order they are asked (`leak assess`).
    public static let all: [LeakQuestion] = [
        LeakQuestion(
            id: "leak", kind: .occurrence,
            prompt: .init(
                ja: "個人データの漏えい・滅失・毀損（漏えい等）は起きましたか？（はい / おそれ / いいえ）",
                en: "Has personal data leaked, been lost or damaged? (yes / suspected / no)"),
            help: .init(
                ja: "持ち出しの形跡や公開の脅迫があれば「おそれ」です。確定を待たずに判定します。ランサムウェアで復元できないほど暗号化されたデータは「毀損」です（同じデータを別に保管していて復元できるなら該当しません）。",
                en:
                    "Signs of exfiltration or a threat to publish mean \"suspected\"; do not wait for confirmation. Data encrypted by ransomware beyond recovery is damage (not if the same data is kept elsewhere and can be restored)."
            )),
        LeakQuestion(
            id: "sensitive", kind: .yesno,
            prompt: .init(
                ja: "要配慮個人情報（病歴、診療記録、検査結果など）が含まれますか？（はい / いいえ）",
                en: "Does it include special-care-required data (medical history, records, test results)? (yes / no)"),
            help: .init(
                ja:
                    "病歴・診療記録・検査結果・処方は要配慮個人情報です。さらに、医師の診察・治療・調剤を受けたという事実そのものも要配慮個人情報なので（個人情報保護法施行令第2条第3号）、予約患者一覧や患者名簿だけでも「はい」です。医療機関ではほぼ該当します（施行規則第7条第1号。個人情報保護委員会「医療・介護関係事業者における個人情報の適切な取扱いのためのガイダンス」に関するQ&A 総論Q2-4）。",
                en:
                    "Medical history, records, test results and prescriptions are special-care data. So is the mere fact that a doctor examined, treated or dispensed for the person (APPI Enforcement Order Art. 2(3)), so an appointment list or a patient list alone is \"yes\". In a medical institution almost always yes (Rules Art. 7(1); PPC Q&A for medical and care providers, general Q2-4)."
            )),
        LeakQuestion(
            id: "financial", kind: .yesno,
            prompt: .init(
                ja: "不正に使われると財産的被害が生じるおそれのあるデータ（クレジットカード番号、口座情報など）が含まれますか？（はい / いいえ）",
                en: "Does it include data whose misuse could cause financial damage (card numbers, bank details)? (yes / no)"),
            help: .init(
                ja: "決済に使えるクレジットカード情報やネットバンキングの認証情報などです（施行規則第7条第2号）。",
                en: "E.g. card details or online-banking credentials usable for payment (Rules Art. 7(2)).")),
        LeakQuestion(
            id: "malicious", kind: .yesno,
            prompt: .init(
                ja: "不正アクセス・ランサムウェア・盗難・内部不正など、不正の目的によるおそれがある行為が原因ですか？（はい / いいえ）",
                en: "Was it caused by an act that may have had an improper purpose (unauthorized access, ransomware, theft, insider)? (yes / no)"),
            help: .init(
                ja: "ランサムウェアは該当します（施行規則第7条第3号）。該当すると確報の期限は60日になります（同第8条第2項）。",
                en: "Ransomware counts (Rules Art. 7(3)); the final report is then due in 60 days (Art. 8(2)).")),
        LeakQuestion(
            id: "people", kind: .count,
            prompt: .init(
                ja: "対象となる本人（患者さんなど）はおよそ何人ですか？（数字）",
                en: "About how many individuals (patients etc.) are concerned? (a number)"),
            help: .init(
                ja: "わかる範囲の最大の見込みを入れてください。1,000人を超えると報告対象です（施行規則第7条第4号。行政機関等は100人）。",
                en: "Give the largest likely number. Over 1,000 requires a report (Rules Art. 7(4); over 100 for public bodies).")),
        LeakQuestion(
            id: "encrypted", kind: .yesno,
            prompt: .init(
                ja: "そのデータは、施設側の高度な暗号化で保護され、鍵も漏れていませんか？（はい / いいえ）",
                en: "Was the data protected by the institution's own strong encryption, with the key safe? (yes / no)"),
            help: .init(
                ja: "「はい」ならすべての報告事由から除かれます。攻撃者のランサムウェアによる暗号化は被害そのものであり、除外にはなりません。わからなければ「いいえ」。",
                en: "\"Yes\" removes all grounds. Encryption by the attacker's ransomware is the damage itself, never an exemption. If unsure, answer no.")),
    ]

    public static func question(id: String) -> LeakQuestion? { all.first { $0.id == id } }
}
