import ChatterboxCore
import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// `POST /v1/audio/speech`, OpenAI-compatible. The audio streams sentence by sentence with
/// chunked transfer (or as `speech.audio.delta` Server-Sent Events): the first bytes leave as
/// soon as the first sentence is spoken. At most `api.speech_concurrency` syntheses run at
/// once; later requests wait their turn (`SpeechPlaces`). A client that stops reading is dropped
/// after `api.write_timeout_seconds` (`WriteTimeoutHandler`) and its synthesis stops. The one
/// speaking path (`SpeechSession`) speaks into an `HTTPSpeechSink`.
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
        let opened: SpeechSession
        do {
            // The first sentence is spoken before answering: failing to speak at all is still an error status.
            opened = try await SpeechSession.open(plan.request, processor: environment.processor, earlyFirstAudio: true)
        } catch {
            await places.leave(client: client)
            throw error
        }
        var headers = HTTPFields()
        headers[.contentType] = plan.sse ? "text/event-stream" : plan.timestamps ? "application/json" : plan.request.format.contentType
        headers[.cacheControl] = "no-cache"
        headers[HTTPField.Name("X-Voice")!] = opened.voice.description
        if let instructions = body.instructions, instructions.contains(where: { !$0.isWhitespace }) {
            // gpt-4o-mini-tts's style instructions: accepted, and said plainly that none of our engines takes them.
            headers[HTTPField.Name("X-Instructions")!] = "ignored: \(opened.voice.engine) voices take no style instructions"
        }
        let shape = HTTPSpeechSink.Shape(format: plan.request.format, sampleRate: plan.request.sampleRate, sse: plan.sse,
                                         timestamps: plan.timestamps, inputCharacters: body.input.count,
                                         bitrates: environment.settings.processing.bitrates)
        let metrics = environment.metrics, logger = context.logger
        return Response(status: .ok, headers: headers, body: ResponseBody { writer in
            var session = opened
            defer { session.cancel() }  // model calls for sentences nobody will hear stop now
            do {
                var sink = try HTTPSpeechSink(writer: writer, shape: shape, inputRate: session.stream.voice.sampleRate)
                let spoken = try await session.speak(into: &sink)
                writer = sink.writer
                await places.leave(client: client)
                metrics.speech(audioSeconds: spoken.audioSeconds, wallSeconds: started.secondsSince)
            } catch {
                await places.leave(client: client)
                if error is ChatterboxError {
                    logger.error("speech stream stopped: \(error)")
                } else {
                    logger.info("speech stream ended: the client went away (\(error))")
                }
                throw error
            }
        })
    }
}
