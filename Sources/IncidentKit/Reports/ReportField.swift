/// A field the report drafts use: a fact staff record with `fact KEY VALUE`,
/// or a value taken from the facility profile or the incident itself.
///
/// The fact keys are a fixed, documented set (the public face of `fact`);
/// an unknown key is refused with the list. A fact recorded later supersedes an
/// earlier one; where no fact is recorded, the answer of a runbook question that
/// declares it `fills` the field (if any) is used.
public struct ReportField: Sendable, Equatable {
    public enum Source: Sendable, Equatable {
        /// Recorded with `fact KEY VALUE`.
        case fact
        /// From the facility profile the incident was declared under.
        case profile
        /// From the leak assessment (`leak assess`).
        case assessment
    }

    public var key: String
    public var label: LocalizedText
    public var source: Source
    /// What the field holds, for `fact --list`.
    public var help: LocalizedText
    /// The mark put before a stand-in value (another field's text, used until
    /// this one is recorded) that must be rewritten before the text is sent.
    public var standInMark: LocalizedText? = nil

    /// The placeholder shown when the incident does not know the value yet.
    public func placeholder(_ l: Language) -> String {
        l.pick(ja: "【未記入: \(label.ja)】", en: "[MISSING: \(key)]")
    }

    /// What shows this field as still to be done in a text: its placeholder, and
    /// its stand-in mark if it has one. What `status` and `report` list as missing.
    func unfinishedMarks(_ l: Language) -> [String] {
        [placeholder(l)] + (standInMark.map { [l.pick(ja: $0.ja, en: $0.en)] } ?? [])
    }

