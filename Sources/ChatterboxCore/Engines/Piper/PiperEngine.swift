/// Piper VITS voices in process through ONNX Runtime: `piper:<voice>`.
public struct PiperEngine: SpeechEngine {
    public let id = "piper"
    /// Piper speaks a sentence per model call; longer inputs cost quadratic attention time.
    public let maxChunkCharacters = 400
    public let capabilities: EngineCapabilities = [.streaming, .multilingual]
    public let parameters = [
        EngineParameter(name: "noise_scale", range: 0...2, summary: "generator noise (voice default, e.g. 0.667); 0 is deterministic"),
        EngineParameter(name: "noise_w", range: 0...2, summary: "phoneme duration noise (voice default, e.g. 0.8); 0 is deterministic"),
        EngineParameter(name: "length_scale", range: 0.1...10, summary: "phoneme length; overrides --speed"),
        EngineParameter(name: "speaker", range: 0...100_000, summary: "speaker id of multi-speaker voices"),
    ]

    /// The voices on disk.
    public let store: VoiceStore
    /// Loaded models.
    public let models: ModelManager
    /// The espeak-ng helpers that phonemise the text.
    public let espeak: EspeakHelper

    /// Creates the engine.
    public init(store: VoiceStore, models: ModelManager, espeak: EspeakHelper) {
        self.store = store
        self.models = models
        self.espeak = espeak
    }

    public func voices() async throws -> [VoiceInfo] {
        store.entries().compactMap { entry in
            guard let config = try? PiperVoiceConfig.load(entry.config) else { return nil }
            let speakers = config.numSpeakers > 1 ? ", \(config.numSpeakers) speakers" : ""
            var voice = VoiceInfo(engine: id, name: entry.name, language: config.language?.code ?? config.espeak.voice,
                                  sampleRate: config.audio.sampleRate,
                                  description: "Piper \(config.audio.quality ?? "") voice\(speakers) (\(entry.model.deletingLastPathComponent().path))")
            voice.speakers = config.speakers
            return voice
        }
    }

    /// Loads ONNX Runtime; voices load on first use.
    public func load() async throws {
        _ = try await models.runtime()
    }

    public func unload() async {
        await models.unloadAll()
    }

    /// Unloads voices unused for `processing.idle_unload_seconds`.
    public func releaseIdle(now: ContinuousClock.Instant) async {
        await models.sweep(now: now)
    }

    public func synthesize(text: String, voice: String, options: SynthesisOptions) async throws -> AudioBuffer {
        try await render(prepare(text: text, voice: voice, options: options), voice: voice, options: options)
    }

    /// A `speaker` must exist in the voice (its `.onnx.json` says how many it has).
    public func check(_ options: SynthesisOptions, voice: String) async throws {
        guard let speaker = options.parameters["speaker"], let entry = store.entries().first(where: { $0.name == voice }),
              let config = try? PiperVoiceConfig.load(entry.config) else { return }
        if Int(speaker) >= max(1, config.numSpeakers) {
            throw ChatterboxError(.invalidParameter, message: "voice \(voice) has \(config.numSpeakers) speaker(s); speaker \(Int(speaker)) does not exist", field: "params")
        }
    }

    /// Text -> espeak-ng phonemes -> model ids, per sentence.
    public func prepare(text: String, voice: String, options: SynthesisOptions) async throws -> PreparedChunk {
        async let helperStarted: Void = espeak.prestart()  // beside a cold model load
        let loaded = try await models.voice(named: voice)
        await helperStarted
        let sentences = try await loaded.phonemes(text, espeak: espeak).filter { !$0.isEmpty }
        return PreparedChunk(text: text, tokens: sentences.map { loaded.config.ids(for: $0) }, phonemes: sentences)
    }

    /// IPA (SSML `<phoneme>`) straight to model ids, one symbol per phoneme as espeak-ng's are.
    public func prepare(ipa: String, text: String, voice: String, options: SynthesisOptions) async throws -> PreparedChunk {
        let loaded = try await models.voice(named: voice)
        let phonemes = ipa.decomposedStringWithCanonicalMapping.unicodeScalars.map { String($0) }
        guard phonemes.contains(where: { loaded.config.phonemeIdMap[$0] != nil && $0 != " " }) else {
            throw ChatterboxError(.invalidSsml, message: "<phoneme ph=\"\(ipa.prefix(40))\"> has no phoneme voice \(voice) knows", field: "text")
        }
        return PreparedChunk(text: text, tokens: [loaded.config.ids(for: phonemes)], phonemes: [phonemes])
    }

    /// Model ids -> samples, sentence after sentence, with each word's time from the model's durations.
    public func render(_ chunk: PreparedChunk, voice: String, options: SynthesisOptions) async throws -> AudioBuffer {
        let loaded = try await models.voice(named: voice)
        if let speaker = options.parameters["speaker"], Int(speaker) >= max(1, loaded.config.numSpeakers) {
            throw ChatterboxError(.invalidParameter, message: "voice \(voice) has \(loaded.config.numSpeakers) speaker(s); speaker \(Int(speaker)) does not exist", field: "params")
        }
        let scales = PiperScales(config: loaded.config, options: options)
        var samples: [Float] = [], spoken: [WordAligner.Spoken]? = []
        let rate = Double(loaded.config.audio.sampleRate)
        let alignment = PiperAlignment(config: loaded.config)
        for (sentence, ids) in chunk.tokens.enumerated() {
            try Task.checkCancellation()
            let rendered = try await models.calls.run { try await BlockingWork.run { try loaded.render(ids: ids, scales: scales) } }
            let offset = samples.count
            if let idSamples = rendered.idSamples, sentence < chunk.phonemes.count,
               let words = alignment.wordSpans(phonemes: chunk.phonemes[sentence], idSamples: idSamples) {
                spoken? += words.map {
                    WordAligner.Spoken(start: Double($0.samples.lowerBound + offset) / rate, end: Double($0.samples.upperBound + offset) / rate, size: $0.size)
                }
            } else {
                spoken = nil
            }
            samples += rendered.samples
        }
        let words = WordAligner().align(WordAligner().words(of: chunk.text), spoken: spoken ?? [])
        return AudioBuffer(samples: samples, sampleRate: loaded.config.audio.sampleRate, words: words)
    }
}
