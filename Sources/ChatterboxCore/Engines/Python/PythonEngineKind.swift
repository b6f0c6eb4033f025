import Foundation

/// What differs between the Python engines: their parameters, chunk size and where their voices come from.
public struct PythonEngineKind: Sendable {
    /// The engine id (`chatterbox`, `chatterbox-turbo`, `speecht5`, `piper-py`).
    public var id: String
    /// Longest chunk sent in one request.
    public var maxChunkCharacters: Int
    public var capabilities: EngineCapabilities
    public var parameters: [EngineParameter]
    /// Whether `speed` other than 1 is accepted.
    public var supportsSpeed: Bool
    /// Lists the voices on disk (with the file the worker needs) for voice folders `folders`.
    var listVoices: @Sendable (VoiceStore) -> [(VoiceInfo, path: String?)]
    /// Finds one voice without listing them all (the per-chunk path): nil when it does not exist.
    var locate: @Sendable (VoiceStore, String) -> VoiceFile?

    /// Where a voice comes from.
    enum VoiceFile: Equatable {
        /// The model's own voice; nothing to send.
        case builtIn
        /// A file the worker loads (a Piper .onnx, a reference clip, a speaker embedding).
        case file(String)

        var path: String? { if case .file(let path) = self { path } else { nil } }
    }

    static let clipExtensions: Set<String> = ["wav", "flac", "mp3", "ogg"]

    static let seed = EngineParameter(name: "seed", range: 0...2_147_483_647, summary: "random seed; the same seed repeats the same audio")

    /// Sampling parameters both Chatterbox models take (defaults: chatterbox-tts 0.1.7's, `docs/python_engines.md`).
    static let sampling = [
        EngineParameter(name: "temperature", range: 0.05...5, summary: "sampling temperature (0.8)"),
        EngineParameter(name: "repetition_penalty", range: 1...3, summary: "penalty on repeated speech tokens (1.2; multilingual voices 2.0; Turbo 1.2)"),
    ]

    /// Resemble AI's Chatterbox: `default`, reference clips in `<voices>/chatterbox/`, and `ml-<lang>` (multilingual model).
    public static let chatterbox = PythonEngineKind(
        id: "chatterbox", maxChunkCharacters: 300, capabilities: [.streaming, .cloning, .multilingual],
        parameters: sampling + [
            EngineParameter(name: "exaggeration", range: 0...2, summary: "emotion exaggeration (0.5 is neutral)"),
            EngineParameter(name: "cfg_weight", range: 0...1, summary: "classifier-free guidance weight; lower is slower, more deliberate speech (0.5)"),
            EngineParameter(name: "min_p", range: 0...1, summary: "min-p sampling: tokens below this share of the likeliest are dropped (0.05)"),
            EngineParameter(name: "top_p", range: 0.01...1, summary: "nucleus sampling (1.0: off)"),
            seed,
        ],
        supportsSpeed: false,
        listVoices: { store in
            let builtIn = [(VoiceInfo(engine: "chatterbox", name: "default", language: "en", sampleRate: 24000, description: "Chatterbox's own voice"), path: String?.none)]
            let multilingual = languages.map {
                (VoiceInfo(engine: "chatterbox", name: "ml-\($0)", language: $0, sampleRate: 24000, description: "Chatterbox multilingual, default voice"), path: String?.none)
            }
            return builtIn + clipVoices(store, engine: "chatterbox", model: "Chatterbox") + multilingual
        },
        locate: { store, name in
            if name == "default" || (name.hasPrefix("ml-") && languages.contains(String(name.dropFirst(3)))) { return .builtIn }
            return clip(store, name)
        })

    /// Chatterbox Turbo (`ChatterboxTurboTTS`, `ResembleAI/chatterbox-turbo`): English, its own voice or the same reference
    /// clips as `chatterbox:` (over 5 s); it ignores exaggeration, cfg_weight and min_p, so it does not take them.
    public static let chatterboxTurbo = PythonEngineKind(
        id: "chatterbox-turbo", maxChunkCharacters: 300, capabilities: [.streaming, .cloning],
        parameters: sampling + [
            EngineParameter(name: "top_p", range: 0.01...1, summary: "nucleus sampling (0.95)"),
            EngineParameter(name: "top_k", range: 1...10_000, summary: "sample among the k likeliest tokens (1000)"),
            EngineParameter(name: "norm_loudness", range: 0...1, summary: "1 normalises the reference clip's loudness to -27 LUFS (1), 0 keeps it"),
            seed,
        ],
        supportsSpeed: false,
        listVoices: { store in
            [(VoiceInfo(engine: "chatterbox-turbo", name: "default", language: "en", sampleRate: 24000, description: "Chatterbox Turbo's own voice"), path: String?.none)]
                + clipVoices(store, engine: "chatterbox-turbo", model: "Chatterbox Turbo")
        },
        locate: { store, name in name == "default" ? .builtIn : clip(store, name) })

