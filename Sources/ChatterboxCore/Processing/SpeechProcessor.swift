import Foundation
import Logging

/// The path of one request: validate -> normalise -> chunk -> synthesise -> join -> encode,
/// with the fallback chain when an engine fails.
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
    private let logger: Logger

    /// Creates a processor.
    public init(registry: EngineRegistry, settings: Settings, logger: Logger = Logger(label: "chatterbox.processor")) {
        self.registry = registry
        self.settings = settings
        self.logger = logger
        let workingDirectory = URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
        lexicons = LexiconStore(folder: Settings.resolve(settings.directories.lexicons, in: workingDirectory))
        voiceDefaults = VoiceDefaultsStore(folder: Settings.resolve(settings.directories.voices, in: workingDirectory))
    }

    /// Validates and normalises text, returning the chunks for an engine with `maxCharacters`. The work
    /// is linear but not free (a second for the longest texts), so it runs outside Swift's cooperative
    /// pool, where it would hold up the tasks answering HTTP requests.
    public func prepare(_ text: String, maxCharacters: Int) async throws -> [String] {
        let maxLength = settings.processing.maxTextLength, normalizer = self.normalizer
        let chunks = try await BlockingWork.run {
            let valid = try TextValidator(maxLength: maxLength).validate(text)
            return SentenceChunker(maxCharacters: maxCharacters).chunks(normalizer.normalize(valid))
        }
        guard !chunks.isEmpty else {
            throw ChatterboxError(.badInput, code: "empty_text", message: "text has nothing to speak (no letters or digits)", field: "text")
        }
        return chunks
    }

    /// Synthesises `request` into the file at `destination`, written atomically and chunk by
    /// chunk. Bad input fails at once; an engine failure moves down the fallback chain.
    public func synthesize(_ request: SynthesisRequest, to destination: URL) async throws -> SynthesisResult {
        let requested = request.voice ?? settings.processing.model
        _ = try TextValidator(maxLength: settings.processing.maxTextLength).validate(request.text)
        try AtomicFile.checkWritable(destination)
        let (voiceID, fallbackReason, spoken) = try await withFallback(from: requested) { voiceID in
            try await speak(request, voiceID: voiceID, to: destination)
        }
        var result = spoken
        result.requestedVoice = requested
        if let fallbackReason {
            result.fallbackReason = fallbackReason
            logger.notice("\(requested) failed, spoke with \(voiceID): \(fallbackReason)")
        }
        return result
    }

    /// Runs `attempt` with `requested`, then with each voice of the fallback chain while the previous
    /// one failed as an engine. Bad input for the requested voice stops at once; a fallback voice that
    /// refuses the request (missing, or a parameter only the requested voice takes) just moves on, and
    /// when every voice failed the requested voice's failure is the one reported.
    /// Returns the voice that worked, why the ones before it did not (`nil` for the requested one), and
    /// the attempt's value.
    public func withFallback<T: Sendable>(from requested: String, _ attempt: (String) async throws -> T) async throws
        -> (voice: String, fallbackReason: String?, value: T) {
        var failures: [String] = [], first: ChatterboxError?
        for (index, voiceID) in voiceCandidates(for: requested).enumerated() {
            do {
                let value = try await attempt(voiceID)
                return (voiceID, index > 0 ? failures.joined(separator: "; ") : nil, value)
            } catch let error as ChatterboxError where !error.kind.isCallerFault || index > 0 {
                failures.append("\(voiceID): \(error.message)")
                first = first ?? error
                logger.notice("voice \(voiceID) failed (\(error.code)): \(error.message)")
            }
        }
        // The requested voice's failure names the kind and code (503 unavailable, 504 timeout, …).
        throw ChatterboxError(first?.kind ?? .internalFailure, code: first?.code ?? "engine_failure",
                              message: "no voice could speak the text: " + failures.joined(separator: "; "))
    }

    /// `requested` followed by the fallback chain, without repeats.
    public func voiceCandidates(for requested: String) -> [String] {
        var candidates = [requested]
        for voice in settings.processing.fallback where !candidates.contains(voice) { candidates.append(voice) }
        return candidates
    }

    /// Checks `request` as `stream` would — the voice exists, parameters are in range, the engine
    /// accepts them, the text has something to speak within its limits — from metadata alone: no
    /// model is loaded and no worker started, so a submission never waits behind a synthesis.
    /// Returns the number of chunks the text becomes.
    @discardableResult
    public func validate(_ request: SynthesisRequest, voiceID: String) async throws -> Int {
        let (engine, voice, request) = try await resolve(voiceID, request)
        let options = try SynthesisOptions.validated(speed: request.speed, raw: request.parameters, for: engine)
        try await engine.check(options, voice: voice.name)
        let (text, script) = try await read(request, voice: voice)
        if let script { return try await ScriptPlanner(processor: self, request: request, primary: (engine, voice), logger: logger).plan(script).chunks.count }
        return try await prepare(text, maxCharacters: engine.maxChunkCharacters).count
    }

    /// The voice of `voiceID`; `engine:name#SPEAKER` is a multi-speaker voice's speaker, by name or id, which sets
    /// the request's `speaker` parameter.
    private func resolve(_ voiceID: String, _ request: SynthesisRequest) async throws
        -> (engine: any SpeechEngine, voice: VoiceInfo, request: SynthesisRequest) {
        guard let mark = voiceID.lastIndex(of: "#") else {
            let (engine, voice) = try await resolveEngine(voiceID, request)
            return (engine, voice, voiceDefaults.defaults(for: voice.id).applied(to: request))
        }
        let (engine, voice) = try await resolveEngine(String(voiceID[..<mark]), request)
        let wanted = voiceID[voiceID.index(after: mark)...]
        guard let speaker = voice.speaker(named: wanted) else {
            let known = voice.speakers.isEmpty ? "it has a single speaker" : "it has " + voice.speakers.map(\.name).joined(separator: ", ")
            throw ChatterboxError(.badInput, code: "unknown_speaker", message: "voice \(voice.id) has no speaker '\(wanted.prefix(40))'; \(known)", field: "voice")
        }
        var request = voiceDefaults.defaults(for: voice.id).applied(to: request)
        request.parameters["speaker"] = String(speaker.id)
        return (engine, voice, request)
    }

    /// `registry.resolve`, except that when the engine cannot run here, a request it would refuse anyway (a
    /// parameter it does not take, a value out of range) is reported as the caller's mistake, not as our 503.
    private func resolveEngine(_ voiceID: String, _ request: SynthesisRequest) async throws -> (engine: any SpeechEngine, voice: VoiceInfo) {
        do {
            return try await registry.resolve(voiceID)
        } catch let error as ChatterboxError where !error.kind.isCallerFault {
            if let engine = registry.engines[String(voiceID.prefix { $0 != ":" })] {
                let request = voiceDefaults.defaults(for: voiceID).applied(to: request)
                _ = try SynthesisOptions.validated(speed: request.speed, raw: request.parameters, for: engine)
            }
            throw error
        }
    }

    /// `request` with its voice's defaults where it sets nothing (what a job records when it is submitted,
    /// so it runs the same however the defaults change later).
    public func withVoiceDefaults(_ request: SynthesisRequest) async throws -> SynthesisRequest {
        try await resolve(request.voice ?? settings.processing.model, request).request
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
    public func stream(_ request: SynthesisRequest, voiceID: String, startingAt firstChunk: Int = 0,
                       earlyFirstAudio: Bool = false) async throws -> SpeechStream {
        let (engine, voice, request) = try await resolve(voiceID, request)
        let options = try SynthesisOptions.validated(speed: request.speed, raw: request.parameters, for: engine)
        try await engine.check(options, voice: voice.name)
        let (text, script) = try await read(request, voice: voice)
        if let script {
            var stream = try await scriptStream(script, request, primary: (engine, voice), startingAt: firstChunk)
            stream.writtenText = request.ssml ? nil : request.text
            return stream
        }
        var chunks = try await prepare(text, maxCharacters: engine.maxChunkCharacters)
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

    /// Synthesises `request` with `voiceID` only (a voice's preview: its own sound or an error).
    public func synthesizeWithoutFallback(_ request: SynthesisRequest, voiceID: String, to destination: URL) async throws -> SynthesisResult {
        try AtomicFile.checkWritable(destination)
        return try await speak(request, voiceID: voiceID, to: destination)
    }

    private func speak(_ request: SynthesisRequest, voiceID: String, to destination: URL) async throws -> SynthesisResult {
        let stream = try await stream(request, voiceID: voiceID)
        let requestedRate = request.sampleRate ?? (settings.processing.sampleRate == 0 ? nil : settings.processing.sampleRate)
        let writer = try AudioFileWriter(destination: destination, format: request.format, inputRate: stream.voice.sampleRate, sampleRate: requestedRate)
        var failed = true
        var chunks = stream.chunks.makeAsyncIterator()
        defer {
            chunks.cancel()
            if failed { writer.cancel() }
        }
        var captions = stream.captionTrack(), written = 0
        while let (index, audio) = try await chunks.next() {
            guard audio.sampleRate == stream.voice.sampleRate else {
                throw ChatterboxError.engine("\(stream.voice.engine) returned \(audio.sampleRate) Hz audio for a \(stream.voice.sampleRate) Hz voice")
            }
            let samples = stream.samples(index: index, audio: audio)
            captions.append(stream.words(index: index, audio: audio), at: Double(written) / Double(audio.sampleRate))
            written += samples.count
            try writer.append(AudioBuffer(samples: samples, sampleRate: audio.sampleRate))
        }
        let duration = try writer.finish()
        failed = false
        captions.finish()
        return SynthesisResult(voice: stream.voice.id, requestedVoice: stream.voice.id, fallbackReason: nil, chunks: stream.chunkCount,
                               duration: duration, sampleRate: writer.outputRate, format: request.format, words: captions.words)
    }
}
