import ChatterboxCore

/// Speaks text as Wyoming audio events: `audio-start {rate, width, channels}`, `audio-chunk`s of
/// s16le mono PCM (`wyoming.samples_per_chunk` samples each), `audio-stop` — sentence by sentence,
/// each sent as soon as it is spoken, through the one speaking path (`SpeechSession` into a `WyomingAudioSink`).
struct WyomingSpeaker: Sendable {
    let processor: SpeechProcessor
    let samplesPerChunk: Int

    /// What one spoken text produced: the voice that spoke and when its first audio went out.
    struct Spoken: Sendable {
        var voice: VoiceID
        var firstAudio: ContinuousClock.Instant?
    }

    /// Speaks `text` with `voice` (down the fallback chain if it fails before any audio), sending
    /// `audio-start` first when `start` and `audio-stop` last when `stop`. `rate` pins the output
    /// rate of a stream that already started (later sentences of one stream keep one format). `early`
    /// splits a long first sentence at a clause, for the first audio of a request or stream. Wyoming
    /// has no speed: the voice's own applies.
    func speak(_ text: String, voice: VoiceID, start: Bool, stop: Bool, rate: Int? = nil, early: Bool = true, ssml: Bool = false,
               send: @escaping @Sendable (WyomingEvent) async throws -> Void) async throws -> (Spoken, rate: Int) {
        var request = SynthesisRequest(text: text, voice: voice)
        request.ssml = ssml
        var session = try await SpeechSession.open(request, processor: processor, earlyFirstAudio: early)
        defer { session.cancel() }
        let outputRate = rate ?? session.stream.voice.sampleRate
        var sink = try WyomingAudioSink(inputRate: session.stream.voice.sampleRate, outputRate: outputRate,
                                        samplesPerChunk: samplesPerChunk, stop: stop, send: send)
        if start { try await sink.start() }
        try await session.speak(into: &sink)
        return (Spoken(voice: session.voice, firstAudio: sink.firstAudio), outputRate)
    }
}
