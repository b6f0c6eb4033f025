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
        headers[.contentType] = plan.sse ? "text/event-stream" : plan.request.format.contentType
        headers[.cacheControl] = "no-cache"
        headers[HTTPField.Name("X-Voice")!] = opening.stream.voice.id
        let writer = SpeechBodyWriter(opening: opening, format: plan.request.format, sampleRate: plan.request.sampleRate, sse: plan.sse,
                                      inputCharacters: body.input.count, places: places, client: client, metrics: environment.metrics,
                                      logger: context.logger, started: started)
        return Response(status: .ok, headers: headers, body: ResponseBody { try await writer.write(&$0) })
    }
}

/// Writes a speech response: encodes each sentence as it is spoken and sends the bytes,
/// raw or as `speech.audio.delta` events; frees the synthesis place when done.
struct SpeechBodyWriter: Sendable {
    let opening: SpeechOpening
    let format: AudioFormat
    let sampleRate: Int?
    let sse: Bool
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
        do {
            while let (index, audio) = next {
                try encoder.append(opening.stream.samples(index: index, audio: audio))
                if streams {
                    let piece = encoder.takeAvailable()
                    if !piece.isEmpty { try await writer.write(wrap(piece)) }
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
        if !tail.isEmpty { try await writer.write(wrap(tail)) }
        if sse { try await writer.write(SpeechEvents.done(inputCharacters: inputCharacters)) }
        try await writer.finish(nil)
        metrics.speech(audioSeconds: encoder.duration, wallSeconds: started.secondsSince)
    }

    /// FLAC keeps its length and checksum in a header written last, which a stream cannot
    /// revisit (decoders then see an unknown length), so FLAC is sent whole; the others stream.
    private var streams: Bool { format != .flac }

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

/// OpenAI's speech Server-Sent Events.
enum SpeechEvents {
    /// `speech.audio.delta` with base64 audio bytes.
    @Sendable static func delta(_ bytes: [UInt8]) -> ByteBuffer {
        ByteBuffer(string: "data: {\"type\":\"speech.audio.delta\",\"audio\":\"\(Data(bytes).base64EncodedString())\"}\n\n")
    }

    /// `speech.audio.done`; usage counts input characters (our engines have no tokens).
    static func done(inputCharacters: Int) -> ByteBuffer {
        ByteBuffer(string: "data: {\"type\":\"speech.audio.done\",\"usage\":{\"input_tokens\":\(inputCharacters),\"output_tokens\":0,\"total_tokens\":\(inputCharacters)}}\n\n")
    }
}
