extension VoiceInfo {
    /// The voice's language as a tag.
    public var languageTag: LanguageTag { LanguageTag(language) }

    /// Where the voice's engine stands when a voice is picked for a language: neural voices first (Piper,
    /// then the Python engines), espeak-ng last.
    public var engineRank: Int {
        ["piper": 0, "piper-py": 1, "chatterbox": 2, "chatterbox-turbo": 2, "speecht5": 3, "espeak": 9][engine] ?? 5
    }

    /// The voice for `language` among `voices` (SSML's `xml:lang`, a Wyoming request's language): one whose tag
    /// is exactly it first, else one of its family (`en` for `en-gb`); then `preferred` (the default voice), then
    /// the engine's rank. `nil` when no voice speaks the language.
    public static func best(for language: LanguageTag, among voices: [VoiceInfo], preferring preferred: String? = nil) -> VoiceInfo? {
        let rank = { (voice: VoiceInfo) in
            (voice.languageTag == language ? 0 : 1, voice.id == preferred ? 0 : 1, voice.engineRank, voice.id)
        }
        return voices.filter { $0.languageTag.family == language.family }.min { rank($0) < rank($1) }
    }
}
