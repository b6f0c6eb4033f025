/// What an engine does unless it says otherwise.
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

    /// Default: the voice is listed — or, when the engine cannot list its voices now, assumed to exist.
    public func hasVoice(named name: String) async -> Bool {
        (try? await voices().contains { $0.name == name }) ?? true
    }

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
