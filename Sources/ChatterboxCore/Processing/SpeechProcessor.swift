import Foundation
import Logging

/// What a request becomes before it is spoken: its voice resolved (with the voice's defaults), its options
/// checked, its text validated, normalised and chunked (or an SSML script planned) — a `SpeechStream` that a
/// `SpeechSession` delivers to its sink.
public struct SpeechProcessor: Sendable {
    /// Engines to speak with.
    public let registry: EngineRegistry
    /// Effective settings.
    public let settings: Settings
    /// How fast each voice renders here (for `FirstClauseSplit`), shared by every copy of the processor.
    public let pace = RenderPace()
    /// The pronunciation lexicons of `directories.lexicons`.
    public let lexicons: LexiconStore
    /// Per-voice defaults (`PATCH /voices/{id}`), applied where a request sets nothing.
    public let voiceDefaults: VoiceDefaultsStore
    private let normalizer = TextNormalizer()
    let logger: Logger

    /// Creates a processor; the configured folders (lexicons, voices) are relative to `workingDirectory`.
    public init(registry: EngineRegistry, settings: Settings, workingDirectory: URL,
                logger: Logger = Logger(label: "chatterbox.processor")) {
        self.registry = registry
        self.settings = settings
        self.logger = logger
        lexicons = LexiconStore(folder: Settings.resolve(settings.directories.lexicons, in: workingDirectory))
        voiceDefaults = VoiceDefaultsStore(folder: Settings.resolve(settings.directories.voices, in: workingDirectory))
    }

    /// Validates and normalises text in `language` (the voice's), returning the chunks for an engine with
    /// `maxCharacters`. The work is linear but not free (a second for the longest texts), so it runs outside Swift's
    /// cooperative pool, where it would hold up the tasks answering HTTP requests.
    public func prepare(_ text: String, maxCharacters: Int, language: LanguageTag?) async throws -> [String] {
        let maxLength = settings.processing.maxTextLength, normalizer = self.normalizer
        let chunks = try await BlockingWork.run {
            let valid = try TextValidator(maxLength: maxLength).validate(text)
            return SentenceChunker(maxCharacters: maxCharacters).chunks(normalizer.normalize(valid, language: language))
        }
        guard !chunks.isEmpty else {
            throw ChatterboxError(.emptyText, message: "text has nothing to speak (no letters or digits)", field: "text")
        }
        return chunks
    }

    /// Synthesises `request` into the file at `destination`, written atomically and chunk by chunk, through
    /// the one speaking path (`SpeechSession`: bad input fails at once, an engine failure moves down the fallback
    /// chain). `voices` replaces the chain (a voice's preview speaks with that voice alone).
    public func synthesize(_ request: SynthesisRequest, to destination: URL, voices: [VoiceID]? = nil) async throws -> SynthesisResult {
        _ = try TextValidator(maxLength: settings.processing.maxTextLength).validate(request.text)
        try AtomicFile.checkWritable(destination)
        var session = try await SpeechSession.open(request, processor: self, voices: voices)
        let requestedRate = request.sampleRate ?? (settings.processing.sampleRate == 0 ? nil : settings.processing.sampleRate)
        var sink = try AudioFileSink(destination: destination, format: request.format, inputRate: session.stream.voice.sampleRate,
                                     sampleRate: requestedRate, bitrates: settings.processing.bitrates)
        let spoken: SpeechSummary
        do {
            spoken = try await session.speak(into: &sink)
        } catch {
            sink.cancel()
            throw error
        }
        return SynthesisResult(voice: spoken.voice.description, requestedVoice: spoken.requestedVoice.description,
                               fallbackReason: spoken.fallbackReason, chunks: spoken.chunks, duration: sink.duration,
                               sampleRate: sink.outputRate, format: request.format, words: spoken.words)
    }

    /// `requested` followed by the fallback chain, without repeats.
    public func voiceCandidates(for requested: VoiceID) -> [VoiceID] {
        var candidates = [requested]
        for voice in settings.processing.fallback where !candidates.contains(voice) { candidates.append(voice) }
        return candidates
    }

