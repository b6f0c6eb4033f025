import Foundation
import Testing
@testable import ChatterboxCore

/// A real Python environment with piper-tts (scripts/test.sh makes `.build/piper-tts-venv`) and the installed joe voice.
enum PiperPython {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardizedFileURL
    static let python = ProcessInfo.processInfo.environment["TEST_PYTHON"] ?? repository.appendingPathComponent(".build/piper-tts-venv/bin/python").path
    static let workerFolder = repository.appendingPathComponent("python").path
    /// scripts/test.sh sets TEST_PYTHON, so there a missing environment fails instead of skipping.
    static var enabled: Bool {
        ProcessInfo.processInfo.environment["TEST_PYTHON"] != nil
            || (FileManager.default.isExecutableFile(atPath: python) && InstalledPiper.available)
    }

    static func engine(_ kind: PythonEngineKind = .piperPython, python: String = python, timeout: Duration = .seconds(60), idle: Double = 300) -> PythonWorkerEngine {
        let worker = WorkerProcess(engine: kind.id, python: python, workerFolder: workerFolder, device: "cpu", timeout: timeout, idleSeconds: idle)
        return PythonWorkerEngine(kind: kind, worker: worker, check: PythonWorkerCheck(python: python, workerFolder: workerFolder),
                                  store: VoiceStore(folders: [VoiceStore.systemFolder]))
    }

    static let longText = (1...12).map { "This is sentence number \($0) of a text long enough to keep the worker busy for a while." }.joined(separator: " ")
}

@Suite("Python worker engine", .enabled(if: PiperPython.enabled, "needs .build/piper-tts-venv (scripts/test.sh makes it)"), .serialized)
struct PythonWorkerEngineTests {
    let quiet = SynthesisOptions(parameters: ["noise_scale": 0, "noise_w": 0])

    @Test func speaksThroughOneLongLivedWorker() async throws {
        let engine = PiperPython.engine()
        #expect(try await engine.voices().map(\.id) == ["piper-py:en_US-joe-medium"])
        let first = try await engine.synthesize(text: "Hello from Python. A second sentence.", voice: "en_US-joe-medium", options: quiet)
        let pid = await engine.worker.pid
        let second = try await engine.synthesize(text: "Hello from Python. A second sentence.", voice: "en_US-joe-medium", options: quiet)
        #expect(first.sampleRate == 22050)
        #expect((2.0...5.0).contains(first.duration))
        #expect(first.rms > 0.05)
        #expect(first.samples == second.samples, "noise 0 repeats exactly")
        #expect(await engine.worker.pid == pid)
        #expect(await engine.worker.starts == 1)
        let faster = try await engine.synthesize(text: "Hello from Python. A second sentence.", voice: "en_US-joe-medium",
                                                 options: SynthesisOptions(speed: 2, parameters: quiet.parameters))
        #expect(abs(faster.duration - first.duration / 2) < 0.3)
        await engine.unload()
        #expect(await engine.worker.pid == nil)
    }

    @Test func aWorkerKilledMidRequestIsRestartedAndTheRequestRetried() async throws {
        let engine = PiperPython.engine()
        let reference = try await engine.synthesize(text: PiperPython.longText, voice: "en_US-joe-medium", options: quiet)
        let pid = try #require(await engine.worker.pid)
        async let retried = engine.synthesize(text: PiperPython.longText, voice: "en_US-joe-medium", options: quiet)
        try await Task.sleep(for: .milliseconds(400))
        kill(pid, SIGKILL)
        let audio = try await retried
        #expect(audio.samples == reference.samples)
        #expect(await engine.worker.starts == 2)
        #expect(await engine.worker.pid != pid)
        await engine.unload()
    }

