import ChatterboxCore
import Foundation

/// The kinds of environment `chatterbox setup` can create.
public enum NewEnvironmentKind: String, CaseIterable, Sendable {
    case venv, conda, poetry

    /// One line for the menu.
    public var summary: String {
        switch self {
        case .venv: "venv: python -m venv (needs that Python on PATH)"
        case .conda: "conda: conda create -p (conda, Miniforge or Miniconda)"
        case .poetry: "poetry: a poetry project with its .venv in the folder"
        }
    }
}

/// Creates a Python environment and returns its interpreter, showing the tool's output as it runs.
public struct EnvironmentCreator: Sendable {
    /// Environment variables (PATH is searched for interpreters and tools).
    public var variables: [String: String]

    /// Creates a creator over the process environment.
    public init(variables: [String: String] = ProcessInfo.processInfo.environment) {
        self.variables = variables
    }

    /// An interpreter of `version` (`3.11`): `python3.11` on PATH, else `python3` if it is that version.
    public func python(version: String) -> String? {
        for name in ["python\(version)", "python3"] {
            guard let path = executable(name) else { continue }
            let output = ProcessRunner.run(path, ["-c", "import sys; print('%d.%d' % sys.version_info[:2])"], timeout: 20)
            if output.status == 0, output.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == version { return path }
        }
        return nil
    }

    /// Python versions found on PATH as `python3.X`, for error messages.
    public func versionsOnPath() -> [String] {
        let folders = (variables["PATH"] ?? "").split(separator: ":").map(String.init)
        let names = folders.flatMap { (try? FileManager.default.contentsOfDirectory(atPath: $0)) ?? [] }
        return Set(names.filter { $0.range(of: #"^python3\.\d+$"#, options: .regularExpression) != nil }.map { String($0.dropFirst(6)) })
            .sorted { $0.compare($1, options: .numeric) == .orderedAscending }
    }

    /// Creates an environment of `kind` with Python `version` at `folder`; returns its interpreter.
    public func create(_ kind: NewEnvironmentKind, version: String, at folder: URL, console: SetupConsole) throws(SetupError) -> String {
        if let contents = try? FileManager.default.contentsOfDirectory(atPath: folder.path), !contents.isEmpty {
            throw SetupError("\(folder.path) exists and is not empty; choose another location or use it as an existing environment (--env)")
        }
        switch kind {
        case .venv:
            guard let python = python(version: version) else { throw missingPython(version) }
            try run(python, ["-m", "venv", folder.path], what: "python -m venv", console: console)
            return folder.appendingPathComponent("bin/python").path
        case .conda:
            guard let conda = EnvironmentDetector(variables: variables).condaExecutable() else {
                throw SetupError("conda was not found (PATH, ~/miniconda3, ~/miniforge3, /opt/conda); install Miniforge or choose venv")
            }
            try run(conda, ["create", "--yes", "--quiet", "--prefix", folder.path, "python=\(version)", "pip"], what: "conda create", console: console)
            return folder.appendingPathComponent("bin/python").path
        case .poetry:
            guard let poetry = executable("poetry") else { throw SetupError("poetry is not on PATH; install it (pipx install poetry) or choose venv") }
            guard let python = python(version: version) else { throw missingPython(version) }
            try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let project = """
                [tool.poetry]
                name = "chatterbox-tts-engines"
                version = "0.1.0"
                description = "Python environment of the Chatterbox TTS Python engines"
                authors = []
                package-mode = false

                [tool.poetry.dependencies]
                python = "~\(version)"

                """
            do { try project.write(to: folder.appendingPathComponent("pyproject.toml"), atomically: true, encoding: .utf8) } catch {
                throw SetupError("cannot write \(folder.path)/pyproject.toml: \(error.localizedDescription)")
            }
            var environment = variables
            environment["POETRY_VIRTUALENVS_IN_PROJECT"] = "true"
            try run(poetry, ["env", "use", python], what: "poetry env use", environment: environment, in: folder, console: console)
            return folder.appendingPathComponent(".venv/bin/python").path
        }
    }

    private func missingPython(_ version: String) -> SetupError {
        let found = versionsOnPath()
        return SetupError("no Python \(version) on PATH (found: \(found.isEmpty ? "none" : found.joined(separator: ", "))); "
                          + "install it (apt-get install python\(version)-venv, pyenv install \(version)) or pick one of those with --python")
    }

    private func run(_ executable: String, _ arguments: [String], what: String, environment: [String: String]? = nil,
                     in folder: URL? = nil, console: SetupConsole) throws(SetupError) {
        console.say("  $ \(([executable] + arguments).joined(separator: " "))")
        let result = StreamingProcess.run(executable, arguments, environment: environment, workingDirectory: folder, console: console)
        guard result.status == 0 else {
            throw SetupError("\(what) failed (exit \(result.status)): \(result.tail.suffix(3).joined(separator: " | "))")
        }
    }

    func executable(_ name: String) -> String? {
        (variables["PATH"] ?? "").split(separator: ":").map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}

/// A setup step that failed, with what to do about it.
public struct SetupError: Error, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
