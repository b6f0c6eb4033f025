import CSndFile
import Foundation

/// Encodes audio in memory with libsndfile (virtual I/O), handing out the encoded bytes as
/// they are produced — what an HTTP response streams sentence by sentence.
///
/// `takeAvailable()` returns the bytes written since the last call and forgets them, so a stream's
/// memory is what one chunk encodes, however long it runs. Headers that libsndfile
/// rewrites at close (WAV sizes, FLAC totals) cannot change bytes already sent, so a streamed
/// WAV carries the "unknown length" sizes 0xFFFFFFFF that decoders read to the end of the
/// stream, as OpenAI's streamed WAV does. `finish()` returns the complete, exact file.
public final class AudioStreamEncoder {
    /// The output format.
    public let format: AudioFormat
    /// The rate written.
    public let outputRate: Int
    /// Samples encoded so far, at `outputRate`.
    public private(set) var framesWritten = 0

    private let sink = MemorySink()
    private var file: OpaquePointer?
    private let resampler: Resampler
    private var handedOut = 0

    /// Opens an encoder for samples at `inputRate`; `sampleRate` is a requested output rate.
    public init(format: AudioFormat, inputRate: Int, sampleRate: Int? = nil, bitrates: AudioBitrates = .standard) throws {
        if let sampleRate { try format.validate(sampleRate: sampleRate) }
        self.format = format
        self.outputRate = sampleRate ?? format.encodingRate(for: inputRate)
        self.resampler = try Resampler(from: inputRate, to: outputRate)
        var info = SF_INFO(frames: 0, samplerate: Int32(outputRate), channels: 1, format: format.sndfileFormat, sections: 0, seekable: 0)
        var io = MemorySink.callbacks
        guard let opened = sf_open_virtual(&io, Int32(SFM_WRITE), &info, Unmanaged.passUnretained(sink).toOpaque()) else {
            throw ChatterboxError.io("cannot encode \(format.rawValue): \(String(cString: sf_strerror(nil)))")
        }
        file = opened
        // A streamed MP3 cannot get its Xing (VBR length) header back-patched, so decoders estimate its length
        // from the bit rate: `configure` makes it constant.
        bitrates.configure(opened, format: format, sampleRate: outputRate)
    }

    deinit {
        if let file { sf_close(file) }
    }

    /// Encodes a buffer at the input rate.
    public func append(_ samples: [Float]) throws {
        try write(resampler.process(samples))
    }

    /// The encoded bytes produced since the last call (for streaming); they are not kept.
    public func takeAvailable() -> [UInt8] {
        let end = sink.end
        guard end > handedOut else { return [] }
        var piece = Array(sink.bytes[(handedOut - sink.base)...])
        if handedOut == 0, format == .wav { Self.markUnknownLength(&piece) }
        handedOut = end
        sink.forget(upTo: end)
        return piece
    }

    /// Flushes and closes; returns the whole encoded file (exact headers). Only for an encoder
    /// whose bytes were never taken (`takeAvailable` forgets them).
    public func finish() throws -> [UInt8] {
        try close()
        precondition(sink.base == 0, "finish() after takeAvailable(): use finishStream()")
        return sink.bytes
    }

    /// Closes and returns what was not handed out yet (for streaming; earlier bytes stay as sent).
    public func finishStream() throws -> [UInt8] {
        try close()
        defer { handedOut = sink.end }
        return handedOut < sink.end ? Array(sink.bytes[(handedOut - sink.base)...]) : []
    }

    private func close() throws {
        try write(resampler.flush())
        guard let file else { throw ChatterboxError.io("audio encoder already closed") }
        self.file = nil
        let status = sf_close(file)
        guard status == 0 else { throw ChatterboxError.io("cannot finish \(format.rawValue): \(String(cString: sf_error_number(status)))") }
    }

    /// Encoded bytes held in memory (not yet handed out, or kept for `finish()`).
    public var retainedBytes: Int { sink.bytes.count }

    /// Seconds encoded so far.
    public var duration: Double { Double(framesWritten) / Double(outputRate) }

    private func write(_ samples: [Float]) throws {
        guard !samples.isEmpty else { return }
        guard let file else { throw ChatterboxError.io("audio encoder already closed") }
        let clipped = samples.map { Swift.max(-1, Swift.min(1, $0)) }
        let count = clipped.withUnsafeBufferPointer { sf_writef_float(file, $0.baseAddress, sf_count_t($0.count)) }
        guard count == clipped.count else {
            throw ChatterboxError.io("encoding \(format.rawValue) failed: \(String(cString: sf_strerror(file)))")
        }
        framesWritten += clipped.count
    }

