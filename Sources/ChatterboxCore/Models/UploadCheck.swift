import Foundation

/// The checks that parse an uploaded file with a C library — libsndfile decoding a reference clip, ONNX Runtime
/// loading a Piper model — run in a child process (`chatterbox check-upload`): a file that crashes or hangs the
/// library fails its check with a 400 and never takes the server down. Only files that passed are then read in
/// the server's own process.
public struct UploadCheck: Sendable {
    /// The `chatterbox` program.
    public let executable: String
    /// Longest a check may take (the 63 MB joe model loads and speaks in about 2 s in a debug build).
    public let timeout: TimeInterval

    /// The child's exit status for a refusal (its `ChatterboxError` as JSON on standard output).
    static let refused: Int32 = 3

    public init(executable: String = ChatterboxExecutable.locate(), timeout: TimeInterval = 120) {
        self.executable = executable
        self.timeout = timeout
    }

    /// `VoiceClip.validated` in the child; the trimmed clip is written as WAV to `destination`.
    public func clip(_ file: URL, to destination: URL) throws {
        try run(["clip", file.path, destination.path], what: "the clip", code: .invalidClip, field: "clip")
    }

    /// `VoiceInstaller.checkModel` in the child: the model loads and speaks a test sentence.
    public func piper(model: URL, config: URL, onnxruntimeLibrary: String) throws {
        try run(["piper", model.path, config.path, onnxruntimeLibrary], what: model.lastPathComponent, code: .invalidVoice, field: "model")
    }

    private func run(_ arguments: [String], what: String, code: ErrorCode, field: String) throws {
        var environment = Secrets.childEnvironment()
        environment["SWIFT_BACKTRACE"] = "enable=no"  // a file that crashes the library is refused, not debugged
        let output = ProcessRunner.run(executable, ["check-upload"] + arguments, timeout: timeout, environment: environment)
        if output.status == 0 { return }
        if output.status == Self.refused, let refusal = Self.decode(output.stdout) { throw refusal }
        if output.timedOut {
            throw ChatterboxError(code, message: "\(what) took over \(Int(timeout)) s to check and was given up", field: field)
        }
        if output.status == -1 {  // never started: ours to fix
            throw ChatterboxError(.checkFailed, message: "the upload check could not run: \(output.stderr)")
        }
        // The library stopped on the file (a signal, an abort): the file cannot be read here.
        throw ChatterboxError(code, message: "\(what) could not be read: its decoder stopped on it (status \(output.status))", field: field)
    }

    // MARK: - The child's side

    /// Runs one check in this process (`chatterbox check-upload clip IN OUT` or `piper MODEL CONFIG ORT_LIBRARY`);
    /// prints a refusal as JSON and returns the exit status.
    public static func serve(_ arguments: [String]) -> Int32 {
        do {
            switch (arguments.first, arguments.count) {
            case ("clip", 3):
                try VoiceClip.write(VoiceClip.validated(URL(fileURLWithPath: arguments[1])), to: URL(fileURLWithPath: arguments[2]))
            case ("piper", 4):
                try VoiceInstaller(folder: FileManager.default.temporaryDirectory, onnxruntimeLibrary: arguments[3])
                    .checkModel(URL(fileURLWithPath: arguments[1]), config: URL(fileURLWithPath: arguments[2]))
            default:
                FileHandle.standardError.write(Data("usage: check-upload clip IN OUT | piper MODEL CONFIG ORT_LIBRARY\n".utf8))
                return 64
            }
            return 0
        } catch {
            let error = error as? ChatterboxError ?? ChatterboxError.io("\(error)")
            FileHandle.standardOutput.write(encode(error))
            return refused
        }
    }

    /// A refusal as the child prints it: the helpers' `WorkerReply.Failure` in JSON.
    static func encode(_ error: ChatterboxError) -> Data {
        (try? JSONEncoder().encode(WorkerReply.Failure(error))) ?? Data()
    }

    static func decode(_ text: String) -> ChatterboxError? {
        (try? JSONDecoder().decode(WorkerReply.Failure.self, from: Data(text.utf8)))?.error
    }
}
