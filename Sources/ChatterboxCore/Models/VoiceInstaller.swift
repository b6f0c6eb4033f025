import Foundation

/// Checks a Piper voice (`NAME.onnx` + `NAME.onnx.json`) and copies it into the user voice
/// folder. Nothing is half-installed: both files go to temporary names first, and the model
/// is renamed into place last, which is when the voice store starts listing it.
public struct VoiceInstaller: Sendable {
    /// Where voices are installed (`directories.voices`).
    public var folder: URL
    /// ONNX Runtime library for the load test; when it cannot load, only the file header is checked.
    public var onnxruntimeLibrary: String

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

    /// Validates `model` (and the `.onnx.json` beside it, or `config`) and installs it.
    public func install(model: URL, config: URL? = nil, replace: Bool = false) throws -> Installed {
        guard model.pathExtension == "onnx" else {
            throw ChatterboxError(.badInput, code: "invalid_voice", message: "\(model.lastPathComponent) is not an .onnx file", field: "source")
        }
        let configURL = config ?? URL(fileURLWithPath: model.path + ".json")
        guard FileManager.default.fileExists(atPath: model.path) else {
            throw ChatterboxError(.badInput, code: "invalid_voice", message: "\(model.path) does not exist", field: "source")
        }
        guard FileManager.default.fileExists(atPath: configURL.path) else {
            throw ChatterboxError(.badInput, code: "invalid_voice", message: "\(configURL.lastPathComponent) is missing: a Piper voice needs its .onnx.json beside the .onnx", field: "source")
        }
        let parsed = try PiperVoiceConfig.load(configURL)
        try checkModel(model, config: configURL)
        let name = model.deletingPathExtension().lastPathComponent
        let target = folder.appendingPathComponent("\(name).onnx")
        if FileManager.default.fileExists(atPath: target.path) && !replace {
            throw ChatterboxError(.badInput, code: "voice_exists", message: "voice piper:\(name) is already installed in \(folder.path) (use --force to replace it)", field: "source")
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
    /// checked); otherwise checks that the file starts like an ONNX protobuf.
    func checkModel(_ model: URL, config: URL) throws {
        if let runtime = try? OnnxRuntime.load(path: onnxruntimeLibrary) {
            _ = try PiperVoice(entry: VoiceStore.Entry(name: model.deletingPathExtension().lastPathComponent, model: model, config: config),
                               runtime: runtime, threads: 1, cuda: false)
            return
        }
        let handle = try? FileHandle(forReadingFrom: model)
        let head = (try? handle?.read(upToCount: 2)) ?? nil
        try? handle?.close()
        // An ONNX ModelProto begins with field 1 (ir_version, varint): byte 0x08.
        guard let head, head.first == 0x08 else {
            throw ChatterboxError(.badInput, code: "invalid_voice", message: "\(model.lastPathComponent) is not an ONNX model", field: "source")
        }
    }
}
