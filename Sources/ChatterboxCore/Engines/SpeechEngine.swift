/// One speech synthesiser (espeak-ng, Piper, a Python worker, …) behind a common shape.
///
/// Engines speak one chunk at a time; splitting text, joining audio and encoding belong to
/// the `SpeechProcessor`. An engine must be safe to call from several tasks; one that wraps
/// a non-thread-safe library serialises internally.
public protocol SpeechEngine: Sendable {
    /// The engine part of voice ids, e.g. `espeak` in `espeak:en-us`.
    var id: String { get }
    /// Longest text the engine takes in one call, in characters.
    var maxChunkCharacters: Int { get }
    /// What the engine can do beyond plain synthesis.
    var capabilities: EngineCapabilities { get }
    /// Engine parameters accepted through `--param NAME=VALUE` / `params`.
    var parameters: [EngineParameter] { get }
    /// The voices this engine can speak with now.
    func voices() async throws -> [VoiceInfo]
    /// Prepares the engine (loads libraries or models); cheap when already loaded.
    func load() async throws
    /// Frees what `load()` took.
    func unload() async
    /// Speaks one chunk of normalised text with the voice named `voice` (without the engine prefix).
    func synthesize(text: String, voice: String, options: SynthesisOptions) async throws -> AudioBuffer
    /// The cheap first half of `synthesize` (text to model input), run ahead of `render`.
    func prepare(text: String, voice: String, options: SynthesisOptions) async throws -> PreparedChunk
    /// `prepare` for IPA phonemes (SSML `<phoneme>`); an engine without phoneme input speaks `text`.
    func prepare(ipa: String, text: String, voice: String, options: SynthesisOptions) async throws -> PreparedChunk
    /// The expensive second half of `synthesize` (model input to audio).
    func render(_ chunk: PreparedChunk, voice: String, options: SynthesisOptions) async throws -> AudioBuffer
    /// Refuses options that this voice cannot take (a speaker it does not have), from its metadata,
    /// without loading a model: what a submission checks before it is queued.
    func check(_ options: SynthesisOptions, voice: String) async throws
    /// Frees what has been idle longer than the engine's settings allow (loaded models, worker
    /// processes); `IdleSweeper` calls it periodically.
    func releaseIdle(now: ContinuousClock.Instant) async
    /// Where `voice` comes from, its files and whether it can speak now (`GET /voices/{id}`).
    func details(of voice: VoiceInfo) async -> VoiceDetails
    /// Voices kept on disk that the engine cannot speak with here (its runtime is not set up), each with
    /// `unavailable` saying why and what fixes it: listed so users see what they added.
    func unavailableVoices() async -> [VoiceInfo]
    /// Whether `name` is one of the engine's voices, answered even when the engine cannot run (from its files
    /// and built-in names): a name it never had is the caller's mistake, not an unavailable engine.
    func hasVoice(named name: String) async -> Bool
}

/// Optional abilities of an engine.
public struct EngineCapabilities: OptionSet, Sendable {
    /// The raw bits.
    public let rawValue: Int
    /// Creates a set from raw bits.
    public init(rawValue: Int) { self.rawValue = rawValue }
    /// Audio can be produced sentence by sentence while the rest is still being synthesised.
    public static let streaming = EngineCapabilities(rawValue: 1 << 0)
    /// A reference recording can set the voice.
    public static let cloning = EngineCapabilities(rawValue: 1 << 1)
    /// More than one language.
    public static let multilingual = EngineCapabilities(rawValue: 1 << 2)
}

/// A voice as users see it in `voices list` and the API.
public struct VoiceInfo: Sendable, Codable, Equatable {
    /// Full id, `engine:name`.
    public var id: String
    /// The engine id.
    public var engine: String
    /// The name within the engine.
    public var name: String
    /// Language tag, e.g. `en-us`.
    public var language: String
    /// Native sample rate of the voice's audio.
    public var sampleRate: Int
    /// Free text: gender, quality, origin.
    public var description: String
    /// Why the voice cannot speak here now (its engine is not set up), and the fix; nil when it can.
    public var unavailable: String?
    /// The speakers of a multi-speaker voice, by name, with the id the `speaker` parameter takes
    /// (in id order); empty for a voice with one speaker.
    public var speakers: [Speaker] = []

    /// One speaker of a multi-speaker voice.
    public struct Speaker: Sendable, Codable, Equatable {
        public var name: String
        public var id: Int
        public init(name: String, id: Int) {
            self.name = name
            self.id = id
        }
    }

    /// Creates a voice description.
    public init(engine: String, name: String, language: String, sampleRate: Int, description: String = "") {
        self.id = "\(engine):\(name)"
        self.engine = engine
        self.name = name
        self.language = language
        self.sampleRate = sampleRate
        self.description = description
    }
}

extension VoiceInfo {
    /// The speaker named `name`, or numbered `name` (`2`), of a multi-speaker voice.
    public func speaker(named name: some StringProtocol) -> Speaker? {
        speakers.first { $0.name == name } ?? speakers.first { String($0.id) == name }
    }
}
