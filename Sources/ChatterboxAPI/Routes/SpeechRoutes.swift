import ChatterboxCore
import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// `POST /v1/audio/speech`, OpenAI-compatible. The audio streams sentence by sentence with
/// chunked transfer (or as `speech.audio.delta` Server-Sent Events): the first bytes leave as
/// soon as the first sentence is spoken. At most `api.speech_concurrency` syntheses run at
/// once; later requests wait their turn (`SpeechPlaces`). A client that stops reading is dropped
/// after `api.write_timeout_seconds` (`WriteTimeoutHandler`) and its synthesis stops.
struct SpeechRoutes: Sendable {
    let environment: APIEnvironment

    func register(on router: Router<APIRequestContext>) {
        router.post("v1/audio/speech", use: speech)
    }

    @Sendable func speech(_ request: Request, context: APIRequestContext) async throws -> Response {
        try environment.requireDiskSpace()
        let body = try await request.decodeJSON(SpeechBody.self, limit: environment.settings.api.maxBodyBytes)
        let plan = try await body.plan(in: environment)
        let places = environment.speechPlaces, client = context.clientID
        try await places.enter(client: client)
        let started = ContinuousClock.now
        let opening: SpeechOpening
        do {
            opening = try await SpeechOpening.start(plan.request, processor: environment.processor)
        } catch {
            await places.leave(client: client)
            throw error
        }
        var headers = HTTPFields()
        headers[.contentType] = plan.sse ? "text/event-stream" : plan.timestamps ? "application/json" : plan.request.format.contentType
        headers[.cacheControl] = "no-cache"
        headers[HTTPField.Name("X-Voice")!] = opening.stream.voice.id
        let writer = SpeechBodyWriter(opening: opening, format: plan.request.format, sampleRate: plan.request.sampleRate, sse: plan.sse,
                                      timestamps: plan.timestamps, inputCharacters: body.input.count, places: places, client: client, metrics: environment.metrics,
                                      logger: context.logger, started: started)
        return Response(status: .ok, headers: headers, body: ResponseBody { try await writer.write(&$0) })
    }
}

/// Writes a speech response: encodes each sentence as it is spoken and sends the bytes,
/// raw or as `speech.audio.delta` events (each followed by its `speech.audio.word` events when
/// timestamps are asked for); with timestamps and no SSE, one JSON answer at the end. Frees the
/// synthesis place when done.
struct SpeechBodyWriter: Sendable {
    let opening: SpeechOpening
    let format: AudioFormat
    let sampleRate: Int?
    let sse: Bool
    let timestamps: Bool
    let inputCharacters: Int
    let places: SpeechPlaces
    let client: String
    let metrics: APIMetrics
    let logger: Logger
    let started: ContinuousClock.Instant

    func write(_ writer: inout any ResponseBodyWriter) async throws {
        do {
            try await stream(&writer)
        } catch {
            await places.leave(client: client)
            throw error
        }
        await places.leave(client: client)
    }

    private func stream(_ writer: inout any ResponseBodyWriter) async throws {
        let encoder = try AudioStreamEncoder(format: format, inputRate: opening.stream.voice.sampleRate, sampleRate: sampleRate)
        var chunks = opening.rest
        var next = opening.first
        var captions = opening.stream.captionTrack(), sent = 0
        do {
            while let (index, audio) = next {
                let samples = opening.stream.samples(index: index, audio: audio), known = captions.words.count
                captions.append(opening.stream.words(index: index, audio: audio), at: Double(sent) / Double(audio.sampleRate))
                sent += samples.count
                try encoder.append(samples)
                if streams {
                    let piece = encoder.takeAvailable()
                    if !piece.isEmpty { try await writer.write(wrap(piece)) }
                }
                if sse, timestamps {
                    for word in captions.words[known...] { try await writer.write(SpeechEvents.word(word)) }
                }
                next = try await chunks.next()
            }
        } catch {
            chunks.cancel()  // model calls for sentences nobody will hear stop now
            let spoken = String(format: "%.1f", encoder.duration)
            if error is ChatterboxError {
                logger.error("speech stream stopped after \(spoken) s: \(error)")
            } else {
                logger.info("speech stream ended after \(spoken) s: the client went away (\(error))")
            }
            throw error
        }
        let tail = try streams ? encoder.finishStream() : encoder.finish()
        let known = captions.words.count
        captions.finish()  // the last words, settled now that no more come
        if timestamps, !sse {
            try await writer.write(SpeechEvents.answer(audio: tail, format: format, sampleRate: encoder.outputRate, words: captions.words))
        } else if !tail.isEmpty {
            try await writer.write(wrap(tail))
        }
        if sse, timestamps {
            for word in captions.words[known...] { try await writer.write(SpeechEvents.word(word)) }
        }
        if sse { try await writer.write(SpeechEvents.done(inputCharacters: inputCharacters)) }
        try await writer.finish(nil)
        metrics.speech(audioSeconds: encoder.duration, wallSeconds: started.secondsSince)
    }

    /// FLAC keeps its length and checksum in a header written last, which a stream cannot
    /// revisit (decoders then see an unknown length), so FLAC is sent whole; the others stream
    /// (but for a JSON answer, which carries the whole file).
    private var streams: Bool { format != .flac && !(timestamps && !sse) }

    private func wrap(_ bytes: [UInt8]) -> ByteBuffer {
        sse ? SpeechEvents.delta(bytes) : ByteBuffer(bytes: bytes)
    }
}

/// The first sentence of a speech response, spoken before the response starts, so that a
/// failure to speak at all is still an error status (and the fallback chain can be tried).
struct SpeechOpening: Sendable {
    var stream: SpeechStream
    var first: ChunkSynthesis.Element?
    var rest: ChunkSynthesis.Iterator

    static func start(_ request: SynthesisRequest, processor: SpeechProcessor) async throws -> SpeechOpening {
        try await processor.withFallback(from: request.voice ?? processor.settings.processing.model) { voiceID in
            let stream = try await processor.stream(request, voiceID: voiceID, earlyFirstAudio: true)
            var iterator = stream.chunks.makeAsyncIterator()
            let first = try await iterator.next()
            return SpeechOpening(stream: stream, first: first, rest: iterator)
        }.value
    }
}