    /// Every field, in the order reports list what is missing.
    public static let all: [ReportField] = [
        .init(
            key: "facilityName", label: .init(ja: "施設名", en: "facility name"), source: .profile,
            help: .init(ja: "施設プロファイルの facility.name", en: "facility.name in the profile")),
        .init(
            key: "facilityAddress", label: .init(ja: "所在地", en: "address"), source: .profile,
            help: .init(ja: "施設プロファイルの facility.address", en: "facility.address in the profile")),
        .init(
            key: "facilityPhone", label: .init(ja: "施設の電話番号", en: "facility phone"), source: .profile,
            help: .init(ja: "施設プロファイルの facility.phone", en: "facility.phone in the profile")),
        .init(
            key: "manager", label: .init(ja: "管理者", en: "manager"), source: .profile,
            help: .init(ja: "施設プロファイルの facility.manager", en: "facility.manager in the profile")),
        // The PPC's reporter is the business operator (個人情報取扱事業者), never the
        // clinic or its 院長 by default (DOMAIN §7): left 【未記入】 until the profile names it.
        .init(
            key: "operator", label: .init(ja: "事業者等の名称", en: "business operator"), source: .profile,
            help: .init(
                ja: "施設プロファイルの facility.operator（医療法人名、個人開設なら開設者の氏名）",
                en: "facility.operator in the profile (the 医療法人, or the doctor who runs a private clinic)")),
        .init(
            key: "representative", label: .init(ja: "代表者", en: "representative"), source: .profile,
            help: .init(ja: "施設プロファイルの facility.representative（理事長 氏名など）", en: "facility.representative in the profile (e.g. the chair of the corporation)")),
        // The contact person comes from the profile frozen at declaration; a fact
        // fills or corrects it for this incident (the profile may have been incomplete).
        .init(
            key: "contactName", label: .init(ja: "担当者", en: "contact person"), source: .fact,
            help: .init(ja: "省略時はプロファイルの security-officer（なければ director）", en: "default: profile contact security-officer (else director)")),
        .init(
            key: "contactPhone", label: .init(ja: "担当者の電話番号", en: "contact phone"), source: .fact,
            help: .init(ja: "省略時は同上の phone / mobile", en: "default: its phone or mobile")),
        .init(
            key: "contactEmail", label: .init(ja: "担当者のメールアドレス", en: "contact e-mail"), source: .fact,
            help: .init(ja: "省略時は同上の email（なければ施設の email）", en: "default: its email (else the facility's)")),
        .init(
            key: "leakDecision", label: .init(ja: "漏えい等報告の判定", en: "leak report decision"), source: .assessment,
            help: .init(ja: "漏えい等報告の判定で決まります", en: "decided by the leak assessment")),
        .init(
            key: "summary", label: .init(ja: "概要", en: "summary"), source: .fact,
            help: .init(
                ja: "事態の概要（省略時は回答と記録から組み立て、宣言時の一文を「発見時の状況」として引用し【要確認】をつけます）",
                en: "summary of the situation (default: built from the answers and records, quoting the declaration line, marked for review)"),
            standInMark: .init(ja: "【要確認: 記録から組み立てた概要です】", en: "[REVIEW: summary built from the record] ")),
        .init(
            key: "leakStatus", label: .init(ja: "漏えいのおそれ", en: "possible leak"), source: .fact,
            help: .init(ja: "患者データの漏えいのおそれ（省略時は漏えい判定か手順3の回答）", en: "whether patient data may have leaked (default: the assessment or step 3's answer)")),
        .init(
            key: "dataItems", label: .init(ja: "個人データの項目", en: "items of personal data"), source: .fact,
            help: .init(ja: "例: 氏名、生年月日、病名、検査結果", en: "e.g. names, dates of birth, diagnoses, test results")),
        .init(
            key: "peopleCount", label: .init(ja: "本人の数", en: "number of individuals"), source: .fact,
            help: .init(ja: "省略時は漏えい判定の人数", en: "default: the number given in the leak assessment")),
        .init(
            key: "cause", label: .init(ja: "原因", en: "cause"), source: .fact,
            help: .init(ja: "侵入経路など（手順7の回答も使います）", en: "e.g. the way in (step 7's answer is used too)")),
        .init(
            key: "secondaryDamage", label: .init(ja: "二次被害又はそのおそれの有無及びその内容", en: "secondary damage"), source: .fact,
            help: .init(ja: "例: 現時点で確認されていない", en: "e.g. none confirmed so far")),
        .init(
            key: "individualsResponse", label: .init(ja: "本人への対応の実施状況", en: "response to individuals"), source: .fact,
            help: .init(ja: "通知・説明・窓口設置の状況", en: "notices, explanations, enquiry desk")),
        .init(
            key: "publication", label: .init(ja: "公表の実施状況", en: "publication"), source: .fact,
            help: .init(ja: "ホームページ掲載の有無と日付など", en: "e.g. whether and when published on the website")),
        .init(
            key: "recurrencePrevention", label: .init(ja: "再発防止のための措置", en: "recurrence prevention"), source: .fact,
            help: .init(ja: "手順7の回答も使います", en: "step 7's answer is used too")),
        .init(
            key: "other", label: .init(ja: "その他参考となる事項", en: "other useful information"), source: .fact,
            help: .init(ja: "警察への相談状況など", en: "e.g. police consultation")),
        // A consigned vendor (委託先: a cloud EHR, a maintenance firm) that became aware
        // first: the clinic's duty still counts from its own awareness (DOMAIN §7).
        .init(
            key: "consignee", label: .init(ja: "委託先", en: "consignee"), source: .fact,
            help: .init(ja: "先に事態を知った委託先（クラウド型電子カルテ・保守業者など）の名称", en: "the consigned vendor that became aware first (cloud EHR, maintenance firm)")),
        .init(
            key: "consigneeAwareAt", label: .init(ja: "委託先が知った日時", en: "consignee aware at"), source: .fact,
            help: .init(ja: "委託先が事態を知った日時（時刻の書式は --at と同じ）", en: "when the consignee became aware (same forms as --at)")),
        .init(
            key: "consigneeNotifiedAt", label: .init(ja: "委託先から当院への連絡日時", en: "consignee notified us at"), source: .fact,
            help: .init(ja: "委託先が当院に知らせた日時（時刻の書式は --at と同じ）", en: "when the consignee told the clinic (same forms as --at)")),
        .init(
            key: "systemsAffected", label: .init(ja: "影響を受けたシステム", en: "systems affected"), source: .fact,
            help: .init(ja: "手順3の回答と、記録した影響も使います", en: "step 3's answer and the recorded impacts are used too")),
        .init(
            key: "terminalsAffected", label: .init(ja: "異常のある端末", en: "terminals affected"), source: .fact,
            help: .init(ja: "台数など（手順1の回答も使います）", en: "how many (step 1's answer is used too)")),
        .init(
            key: "departmentsAffected", label: .init(ja: "影響を受けた部署", en: "departments affected"), source: .fact,
            help: .init(ja: "手順3の回答も使います", en: "step 3's answer is used too")),
        .init(
            key: "careEffect", label: .init(ja: "診療への影響", en: "effect on care"), source: .fact,
            help: .init(ja: "外来・入院・救急受入れ（手順3の回答も使います）", en: "outpatients, admissions, emergency intake (step 3's answer is used too)")),
        .init(
            key: "nextSteps", label: .init(ja: "今後の対応", en: "next steps"), source: .fact,
            help: .init(ja: "復旧見込み、調査の予定など", en: "expected recovery, planned investigation")),
        .init(
            key: "ransomNote", label: .init(ja: "脅迫文の表示", en: "ransom note"), source: .fact,
            help: .init(ja: "表示の有無・内容・写真の保存（手順1の回答も使います）", en: "whether shown, its text, photo kept (step 1's answer is used too)")),
        .init(
            key: "networkDisconnected", label: .init(ja: "ネットワークからの切り離し", en: "network disconnection"), source: .fact,
            help: .init(ja: "どの端末をいつ切り離したか（手順1の回答も使います）", en: "which terminals were disconnected and when (step 1's answer is used too)")),
        .init(
            key: "backupStatus", label: .init(ja: "バックアップの状態", en: "state of the backups"), source: .fact,
            help: .init(ja: "手順3の回答も使います", en: "step 3's answer is used too")),
        .init(
            key: "evidencePreserved", label: .init(ja: "保全している証拠", en: "evidence preserved"), source: .fact,
            help: .init(
                ja: "例: 脅迫画面の写真、外部接続機器のログ、電源を入れたまま保管した端末", en: "e.g. photos of the ransom screen, logs of devices facing outside networks, devices kept powered"
            )),
        .init(
            key: "attackerContact", label: .init(ja: "攻撃者との接触", en: "contact with the attacker"), source: .fact,
            help: .init(ja: "例: 接触していない（連絡先の記載のみ）", en: "e.g. none (only contact addresses shown)")),
        .init(
            key: "patientSummary", label: .init(ja: "患者さん向けの説明", en: "summary for patients"), source: .fact,
            help: .init(ja: "患者さん向けのやさしい説明（省略時は概要を【要確認】つきで使います）", en: "a plain explanation for patients (default: the summary, marked for review)"),
            standInMark: .init(ja: "【要確認: 患者さん向けの言葉に書き直してください】", en: "[REVIEW: rewrite for patients] ")),
        .init(
            key: "patientContact", label: .init(ja: "患者さん向けの問い合わせ先", en: "enquiries for patients"), source: .fact,
            help: .init(ja: "電話番号と受付時間（省略時は問い合わせ窓口）", en: "phone number and hours (default: the enquiry desk)")),
        .init(
            key: "enquiryDesk", label: .init(ja: "問い合わせ窓口", en: "enquiry desk"), source: .fact,
            help: .init(ja: "本人からの問い合わせ先（省略時は施設名と電話番号）", en: "where individuals enquire (default: facility name and phone)")),
    ]

    /// The keys `fact` accepts.
    public static var factKeys: [String] { all.filter { $0.source == .fact }.map(\.key) }

    /// Facts that hold a time: stored as ISO 8601 in UTC, shown in the facility zone.
    public static let timeFacts: Set<String> = ["consigneeAwareAt", "consigneeNotifiedAt"]

    public static func field(_ key: String) -> ReportField? { all.first { $0.key == key } }

    /// The fact field named `key`, or the refusal listing the keys.
    /// `key` may be the key (`cause`) or its Japanese name (`原因`), compared
    /// without spaces or case.
    public static func fact(_ key: String) throws(IncidentError) -> ReportField {
        if let f = field(key), f.source == .fact { return f }
        let typed = TimeInput.normalize(key).lowercased().filter { !$0.isWhitespace }
        let byName = all.filter { $0.source == .fact }.first {
            $0.key.lowercased() == typed || $0.label.ja.filter { !$0.isWhitespace } == typed || $0.label.en.lowercased().filter { !$0.isWhitespace } == typed
        }
        guard let f = byName else { throw .unknownFact(key, available: factKeys) }
        return f
    }
}
