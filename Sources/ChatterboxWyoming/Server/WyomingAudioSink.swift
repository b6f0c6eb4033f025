import ChatterboxCore

/// A Wyoming connection as a `SpeechSink`: each chunk resampled to the stream's rate when it differs, sent as
/// `audio-chunk` events of s16le mono PCM, `samplesPerChunk` samples each; `audio-stop` at the end when asked.
struct WyomingAudioSink: SpeechSink {
    private let format: [String: JSONValue]
    private let resampler: Resampler?
    private let samplesPerChunk: Int
    private let stop: Bool
    private let send: @Sendable (WyomingEvent) async throws -> Void
    /// When the first audio went out.
    private(set) var firstAudio: ContinuousClock.Instant?

    init(inputRate: Int, outputRate: Int, samplesPerChunk: Int, stop: Bool, send: @escaping @Sendable (WyomingEvent) async throws -> Void) throws {
        format = ["rate": .number(Double(outputRate)), "width": 2, "channels": 1]
        resampler = outputRate == inputRate ? nil : try Resampler(from: inputRate, to: outputRate)
        self.samplesPerChunk = samplesPerChunk
        self.stop = stop
        self.send = send
    }

    /// Sends `audio-start` with the stream's format.
    func start() async throws {
        try await send(WyomingEvent("audio-start", data: format))
    }

    mutating func write(_ piece: SpeechPiece) async throws {
        let samples = resampler.map { $0.process(piece.samples) } ?? piece.samples
        for part in Self.pcm(samples).chunked(by: samplesPerChunk * 2) {
            try await send(WyomingEvent("audio-chunk", data: format, payload: part))
            firstAudio = firstAudio ?? .now
        }
    }

    mutating func finish(words: [WordTiming]) async throws {
        if let tail = resampler?.flush(), !tail.isEmpty {
            try await send(WyomingEvent("audio-chunk", data: format, payload: Self.pcm(tail)))
        }
        if stop { try await send(WyomingEvent("audio-stop")) }
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
