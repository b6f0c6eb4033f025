import Foundation

/// One chunk to speak and how: its text (or, from SSML `<phoneme>`, its IPA), the engine and voice, the
/// options (speed, engine parameters) and a gain. A plain text is chunks of one voice and one style; an
/// SSML document mixes voices, rates and volumes chunk by chunk.
public struct ChunkPlan: Sendable {
    public var text: String
    /// IPA to speak instead of the text, for engines that take phonemes (`SpeechEngine.prepare(ipa:…)`).
    public var ipa: String?
    public var engine: any SpeechEngine
    /// The voice's full id (`engine:name`).
    public var voice: VoiceInfo
    public var options: SynthesisOptions
    /// Gain in dB; `-infinity` is silence.
    public var gainDB: Double

    public init(text: String, ipa: String? = nil, engine: any SpeechEngine, voice: VoiceInfo, options: SynthesisOptions, gainDB: Double = 0) {
        self.text = text
        self.ipa = ipa
        self.engine = engine
        self.voice = voice
        self.options = options
        self.gainDB = gainDB
    }

    /// Prepares the chunk: its IPA when it has one, else its text.
    func prepare() async throws -> PreparedChunk {
        if let ipa { return try await engine.prepare(ipa: ipa, text: text, voice: voice.name, options: options) }
        return try await engine.prepare(text: text, voice: voice.name, options: options)
    }

    /// Renders a prepared chunk at `outputRate`, with the gain applied. An engine that cannot time words
    /// gets the chunk's text timed as one span, from its first to its last audible sample.
    func render(_ prepared: PreparedChunk, outputRate: Int) async throws -> AudioBuffer {
        var audio = try await engine.render(prepared, voice: voice.name, options: options)
        if audio.words.isEmpty, !WordAligner().words(of: text).isEmpty, let edges = audio.speechEdges() {
            let rate = Double(audio.sampleRate), spoken = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            audio.words = [WordTiming(word: spoken, start: Double(edges.start) / rate, end: Double(edges.end) / rate)]
        }
        if audio.sampleRate != outputRate {
            let resampler = try Resampler(from: audio.sampleRate, to: outputRate)
            audio = AudioBuffer(samples: resampler.process(audio.samples) + resampler.flush(), sampleRate: outputRate, words: audio.words)
        }
        if gainDB != 0 {
            let factor = gainDB.isFinite ? Float(pow(10, gainDB / 20)) : 0
            audio.samples = audio.samples.map { max(-1, min(1, $0 * factor)) }
        }
        return audio
    }
}
