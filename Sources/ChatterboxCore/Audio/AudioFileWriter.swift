import CSndFile
import Foundation

/// Encodes audio into a file chunk by chunk with libsndfile, resampling on the way when the
/// format needs another rate, and moves the file into place only when it is complete.
///
/// Until `finish()` the audio lives in a hidden temporary file beside the destination;
/// `cancel()` (or dropping the writer unfinished) removes it, so a failed synthesis never
/// leaves a half-written file under the requested name.
public final class AudioFileWriter {
    /// Where the finished file goes.
    public let destination: URL
    /// The output format.
    public let format: AudioFormat
    /// The rate of the samples handed to `append`.
    public let inputRate: Int
    /// The rate written to the file.
    public let outputRate: Int
    /// Samples written so far, at `outputRate`.
    public private(set) var framesWritten = 0

    private let temporary: URL
    private var file: OpaquePointer?
    private let resampler: Resampler

    /// Opens a writer. `sampleRate` is the requested output rate (validated for the format);
    /// `nil` keeps `inputRate` or, when the format cannot take it, the nearest rate it can.
    public init(destination: URL, format: AudioFormat, inputRate: Int, sampleRate: Int? = nil, bitrates: AudioBitrates = .standard) throws {
        if let sampleRate { try format.validate(sampleRate: sampleRate) }
        try AtomicFile.checkWritable(destination)
        self.destination = destination
        self.format = format
        self.inputRate = inputRate
        self.outputRate = sampleRate ?? format.encodingRate(for: inputRate)
        self.temporary = AtomicFile.temporaryPath(for: destination)
        self.resampler = try Resampler(from: inputRate, to: outputRate)
        var info = SF_INFO(frames: 0, samplerate: Int32(outputRate), channels: 1, format: format.sndfileFormat, sections: 0, seekable: 0)
        guard let opened = sf_open(temporary.path, Int32(SFM_WRITE), &info) else {
            let reason = String(cString: sf_strerror(nil))
            try? FileManager.default.removeItem(at: temporary)
            throw ChatterboxError.io("cannot write \(format.rawValue) to \(destination.path): \(reason)", field: "output")
        }
        file = opened
        bitrates.configure(opened, format: format, sampleRate: outputRate)
    }

    deinit {
        if file != nil { cancel() }
    }

    /// Encodes the next samples (at `inputRate`).
    public func append(_ samples: [Float]) throws {
        try write(resampler.process(samples))
    }

    /// Encodes a buffer, which must be at `inputRate`.
    public func append(_ buffer: AudioBuffer) throws {
        precondition(buffer.sampleRate == inputRate, "buffer rate differs from the writer's input rate")
        try append(buffer.samples)
    }

    /// Flushes, closes and moves the file to `destination`. Returns the duration written in seconds.
    @discardableResult
    public func finish() throws -> Double {
        try write(resampler.flush())
        guard let file else { throw ChatterboxError.io("audio writer already closed") }
        self.file = nil
        let status = sf_close(file)
        guard status == 0 else {
            try? FileManager.default.removeItem(at: temporary)
            throw ChatterboxError.io("cannot finish \(destination.path): \(String(cString: sf_error_number(status)))", field: "output")
        }
        try AtomicFile.commit(temporary, to: destination)
        return Double(framesWritten) / Double(outputRate)
    }

    /// Abandons the file: nothing is left at `destination` or in the temporary place.
    public func cancel() {
        if let file { sf_close(file) }
        file = nil
        try? FileManager.default.removeItem(at: temporary)
    }

    private func write(_ samples: [Float]) throws {
        guard !samples.isEmpty else { return }
        guard let file else { throw ChatterboxError.io("audio writer already closed") }
        // Clip: encoders wrap or distort out-of-range floats.
        let clipped = samples.map { max(-1, min(1, $0)) }
        let count = clipped.withUnsafeBufferPointer { sf_writef_float(file, $0.baseAddress, sf_count_t($0.count)) }
        guard count == clipped.count else {
            let reason = String(cString: sf_strerror(file))
            cancel()
            throw ChatterboxError.io("writing \(format.rawValue) failed: \(reason)", field: "output")
        }
        framesWritten += clipped.count
    }
}