    @Test func anOverrunningRequestTimesOutAndTheNextOneWorks() async throws {
        let engine = PiperPython.engine(timeout: .milliseconds(1500))
        // Starting the worker and loading the voice are not charged to the 1.5 s of a chunk.
        _ = try await engine.synthesize(text: "Hi.", voice: "en_US-joe-medium", options: quiet)
        let started = ContinuousClock.now
        await #expect { _ = try await engine.synthesize(text: PiperPython.longText + PiperPython.longText, voice: "en_US-joe-medium", options: quiet) } throws: {
            let error = $0 as? ChatterboxError
            return error?.code == .engineTimeout && error?.message.contains("engines.python_timeout_seconds") == true && error?.message.contains("1.5 seconds") == true
        }
        #expect(ContinuousClock.now - started < .seconds(4), "killed at the timeout, not at the end of the text")
        let short = try await engine.synthesize(text: "Hi.", voice: "en_US-joe-medium", options: quiet)
        #expect(short.duration > 0.2)
        #expect(await engine.worker.starts == 2)
        await engine.unload()
    }

    @Test func cancellingARequestStopsItsWorkAtOnce() async throws {
        let engine = PiperPython.engine()
        _ = try await engine.synthesize(text: "Warm up.", voice: "en_US-joe-medium", options: quiet)
        let task = Task { try await engine.synthesize(text: PiperPython.longText, voice: "en_US-joe-medium", options: quiet) }
        try await Task.sleep(for: .milliseconds(300))
        let started = ContinuousClock.now
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(ContinuousClock.now - started < .seconds(1))
        #expect(try await engine.synthesize(text: "Still here.", voice: "en_US-joe-medium", options: quiet).duration > 0.3)
        await engine.unload()
    }

    @Test func anIdleWorkerStops() async throws {
        let engine = PiperPython.engine(idle: 300)
        _ = try await engine.synthesize(text: "Short.", voice: "en_US-joe-medium", options: quiet)
        await engine.releaseIdle(now: .now + .seconds(10))
        #expect(await engine.worker.pid != nil, "used 10 s ago: not idle yet")
        await engine.releaseIdle(now: .now + .seconds(301))
        #expect(await engine.worker.pid == nil)
        _ = try await engine.synthesize(text: "Back again.", voice: "en_US-joe-medium", options: quiet)
        #expect(await engine.worker.starts == 2)
        await engine.unload()
    }

    @Test func theIdleStopNeverInterruptsARequest() async throws {
        let engine = PiperPython.engine(idle: 1)
        _ = try await engine.synthesize(text: "Short.", voice: "en_US-joe-medium", options: quiet)
        async let long = engine.synthesize(text: PiperPython.longText, voice: "en_US-joe-medium", options: quiet)
        // Sweep as if every moment were far past the deadline, for as long as the request runs.
        let sweeping = Task {
            while await !engine.worker.isBusy { await Task.yield() }
            while !Task.isCancelled {
                await engine.releaseIdle(now: .now + .seconds(3600))
                try? await Task.sleep(for: .milliseconds(20))
            }
        }
        let audio = try await long
        sweeping.cancel()
        #expect(audio.duration > 20)
        #expect(await engine.worker.starts == 1, "the sweeper ran during the request and left it alone")
        await engine.unload()
    }

    @Test func workerErrorsKeepTheirCodeAndField() async throws {
        let engine = PiperPython.engine()
        let request = WorkerRequest(op: "synthesize", text: "x", voice: "en_US-joe-medium",
                                    voicePath: InstalledPiper.voice.path, params: ["speaker": 3])
        await #expect { _ = try await engine.worker.synthesize(request) } throws: { error in
            let error = error as? ChatterboxError
            return error?.code == .invalidParameter && error?.field == "params" && error?.message.hasPrefix("piper-py: ") == true
        }
        await #expect { _ = try await engine.synthesize(text: "x", voice: "nobody", options: quiet) } throws: {
            ($0 as? ChatterboxError)?.code == .unknownVoice
        }
        await engine.unload()
    }

    @Test func enginesTheEnvironmentCannotHostSayWhatIsMissing() async throws {
        for kind in [PythonEngineKind.chatterbox, .speecht5] {
            await #expect { _ = try await PiperPython.engine(kind).voices() } throws: { error in
                let error = error as? ChatterboxError
                return error?.code == .engineUnavailable && error?.message.contains("missing Python packages") == true
            }
        }
        await #expect { _ = try await PiperPython.engine(python: "").voices() } throws: {
            ($0 as? ChatterboxError)?.message.contains("chatterbox setup") == true
        }
        await #expect { _ = try await PiperPython.engine(python: "/nonexistent/python").synthesize(text: "x", voice: "en_US-joe-medium", options: quiet) } throws: {
            ($0 as? ChatterboxError)?.code == .engineUnavailable
        }
    }

    @Test func anEngineThatCannotRunStillKnowsItsVoices() async throws {
        let registry = EngineRegistry([PiperPython.engine(.chatterboxTurbo, python: "")])
        // A voice the engine has (its own): the engine is what is missing (503, the fallback chain's business).
        await #expect { _ = try await registry.resolve("chatterbox-turbo:default") } throws: {
            ($0 as? ChatterboxError)?.code == .engineUnavailable
        }
        // A voice it never had is the caller's mistake, whether or not the engine is set up.
        await #expect { _ = try await registry.resolve("chatterbox-turbo:__not_in_enum__") } throws: {
            let error = $0 as? ChatterboxError
            return error?.code == .unknownVoice && error?.kind.isCallerFault == true && error?.field == "voice"
        }
    }

    @Test func aRequestTheMissingEngineWouldRefuseIsTheCallersMistake() async throws {
        let folder = TemporaryFolder()
        defer { folder.cleanup() }
        let registry = EngineRegistry([PiperPython.engine(.chatterboxTurbo, python: ""), EspeakEngine(helper: TestEspeak.pool)])
        let processor = SpeechProcessor(registry: registry, settings: .defaults, workingDirectory: FileManager.default.temporaryDirectory)
        // Turbo does not take cfg_weight (nor does espeak): 400, not the 503 of an engine that is not set up.
        var request = SynthesisRequest(text: "Hello.", voice: "chatterbox-turbo:default", parameters: ["cfg_weight": "0.5"])
        await #expect { _ = try await processor.synthesize(request, to: folder.file("a.wav")) } throws: {
            let error = $0 as? ChatterboxError
            return error?.kind.isCallerFault == true && error?.field == "params"
        }
        // A request it would take falls back to a voice that can speak.
        request.parameters = ["temperature": "0.7"]
        await #expect { _ = try await processor.synthesize(request, to: folder.file("b.wav")) } throws: {
            ($0 as? ChatterboxError)?.code == .engineUnavailable
        }
        request.parameters = [:]
        let spoken = try await processor.synthesize(request, to: folder.file("c.wav"))
        #expect(spoken.voice == "espeak:en-us" && spoken.fallbackReason?.contains("chatterbox setup") == true)
    }

    @Test func engineKindsListTheirVoiceFolders() throws {
        let folder = TemporaryFolder()
        defer { folder.cleanup() }
        folder.write("chatterbox/narrator.wav", "RIFF")
        folder.write("chatterbox/notes.txt", "ignored")
        folder.write("speecht5/alice.npy", "x")
        let store = VoiceStore(folders: [folder.url])
        let chatterbox = PythonEngineKind.chatterbox.listVoices(store).map(\.0.name)
        #expect(chatterbox.prefix(2) == ["default", "narrator"])
        #expect(chatterbox.contains("ml-fr") && !chatterbox.contains("notes"))
        #expect(PythonEngineKind.speecht5.listVoices(store).map(\.0.name) == ["default", "alice"])
        #expect(PythonEngineKind.speecht5.listVoices(store)[1].path == folder.file("speecht5/alice.npy").path)
        // Finding one voice agrees with the listing, for every voice listed.
        for kind in [PythonEngineKind.chatterbox, .speecht5] {
            for (voice, path) in kind.listVoices(store) {
                #expect(kind.locate(store, voice.name)?.path == path, "\(voice.id)")
                #expect(kind.locate(store, voice.name) != nil)
            }
            #expect(kind.locate(store, "nobody") == nil)
        }
        #expect(PythonEngineKind.chatterbox.locate(store, "ml-xx") == nil)
    }
}
