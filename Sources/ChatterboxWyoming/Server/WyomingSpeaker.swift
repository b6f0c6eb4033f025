import ChatterboxCore

/// Speaks text as Wyoming audio events: `audio-start {rate, width, channels}`, `audio-chunk`s of
/// s16le mono PCM (`wyoming.samples_per_chunk` samples each), `audio-stop` — sentence by sentence,
/// each sent as soon as it is spoken.
struct WyomingSpeaker: Sendable {
    let processor: SpeechProcessor
    let samplesPerChunk: Int

    /// A voice to speak with: our id, and what the request's `voice` sets for it (a `speaker`).
    struct Voice: Sendable {
        var id: String
        var parameters: [String: String] = [:]
    }

    /// What one spoken text produced: the voice that spoke and when its first audio went out.
    struct Spoken: Sendable {
        var voice: Voice
        var firstAudio: ContinuousClock.Instant?
    }

    /// Speaks `text` with `voice` (down the fallback chain if it fails before any audio), sending
    /// `audio-start` first when `start` and `audio-stop` last when `stop`. `rate` pins the output
    /// rate of a stream that already started (later sentences of one stream keep one format). `early`
    /// splits a long first sentence at a clause, for the first audio of a request or stream.
    func speak(_ text: String, voice: Voice, start: Bool, stop: Bool, rate: Int? = nil, early: Bool = true, ssml: Bool = false,
               send: (WyomingEvent) async throws -> Void) async throws -> (Spoken, rate: Int) {
        let (voiceID, _, opened) = try await processor.withFallback(from: voice.id) { candidate in
            // A fallback voice speaks with its own defaults: the speaker was the requested voice's.
            var request = SynthesisRequest(text: text, voice: candidate, parameters: candidate == voice.id ? voice.parameters : [:])
            request.speedGiven = false  // Wyoming has no speed: the voice's own applies
            request.ssml = ssml
            let stream = try await processor.stream(request, voiceID: candidate, earlyFirstAudio: early)
            var chunks = stream.chunks.makeAsyncIterator()
            let first = try await chunks.next()
            return Opened(stream: stream, first: first, rest: chunks)
        }
        var rest = opened.rest
        defer { rest.cancel() }
        let outputRate = rate ?? opened.stream.voice.sampleRate
        let resampler = outputRate == opened.stream.voice.sampleRate ? nil
            : try Resampler(from: opened.stream.voice.sampleRate, to: outputRate)
        let format: [String: JSONValue] = ["rate": .number(Double(outputRate)), "width": 2, "channels": 1]
        if start { try await send(WyomingEvent("audio-start", data: format)) }
        var spoken = Spoken(voice: voiceID == voice.id ? voice : Voice(id: voiceID), firstAudio: nil)
        var next = opened.first
        while let (index, audio) = next {
            var samples = opened.stream.samples(index: index, audio: audio)
            if let resampler { samples = resampler.process(samples) }
            for piece in Self.pcm(samples).chunked(by: samplesPerChunk * 2) {
                try await send(WyomingEvent("audio-chunk", data: format, payload: piece))
                spoken.firstAudio = spoken.firstAudio ?? .now
            }
            next = try await rest.next()
        }
        if let resampler {
            let tail = resampler.flush()
            if !tail.isEmpty { try await send(WyomingEvent("audio-chunk", data: format, payload: Self.pcm(tail))) }
        }
        if stop { try await send(WyomingEvent("audio-stop")) }
        return (spoken, outputRate)
    }

    private struct Opened: Sendable {
        var stream: SpeechStream
        var first: ChunkSynthesis.Element?
        var rest: ChunkSynthesis.Iterator
    }

    /// Float samples to 16-bit little-endian PCM, clipped.
    static func pcm(_ samples: [Float]) -> [UInt8] {
        var bytes = [UInt8]()
        bytes.reserveCapacity(samples.count * 2)
        for sample in samples {
            let value = Int16(max(-1, min(1, sample)) * 32767)
            bytes.append(UInt8(truncatingIfNeeded: value))
            bytes.append(UInt8(truncatingIfNeeded: value >> 8))
        }
        return bytes
    }
}

extension Array {
    /// Consecutive slices of at most `size` elements.
    func chunked(by size: Int) -> [[Element]] {
        stride(from: 0, to: count, by: Swift.max(1, size)).map { Array(self[$0..<Swift.min($0 + size, count)]) }
    }
}