    /// Checks `request` as `stream` would — the voice exists, parameters are in range, the engine
    /// accepts them, the text has something to speak within its limits — from metadata alone: no
    /// model is loaded and no worker started, so a submission never waits behind a synthesis.
    /// Returns the number of chunks the text becomes.
    @discardableResult
    public func validate(_ request: SynthesisRequest, voice voiceID: VoiceID) async throws -> Int {
        let (engine, voice, request) = try await resolve(voiceID, request)
        let options = try SynthesisOptions.validated(speed: request.speed ?? 1, raw: request.parameters, for: engine)
        try await engine.check(options, voice: voice.name)
        let (text, script) = try await read(request, voice: voice)
        if let script { return try await ScriptPlanner(processor: self, request: request, primary: (engine, voice), logger: logger).plan(script).chunks.count }
        return try await prepare(text, maxCharacters: engine.maxChunkCharacters, language: voice.languageTag).count
    }

    /// The voice of `voiceID`, and `request` with that voice's defaults where it sets nothing; a speaker
    /// (`engine:name#SPEAKER`, by name or number) sets the request's `speaker` parameter.
    private func resolve(_ voiceID: VoiceID, _ request: SynthesisRequest) async throws
        -> (engine: any SpeechEngine, voice: VoiceInfo, request: SynthesisRequest) {
        let (engine, voice) = try await resolveEngine(voiceID, request)
        var request = voiceDefaults.defaults(for: voice.id).applied(to: request)
        guard let wanted = voiceID.speaker else { return (engine, voice, request) }
        guard let speaker = voice.speaker(named: wanted) else {
            let known = voice.speakers.isEmpty ? "it has a single speaker" : "it has " + voice.speakers.map(\.name).joined(separator: ", ")
            throw ChatterboxError(.unknownSpeaker, message: "voice \(voice.id) has no speaker '\(wanted.prefix(40))'; \(known)", field: "voice")
        }
        request.parameters["speaker"] = String(speaker.id)
        return (engine, voice, request)
    }

    /// `registry.resolve`, except that when the engine cannot run here, a request it would refuse anyway (a
    /// parameter it does not take, a value out of range) is reported as the caller's mistake, not as our 503.
    private func resolveEngine(_ voiceID: VoiceID, _ request: SynthesisRequest) async throws -> (engine: any SpeechEngine, voice: VoiceInfo) {
        do {
            return try await registry.resolve(voiceID)
        } catch let error as ChatterboxError where !error.kind.isCallerFault {
            if let engine = registry.engines[voiceID.engine] {
                let request = voiceDefaults.defaults(for: voiceID.voiceKey).applied(to: request)
                _ = try SynthesisOptions.validated(speed: request.speed ?? 1, raw: request.parameters, for: engine)
            }
            throw error
        }
    }

    /// `request` with its voice (`processing.model` when it names none) and that voice's defaults where it sets
    /// nothing: what a job records when it is submitted, so it runs the same however the defaults change later.
    /// Needs no engine: the defaults are kept by voice id.
    public func withVoiceDefaults(_ request: SynthesisRequest) -> SynthesisRequest {
        let voice = request.voice ?? settings.processing.model
        var request = voiceDefaults.defaults(for: voice.voiceKey).applied(to: request)
        request.voice = voice
        return request
    }

    /// What a request says once its lexicons are applied: plain text (aliases replaced), or a script — for SSML,
    /// and for text where a lexicon gives a word as IPA (a phoneme part, spoken by engines that take IPA).
    private func read(_ request: SynthesisRequest, voice: VoiceInfo) async throws -> (text: String, script: SpeechScript?) {
        let lexicons = try self.lexicons.select(request.lexicon, for: voice)
        guard request.ssml || !lexicons.isEmpty else { return (request.text, nil) }
        _ = try TextValidator(maxLength: settings.processing.maxTextLength).validate(request.text)
        let text = request.text, ssml = request.ssml
        return try await BlockingWork.run {
            guard ssml else {
                let parts = lexicons.rewrite(text, style: .init())
                if parts.contains(where: { if case .phonemes = $0 { true } else { false } }) { return (text, SpeechScript(parts: parts)) }
                return (parts.map { if case .text(let words, _) = $0 { words } else { "" } }.joined(), nil)
            }
            var script = try SSMLParser().parse(text)
            script.parts = script.parts.flatMap { part -> [SpeechScript.Part] in
                if case .text(let words, let style) = part { return lexicons.rewrite(words, style: style) }
                return [part]
            }
            return (text, script)
        }
    }

