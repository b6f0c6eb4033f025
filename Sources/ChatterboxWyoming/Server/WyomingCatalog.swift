import ChatterboxCore

/// What the Wyoming listener offers: the `info` answer to `describe`, and the voice a
/// `synthesize` asks for by name (our id `engine:name`, or a bare name) or by language.
struct WyomingCatalog: Sendable {
    let registry: EngineRegistry
    /// `wyoming.voices`; empty = every installed voice.
    let advertised: [String]
    /// `processing.model`, preferred when it fits.
    let defaultVoice: VoiceID

    /// Installed voices we advertise (a Python engine that cannot run here lists none).
    func voices() async -> [VoiceInfo] {
        let all = await registry.voices()
        return advertised.isEmpty ? all : all.filter { advertised.contains($0.id) }
    }

    /// `info` with one `tts` program and its voices.
    func info() async -> WyomingEvent {
        let attribution: JSONValue = ["name": "Chatterbox TTS", "url": "https://github.com/chatterbox-tts/chatterbox-tts"]
        let voices: [JSONValue] = await voices().map { voice in
            [
                "name": .string(voice.id), "description": .string(Self.describe(voice)), "attribution": attribution,
                "installed": true, "version": .null, "languages": voice.language.isEmpty ? [] : [.string(voice.languageTag.underscored)],
                "speakers": voice.speakers.isEmpty ? .null : .array(voice.speakers.map { ["name": .string($0.name)] }),
            ]
        }
        let program: JSONValue = [
            "name": "chatterbox", "description": "Chatterbox TTS: Piper, espeak-ng and Python voices, one server", "attribution": attribution,
            "installed": true, "version": "0.1.0", "supports_synthesize_streaming": true, "voices": .array(voices),
        ]
        return WyomingEvent("info", data: ["asr": [], "tts": [program], "handle": [], "intent": [], "wake": [], "mic": [], "snd": []])
    }

    /// The voice for a request's `voice` object: `name` (id or bare name) wins over `language`; neither gives
    /// the default voice. `speaker` (by name or number) is looked up when the voice is resolved for speaking.
    func resolve(name: String?, language: String?, speaker: String?) async throws -> VoiceID {
        var id = try await voice(name: name, language: language)
        if let speaker, !speaker.isEmpty { id.speaker = speaker }
        return id
    }

    private func voice(name: String?, language: String?) async throws -> VoiceID {
        let voices = await voices()
        if let name, !name.isEmpty {
            if let voice = voices.first(where: { $0.id == name }) ?? voices.first(where: { $0.name == name }) { return voice.voiceID }
            throw ChatterboxError(.unknownVoice, message: "no voice '\(name.prefix(80))' here; describe lists them", field: "voice")
        }
        guard let language, !language.isEmpty else { return defaultVoice }
        guard let best = VoiceInfo.best(for: LanguageTag(language), among: voices, preferring: defaultVoice.voiceKey) else {
            throw ChatterboxError(.unknownLanguage, message: "no voice speaks '\(language.prefix(40))' here", field: "voice")
        }
        return best.voiceID
    }

    static func describe(_ voice: VoiceInfo) -> String {
        voice.description.isEmpty ? "\(voice.name) (\(voice.engine))" : "\(voice.name) (\(voice.engine)): \(voice.description)"
    }
}
