import Foundation
import Yams

/// A pronunciation lexicon: words and how to say them, as another text (an alias) or as IPA. Read from
/// `NAME.yaml` (`words: {WORD: ALIAS | {ipa: …} | {alias: …}}`, optional `voices`, `languages`,
/// `case_sensitive`) or a W3C PLS file `NAME.pls` (`lexeme` -> `grapheme` + `alias` | `phoneme`; its
/// `xml:lang` is the language). Words match whole, case-insensitively unless the lexicon says otherwise.
public struct Lexicon: Sendable, Equatable {
    /// How one word is said.
    public enum Pronunciation: Sendable, Equatable {
        case alias(String)
        case ipa(String)
    }

    public var name: String
    public let entries: [String: Pronunciation]
    /// `entries` by lowercased word, for case-insensitive lookups in constant time.
    private let folded: [String: Pronunciation]
    /// Voice ids this lexicon applies to by default.
    public var voices: [String] = []
    /// Languages (tags or families, `en`, `en-US`) whose voices use it by default.
    public var languages: [String] = []
    public var caseSensitive = false

    public init(name: String, entries: [String: Pronunciation], voices: [String] = [], languages: [String] = [], caseSensitive: Bool = false) {
        self.name = name
        self.entries = entries
        self.folded = Dictionary(entries.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { first, _ in first })
        self.voices = voices
        self.languages = languages
        self.caseSensitive = caseSensitive
    }

    static func invalid(_ file: String, _ message: String) -> ChatterboxError {
        ChatterboxError(.invalidLexicon, message: "lexicon \(file): \(message)", field: "lexicon")
    }

    /// Reads `NAME.yaml`.
    public static func yaml(_ text: String, name: String) throws -> Lexicon {
        guard let root = try Yams.load(yaml: text) as? [String: Any] else { throw invalid(name, "not a YAML mapping") }
        guard let words = root["words"] as? [String: Any] else { throw invalid(name, "needs a 'words' mapping of WORD: pronunciation") }
        var entries: [String: Pronunciation] = [:]
        for (word, value) in words {
            switch value {
            case let alias as String: entries[word] = .alias(alias)
            case let detail as [String: Any]:
                if let ipa = detail["ipa"] as? String { entries[word] = .ipa(ipa) }
                else if let alias = detail["alias"] as? String { entries[word] = .alias(alias) }
                else { throw invalid(name, "'\(word.prefix(40))' needs alias or ipa") }
            default: throw invalid(name, "'\(word.prefix(40))' needs a text, or {alias} or {ipa}")
            }
        }
        return Lexicon(name: name, entries: entries, voices: root["voices"] as? [String] ?? [],
                       languages: root["languages"] as? [String] ?? [], caseSensitive: root["case_sensitive"] as? Bool ?? false)
    }

    /// Whether this lexicon applies by default to `voice`.
    public func appliesByDefault(to voice: VoiceInfo) -> Bool {
        if voices.contains(voice.id) { return true }
        return languages.contains { voice.languageTag.isWithin(LanguageTag($0)) }
    }

    /// How `word` is said here, if the lexicon has it.
    public func pronunciation(of word: Substring) -> Pronunciation? {
        if let exact = entries[String(word)] { return exact }
        return caseSensitive ? nil : folded[word.lowercased()]
    }
}
