/// Everything one synthesis needs, as given by a user (CLI flags, API body, job record).
public struct SynthesisRequest: Sendable, Equatable {
    /// The text, not yet validated.
    public var text: String
    /// Who speaks; `nil` uses `processing.model`.
    public var voice: VoiceID?
    /// Output format.
    public var format: AudioFormat
    /// Output rate; `nil` uses `processing.sample_rate`, and 0 there means the voice's own rate.
    public var sampleRate: Int?
    /// Speaking rate, 1 = normal; `nil`: the voice's default speed (`VoiceDefaults`), else 1.
    public var speed: Double?
    /// Engine parameters as given (`noise_scale` = `0.5`).
    public var parameters: [String: String]
    /// Whether `text` is an SSML document (`SSMLParser`).
    public var ssml = false
    /// A lexicon by name (`none`: no lexicon); `nil`: the lexicons that apply to the voice by default.
    public var lexicon: String?

    /// Creates a request.
    public init(text: String, voice: VoiceID? = nil, format: AudioFormat = .wav, sampleRate: Int? = nil,
                speed: Double? = nil, parameters: [String: String] = [:]) {
        self.text = text
        self.voice = voice
        self.format = format
        self.sampleRate = sampleRate
        self.speed = speed
        self.parameters = parameters
    }
}

/// What a synthesis produced and how.
public struct SynthesisResult: Sendable, Equatable {
    /// The voice that actually spoke.
    public var voice: String
    /// The voice asked for.
    public var requestedVoice: String
    /// Why another voice spoke, when the fallback chain was used.
    public var fallbackReason: String?
    /// Number of chunks spoken.
    public var chunks: Int
    /// Audio length in seconds.
    public var duration: Double
    /// Rate of the written audio.
    public var sampleRate: Int
    /// Format written.
    public var format: AudioFormat
    /// When each word is heard (`CaptionTrack`).
    public var words: [WordTiming] = []
}
