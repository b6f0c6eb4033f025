import Foundation
import Testing
@testable import ChatterboxCore

/// The real default voice and ONNX Runtime, as `scripts/install.sh` installs them.
enum InstalledPiper {
    static let library = Settings.defaults.engines.onnxruntimeLibrary
    static let voice = VoiceStore.systemFolder.appendingPathComponent("en_US-joe-medium.onnx")
    static var available: Bool {
        FileManager.default.fileExists(atPath: library) && FileManager.default.fileExists(atPath: voice.path)
    }

    static func engine(folders: [URL] = [VoiceStore.systemFolder], maxLoaded: Int = 2, idle: Double = 600,
                       library: String = library) -> PiperEngine {
        let store = VoiceStore(folders: folders)
        let policy = ModelManager.Policy(maxLoaded: maxLoaded, idleSeconds: idle, threads: 0, onnxruntimeLibrary: library, cuda: false)
        return PiperEngine(store: store, models: ModelManager(store: store, policy: policy), espeak: TestEspeak.pool)
    }
}

@Suite("Piper engine", .enabled(if: InstalledPiper.available, "needs scripts/install.sh"))
struct PiperEngineTests {
    let quiet = SynthesisOptions(parameters: ["noise_scale": 0, "noise_w": 0])

    @Test func speaksWithTheDefaultVoice() async throws {
        let engine = InstalledPiper.engine()
        let voices = try await engine.voices()
        #expect(voices.map(\.id) == ["piper:en_US-joe-medium"])
        let audio = try await engine.synthesize(text: "Hello there. This is a test of the neural voice.", voice: "en_US-joe-medium", options: SynthesisOptions())
        #expect(audio.sampleRate == 22050)
        #expect((2.0...5.0).contains(audio.duration))
        #expect(audio.rms > 0.05)
        #expect(audio.peak <= 1)
    }

    @Test func zeroNoiseIsDeterministicAndSpeedShortens() async throws {
        let engine = InstalledPiper.engine()
        let text = "The quick brown fox jumps over the lazy dog."
        let first = try await engine.synthesize(text: text, voice: "en_US-joe-medium", options: quiet)
        let second = try await engine.synthesize(text: text, voice: "en_US-joe-medium", options: quiet)
        #expect(first == second)
        var fast = quiet
        fast.speed = 2
        let quick = try await engine.synthesize(text: text, voice: "en_US-joe-medium", options: fast)
        #expect((0.4...0.7).contains(quick.duration / first.duration))
    }

    @Test func preparedChunksRenderToTheSameAudio() async throws {
        let engine = InstalledPiper.engine()
        let prepared = try await engine.prepare(text: "One sentence. And another one.", voice: "en_US-joe-medium", options: quiet)
        #expect(prepared.tokens.count == 2)
        #expect(prepared.tokens.allSatisfy { $0.first == 1 && $0.last == 2 })
        let rendered = try await engine.render(prepared, voice: "en_US-joe-medium", options: quiet)
        #expect(try await rendered == engine.synthesize(text: "One sentence. And another one.", voice: "en_US-joe-medium", options: quiet))
    }

    @Test func badVoicesAndParametersAreBadInput() async throws {
        let engine = InstalledPiper.engine()
        await #expect(throws: ChatterboxError.self) { try await engine.synthesize(text: "Hi.", voice: "nope", options: quiet) }
        do {
            _ = try await engine.synthesize(text: "Hi.", voice: "en_US-joe-medium", options: SynthesisOptions(parameters: ["speaker": 3]))
            Issue.record("speaker 3 accepted on a one-speaker voice")
        } catch let error as ChatterboxError {
            #expect(error.code == .invalidParameter)
        }
    }

    @Test func missingOrWrongLibraryIsAnEngineFailure() async throws {
        for (path, message) in [("/nonexistent/libonnxruntime.so", "not found"), ("/usr/lib/x86_64-linux-gnu/libsndfile.so.1", "not ONNX Runtime")] {
            do {
                try await InstalledPiper.engine(library: path).load()
                Issue.record("\(path) loaded")
            } catch let error as ChatterboxError {
                #expect(error.kind == .internalFailure)
                #expect(error.message.contains(message), "\(error.message)")
            }
        }
    }

    @Test func notAModelIsAClearError() async throws {
        let folder = TemporaryFolder()
        defer { folder.cleanup() }
        folder.write("broken.onnx", "this is not an onnx file")
        try FileManager.default.copyItem(atPath: InstalledPiper.voice.path + ".json", toPath: folder.file("broken.onnx.json").path)
        do {
            _ = try await InstalledPiper.engine(folders: [folder.url]).synthesize(text: "Hi.", voice: "broken", options: quiet)
            Issue.record("garbage model loaded")
        } catch let error as ChatterboxError {
            // An installed voice whose files do not load is our failure (the fallback chain takes over), not the request's.
            #expect(error.code == .voiceUnloadable && error.kind == .internalFailure)
            #expect(error.message.contains("broken.onnx cannot be loaded"))
        }
    }

    @Test func modelManagerKeepsTheLimitAndUnloadsIdleVoices() async throws {
        let folder = TemporaryFolder()
        defer { folder.cleanup() }
        for name in ["one", "two"] {
            try FileManager.default.createSymbolicLink(atPath: folder.file("\(name).onnx").path, withDestinationPath: InstalledPiper.voice.path)
            try FileManager.default.copyItem(atPath: InstalledPiper.voice.path + ".json", toPath: folder.file("\(name).onnx.json").path)
        }
        let engine = InstalledPiper.engine(folders: [folder.url], maxLoaded: 1, idle: 3600)
        _ = try await engine.models.voice(named: "one")
        #expect(await engine.models.loadedNames == ["one"])
        _ = try await engine.models.voice(named: "two")
        #expect(await engine.models.loadedNames == ["two"])  // least recently used went
        #expect(await engine.models.sweep(now: .now) == [])
        #expect(await engine.models.sweep(now: .now + .seconds(7200)) == ["two"])
        #expect(await engine.models.loadedNames.isEmpty)
    }

    @Test func processorFallsBackToEspeakWithoutONNXRuntime() async throws {
        let folder = TemporaryFolder()
        defer { folder.cleanup() }
        var settings = Settings.defaults
        settings.engines.onnxruntimeLibrary = "/nonexistent/libonnxruntime.so"
        let processor = SpeechProcessor(registry: .standard(settings: settings, workingDirectory: folder.url), settings: settings, workingDirectory: folder.url)
        let result = try await processor.synthesize(SynthesisRequest(text: "Hello."), to: folder.file("a.wav"))
        #expect(result.requestedVoice == "piper:en_US-joe-medium")
        #expect(result.voice == "espeak:en-us")
        #expect(result.fallbackReason?.contains("ONNX Runtime library not found") == true)
    }
}
