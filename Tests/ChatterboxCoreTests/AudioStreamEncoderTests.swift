import ChatterboxCore
import Foundation
import Testing

/// In-memory encoding for streamed responses: the pieces handed out while encoding, joined,
/// are a file decoders read in full.
@Suite struct AudioStreamEncoderTests {
    func tone(seconds: Double, rate: Int = 22050) -> [Float] {
        (0..<Int(seconds * Double(rate))).map { Float(sin(Double($0) * 2 * .pi * 440 / Double(rate)) * 0.5) }
    }

    @Test(arguments: [AudioFormat.wav, .mp3, .ogg, .opus, .pcm, .flac])
    func streamedPiecesDecodeToTheWholeAudio(format: AudioFormat) throws {
        let encoder = try AudioStreamEncoder(format: format, inputRate: 22050)
        var streamed: [UInt8] = []
        for _ in 0..<4 {
            try encoder.append(tone(seconds: 0.5))
            streamed += encoder.takeAvailable()
        }
        streamed += try encoder.finishStream()
        #expect(abs(encoder.duration - 2.0) < 0.05)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("stream-\(UUID().uuidString).\(format.fileExtension)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data(streamed).write(to: folder)
        if format == .pcm {
            #expect(streamed.count == 2 * 44100)
        } else {
            let decoded = try AudioDecoder.read(folder)
            #expect(abs(Double(decoded.samples.count) / Double(decoded.sampleRate) - 2.0) < 0.1, "\(format)")
        }
    }

    @Test(arguments: [AudioFormat.wav, .mp3, .pcm])
    func aLongStreamHoldsNoMoreThanAChunk(format: AudioFormat) throws {
        // Ten minutes of audio a second at a time: what is handed out is forgotten.
        let encoder = try AudioStreamEncoder(format: format, inputRate: 22050)
        let second = tone(seconds: 1)
        var streamed = 0, mostRetained = 0
        for _ in 0..<600 {
            try encoder.append(second)
            mostRetained = max(mostRetained, encoder.retainedBytes)
            streamed += encoder.takeAvailable().count
            #expect(encoder.retainedBytes == 0)
        }
        streamed += try encoder.finishStream().count
        #expect(mostRetained < 200_000, "\(format): \(mostRetained) bytes held for one second of audio")
        #expect(streamed > (format == .mp3 ? 2_000_000 : 20_000_000))
    }

    @Test func streamedWAVHeaderSaysLengthUnknownButFinishedFileIsExact() throws {
        let encoder = try AudioStreamEncoder(format: .wav, inputRate: 16000)
        try encoder.append(tone(seconds: 0.25, rate: 16000))
        let head = encoder.takeAvailable()
        #expect(Array(head[4..<8]) == [0xFF, 0xFF, 0xFF, 0xFF])
        let whole = try AudioStreamEncoder(format: .wav, inputRate: 16000)
        try whole.append(tone(seconds: 0.25, rate: 16000))
        let file = try whole.finish()
        let riffSize = Int(file[4]) | Int(file[5]) << 8 | Int(file[6]) << 16 | Int(file[7]) << 24
        #expect(riffSize == file.count - 8)
    }

    @Test func ratesACodecRefusesLateAreCaughtUpFront() throws {
        // libFLAC accepts 65536 Hz at open and fails at the first samples (found by schemathesis).
        #expect(throws: ChatterboxError.self) { try AudioFormat.flac.checkEncodable(sampleRate: 65536) }
        try AudioFormat.flac.checkEncodable(sampleRate: 44100)
        try AudioFormat.wav.checkEncodable(sampleRate: 65536)
    }

    @Test func pcmCanBeResampledTo24k() throws {
        let encoder = try AudioStreamEncoder(format: .pcm, inputRate: 22050, sampleRate: 24000)
        try encoder.append(tone(seconds: 1))
        let bytes = try encoder.finish()
        #expect(abs(bytes.count - 48000) < 200)
        #expect(throws: ChatterboxError.self) { try AudioStreamEncoder(format: .opus, inputRate: 22050, sampleRate: 44100) }
    }
}
