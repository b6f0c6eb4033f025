import Foundation

/// A sink that writes a synthesis into an audio file (`synth`, a voice's preview, a job's assembly from its
/// checkpoints): encoded chunk by chunk into a temporary file, renamed into place when finished
/// (`AudioFileWriter`). A sink that is not finished leaves nothing behind once `cancel()` is called.
public struct AudioFileSink: SpeechSink {
    private let writer: AudioFileWriter
    /// Seconds written, known once finished.
    public private(set) var duration = 0.0

    /// Writes `format` to `destination`; audio arrives at `inputRate` and is written at `sampleRate` (`nil`: as it comes).
    public init(destination: URL, format: AudioFormat, inputRate: Int, sampleRate: Int?, bitrates: AudioBitrates) throws {
        writer = try AudioFileWriter(destination: destination, format: format, inputRate: inputRate, sampleRate: sampleRate, bitrates: bitrates)
    }

    /// The rate the file is written at.
    public var outputRate: Int { writer.outputRate }

    public mutating func write(_ piece: SpeechPiece) async throws {
        try writer.append(AudioBuffer(samples: piece.samples, sampleRate: piece.sampleRate))
    }

    public mutating func finish(words: [WordTiming]) async throws {
        duration = try writer.finish()
    }

    /// Removes the unfinished file.
    public func cancel() {
        writer.cancel()
    }
}