    /// Microsoft SpeechT5 (transformers): `default` and speaker embeddings (`.npy`, 512 numbers) in `<voices>/speecht5/`.
    public static let speecht5 = PythonEngineKind(
        id: "speecht5", maxChunkCharacters: 300, capabilities: [.streaming], parameters: [seed], supportsSpeed: false,
        listVoices: { store in
            [(VoiceInfo(engine: "speecht5", name: "default", language: "en", sampleRate: 16000, description: "SpeechT5, CMU ARCTIC speaker 7306"), path: nil)]
                + files(in: store, subfolder: "speecht5", extensions: ["npy"]).map {
                    (VoiceInfo(engine: "speecht5", name: $0.name, language: "en", sampleRate: 16000, description: "SpeechT5, speaker embedding \($0.path)"), path: Optional($0.path))
                }
        },
        locate: { store, name in
            name == "default" ? .builtIn : files(in: store, subfolder: "speecht5", extensions: ["npy"]).first { $0.name == name }.map { .file($0.path) }
        })

    /// piper-tts, Piper's Python reference implementation, over the same voice files as `piper:`.
    public static let piperPython = PythonEngineKind(
        id: "piper-py", maxChunkCharacters: 400, capabilities: [.streaming, .multilingual],
        parameters: [
            EngineParameter(name: "noise_scale", range: 0...2, summary: "generator noise; 0 is deterministic"),
            EngineParameter(name: "noise_w", range: 0...2, summary: "phoneme duration noise; 0 is deterministic"),
            EngineParameter(name: "length_scale", range: 0.1...10, summary: "phoneme length; overrides --speed"),
            EngineParameter(name: "speaker", range: 0...100_000, summary: "speaker id of multi-speaker voices"),
        ],
        supportsSpeed: true,
        listVoices: { store in
            store.entries().compactMap { entry in
                guard let config = try? PiperVoiceConfig.load(entry.config) else { return nil }
                return (VoiceInfo(engine: "piper-py", name: entry.name, language: config.language?.code ?? config.espeak.voice,
                                  sampleRate: config.audio.sampleRate, description: "Piper voice run by piper-tts in Python"), path: Optional(entry.model.path))
            }
        },
        locate: { store, name in store.entry(named: name).map { .file($0.model.path) } })

    /// Every Python engine.
    public static let all = [chatterbox, chatterboxTurbo, speecht5, piperPython]

    /// Languages of ChatterboxMultilingualTTS.
    static let languages = "ar da de el en es fi fr he hi it ja ko ms nl no pl pt ru sv sw tr zh".split(separator: " ").map(String.init)

    /// The reference clips in `<voices>/chatterbox/` as voices of `engine` (both Chatterbox engines clone from them).
    static func clipVoices(_ store: VoiceStore, engine: String, model: String) -> [(VoiceInfo, path: String?)] {
        files(in: store, subfolder: "chatterbox", extensions: clipExtensions).map {
            (VoiceInfo(engine: engine, name: $0.name, language: "en", sampleRate: 24000, description: "\(model), voice cloned from \($0.path)"), path: Optional($0.path))
        }
    }

    /// The reference clip called `name`, if there is one.
    static func clip(_ store: VoiceStore, _ name: String) -> VoiceFile? {
        files(in: store, subfolder: "chatterbox", extensions: clipExtensions).first { $0.name == name }.map { .file($0.path) }
    }

    /// Files with one of `extensions` in `<folder>/<subfolder>/` of every voice folder (earlier folders win).
    static func files(in store: VoiceStore, subfolder: String, extensions: Set<String>) -> [(name: String, path: String)] {
        var seen = Set<String>()
        var found: [(name: String, path: String)] = []
        for folder in store.folders {
            let url = folder.appendingPathComponent(subfolder)
            for file in ((try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []).sorted() {
                let path = url.appendingPathComponent(file)
                let name = path.deletingPathExtension().lastPathComponent
                guard extensions.contains(path.pathExtension.lowercased()), name != "default", seen.insert(name).inserted else { continue }
                found.append((name, path.path))
            }
        }
        return found
    }
}
