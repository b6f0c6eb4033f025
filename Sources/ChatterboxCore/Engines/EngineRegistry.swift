import Foundation

/// The engines of this process, looked up by the engine part of a voice id.
public struct EngineRegistry: Sendable {
    /// Engines by id.
    public let engines: [String: any SpeechEngine]
    /// The espeak-ng helpers the engines share, when they use them (`/health` and `doctor` ask them for the library).
    public let espeak: EspeakHelper?

    /// Creates a registry.
    public init(_ engines: [any SpeechEngine], espeak: EspeakHelper? = nil) {
        self.engines = Dictionary(engines.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        self.espeak = espeak
    }

    /// The engines this build has: Piper (voices from the store, ONNX Runtime from settings), espeak-ng,
    /// and the Python engines (available when `engines.python` can host them).
    public static func standard(settings: Settings, workingDirectory: URL) -> EngineRegistry {
        let espeak = EspeakHelper.pool(library: settings.engines.espeakLibrary)
        let store = VoiceStore(settings: settings, workingDirectory: workingDirectory)
        let policy = ModelManager.Policy(
            maxLoaded: settings.processing.maxLoadedModels, idleSeconds: Double(settings.processing.idleUnloadSeconds),
            threads: settings.processing.threads, onnxruntimeLibrary: settings.engines.onnxruntimeLibrary,
            cuda: settings.processing.useGPU)
        let python = PythonWorkerEngine.all(settings: settings, workingDirectory: workingDirectory, store: store)
        return EngineRegistry([PiperEngine(store: store, models: ModelManager(store: store, policy: policy), espeak: espeak),
                               EspeakEngine(helper: espeak)] + python, espeak: espeak)
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

    /// The voice a user's name for a voice means: an id (`engine:name`, `engine:name#speaker`) as it is, an alias
    /// (`api.voice_aliases`, case-blind), else the voice with that bare name, speakable here or not. `nil` when
    /// nothing matches.
    public func voiceID(named name: String, aliases: [String: VoiceID]) async -> VoiceID? {
        if let id = VoiceID.parse(name) { return id }
        if let alias = aliases[name.lowercased()] { return alias }
        return await catalog().first { $0.name == name }?.voiceID
    }

    /// The engine and voice of `voiceID` (its speaker is the processor's to look up). Throws `unknown_voice`
    /// with the closest installed ids when the engine or the voice does not exist.
    public func resolve(_ voiceID: VoiceID) async throws -> (engine: any SpeechEngine, voice: VoiceInfo) {
        let id = voiceID.voiceKey
        guard let engine = engines[voiceID.engine] else {
            throw ChatterboxError(.unknownVoice, message: "no engine '\(voiceID.engine.prefix(40))' for voice '\(id.prefix(80))'; engines: \(engines.keys.sorted().joined(separator: ", "))",
                field: "voice")
        }
        let voices: [VoiceInfo]
        do {
            voices = try await engine.voices()
        } catch let error as ChatterboxError where !error.kind.isCallerFault {
            // The engine cannot run here (503): still, a voice it never had is the caller's mistake.
            guard await engine.hasVoice(named: voiceID.name) else {
                throw ChatterboxError(.unknownVoice, message: "voice '\(id.prefix(80))' is not installed; run `chatterbox voices list`", field: "voice")
            }
            throw error
        }
        guard let voice = voices.first(where: { $0.name == voiceID.name }) else {
            let similar = voices.filter { $0.name.hasPrefix(String(voiceID.name.prefix(2))) }.prefix(5).map(\.id)
            let hint = similar.isEmpty ? "run `chatterbox voices list`" : "did you mean \(similar.joined(separator: ", "))?"
            throw ChatterboxError(.unknownVoice, message: "voice '\(id.prefix(80))' is not installed; \(hint)", field: "voice")
        }
        return (engine, voice)
    }
}
