import Foundation

/// An engine whose model runs in Python (`chatterbox:`, `speecht5:`, `piper-py:`): each chunk is
/// a request to its own long-lived worker process (`WorkerProcess`).
public struct PythonWorkerEngine: SpeechEngine {
    /// Which engine, with its parameters and voice folders.
    public let kind: PythonEngineKind
    /// The engine's worker process.
    public let worker: WorkerProcess
    private let check: PythonWorkerCheck
    private let store: VoiceStore

    public var id: String { kind.id }
    public var maxChunkCharacters: Int { kind.maxChunkCharacters }
    public var capabilities: EngineCapabilities { kind.capabilities }
    public var parameters: [EngineParameter] { kind.parameters }

    /// Creates the engine; nothing starts until the first synthesis.
    public init(kind: PythonEngineKind, worker: WorkerProcess, check: PythonWorkerCheck, store: VoiceStore) {
        self.kind = kind
        self.worker = worker
        self.check = check
        self.store = store
    }

    /// The three Python engines for effective settings, sharing one availability check.
    public static func all(settings: Settings, workingDirectory: URL, store: VoiceStore) -> [PythonWorkerEngine] {
        let folder = PythonWorkerLocation.find(configured: settings.engines.pythonWorker, workingDirectory: workingDirectory)
        let python = settings.engines.python.isEmpty || settings.engines.python.hasPrefix("/")
            ? settings.engines.python : Settings.resolve(settings.engines.python, in: workingDirectory).path
        let check = PythonWorkerCheck(python: python, workerFolder: folder)
        // Local Chatterbox weights (engines.chatterbox_weights), for the worker's from_local.
        let weights = settings.engines.chatterboxWeights.sorted { $0.key < $1.key }.flatMap {
            ["--weights", "\($0.key)=\(Settings.resolve($0.value, in: workingDirectory).path)"]
        }
        return PythonEngineKind.all.map { kind in
            let worker = WorkerProcess(engine: kind.id, python: python, workerFolder: folder ?? PythonWorkerLocation.systemFolder,
                                       device: settings.processing.useGPU ? "auto" : "cpu",
                                       timeout: .seconds(settings.engines.pythonTimeoutSeconds),
                                       idleSeconds: Double(settings.engines.pythonIdleSeconds),
                                       arguments: kind.id.hasPrefix("chatterbox") ? weights : [])
            return PythonWorkerEngine(kind: kind, worker: worker, check: check, store: store)
        }
    }

    /// The engine's voices when the interpreter can host it; throws `engine_unavailable` with the reason otherwise.
    public func voices() async throws -> [VoiceInfo] {
        try await check.requireAvailable(id)
        return kind.listVoices(store).map(\.0)
    }

    /// Built-in names and files on disk, whether or not the interpreter can host the engine.
    public func hasVoice(named name: String) async -> Bool {
        kind.locate(store, name) != nil
    }

    /// A cloning engine's reference clips when its interpreter cannot host it: they are the user's voices.
    public func unavailableVoices() async -> [VoiceInfo] {
        guard kind.capabilities.contains(.cloning) else { return [] }
        do {
            try await check.requireAvailable(id)
            return []
        } catch {
            let why = (error as? ChatterboxError)?.message ?? "\(error)"
            return kind.listVoices(store).filter { $0.path != nil }.map { listed in
                var voice = listed.0
                voice.unavailable = why.contains("chatterbox setup") ? why : "\(why); run `chatterbox setup` to set up the \(id) engine"
                return voice
            }
        }
    }

    /// Starts the worker and loads the model.
    public func load() async throws {
        try await check.requireAvailable(id)
        try await worker.load()
    }

    /// Stops the worker.
    public func unload() async {
        await worker.stop()
    }

    /// Stops the worker when it has been unused for `engines.python_idle_seconds`.
    public func releaseIdle(now: ContinuousClock.Instant) async {
        await worker.stopIfIdle(now: now)
    }

    public func synthesize(text: String, voice: String, options: SynthesisOptions) async throws -> AudioBuffer {
        guard kind.supportsSpeed || options.speed == 1 else {
            throw ChatterboxError(.invalidSpeed, message: "\(id) speaks at its own pace; speed must be 1, not \(options.speed)", field: "speed")
        }
        guard let location = kind.locate(store, voice) else {
            throw ChatterboxError(.unknownVoice, message: "\(id) has no voice '\(voice)'; `chatterbox voices list` shows what is installed", field: "voice")
        }
        var params = options.parameters
        params[SynthesisOptions.sentenceSilence.name] = nil
        let request = WorkerRequest(op: "synthesize", text: text, voice: voice, voicePath: location.path, speed: options.speed, params: params)
        let answer = try await worker.synthesize(request)
        guard answer.sampleRate > 0 else {
            throw ChatterboxError(.engineError, message: "the \(id) worker answered without a sample rate")
        }
        return AudioBuffer(samples: answer.samples, sampleRate: answer.sampleRate)
    }
}

extension PythonWorkerEngine {
    /// What the configured interpreter can host (`python -m chatterbox_worker --check`, cached).
    public func availability() async throws -> PythonWorkerCheck.Report {
        try await check.report()
    }
}

extension PythonWorkerEngine {
    /// A Python engine's voice speaks while the configured interpreter can host the engine.
    public func details(of voice: VoiceInfo) async -> VoiceDetails {
        let source = "Python engine \(id) (\(check.python))"
        do {
            try await check.requireAvailable(id)
            return VoiceDetails(voice: voice, source: source, canSpeak: true)
        } catch {
            return VoiceDetails(voice: voice, source: source, canSpeak: false, problem: (error as? ChatterboxError)?.message ?? "\(error)")
        }
    }
}
