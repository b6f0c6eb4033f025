import Foundation

/// The voices a user adds and removes (`POST`/`DELETE /voices`, `chatterbox voices add|remove`): Piper models in
/// `directories.voices`, Chatterbox reference clips in its `chatterbox/` folder (with an optional transcript
/// beside them), SpeechT5 speaker embeddings in `speecht5/`. Each is checked before it is kept and moved
/// into place atomically; voices of the system folder and built-in voices cannot be removed here.
public struct VoiceLibrary: Sendable {
    /// `directories.voices`.
    public let folder: URL
    public let onnxruntimeLibrary: String
    /// Where uploads are decoded and loaded for their checks: a child process (`UploadCheck`, for the server) or,
    /// when `nil`, this one (the CLI, on the user's own files).
    public var check: UploadCheck?

    public init(folder: URL, onnxruntimeLibrary: String) {
        self.folder = folder
        self.onnxruntimeLibrary = onnxruntimeLibrary
    }

    public init(settings: Settings, workingDirectory: URL) {
        self.init(folder: Settings.resolve(settings.directories.voices, in: workingDirectory),
                  onnxruntimeLibrary: settings.engines.onnxruntimeLibrary)
    }

    /// A Piper voice: its model loads and speaks a test sentence before it is installed.
    public func addPiper(model: URL, config: URL, name: String, replace: Bool) throws -> String {
        var installer = VoiceInstaller(folder: folder, onnxruntimeLibrary: onnxruntimeLibrary)
        installer.check = check
        return try installer.install(model: model, config: config, name: name, replace: replace).id
    }

    /// A reference clip for Chatterbox (`VoiceClip`: 3-30 s of speech, 16 kHz or more), kept as 16-bit WAV.
    public func addClip(_ file: URL, name: String, transcript: String?, replace: Bool) throws -> String {
        let name = try VoiceName.checked(name)
        guard name != "default", !name.hasPrefix("ml-") else {
            throw ChatterboxError(.invalidName, message: "'\(name)' names one of Chatterbox's own voices; choose another name", field: "name")
        }
        // Checked and trimmed into a staged WAV first, so a refused clip leaves an existing voice of the name alone.
        let staged = FileManager.default.temporaryDirectory.appendingPathComponent("chatterbox-clip-\(UUID().uuidString).wav")
        defer { try? FileManager.default.removeItem(at: staged) }
        if let check {
            try check.clip(file, to: staged)
        } else {
            try VoiceClip.write(VoiceClip.validated(file), to: staged)
        }
        let subfolder = folder.appendingPathComponent("chatterbox")
        try claim(name, in: subfolder, extensions: PythonEngineKind.clipExtensions.union(["txt"]), id: "chatterbox:\(name)", replace: replace)
        let checked: Data
        do { checked = try Data(contentsOf: staged) } catch { throw ChatterboxError.io("cannot read the checked clip: \(error.localizedDescription)") }
        try AtomicFile.write(checked, to: subfolder.appendingPathComponent("\(name).wav"))
        if let transcript = transcript?.trimmingWhitespace(), !transcript.isEmpty {
            try AtomicFile.write(Data(String(transcript.prefix(5000)).utf8), to: subfolder.appendingPathComponent("\(name).txt"))
        }
        return "chatterbox:\(name)"
    }

    /// A SpeechT5 speaker embedding (`SpeakerEmbedding`: a .npy of 512 numbers).
    public func addEmbedding(_ file: URL, name: String, replace: Bool) throws -> String {
        let name = try VoiceName.checked(name)
        guard name != "default" else {
            throw ChatterboxError(.invalidName, message: "'default' names SpeechT5's own voice; choose another name", field: "name")
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int) ?? 0
        guard size <= 64 * 1024 else {
            throw ChatterboxError(.invalidEmbedding, message: "a speaker embedding is 512 numbers (about 2 KB), not \(size) bytes", field: "embedding")
        }
        let data = try Data(contentsOf: file)
        _ = try SpeakerEmbedding.values(of: data)
        let subfolder = folder.appendingPathComponent("speecht5")
        try claim(name, in: subfolder, extensions: ["npy"], id: "speecht5:\(name)", replace: replace)
        try AtomicFile.write(data, to: subfolder.appendingPathComponent("\(name).npy"))
        return "speecht5:\(name)"
    }

    /// The files of a voice this library may remove: a Piper voice of the user folder, a clip (and its
    /// transcript), an embedding. Anything else is `409 voice_read_only`.
    public func files(of voice: VoiceInfo) throws -> [URL] {
        let found: [URL]
        switch voice.engine {
        case "piper":
            let model = folder.appendingPathComponent("\(voice.name).onnx")
            found = [model, URL(fileURLWithPath: model.path + ".json"), folder.appendingPathComponent("\(voice.name).MODEL_CARD")]
        case "chatterbox":
            found = (PythonEngineKind.clipExtensions.union(["txt"])).map { folder.appendingPathComponent("chatterbox/\(voice.name).\($0)") }
        case "speecht5":
            found = [folder.appendingPathComponent("speecht5/\(voice.name).npy")]
        default:
            found = []
        }
        let present = found.filter { FileManager.default.fileExists(atPath: $0.path) }
        guard !present.isEmpty, voice.engine != "piper" || present.contains(found[0]) else {
            throw ChatterboxError(.voiceReadOnly, message: "\(voice.id) is not in the voice folder \(folder.path) (a built-in or system-wide voice); it cannot be removed here",
                                  field: "id")
        }
        return present
    }

    /// Removes the voice's files (the model last, so the voice is gone as one step for the voice store).
    public func remove(_ voice: VoiceInfo) throws {
        for file in try files(of: voice).reversed() {
            do {
                try FileManager.default.removeItem(at: file)
            } catch {
                throw ChatterboxError.io("cannot remove \(file.path): \(error.localizedDescription)")
            }
        }
    }

    /// Makes room for `name` in `subfolder`: `409 voice_exists` when a file of that name is there, unless `replace`.
    private func claim(_ name: String, in subfolder: URL, extensions: Set<String>, id: String, replace: Bool) throws {
        do {
            try FileManager.default.createDirectory(at: subfolder, withIntermediateDirectories: true)
        } catch {
            throw ChatterboxError.io("cannot create voice folder \(subfolder.path): \(error.localizedDescription)")
        }
        let existing = extensions.map { subfolder.appendingPathComponent("\(name).\($0)") }.filter { FileManager.default.fileExists(atPath: $0.path) }
        guard existing.isEmpty || replace else {
            throw ChatterboxError(.voiceExists, message: "voice \(id) already exists (add ?replace=true to replace it)", field: "name")
        }
        for file in existing { try? FileManager.default.removeItem(at: file) }
    }
}
