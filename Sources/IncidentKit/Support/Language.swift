/// The language of user-facing text. Japanese is the default everywhere.
public enum Language: String, Sendable, CaseIterable, Codable {
    case ja
    case en

    /// Picks the text for this language.
    public func pick(ja: String, en: String) -> String {
        switch self {
        case .ja: ja
        case .en: en
        }
    }
}

/// A piece of user-facing text in every supported language.
public struct LocalizedText: Sendable, Equatable, Codable, Hashable {
    public var ja: String
    public var en: String

    public init(ja: String, en: String) {
        self.ja = ja
        self.en = en
    }

    /// The text in `language`.
    public func callAsFunction(_ language: Language) -> String {
        language.pick(ja: ja, en: en)
    }
}
