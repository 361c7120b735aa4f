/// Values staff type in Japanese (or English), read into the forms the log stores.
///
/// Every enumerated value accepts its raw value and its Japanese label
/// (`停止`, `応答なし`); counts accept a unit and an approximation mark
/// (`2台`, `約2,300人`). Full-width digits from a Japanese input method are
/// read as ASCII.
public enum JapaneseInput {
    /// Words meaning "about" before a count (`約2,300人`).
    static let approximatePrefixes = ["約", "およそ", "おおよそ", "概ね", "おおむね", "ca.", "about ", "approx. ", "~"]
    /// Words meaning "about" after a count (`2300人程度`).
    static let approximateSuffixes = ["程度", "ほど", "くらい", "ぐらい", "前後", "余り"]
    /// Units a count may carry (`2台`, `3件`).
    static let units = ["人分", "人", "名", "台", "件", "個", "箇所", "か所", "ヵ所", "ヶ所", "所", "部署", "床", "枚"]

    /// A count and whether it was given as approximate, or nil when `raw` is not one.
    public static func count(_ raw: String) -> (value: Int, approximate: Bool)? {
        var t = TimeInput.normalize(raw).trimmingCharacters(in: .whitespacesAndNewlines)
        var approximate = false
        for p in approximatePrefixes where t.lowercased().hasPrefix(p) {
            t = String(t.dropFirst(p.count)).trimmingCharacters(in: .whitespaces)
            approximate = true
            break
        }
        for s in approximateSuffixes where t.hasSuffix(s) {
            t = String(t.dropLast(s.count)).trimmingCharacters(in: .whitespaces)
            approximate = true
            break
        }
        for u in units where t.hasSuffix(u) {
            t = String(t.dropLast(u.count)).trimmingCharacters(in: .whitespaces)
            break
        }
        for s in approximateSuffixes where t.hasSuffix(s) {
            t = String(t.dropLast(s.count)).trimmingCharacters(in: .whitespaces)
            approximate = true
            break
        }
        t = t.replacingOccurrences(of: ",", with: "").replacingOccurrences(of: "，", with: "").replacingOccurrences(of: "、", with: "")
        var multiplier = 1
        if t.hasSuffix("万") {
            multiplier = 10_000
            t.removeLast()
        }
        guard !t.isEmpty, t.allSatisfy({ $0.isASCII && $0.isNumber }), let n = Int(t), n >= 0 else { return nil }
        let (value, overflow) = n.multipliedReportingOverflow(by: multiplier)
        return overflow ? nil : (value, approximate)
    }

    /// `raw` as the key of `table` (raw values and labels, compared without case,
    /// spaces or full-width forms), or nil.
    static func lookup<T>(_ raw: String, _ table: [(T, [String])]) -> T? {
        let t = TimeInput.normalize(raw).lowercased().replacingOccurrences(of: " ", with: "").replacingOccurrences(of: "_", with: "-")
        return table.first { $0.1.contains { $0.lowercased().replacingOccurrences(of: " ", with: "") == t } }?.0
    }

    /// A contact channel in its stored form (`電話` → `phone`); other text as typed.
    public static func channel(_ raw: String) -> String {
        lookup(
            raw,
            [
                ("phone", ["phone", "tel", "telephone", "電話", "でんわ", "携帯", "固定電話"]),
                ("email", ["email", "e-mail", "mail", "メール", "電子メール", "eメール"]),
                ("fax", ["fax", "ファックス", "ファクス", "ＦＡＸ"]),
                ("in-person", ["in-person", "visit", "対面", "訪問", "来院", "直接"]),
                ("form", ["form", "web", "フォーム", "ウェブ", "報告フォーム"]),
                ("post", ["post", "mail-post", "郵送", "郵便"]),
            ]) ?? raw.trimmingCharacters(in: .whitespaces)
    }
}

extension EventBody.Contact.Outcome {
    /// The outcome `raw` names: its raw value or a Japanese label (`応答なし`, `伝言`).
    public init?(input raw: String) {
        guard
            let v = JapaneseInput.lookup(
                raw,
                [
                    (Self.reached, ["reached", "つながった", "繋がった", "連絡がついた", "連絡済み", "通じた", "話せた", "応答あり"]),
                    (.noAnswer, ["no-answer", "noanswer", "応答なし", "つながらない", "つながらなかった", "出ない", "不在", "話し中"]),
                    (.messageLeft, ["message-left", "伝言", "伝言を残した", "留守電", "留守番電話"]),
                    (.emailSent, ["email-sent", "メール送信", "メールした", "メール送信済み", "メール"]),
                ])
        else { return nil }
        self = v
    }
}

extension EventBody.Impact.Status {
    /// The status `raw` names: its raw value or a Japanese label (`停止`, `一部停止`, `復旧`).
    public init?(input raw: String) {
        guard
            let v = JapaneseInput.lookup(
                raw,
                [
                    (Self.down, ["down", "停止", "止まった", "停止中", "使えない", "ダウン", "全停止"]),
                    (.degraded, ["degraded", "一部停止", "一部", "低下", "縮退", "一部使える", "一部利用可"]),
                    (.restored, ["restored", "復旧", "復旧した", "回復", "再開", "使える"]),
                ])
        else { return nil }
        self = v
    }
}

extension ImpactCategory {
    /// The category `raw` names: its raw value or a Japanese label (`端末`, `部署`).
    public init?(input raw: String) {
        guard
            let v = JapaneseInput.lookup(
                raw,
                [
                    (Self.system, ["system", "システム"]),
                    (.terminal, ["terminal", "端末", "パソコン", "pc"]),
                    (.department, ["department", "部署", "部門", "診療科"]),
                    (.service, ["service", "患者サービス", "サービス"]),
                ])
        else { return nil }
        self = v
    }
}
