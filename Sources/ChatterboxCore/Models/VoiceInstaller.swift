import Foundation

/// Checks a Piper voice (`NAME.onnx` + `NAME.onnx.json`) and copies it into the user voice
/// folder. Nothing is half-installed: both files go to temporary names first, and the model
/// is renamed into place last, which is when the voice store starts listing it.
public struct VoiceInstaller: Sendable {
    /// Where voices are installed (`directories.voices`).
    public var folder: URL
    /// ONNX Runtime library for the load test; when it cannot load, only the file header is checked.
    public var onnxruntimeLibrary: String
    /// Where the model is loaded for its check: in a child process (`UploadCheck`, the server's uploads) or, when
    /// `nil`, here (the CLI, a voice from the catalog).
    public var check: UploadCheck?

    /// Creates an installer.
    public init(folder: URL, onnxruntimeLibrary: String) {
        self.folder = folder
        self.onnxruntimeLibrary = onnxruntimeLibrary
    }

    /// What an install did.
    public struct Installed: Sendable, Equatable {
        /// The voice id, `piper:NAME`.
        public var id: String
        /// Installed model path.
        public var model: URL
        /// Native sample rate.
        public var sampleRate: Int
    }

    /// Validates `model` (and the `.onnx.json` beside it, or `config`) and installs it as `name` (default:
    /// the model's file name). An existing voice of that name is `409 voice_exists` unless `replace`.
    public func install(model: URL, config: URL? = nil, name: String? = nil, replace: Bool = false) throws -> Installed {
        guard name != nil || model.pathExtension == "onnx" else {
            throw ChatterboxError(.invalidVoice, message: "\(model.lastPathComponent) is not an .onnx file", field: "source")
        }
        let configURL = config ?? URL(fileURLWithPath: model.path + ".json")
        guard FileManager.default.fileExists(atPath: model.path) else {
            throw ChatterboxError(.invalidVoice, message: "\(model.path) does not exist", field: "source")
        }
        guard FileManager.default.fileExists(atPath: configURL.path) else {
            throw ChatterboxError(.invalidVoice, message: "\(configURL.lastPathComponent) is missing: a Piper voice needs its .onnx.json beside the .onnx", field: "source")
        }
        let parsed = try PiperVoiceConfig.load(configURL)
        if let check {
            try check.piper(model: model, config: configURL, onnxruntimeLibrary: onnxruntimeLibrary)
        } else {
            try checkModel(model, config: configURL)
        }
        let name = try VoiceName.checked(name ?? model.deletingPathExtension().lastPathComponent)
        let target = folder.appendingPathComponent("\(name).onnx")
        if FileManager.default.fileExists(atPath: target.path) && !replace {
            throw ChatterboxError(.voiceExists, message: "voice piper:\(name) is already installed in \(folder.path) (replace it with --force, or ?replace=true)", field: "name")
        }
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw ChatterboxError.io("cannot create voice folder \(folder.path): \(error.localizedDescription)")
        }
        let temporaryConfig = AtomicFile.temporaryPath(for: URL(fileURLWithPath: target.path + ".json"))
        let temporaryModel = AtomicFile.temporaryPath(for: target)
        do {
            try FileManager.default.copyItem(at: configURL, to: temporaryConfig)
            try FileManager.default.copyItem(at: model, to: temporaryModel)
        } catch {
            try? FileManager.default.removeItem(at: temporaryConfig)
            try? FileManager.default.removeItem(at: temporaryModel)
            throw ChatterboxError.io("cannot copy the voice into \(folder.path): \(error.localizedDescription)")
        }
        try AtomicFile.commit(temporaryConfig, to: URL(fileURLWithPath: target.path + ".json"))
        try AtomicFile.commit(temporaryModel, to: target)
        return Installed(id: "piper:\(name)", model: target, sampleRate: parsed.audio.sampleRate)
    }

    /// Loads the model as a Piper voice when ONNX Runtime is available (inputs and shapes are
    /// checked) and has it speak a few phonemes; otherwise checks that the file starts like an ONNX protobuf.
    func checkModel(_ model: URL, config: URL) throws {
        if let runtime = try? OnnxRuntime.load(path: onnxruntimeLibrary) {
            let voice: PiperVoice
            do {
                voice = try PiperVoice(entry: VoiceStore.Entry(name: model.deletingPathExtension().lastPathComponent, model: model, config: config),
                                       runtime: runtime, threads: 1, cuda: false)
            } catch let error as ChatterboxError where error.code == .invalidVoice {
                throw ChatterboxError(.invalidVoice, message: error.message.replacingOccurrences(of: model.path, with: model.lastPathComponent),
                                      field: "model")
            } catch let error as ChatterboxError where error.code == .voiceUnloadable {
                // ONNX Runtime works (it loaded): a model it cannot load is a bad file, the caller's to fix (an installed
                // voice that stops loading is ours: voice_unloadable).
                throw ChatterboxError(.invalidVoice, message: "\(model.lastPathComponent) cannot be loaded by ONNX Runtime: it is not a Piper model", field: "model")
            }
            try speaks(voice, file: model.lastPathComponent)
            return
        }
        let handle = try? FileHandle(forReadingFrom: model)
        let head = (try? handle?.read(upToCount: 2)) ?? nil
        try? handle?.close()
        // An ONNX ModelProto begins with field 1 (ir_version, varint): byte 0x08.
        guard let head, head.first == 0x08 else {
            throw ChatterboxError(.invalidVoice, message: "\(model.lastPathComponent) is not an ONNX model", field: "source")
        }
    }

    /// The test sentence: the voice's first phonemes of "hello" that its model knows (or any it knows),
    /// rendered with its defaults; the samples must be there and finite.
    func speaks(_ voice: PiperVoice, file: String) throws {
        let known = voice.config.phonemeIdMap.keys.filter { !["^", "_", "$", " "].contains($0) }.sorted()
        let hello = ["h", "ə", "l", "ˈ", "o", "ʊ"].filter { voice.config.phonemeIdMap[$0] != nil }
        let phonemes = hello.count >= 3 ? hello : Array(known.prefix(6))
        let samples: [Float]
        do {
            samples = try voice.render(ids: voice.config.ids(for: phonemes), scales: PiperScales(config: voice.config, options: SynthesisOptions())).samples
        } catch let error as ChatterboxError {
            throw ChatterboxError(.invalidVoice, message: "\(file) loads but cannot speak: \(error.message)", field: "model")
        }
        guard samples.count > 100, samples.allSatisfy(\.isFinite) else {
            throw ChatterboxError(.invalidVoice, message: "\(file) loads but its test sentence gave no audio", field: "model")
        }
    }
}
