import Foundation

/// The engines of this process, looked up by the engine part of a voice id.
public struct EngineRegistry: Sendable {
    /// Engines by id.
    public let engines: [String: any SpeechEngine]

    /// Creates a registry.
    public init(_ engines: [any SpeechEngine]) {
        self.engines = Dictionary(engines.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The engines this build has: Piper (voices from the store, ONNX Runtime from settings), espeak-ng,
    /// and the Python engines (available when `engines.python` can host them).
    public static func standard(settings: Settings, workingDirectory: URL) -> EngineRegistry {
        EspeakLibraryLocation.configure(settings.engines.espeakLibrary)
        let store = VoiceStore(settings: settings, workingDirectory: workingDirectory)
        let policy = ModelManager.Policy(
            maxLoaded: settings.processing.maxLoadedModels, idleSeconds: Double(settings.processing.idleUnloadSeconds),
            threads: settings.processing.threads, onnxruntimeLibrary: settings.engines.onnxruntimeLibrary,
            cuda: settings.processing.useGPU)
        let python = PythonWorkerEngine.all(settings: settings, workingDirectory: workingDirectory, store: store)
        return EngineRegistry([PiperEngine(store: store, models: ModelManager(store: store, policy: policy)), EspeakEngine()] + python)
    }

    /// All voices of all engines; an engine that cannot list its voices is skipped.
    public func voices() async -> [VoiceInfo] {
        var all: [VoiceInfo] = []
        for id in engines.keys.sorted() {
            if let voices = try? await engines[id]!.voices() { all += voices }
        }
        return all
    }

    /// Every voice, speakable or not: `voices()` and each engine's `unavailableVoices()` (marked with why).
    public func catalog() async -> [VoiceInfo] {
        var all = await voices()
        for id in engines.keys.sorted() { all += await engines[id]!.unavailableVoices() }
        return all
    }

    /// The voice id a user's name for a voice means: an id (`engine:name`) as it is, an alias (`api.voice_aliases`,
    /// case-blind), else the id of the voice with that bare name, speakable here or not. `nil` when nothing matches.
    public func voiceID(named name: String, aliases: [String: String]) async -> String? {
        if name.contains(":") { return name }
        if let alias = aliases[name.lowercased()] { return alias }
        return await catalog().first { $0.name == name }?.id
    }

    /// The engine and voice for an id such as `espeak:en-us`. Throws `unknown_voice` with the
    /// closest installed ids when the engine or the voice does not exist.
    public func resolve(_ voiceID: String) async throws -> (engine: any SpeechEngine, voice: VoiceInfo) {
        let parts = voiceID.split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
            throw ChatterboxError(.badInput, code: "unknown_voice", message: "voice '\(voiceID)' is not of the form engine:name (e.g. espeak:en-us)", field: "voice")
        }
        guard let engine = engines[parts[0]] else {
            throw ChatterboxError(
                .badInput,
                code: "unknown_voice",
                message: "no engine '\(parts[0])' for voice '\(voiceID)'; engines: \(engines.keys.sorted().joined(separator: ", "))",
                field: "voice")
        }
        let voices: [VoiceInfo]
        do {
            voices = try await engine.voices()
        } catch let error as ChatterboxError where !error.kind.isCallerFault {
            // The engine cannot run here (503): still, a voice it never had is the caller's mistake.
            guard await engine.hasVoice(named: parts[1]) else {
                throw ChatterboxError(.badInput, code: "unknown_voice", message: "voice '\(voiceID)' is not installed; run `chatterbox voices list`", field: "voice")
            }
            throw error
        }
        guard let voice = voices.first(where: { $0.name == parts[1] }) else {
            let similar = voices.filter { $0.name.hasPrefix(String(parts[1].prefix(2))) }.prefix(5).map(\.id)
            let hint = similar.isEmpty ? "run `chatterbox voices list`" : "did you mean \(similar.joined(separator: ", "))?"
            throw ChatterboxError(.badInput, code: "unknown_voice", message: "voice '\(voiceID)' is not installed; \(hint)", field: "voice")
        }
        return (engine, voice)
    }
}
