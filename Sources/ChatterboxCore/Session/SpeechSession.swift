import Logging

/// One synthesis from a request to a `SpeechSink` — the one speaking path every front door takes (`synth`,
/// `/v1/audio/speech`, jobs, Wyoming).
///
/// `open` settles the voice under the one fallback policy by speaking the first chunk: a failure before
/// anything is delivered can still move on to another voice, and a front door that must answer with a
/// status (HTTP) learns it before it answers. `speak(into:)` then hands every chunk to the sink, placed on
/// one timeline: the silence or clause pause before it (`SpeechStream.samples`) and its words on the
/// caption track (`CaptionTrack`), settled in the request's spelling.
public struct SpeechSession: Sendable {
    /// The synthesis under way (its voice is the one that spoke).
    public let stream: SpeechStream
    /// The voice that spoke, with its speaker.
    public let voice: VoiceID
    /// The voice asked for.
    public let requestedVoice: VoiceID
    /// Why the voices before `voice` did not speak; `nil` when the requested voice spoke.
    public let fallbackReason: String?
    private var first: ChunkSynthesis.Element?
    private var rest: ChunkSynthesis.Iterator

    /// Opens a synthesis of `request`, trying `voices` in order (default: the requested voice, then
    /// `processing.fallback`; a resumed job passes the one voice its checkpoints were spoken with).
    ///
    /// The policy, the only one: the requested voice's bad input stops at once (the caller must change the
    /// request); an engine failure (500, 503, 504) moves on; a fallback voice that refuses the request (not
    /// installed, a parameter it does not take) moves on; when every voice fails, the requested voice's failure
    /// is reported, with its kind and code. Once the first chunk is spoken the voice is settled: a later failure
    /// is the caller's to report (a job retries with the same voice; nothing mixes voices).
    public static func open(_ request: SynthesisRequest, processor: SpeechProcessor, voices: [VoiceID]? = nil,
                            startingAt firstChunk: Int = 0, earlyFirstAudio: Bool = false) async throws -> SpeechSession {
        let requested = request.voice ?? processor.settings.processing.model
        let candidates = voices ?? processor.voiceCandidates(for: requested)
        var failures: [(voice: VoiceID, error: ChatterboxError)] = []
        for (position, voice) in candidates.enumerated() {
            do {
                var attempt = request
                attempt.voice = voice
                let stream = try await processor.stream(attempt, voice: voice, startingAt: firstChunk, earlyFirstAudio: earlyFirstAudio)
                var chunks = stream.chunks.makeAsyncIterator()
                let first = try await chunks.next()
                let reason = failures.isEmpty ? nil : failures.map { "\($0.voice): \($0.error.message)" }.joined(separator: "; ")
                if let reason { processor.logger.notice("\(requested) failed, speaking with \(voice): \(reason)") }
                return SpeechSession(stream: stream, voice: voice, requestedVoice: requested, fallbackReason: reason, first: first, rest: chunks)
            } catch let error as ChatterboxError where position > 0 || !error.kind.isCallerFault {
                processor.logger.notice("voice \(voice) failed (\(error.code)): \(error.message)")
                failures.append((voice, error))
            }
        }
        guard let reported = failures.first?.error else {
            throw ChatterboxError(.unknownVoice, message: "no voice to speak with", field: "voice")
        }
        if failures.count == 1 { throw reported }
        let all = failures.map { "\($0.voice): \($0.error.message)" }.joined(separator: "; ")
        throw ChatterboxError(reported.code, message: "no voice could speak the text: " + all, field: reported.field)
    }

    /// Delivers every chunk to `sink` in order, then finishes it. Chunks still rendering ahead are cancelled
    /// when this ends early (the sink failed: a client went away, a job was cancelled).
    @discardableResult
    public mutating func speak<Sink: SpeechSink>(into sink: inout Sink) async throws -> SpeechSummary {
        defer { rest.cancel() }
        var pending = first
        first = nil
        let (seconds, words) = try await Self.deliver(stream, into: &sink) {
            if let opening = pending {
                pending = nil
                return opening
            }
            return try await rest.next()
        }
        return SpeechSummary(voice: voice, requestedVoice: requestedVoice, fallbackReason: fallbackReason,
                             chunks: stream.chunkCount, audioSeconds: seconds, words: words)
    }

    /// Stops every chunk being rendered (the session will not be spoken).
    public mutating func cancel() {
        rest.cancel()
    }

    /// Delivers chunks kept from an earlier synthesis of `stream` (a job's checkpoints) to `sink`, placed on the
    /// timeline exactly as `speak(into:)` places them, so a resumed job's file and captions equal an uninterrupted one's.
    public static func replay<Sink: SpeechSink>(_ stream: SpeechStream, into sink: inout Sink,
                                                 chunk: (Int) async throws -> AudioBuffer) async throws -> (seconds: Double, words: [WordTiming]) {
        var index = 0
        return try await deliver(stream, into: &sink) {
            guard index < stream.chunkCount else { return nil }
            defer { index += 1 }
            return (index, try await chunk(index))
        }
    }

    /// The loop, written once: each chunk placed (pause before it, its words on the caption track), handed to the
    /// sink, then the sink finished with the last settled words. Returns the seconds delivered and every word.
    private static func deliver<Sink: SpeechSink>(_ stream: SpeechStream, into sink: inout Sink,
                                                  next: () async throws -> ChunkSynthesis.Element?) async throws -> (seconds: Double, words: [WordTiming]) {
        var captions = stream.captionTrack(), delivered = 0
        let rate = stream.voice.sampleRate
        while let (index, audio) = try await next() {
            guard audio.sampleRate == rate else {
                throw ChatterboxError.engine("\(stream.voice.engine) returned \(audio.sampleRate) Hz audio for a \(rate) Hz voice")
            }
            let samples = stream.samples(index: index, audio: audio), known = captions.words.count
            let start = Double(delivered) / Double(rate)
            captions.append(stream.words(index: index, audio: audio), at: start)
            delivered += samples.count
            try await sink.write(SpeechPiece(index: index, audio: audio, samples: samples, start: start, words: Array(captions.words[known...])))
        }
        let known = captions.words.count
        captions.finish()
        try await sink.finish(words: Array(captions.words[known...]))
        return (Double(delivered) / Double(rate), captions.words)
    }
}
