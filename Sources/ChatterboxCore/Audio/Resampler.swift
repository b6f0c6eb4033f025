import CSoxr

/// Streaming sample-rate conversion through libsoxr (high quality), fed chunk by chunk so a
/// long text never needs all of its audio in memory at once.
public final class Resampler {
    /// The rate samples arrive at.
    public let inputRate: Int
    /// The rate samples leave at.
    public let outputRate: Int
    private let handle: soxr_t?

    /// Creates a converter; when the rates are equal it passes samples through untouched.
    public init(from inputRate: Int, to outputRate: Int) throws {
        self.inputRate = inputRate
        self.outputRate = outputRate
        guard inputRate != outputRate else {
            handle = nil
            return
        }
        var error: soxr_error_t?
        var quality = soxr_quality_spec(UInt(SOXR_HQ), 0)
        var io = soxr_io_spec(SOXR_FLOAT32_I, SOXR_FLOAT32_I)
        let created = soxr_create(Double(inputRate), Double(outputRate), 1, &error, &io, &quality, nil)
        if let error {
            throw ChatterboxError.engine("cannot resample \(inputRate) Hz to \(outputRate) Hz: \(String(cString: error))")
        }
        handle = created
    }

    deinit {
        if let handle { soxr_delete(handle) }
    }

    /// Converts the next piece of input; some output may be held back until `flush()`.
    public func process(_ input: [Float]) -> [Float] {
        guard let handle else { return input }
        return run(handle, input: input, final: false)
    }

    /// Returns the samples still held inside the converter. Call once, after the last `process`.
    public func flush() -> [Float] {
        guard let handle else { return [] }
        return run(handle, input: [], final: true)
    }

    private func run(_ handle: soxr_t, input: [Float], final: Bool) -> [Float] {
        if input.isEmpty && !final { return [] }
        // libsoxr reads a NULL input as "end of stream"; a real pointer with length 0 just drains.
        let source = input.isEmpty ? [Float(0)] : input
        let ratio = Double(outputRate) / Double(inputRate)
        var output: [Float] = []
        var produced = [Float](repeating: 0, count: Int(Double(input.count) * ratio) + 4096)
        var consumedTotal = 0
        while true {
            var consumed = 0
            var written = 0
            let remaining = input.count - consumedTotal
            source.withUnsafeBufferPointer { inBuffer in
                produced.withUnsafeMutableBufferPointer { outBuffer in
                    let inPointer: UnsafeRawPointer? = final ? nil : UnsafeRawPointer(inBuffer.baseAddress! + consumedTotal)
                    _ = soxr_process(handle, inPointer, final ? 0 : remaining, &consumed, outBuffer.baseAddress, outBuffer.count, &written)
                }
            }
            consumedTotal += consumed
            output += produced[0..<written]
            // Go round again only while the output buffer came back full: soxr has more to give.
            if written < produced.count && consumedTotal >= input.count { break }
        }
        return output
    }

    /// Converts a whole buffer in one call.
    public static func resample(_ buffer: AudioBuffer, to rate: Int) throws -> AudioBuffer {
        guard buffer.sampleRate != rate else { return buffer }
        let resampler = try Resampler(from: buffer.sampleRate, to: rate)
        let samples = resampler.process(buffer.samples) + resampler.flush()
        return AudioBuffer(samples: samples, sampleRate: rate)
    }
}