    /// The audio of `request` spoken by `voiceID`, as a sequence of chunks (sentences) in order,
    /// with the silence to put between them. Input is checked before anything is synthesised.
    /// With `earlyFirstAudio` (a listener waiting; `processing.early_first_audio`) a long first sentence
    /// is split at a clause (`FirstClauseSplit`), so the first audio comes sooner.
    public func stream(_ request: SynthesisRequest, voice voiceID: VoiceID, startingAt firstChunk: Int = 0,
                       earlyFirstAudio: Bool = false) async throws -> SpeechStream {
        let (engine, voice, request) = try await resolve(voiceID, request)
        let options = try SynthesisOptions.validated(speed: request.speed ?? 1, raw: request.parameters, for: engine)
        try await engine.check(options, voice: voice.name)
        let (text, script) = try await read(request, voice: voice)
        if let script {
            var stream = try await scriptStream(script, request, primary: (engine, voice), startingAt: firstChunk)
            stream.writtenText = request.ssml ? nil : request.text
            return stream
        }
        var chunks = try await prepare(text, maxCharacters: engine.maxChunkCharacters, language: voice.languageTag)
        var clauseJoins: Set<Int> = []
        if earlyFirstAudio, settings.processing.earlyFirstAudio, firstChunk == 0,
           let (first, rest) = FirstClauseSplit(pace: pace.ratio(for: voice.id))
               .split(chunks[0], chunker: SentenceChunker(maxCharacters: engine.maxChunkCharacters)) {
            chunks.replaceSubrange(0...0, with: [first, rest])
            clauseJoins.insert(1)
        }
        try await engine.load()
        let gap = options.parameters["sentence_silence"] ?? settings.processing.sentenceSilence
        let synthesis = ChunkSynthesis(chunks: chunks.map { ChunkPlan(text: $0, engine: engine, voice: voice, options: options) },
                                       outputRate: voice.sampleRate, window: settings.processing.batchSize, firstIndex: firstChunk,
                                       pace: pace)
        return SpeechStream(voice: voice, chunkCount: chunks.count,
                            silence: AudioBuffer.silence(seconds: gap, sampleRate: voice.sampleRate),
                            clauseJoins: clauseJoins, clausePause: settings.processing.clauseSilence / options.speed,
                            chunks: synthesis, writtenText: request.text)
    }

    /// A script's stream (SSML, or text with IPA from a lexicon): chunks of several voices and styles, at the
    /// request's voice's rate (`ScriptPlanner`).
    private func scriptStream(_ script: SpeechScript, _ request: SynthesisRequest, primary: (engine: any SpeechEngine, voice: VoiceInfo),
                              startingAt firstChunk: Int) async throws -> SpeechStream {
        let plan = try await ScriptPlanner(processor: self, request: request, primary: primary, logger: logger).plan(script)
        for engine in Set(plan.chunks.map(\.engine.id)) { try await registry.engines[engine]?.load() }
        let synthesis = ChunkSynthesis(chunks: plan.chunks, outputRate: primary.voice.sampleRate, window: settings.processing.batchSize,
                                       firstIndex: firstChunk, pace: pace)
        return SpeechStream(voice: primary.voice, chunkCount: plan.chunks.count,
                            silence: AudioBuffer.silence(seconds: settings.processing.sentenceSilence, sampleRate: primary.voice.sampleRate),
                            gapsBefore: plan.gaps, trailingPause: plan.trailingPause, chunks: synthesis)
    }
}
