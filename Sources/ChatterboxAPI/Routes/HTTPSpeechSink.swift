import ChatterboxCore
import Hummingbird
import NIOCore

/// A speech response as a `SpeechSink`: each chunk encoded as it arrives and its bytes written, raw or as
/// `speech.audio.delta` events (each followed by its `speech.audio.word` events when timestamps are asked
/// for); with timestamps and no SSE, one JSON answer at the end.
struct HTTPSpeechSink: SpeechSink {
    /// What the client asked the answer to look like.
    struct Shape: Sendable {
        var format: AudioFormat
        var sampleRate: Int?
        var sse: Bool
        var timestamps: Bool
        /// For `speech.audio.done`'s usage.
        var inputCharacters: Int
        /// `processing.mp3_bitrate`, `processing.opus_bitrate`.
        var bitrates: AudioBitrates
    }

    private(set) var writer: any ResponseBodyWriter
    private let shape: Shape
    private let encoder: AudioStreamEncoder
    private var words: [WordTiming] = []

    init(writer: any ResponseBodyWriter, shape: Shape, inputRate: Int) throws {
        self.writer = writer
        self.shape = shape
        encoder = try AudioStreamEncoder(format: shape.format, inputRate: inputRate, sampleRate: shape.sampleRate, bitrates: shape.bitrates)
    }

    /// FLAC keeps its length and checksum in a header written last, which a stream cannot revisit (decoders
    /// then see an unknown length), so FLAC is sent whole; the others stream (but for a JSON answer, which
    /// carries the whole file).
    private var streams: Bool { shape.format != .flac && !(shape.timestamps && !shape.sse) }

    mutating func write(_ piece: SpeechPiece) async throws {
        try encoder.append(piece.samples)
        words += piece.words
        if streams {
            let bytes = encoder.takeAvailable()
            if !bytes.isEmpty { try await writer.write(wrap(bytes)) }
        }
        try await sendWords(piece.words)
    }

    mutating func finish(words last: [WordTiming]) async throws {
        let tail = try streams ? encoder.finishStream() : encoder.finish()
        words += last
        if shape.timestamps, !shape.sse {
            try await writer.write(SpeechEvents.answer(audio: tail, format: shape.format, sampleRate: encoder.outputRate, words: words))
        } else if !tail.isEmpty {
            try await writer.write(wrap(tail))
        }
        try await sendWords(last)
        if shape.sse { try await writer.write(SpeechEvents.done(inputCharacters: shape.inputCharacters)) }
        try await writer.finish(nil)
    }

    private mutating func sendWords(_ settled: [WordTiming]) async throws {
        guard shape.sse, shape.timestamps else { return }
        for word in settled { try await writer.write(SpeechEvents.word(word)) }
    }

    private func wrap(_ bytes: [UInt8]) -> ByteBuffer {
        shape.sse ? SpeechEvents.delta(bytes) : ByteBuffer(bytes: bytes)
    }
}
