/// What an SSML document asks to be spoken, in reading order: text with its style, IPA phonemes, pauses
/// and sentence boundaries. `SSMLParser` writes it; `SpeechProcessor` turns it into chunks.
public struct SpeechScript: Sendable, Equatable {
    /// How a stretch of text is spoken.
    public struct Style: Sendable, Equatable {
        /// A voice id, alias or name from `<voice name>`; `nil`: the request's voice.
        public var voice: String?
        /// A language from `xml:lang` / `<lang>`; a voice for it is chosen when it is not the request's.
        public var language: String?
        /// Speed multiplier from `<prosody rate>` and `<emphasis>`.
        public var rate = 1.0
        /// Gain in dB from `<prosody volume>` and `<emphasis>`; `-infinity` is silent.
        public var volumeDB = 0.0
        /// Relative pitch change (0.1 = +10%) from `<prosody pitch>`, for engines that take a pitch.
        public var pitch: Double?

        public init() {}
    }

    /// One piece of the document.
    public enum Part: Sendable, Equatable {
        case text(String, Style)
        /// `<phoneme alphabet="ipa" ph="…">text</phoneme>`: the IPA for engines that take phonemes, the text otherwise.
        case phonemes(ipa: String, text: String, Style)
        /// `<break>`: seconds of silence.
        case pause(Double)
        /// The end of an `<s>` or `<p>`: what follows starts a new sentence.
        case boundary
    }

    public var parts: [Part] = []
    /// Elements the server does not know: their text was spoken, as SSML asks.
    public var warnings: [String] = []

    public init(parts: [Part] = [], warnings: [String] = []) {
        self.parts = parts
        self.warnings = warnings
    }

    /// Whether `text` is SSML: after white space it starts with `<speak`, or is an XML document (an XML
    /// declaration or a DOCTYPE — which the parser then refuses rather than reading it aloud as text).
    public static func looksLikeSSML(_ text: String) -> Bool {
        let rest = text.drop { $0.isWhitespace }
        return rest.hasPrefix("<speak") || rest.hasPrefix("<?xml") || rest.hasPrefix("<!DOCTYPE")
    }
}
