import ChatterboxCore
import ChatterboxWorker
import Foundation
import Synchronization

/// Everything the routes share: settings, the job store, the speech processor, the voice
/// resolver, the gate for direct syntheses, readiness and metrics. One value per server.
public struct APIEnvironment: Sendable {
    /// Effective settings.
    public let settings: Settings
    /// The durable queue.
    public let store: any JobStore
    /// Validates and speaks.
    public let processor: SpeechProcessor
    /// The folder relative paths resolve against.
    public let workingDirectory: URL
    /// Limits concurrent `/v1/audio/speech` syntheses (`api.speech_concurrency`, `api.speech_per_client`).
    let speechPlaces: SpeechPlaces
    /// Set once the default voice has loaded.
    let readiness: Readiness
    /// When the server started.
    let startedAt: Date
    /// API-side metrics.
    let metrics: APIMetrics
    /// Free disk of the data folder against `jobs.min_free_disk_mb`.
    let storage: StorageCheck

    /// Creates the environment.
    public init(settings: Settings, store: any JobStore, processor: SpeechProcessor, workingDirectory: URL) {
        self.settings = settings
        self.store = store
        self.processor = processor
        self.workingDirectory = workingDirectory
        self.speechPlaces = SpeechPlaces(concurrency: settings.api.speechConcurrency, perClient: settings.api.speechPerClient)
        self.readiness = Readiness()
        self.startedAt = Date()
        self.metrics = APIMetrics()
        self.storage = StorageCheck(settings: settings, workingDirectory: workingDirectory)
    }

    /// The engines.
    var registry: EngineRegistry { processor.registry }

    /// Throws `507 insufficient_storage` while free disk is under `jobs.min_free_disk_mb`: new work
    /// would only fill the disk further (jobs) or compete with the paused ones (speech).
    func requireDiskSpace() throws {
        if let problem = storage.problem { throw storage.refusal(problem) }
    }

    /// Turns what a client named into a voice id: an `engine:name` id as is, an OpenAI name
    /// through `api.voice_aliases`, a bare installed voice name to its id; `nil` is the default.
    func resolveVoice(_ name: String?) async throws -> VoiceID {
        guard let name = name?.trimmingCharacters(in: .whitespaces), !name.isEmpty else { return settings.processing.model }
        if let id = await registry.voiceID(named: name, aliases: settings.api.voiceAliases) { return id }
        throw ChatterboxError(.unknownVoice, message: "no voice '\(name.prefix(80))'; use an id from GET /voices (engine:name) or one of \(settings.api.voiceAliases.keys.sorted().joined(separator: ", "))",
                              field: "voice")
    }
}

/// Whether the server is ready to speak (the default voice loaded).
final class Readiness: Sendable {
    private let state = Mutex<String?>("starting")

    /// `nil` when ready, else why not.
    var problem: String? { state.withLock { $0 } }

    func markReady() { state.withLock { $0 = nil } }

    func markNotReady(_ reason: String) { state.withLock { $0 = reason } }
}
