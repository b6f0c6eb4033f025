/// A chunk of text made ready for an engine's model: for Piper, the model ids of each sentence.
/// Preparing the next chunk while the model renders the current one keeps the model busy.
public struct PreparedChunk: Sendable, Equatable {
    /// The chunk's text.
    public var text: String
    /// Model input ids per sentence, for engines that tokenise ahead; empty otherwise.
    public var tokens: [[Int64]]
    /// The phonemes behind `tokens`, per sentence (word boundaries are `" "`), for timing words.
    public var phonemes: [[String]]

    /// Creates a prepared chunk.
    public init(text: String, tokens: [[Int64]] = [], phonemes: [[String]] = []) {
        self.text = text
        self.tokens = tokens
        self.phonemes = phonemes
    }
}

extension SpeechEngine {
    /// Default: nothing to prepare ahead.
    public func prepare(text: String, voice: String, options: SynthesisOptions) async throws -> PreparedChunk {
        PreparedChunk(text: text)
    }

    /// Default: no phoneme input; the element's text is spoken.
    public func prepare(ipa: String, text: String, voice: String, options: SynthesisOptions) async throws -> PreparedChunk {
        try await prepare(text: text, voice: voice, options: options)
    }

    /// Default: the declared parameter ranges (`SynthesisOptions.validated`) are all there is to check.
    public func check(_ options: SynthesisOptions, voice: String) async throws {}

    /// Default: every voice on disk is one the engine can speak with.
    public func unavailableVoices() async -> [VoiceInfo] { [] }

    /// Default: nothing is kept between requests.
    public func releaseIdle(now: ContinuousClock.Instant) async {}

    /// Default: the engine's own voice, speakable while the engine lists it.
    public func details(of voice: VoiceInfo) async -> VoiceDetails {
        do {
            let listed = try await voices().contains { $0.id == voice.id }
            return VoiceDetails(voice: voice, source: "the \(id) engine", canSpeak: listed, problem: listed ? nil : "\(id) no longer lists it")
        } catch {
            return VoiceDetails(voice: voice, source: "the \(id) engine", canSpeak: false, problem: "\(error)")
        }
    }

    /// Default: synthesise the text.
    public func render(_ chunk: PreparedChunk, voice: String, options: SynthesisOptions) async throws -> AudioBuffer {
        try await synthesize(text: chunk.text, voice: voice, options: options)
    }
}
