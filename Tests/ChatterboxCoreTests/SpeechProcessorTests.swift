import Foundation
import Testing
@testable import ChatterboxCore

/// An engine whose synthesis always fails the way a crashed model would.
private struct BrokenEngine: SpeechEngine {
    let id = "broken"
    let maxChunkCharacters = 100
    let capabilities: EngineCapabilities = []
    let parameters: [EngineParameter] = []
    var failure = ChatterboxError.engine("model crashed")
    func voices() async throws -> [VoiceInfo] { [VoiceInfo(engine: id, name: "v", language: "en", sampleRate: 16000)] }
    func load() async throws {}
    func unload() async {}
    func synthesize(text: String, voice: String, options: SynthesisOptions) async throws -> AudioBuffer {
        throw failure
    }
}

/// A deterministic engine: each chunk becomes a constant level (set by its first letter) lasting
/// 10 ms per character, after a delay that makes later chunks finish first when run in parallel.
private struct LevelEngine: SpeechEngine {
    let id = "level"
    let maxChunkCharacters = 100
    let capabilities: EngineCapabilities = []
    let parameters: [EngineParameter] = []
    func voices() async throws -> [VoiceInfo] { [VoiceInfo(engine: id, name: "v", language: "en", sampleRate: 1000)] }
    func load() async throws {}
    func unload() async {}
    func synthesize(text: String, voice: String, options: SynthesisOptions) async throws -> AudioBuffer {
        try await Task.sleep(for: .milliseconds(50 - text.count))
        let level = Float(text.unicodeScalars.first!.value % 50) / 100 + 0.1
        return AudioBuffer(samples: [Float](repeating: level, count: text.count * 10), sampleRate: 1000)
    }
}

@Suite("Speech processor")
struct SpeechProcessorTests {
    let settings = Settings.defaults

    @Test func writesTheWholeTextChunkByChunk() async throws {
        let folder = TemporaryFolder()
        defer { folder.cleanup() }
        let processor = SpeechProcessor(registry: .standard(settings: settings, workingDirectory: folder.url), settings: settings, workingDirectory: folder.url)
        let text = "First sentence here. Second one follows! And a third? " + String(repeating: "More words keep coming. ", count: 10)
        let result = try await processor.synthesize(SynthesisRequest(text: text, voice: "espeak:en-us", format: .flac), to: folder.file("a.flac"))
        #expect(result.chunks == 13)
        #expect(result.voice == "espeak:en-us")
        #expect(result.fallbackReason == nil)
        let audio = try AudioDecoder.read(folder.file("a.flac"))
        #expect(abs(audio.duration - result.duration) < 0.01)
        #expect(audio.duration > 10)
    }

    @Test func parallelChunksKeepTextOrder() async throws {
        let folder = TemporaryFolder()
        defer { folder.cleanup() }
        var parallel = settings
        parallel.processing.batchSize = 4
        let registry = EngineRegistry([LevelEngine()])
        let text = "Aaaa. Bbbbbbbbbbbb. Cc. Dddddd. Eeeeeeeeeeeeeeee. F."
        let request = SynthesisRequest(text: text, voice: "level:v", format: .flac)
        _ = try await SpeechProcessor(registry: registry, settings: settings, workingDirectory: FileManager.default.temporaryDirectory).synthesize(request, to: folder.file("a.flac"))
        _ = try await SpeechProcessor(registry: registry, settings: parallel, workingDirectory: FileManager.default.temporaryDirectory).synthesize(request, to: folder.file("b.flac"))
        #expect(try AudioDecoder.read(folder.file("a.flac")) == AudioDecoder.read(folder.file("b.flac")))
    }

    @Test func sentenceSilenceIsConfigurable() async throws {
        let folder = TemporaryFolder()
        defer { folder.cleanup() }
        var spaced = settings
        spaced.processing.sentenceSilence = 0.5
        let request = SynthesisRequest(text: "One. Two. Three.", voice: "level:v")
        let processor = SpeechProcessor(registry: EngineRegistry([LevelEngine()]), settings: spaced, workingDirectory: FileManager.default.temporaryDirectory)
        let result = try await processor.synthesize(request, to: folder.file("a.wav"))
        #expect(abs(result.duration - 1.14) < 1e-9)  // 40 + 500 + 40 + 500 + 60 ms
        let audio = try AudioDecoder.read(folder.file("a.wav"))
        #expect(audio.samples[40..<540].allSatisfy { $0 == 0 })
        #expect(audio.samples[39] != 0 && audio.samples[540] != 0)
    }

    @Test func failingEngineFallsBackAndSaysWhy() async throws {
        let folder = TemporaryFolder()
        defer { folder.cleanup() }
        let registry = EngineRegistry([BrokenEngine(), EspeakEngine(helper: TestEspeak.pool)])
        let result = try await SpeechProcessor(registry: registry, settings: settings, workingDirectory: FileManager.default.temporaryDirectory)
            .synthesize(SynthesisRequest(text: "Hello there.", voice: "broken:v"), to: folder.file("a.wav"))
        #expect(result.voice == "espeak:en-us")
        #expect(result.requestedVoice == "broken:v")
        #expect(result.fallbackReason?.contains("model crashed") == true)
        #expect(FileManager.default.fileExists(atPath: folder.file("a.wav").path))
    }

    @Test func withNowhereToFallTheEnginesKindAndCodeReachTheCaller() async throws {
        let folder = TemporaryFolder()
        defer { folder.cleanup() }
        var alone = settings
        alone.processing.fallback = []
        let hung = BrokenEngine(failure: ChatterboxError(.engineTimeout, message: "no answer in 1 s"))
        let processor = SpeechProcessor(registry: EngineRegistry([hung]), settings: alone, workingDirectory: FileManager.default.temporaryDirectory)
        await #expect { _ = try await processor.synthesize(SynthesisRequest(text: "Hello.", voice: "broken:v"), to: folder.file("a.wav")) }
            throws: { error in
                let error = error as? ChatterboxError
                return error?.kind == .timeout && error?.code == .engineTimeout && error?.message.contains("no answer in 1 s") == true
            }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test func badInputNeverFallsBackAndLeavesNoFile() async throws {
        let folder = TemporaryFolder()
        defer { folder.cleanup() }
        let processor = SpeechProcessor(registry: .standard(settings: settings, workingDirectory: folder.url), settings: settings, workingDirectory: folder.url)
        for request in [SynthesisRequest(text: "  "), SynthesisRequest(text: "hi", voice: "espeak:zz-none"),
                        SynthesisRequest(text: "hi", voice: "nope:x"), SynthesisRequest(text: "hi", speed: 0)] {
            await #expect(throws: ChatterboxError.self) { try await processor.synthesize(request, to: folder.file("a.wav")) }
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
        // A voice id that is not one is refused where it is parsed, at the door.
        #expect { try VoiceID(parsing: "nope") } throws: { ($0 as? ChatterboxError)?.code == .unknownVoice }
    }

    @Test func requestedSampleRateAndSettingDefault() async throws {
        let folder = TemporaryFolder()
        defer { folder.cleanup() }
        var custom = settings
        custom.processing.sampleRate = 16000
        let processor = SpeechProcessor(registry: .standard(settings: custom, workingDirectory: folder.url), settings: custom, workingDirectory: folder.url)
        #expect(try await processor.synthesize(SynthesisRequest(text: "Hi."), to: folder.file("a.wav")).sampleRate == 16000)
        #expect(try await processor.synthesize(SynthesisRequest(text: "Hi.", sampleRate: 44100), to: folder.file("b.wav")).sampleRate == 44100)
    }
}