    /// Sets the RIFF and data chunk sizes of a WAV header to 0xFFFFFFFF (length unknown).
    static func markUnknownLength(_ header: inout [UInt8]) {
        guard header.count >= 12, header[0..<4] == [0x52, 0x49, 0x46, 0x46] else { return }
        for offset in 4..<8 { header[offset] = 0xFF }
        var position = 12
        while position + 8 <= header.count {
            let id = header[position..<position + 4]
            let size = Int(header[position + 4]) | Int(header[position + 5]) << 8 | Int(header[position + 6]) << 16 | Int(header[position + 7]) << 24
            if id.elementsEqual("data".utf8) {
                for offset in position + 4..<position + 8 { header[offset] = 0xFF }
                return
            }
            position += 8 + size + (size & 1)
        }
    }
}

/// A growable in-memory file behind libsndfile's virtual I/O callbacks. It keeps the bytes from
/// `base` on: bytes before it were streamed out and forgotten, and writes there (a header
/// libsndfile rewrites at close) are dropped, as the client already has its copy.
final class MemorySink {
    /// The kept bytes, starting at file offset `base`.
    var bytes: [UInt8] = []
    private(set) var base = 0
    var position = 0

    /// The file's length.
    var end: Int { base + bytes.count }

    /// Drops the bytes before file offset `offset`.
    func forget(upTo offset: Int) {
        let count = Swift.min(Swift.max(0, offset - base), bytes.count)
        bytes.removeFirst(count)
        base += count
    }

    static var callbacks: SF_VIRTUAL_IO {
        SF_VIRTUAL_IO(
            get_filelen: { user in sf_count_t(sink(user).end) },
            seek: { offset, whence, user in
                let sink = sink(user)
                let origin = switch whence {
                case SEEK_CUR: sink.position
                case SEEK_END: sink.end
                default: 0
                }
                sink.position = Swift.max(0, origin + Int(offset))
                return sf_count_t(sink.position)
            },
            read: { pointer, count, user in
                let sink = sink(user)
                let start = sink.position - sink.base
                let available = start < 0 ? 0 : Swift.max(0, Swift.min(Int(count), sink.bytes.count - start))
                if available > 0, let pointer {
                    sink.bytes.withUnsafeBytes { source in
                        pointer.copyMemory(from: source.baseAddress! + start, byteCount: available)
                    }
                }
                sink.position += available
                return sf_count_t(available)
            },
            write: { pointer, count, user in
                let sink = sink(user)
                guard let pointer, count > 0 else { return 0 }
                var data = UnsafeRawBufferPointer(start: pointer, count: Int(count))
                let end = sink.position + data.count
                defer { sink.position = end }
                let skipped = Swift.max(0, sink.base - sink.position)
                guard skipped < data.count else { return count }
                data = UnsafeRawBufferPointer(rebasing: data[skipped...])
                let start = sink.position + skipped - sink.base
                if start > sink.bytes.count { sink.bytes += [UInt8](repeating: 0, count: start - sink.bytes.count) }
                if start + data.count > sink.bytes.count { sink.bytes += [UInt8](repeating: 0, count: start + data.count - sink.bytes.count) }
                sink.bytes.replaceSubrange(start..<start + data.count, with: data)
                return count
            },
            tell: { user in sf_count_t(sink(user).position) })
    }
}

/// The sink behind a virtual I/O user pointer.
private func sink(_ user: UnsafeMutableRawPointer?) -> MemorySink {
    Unmanaged<MemorySink>.fromOpaque(user!).takeUnretainedValue()
}

extension AudioFormat {
    /// Proves the encoder accepts `sampleRate` by encoding a few milliseconds of silence in memory:
    /// some codecs refuse rates only when the first samples arrive (FLAC at 65536 Hz, say). A
    /// refusal is the caller's input, reported before any work is queued or any byte is sent.
    public func checkEncodable(sampleRate: Int) throws {
        try validate(sampleRate: sampleRate)
        do {
            let encoder = try AudioStreamEncoder(format: self, inputRate: sampleRate, sampleRate: sampleRate)
            try encoder.append([Float](repeating: 0, count: Swift.max(64, sampleRate / 100)))
            _ = try encoder.finish()
        } catch {
            throw ChatterboxError(.invalidSampleRate, message: "\(rawValue) cannot be encoded at \(sampleRate) Hz; choose another sample_rate or format",
                                  field: "sample_rate")
        }
    }
}
