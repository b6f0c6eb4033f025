/// The always-available engine: espeak-ng's formant synthesiser, run in the espeak-ng helper processes.
public struct EspeakEngine: SpeechEngine {
    public let id = "espeak"
    public let maxChunkCharacters = 1000
    public let capabilities: EngineCapabilities = [.streaming, .multilingual]
    public let parameters = [
        EngineParameter(name: "pitch", range: 0...100, summary: "base pitch, 50 is normal"),
        EngineParameter(name: "word_gap", range: 0...100, summary: "extra pause between words, in 10 ms units"),
    ]

    private let helper: EspeakHelper

    /// Creates the engine over the process's espeak-ng helpers.
    public init(helper: EspeakHelper) {
        self.helper = helper
    }

    public func voices() async throws -> [VoiceInfo] {
        let (rate, voices) = try await helper.voices()
        return voices.map { voice in
            VoiceInfo(engine: id, name: voice.name, language: voice.language, sampleRate: rate, description: voice.description)
        }
    }

    public func load() async throws {
        _ = try await helper.voices()
    }

    public func unload() async {}

    public func synthesize(text: String, voice: String, options: SynthesisOptions) async throws -> AudioBuffer {
        // espeak's normal rate is 175 words per minute; `speed` scales it within espeak's limits.
        let wordsPerMinute = Int((175 * options.speed).rounded()).clamped(to: 80...450)
        let pitch = options.parameters["pitch"].map { Int($0) } ?? 50, wordGap = options.parameters["word_gap"].map { Int($0) } ?? 0
        let (_, voices) = try await helper.voices()
        guard voices.contains(where: { $0.name == voice }) else {
            throw ChatterboxError(.unknownVoice, message: "espeak-ng has no voice '\(voice)'", field: "voice")
        }
        return try await helper.synthesize(text: text, voice: voice, wordsPerMinute: wordsPerMinute, pitch: pitch, wordGap: wordGap)
    }
}

extension Comparable {
    /// The value limited to `range`.
    func clamped(to range: ClosedRange<Self>) -> Self {
        min(max(self, range.lowerBound), range.upperBound)
    }
}

extension EspeakEngine {
    /// espeak-ng's voices come from its data folder; they speak while the helpers answer.
    public func details(of voice: VoiceInfo) async -> VoiceDetails {
        do {
            let library = try await helper.library()
            return VoiceDetails(voice: voice, source: "espeak-ng \(library.version), data \(library.dataPath)", canSpeak: true)
        } catch {
            return VoiceDetails(voice: voice, source: "espeak-ng", canSpeak: false, problem: (error as? ChatterboxError)?.message ?? "\(error)")
        }
    }
}
