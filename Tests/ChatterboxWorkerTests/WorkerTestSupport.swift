import ChatterboxCore
import Foundation
import Synchronization
import Testing
@testable import ChatterboxWorker

/// Which job store a test runs against. PostgreSQL joins when `TEST_POSTGRES_URL`
/// names a server (scripts/test.sh starts one and sets it).
enum StoreKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite, postgres

    static var postgresURL: String? { ProcessInfo.processInfo.environment["TEST_POSTGRES_URL"] }

    /// The stores this machine can run.
    static var available: [StoreKind] { postgresURL == nil ? [.sqlite] : [.sqlite, .postgres] }

    var testDescription: String { rawValue }
}

/// A fresh folder with a job store in it (PostgreSQL: a fresh schema).
struct StoreFixture {
    let folder: URL
    let kind: StoreKind
    let store: any JobStore
    let schema: String
    /// PostgreSQL pools this fixture runs, stopped by `cleanup`.
    let served = Served()

    init(_ kind: StoreKind = .sqlite) async throws {
        self.kind = kind
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("worker-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        schema = "test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16)
        store = try await Self.open(kind, folder: folder, schema: schema, served: served)
    }

    /// A second handle on the same store, as another process or node would have.
    func another() async throws -> any JobStore {
        try await Self.open(kind, folder: folder, schema: schema, served: served)
    }

    private static func open(_ kind: StoreKind, folder: URL, schema: String, served: Served) async throws -> any JobStore {
        switch kind {
        case .sqlite: try SQLiteJobStore(path: folder.appendingPathComponent("jobs.sqlite").path)
        case .postgres: served.start(try await PostgresJobStore(url: StoreKind.postgresURL!, schema: schema))
        }
    }

    func cleanup() {
        try? FileManager.default.removeItem(at: folder)
        served.stopAll()
    }

    @discardableResult
    func enqueue(_ text: String = "One. Two. Three.", voice: VoiceID = "test:v", priority: Int = 0, key: String? = nil,
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
    return SpeechProcessor(registry: EngineRegistry(engines), settings: settings, workingDirectory: FileManager.default.temporaryDirectory)
}

/// Polls until `condition` holds, giving up only after 60 s (a loaded machine is slow, not wrong).
func eventually(_ condition: () async throws -> Bool) async throws -> Bool {
    for _ in 0..<3000 {
        if try await condition() { return true }
        try await Task.sleep(for: .milliseconds(20))
    }
    return false
}

/// PostgreSQL stores run their pool as a service; tests run it the way a node's service group does.
final class Served: Sendable {
    private let running = Mutex<[Task<Void, Never>]>([])

    /// Runs `store` until `stopAll`.
    func start(_ store: PostgresJobStore) -> PostgresJobStore {
        let task = Task<Void, Never> { try? await store.run() }
        running.withLock { $0.append(task) }
        return store
    }

    func stopAll() {
        for task in running.withLock({ tasks in defer { tasks.removeAll() }; return tasks }) { task.cancel() }
    }
}

extension PostgresJobStore {
    /// `body` with the store's pool running, stopped afterwards.
    func serving<T: Sendable>(_ body: @Sendable (PostgresJobStore) async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await self.run() }
            defer { group.cancelAll() }
            return try await body(self)
        }
    }
}
