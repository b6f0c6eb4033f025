import ChatterboxCore
import Logging

/// One client connection: answers events in order until the client closes. `describe` ->
/// `info`; `ping` -> `pong`; `synthesize` -> one audio cycle for the whole text (sentences sent as
/// they are spoken); `synthesize-start`/`-chunk`/`-stop` -> one audio cycle per sentence as soon as
/// it is complete in the text so far, then `synthesize-stopped` (a `synthesize` inside a stream is
/// Home Assistant's compatibility copy and is ignored). Bad requests get `error {text, code}`.
struct WyomingSession: Sendable {
    let catalog: WyomingCatalog
    let speaker: WyomingSpeaker
    let maxTextLength: Int
    let logger: Logger

    /// A streaming request in progress.
    struct Stream: Sendable {
        var voice: VoiceID
        /// An SSML stream is spoken whole at `synthesize-stop` (a document is not complete before).
        var ssml = false
        var pending = ""
        var received = 0
        var rate: Int?
    }

    func run(_ events: some AsyncSequence<WyomingEvent, any Error>, send: @escaping @Sendable (WyomingEvent) async throws -> Void) async throws {
        var stream: Stream?
        for try await event in events {
            do {
                switch event.type {
                case "describe": try await send(await catalog.info())
                case "ping": try await send(WyomingEvent("pong", data: event.data["text"].map { ["text": $0] } ?? [:]))
                case "synthesize" where stream != nil: continue
                case "synthesize": try await synthesize(event, send: send)
                case "synthesize-start": stream = Stream(voice: try await voice(of: event), ssml: Self.isSSML(event))
                case "synthesize-chunk":
                    guard var current = stream else { throw Self.outOfOrder("synthesize-chunk") }
                    stream = nil  // a failure below ends the stream
                    try await add(text(of: event), to: &current, send: send)
                    stream = current
                case "synthesize-stop":
                    guard var current = stream else { throw Self.outOfOrder("synthesize-stop") }
                    stream = nil
                    try await finish(&current, send: send)
                    try await send(WyomingEvent("synthesize-stopped"))
                default:
                    throw ChatterboxError(.unknownEvent, message: "this server does not handle '\(event.type.prefix(40))' events")
                }
            } catch let error as ChatterboxError {
                logger.info("wyoming: \(event.type) refused: \(error.message)")
                try await send(WyomingEvent.error(error.message, code: error.code.rawValue))
            }
        }
    }

    private func synthesize(_ event: WyomingEvent, send: @escaping @Sendable (WyomingEvent) async throws -> Void) async throws {
        let text = try text(of: event)
        guard text.count <= maxTextLength else { throw Self.tooLong(text.count, maxTextLength) }
        let started = ContinuousClock.now
        let (spoken, _) = try await speaker.speak(text, voice: try await voice(of: event), start: true, stop: true,
                                                  ssml: Self.isSSML(event), send: send)
        WyomingMetrics.synthesized(streaming: false, firstAudio: spoken.firstAudio.map { $0 - started })
    }

    /// Adds streamed text; speaks every sentence that is now complete.
    private func add(_ text: String, to stream: inout Stream, send: @escaping @Sendable (WyomingEvent) async throws -> Void) async throws {
        stream.received += text.count
        guard stream.received <= maxTextLength else { throw Self.tooLong(stream.received, maxTextLength) }
        stream.pending += text
        guard !stream.ssml else { return }
        let sentences = SentenceChunker(maxCharacters: maxTextLength).sentences(stream.pending)
        guard sentences.count > 1 else { return }
        for sentence in sentences.dropLast() { try await speak(sentence, in: &stream, send: send) }
        stream.pending = sentences.last ?? ""
    }

    private func finish(_ stream: inout Stream, send: @escaping @Sendable (WyomingEvent) async throws -> Void) async throws {
        if stream.ssml {
            let started = ContinuousClock.now
            let (spoken, _) = try await speaker.speak(stream.pending, voice: stream.voice, start: true, stop: true, ssml: true, send: send)
            WyomingMetrics.synthesized(streaming: true, firstAudio: spoken.firstAudio.map { $0 - started })
            stream.pending = ""
            return
        }
        for sentence in SentenceChunker(maxCharacters: maxTextLength).sentences(stream.pending) {
            try await speak(sentence, in: &stream, send: send)
        }
        stream.pending = ""
    }

    /// One audio cycle for one sentence; a sentence with nothing to say (only punctuation) is skipped.
    private func speak(_ sentence: String, in stream: inout Stream, send: @escaping @Sendable (WyomingEvent) async throws -> Void) async throws {
        let started = ContinuousClock.now
        do {
            let (spoken, rate) = try await speaker.speak(sentence, voice: stream.voice, start: true, stop: true, rate: stream.rate,
                                                         early: stream.rate == nil, send: send)
            stream.voice = spoken.voice  // one voice, and one format, for the whole stream
            stream.rate = rate
            WyomingMetrics.synthesized(streaming: true, firstAudio: spoken.firstAudio.map { $0 - started })
        } catch let error as ChatterboxError where error.code == .emptyText {
            return
        }
    }

    private func voice(of event: WyomingEvent) async throws -> VoiceID {
        let voice = event.data["voice"]?.object
        return try await catalog.resolve(name: voice?["name"]?.string, language: voice?["language"]?.string, speaker: voice?["speaker"]?.string)
    }

    /// `text_format: "ssml"` (wyoming 1.10's `SynthesizeTextFormat`).
    static func isSSML(_ event: WyomingEvent) -> Bool {
        event.data["text_format"]?.string == "ssml"
    }

    private func text(of event: WyomingEvent) throws -> String {
        guard let text = event.data["text"]?.string else {
            throw ChatterboxError(.missingField, message: "\(event.type) needs data.text (a string)", field: "text")
        }
        return text
    }

    static func outOfOrder(_ type: String) -> ChatterboxError {
        ChatterboxError(.noStream, message: "\(type) without synthesize-start")
    }

    static func tooLong(_ length: Int, _ limit: Int) -> ChatterboxError {
        ChatterboxError(.textTooLong, message: "text is \(length) characters; the limit is \(limit) (processing.max_text_length)", field: "text")
    }
}
