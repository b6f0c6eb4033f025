import Foundation
import Testing
@testable import ChatterboxCore

@Suite("Audio encoding")
struct AudioEncodingTests {
    /// One second of a 440 Hz tone at 22050 Hz.
    static let tone = AudioBuffer(samples: (0..<22050).map { Float(sin(2 * .pi * 440 * Double($0) / 22050) * 0.5) }, sampleRate: 22050)

    @Test("round-trips through every format", arguments: AudioFormat.allCases)
    func roundTrip(format: AudioFormat) throws {
        let folder = TemporaryFolder()
        defer { folder.cleanup() }
        let url = folder.file("tone.\(format.fileExtension)")
        let writer = try AudioFileWriter(destination: url, format: format, inputRate: 22050)
        try writer.append(Self.tone)
        let duration = try writer.finish()
        let expectedRate = format == .opus ? 24000 : 22050
        #expect(writer.outputRate == expectedRate)
        #expect(abs(duration - 1.0) < 0.01)
        let decoded = try AudioDecoder.read(url, rawSampleRate: format == .pcm ? 22050 : nil)
        #expect(decoded.sampleRate == expectedRate)
        // Lossy codecs add encoder delay/padding; allow 60 ms.
        #expect(abs(decoded.duration - 1.0) < (format == .wav || format == .flac || format == .pcm ? 0.0001 : 0.06))
        #expect(decoded.rms > 0.3)  // a 0.5-amplitude sine has RMS 0.354
        if format == .pcm {
            let size = try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int
            #expect(size == 22050 * 2)
        }
        // Nothing but the finished file is left in the folder.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == [url.lastPathComponent])
    }

    @Test func resamplesToARequestedRate() throws {
        let folder = TemporaryFolder()
        defer { folder.cleanup() }
        let url = folder.file("tone.wav")
        let writer = try AudioFileWriter(destination: url, format: .wav, inputRate: 22050, sampleRate: 16000)
        for start in stride(from: 0, to: 22050, by: 1000) {  // fed in pieces, as chunks arrive
            try writer.append(Array(Self.tone.samples[start..<min(start + 1000, 22050)]))
        }
        try writer.finish()
        let decoded = try AudioDecoder.read(url)
        #expect(decoded.sampleRate == 16000)
        #expect(abs(decoded.samples.count - 16000) <= 2)
    }

    @Test func resamplerKeepsLengthAndLevel() throws {
        let out = try Resampler.resample(Self.tone, to: 48000)
        #expect(out.sampleRate == 48000)
        #expect(abs(out.samples.count - 48000) <= 2)
        #expect(abs(out.rms - Self.tone.rms) < 0.01)
    }

    @Test func cancelledWriterLeavesNothing() throws {
        let folder = TemporaryFolder()
        defer { folder.cleanup() }
        let writer = try AudioFileWriter(destination: folder.file("x.flac"), format: .flac, inputRate: 22050)
        try writer.append(Self.tone)
        writer.cancel()
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test func rejectsRatesTheFormatCannotTake() {
        #expect(throws: ChatterboxError.self) { try AudioFormat.opus.validate(sampleRate: 44100) }
        #expect(throws: ChatterboxError.self) { try AudioFormat.mp3.validate(sampleRate: 30000) }
        #expect(throws: ChatterboxError.self) { try AudioFormat.wav.validate(sampleRate: 10) }
        #expect(AudioFormat.opus.encodingRate(for: 44100) == 48000)
    }

    @Test func formatNamesAndExtensions() {
        #expect(AudioFormat(name: ".OGG") == .ogg)
        #expect(AudioFormat(name: "raw") == .pcm)
        #expect(AudioFormat(name: "aac") == nil)
        #expect(AudioFormat.mp3.contentType == "audio/mpeg")
    }

    @Test func joinInsertsSilenceBetweenParts() {
        let part = AudioBuffer(samples: [Float](repeating: 0.5, count: 100), sampleRate: 1000)
        let joined = AudioBuffer.joined([part, part, part], silence: 0.05, sampleRate: 1000)
        #expect(joined.samples.count == 400)
        #expect(joined.samples[100..<150].allSatisfy { $0 == 0 })
        #expect(joined.samples[150] == 0.5)
    }

    @Test func atomicWriteReplacesWhole() throws {
        let folder = TemporaryFolder()
        defer { folder.cleanup() }
        let url = folder.file("a.txt")
        try AtomicFile.write(Data("one".utf8), to: url)
        try AtomicFile.write(Data("two".utf8), to: url)
        #expect(try String(contentsOf: url, encoding: .utf8) == "two")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["a.txt"])
        #expect(throws: ChatterboxError.self) { try AtomicFile.write(Data(), to: URL(fileURLWithPath: "/nonexistent/a")) }
    }
}
