import ChatterboxCore
import Foundation
import Synchronization
@testable import ChatterboxWorker

/// A fresh folder with a job store in it.
struct StoreFixture {
    let folder: URL
    let store: SQLiteJobStore

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("worker-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        store = try SQLiteJobStore(path: folder.appendingPathComponent("jobs.sqlite").path)
    }

    func cleanup() { try? FileManager.default.removeItem(at: folder) }

    @discardableResult
    func enqueue(_ text: String = "One. Two. Three.", voice: String = "test:v", priority: Int = 0, key: String? = nil,
                 at now: Date = Date()) async throws -> Job {
        try await store.enqueue(NewJob(SynthesisRequest(text: text), voice: voice, priority: priority, idempotencyKey: key), maxAttempts: 3, now: now).job
    }
}

/// A deterministic engine: each chunk is 10 ms of a level per character. It can fail its first
/// `failures` calls (an engine crash), fail on bad words (bad input), and counts its calls.
final class ScriptedEngine: SpeechEngine, @unchecked Sendable {
    let id = "test"
    let maxChunkCharacters = 100
    let capabilities: EngineCapabilities = []
    let parameters: [EngineParameter] = []
    let calls = Mutex<[String]>([])
    let failures: Mutex<Int>
    let delay: Duration

    init(failures: Int = 0, delay: Duration = .zero) {
        self.failures = Mutex(failures)
        self.delay = delay
    }

    var callCount: Int { calls.withLock { $0.count } }

    func voices() async throws -> [VoiceInfo] { [VoiceInfo(engine: id, name: "v", language: "en", sampleRate: 1000)] }
    func load() async throws {}
    func unload() async {}
    func synthesize(text: String, voice: String, options: SynthesisOptions) async throws -> AudioBuffer {
        calls.withLock { $0.append(text) }
        if delay > .zero { try await Task.sleep(for: delay) }
        let fail = failures.withLock { count -> Bool in
            guard count > 0 else { return false }
            count -= 1
            return true
        }
        if fail { throw ChatterboxError.engine("scripted engine crash") }
        return AudioBuffer(samples: [Float](repeating: 0.25, count: text.count * 10), sampleRate: 1000)
    }
}

extension JobRunnerConfiguration {
    /// Fast settings for tests: short lease, quick polling, 50 ms backoff.
    static func testing(folder: URL, concurrency: Int = 1) -> JobRunnerConfiguration {
        var settings = Settings.defaults
        settings.jobs.concurrency = concurrency
        var configuration = JobRunnerConfiguration(settings: settings, workingDirectory: folder)
        configuration.leaseSeconds = 2
        configuration.pollInterval = .milliseconds(20)
        configuration.backoffSeconds = 0.05
        configuration.inputFolder = nil
        return configuration
    }
}

func processor(_ engines: [any SpeechEngine], silence: Double = 0.1) -> SpeechProcessor {
    var settings = Settings.defaults
    settings.processing.fallback = []
    settings.processing.sentenceSilence = silence
    return SpeechProcessor(registry: EngineRegistry(engines), settings: settings)
}

/// Polls until `condition` holds or 10 s pass.
func eventually(_ condition: () async throws -> Bool) async throws -> Bool {
    for _ in 0..<500 {
        if try await condition() { return true }
        try await Task.sleep(for: .milliseconds(20))
    }
    return false
}
