import ChatterboxCore
import Foundation

/// Installs a requirements file into an environment with its own pip, output shown live; a failure
/// ends with a summary of what went wrong and what to try.
public struct RequirementsInstaller: Sendable {
    /// The folder holding base.txt, cuda.txt, piper.txt (the project's `requirements/`).
    public var folder: String?

    /// Creates an installer; `folder` is found beside the worker package when nil.
    public init(folder: String? = nil, workingDirectory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)) {
        self.folder = folder ?? PythonWorkerLocation.find(configured: "", workingDirectory: workingDirectory).map {
            URL(fileURLWithPath: $0).deletingLastPathComponent().appendingPathComponent("requirements").path
        }.flatMap { FileManager.default.fileExists(atPath: $0) ? $0 : nil }
    }

    /// The shipped files with what each is for; `cuda.txt` is recommended when an NVIDIA GPU is present.
    public func choices(gpu: Bool) -> [(file: String, summary: String)] {
        guard let folder else { return [] }
        let files = [
            ("base.txt", "chatterbox, speecht5 and piper-py on the CPU (torch CPU build, about 1.5 GB)"),
            ("cuda.txt", "the same with CUDA torch (NVIDIA GPU, about 4 GB)" + (gpu ? " — GPU found" : "")),
            ("piper.txt", "piper-py only (no torch, about 60 MB)"),
        ]
        let ordered = gpu ? [files[1], files[0], files[2]] : files
        return ordered.map { ("\(folder)/\($0.0)", $0.1) }.filter { FileManager.default.fileExists(atPath: $0.0) }
    }

    /// Runs `python -m pip install -r file`; throws a summary on failure.
    public func install(_ file: String, into python: String, console: SetupConsole) throws(SetupError) {
        guard FileManager.default.fileExists(atPath: file) else { throw SetupError("requirements file \(file) does not exist") }
        let arguments = ["-m", "pip", "install", "--disable-pip-version-check", "--progress-bar", "off", "-r", file]
        console.say("  $ \(python) \(arguments.joined(separator: " "))")
        let started = Date()
        let result = StreamingProcess.run(python, arguments, console: console)
        guard result.status == 0 else {
            throw SetupError(Self.summary(of: result, file: file, python: python))
        }
        console.say("  installed \(URL(fileURLWithPath: file).lastPathComponent) in \(Int(Date().timeIntervalSince(started))) s")
    }

    /// What failed, the last lines pip printed, and a hint for the usual causes.
    static func summary(of result: StreamingProcess.Result, file: String, python: String) -> String {
        let text = result.tail.joined(separator: "\n")
        let hint: String
        if text.contains("No matching distribution") || text.contains("Could not find a version") {
            hint = "a package has no build for this Python; Chatterbox needs Python 3.10 or 3.11 (setup --new venv --python 3.11)"
        } else if text.contains("externally-managed-environment") {
            hint = "this Python belongs to the operating system (PEP 668) and refuses pip; create a new environment instead (N, or --new venv)"
        } else if text.contains("No module named pip") {
            hint = "this environment has no pip; run \(python) -m ensurepip, or create a new environment"
        } else if text.contains("ResolutionImpossible") || text.contains("conflict") {
            hint = "the packages' pins conflict with what is installed; use a fresh environment"
        } else if text.contains("Temporary failure in name resolution") || text.contains("Connection") {
            hint = "PyPI could not be reached; check the network or a proxy (PIP_INDEX_URL)"
        } else if text.contains("No space left") {
            hint = "the disk is full; torch needs several GB"
        } else {
            hint = "see the output above"
        }
        return "installing \(file) failed (pip exit \(result.status)).\n  last lines:\n    "
            + result.tail.suffix(6).joined(separator: "\n    ") + "\n  hint: \(hint)"
    }
}
