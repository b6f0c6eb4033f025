import ChatterboxCore
import Foundation

/// Finds Python environments the way their tools lay them out — venv/virtualenv (`./.venv`, `./venv`,
/// `$VIRTUAL_ENV`, `~/.virtualenvs`, `$WORKON_HOME`), uv (a venv whose `pyvenv.cfg` names uv), conda
/// (`conda env list --json` when conda is on PATH, else the usual roots with `conda-meta/`), poetry's and
/// pipenv's virtualenv folders, pyenv versions, and the system Python — then asks each interpreter for its
/// version and packages. A broken environment is listed as broken with the reason; nothing stops the scan.
public struct EnvironmentDetector: Sendable {
    /// The home folder (`~`).
    public var home: URL
    /// Where `./.venv` and `./venv` are looked for.
    public var workingDirectory: URL
    /// Environment variables (`VIRTUAL_ENV`, `WORKON_HOME`, `PATH`, `CONDA_EXE`).
    public var variables: [String: String]
    /// Seconds each interpreter has to answer.
    public var probeTimeout: TimeInterval = 20

    /// A detector for this process's home (`$HOME`), working directory and environment.
    public init(home: URL? = nil,
                workingDirectory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath),
                variables: [String: String] = ProcessInfo.processInfo.environment) {
        self.home = home ?? variables["HOME"].map { URL(fileURLWithPath: $0) } ?? FileManager.default.homeDirectoryForCurrentUser
        self.workingDirectory = workingDirectory
        self.variables = variables
    }

    /// A place that may hold an environment.
    struct Candidate: Equatable {
        var type: PythonEnvironment.Kind
        var name: String
        var path: String
        var python: String
    }

    /// Every environment found, probed.
    public func detect() -> [PythonEnvironment] {
        candidates().map(probe)
    }

    func candidates() -> [Candidate] {
        var found: [Candidate] = []
        func add(_ type: PythonEnvironment.Kind, _ folder: URL, name: String? = nil) {
            let path = folder.standardizedFileURL.resolvingSymlinksInPath().path
            guard !found.contains(where: { $0.path == path }) else { return }
            let kind = type == .venv && Self.madeByUV(folder) ? .uv : type
            found.append(Candidate(type: kind, name: name ?? folder.lastPathComponent, path: path, python: folder.appendingPathComponent("bin/python").path))
        }
        for folder in [workingDirectory.appendingPathComponent(".venv"), workingDirectory.appendingPathComponent("venv")]
        where Self.isVenv(folder) { add(.venv, folder) }
        if let active = variables["VIRTUAL_ENV"], !active.isEmpty { add(.venv, URL(fileURLWithPath: active)) }
        for root in [variables["WORKON_HOME"].map { URL(fileURLWithPath: $0) }, home.appendingPathComponent(".virtualenvs")].compactMap({ $0 }) {
            for folder in children(of: root) where Self.isVenv(folder) { add(.venv, folder) }
        }
        for (root, kind) in [(home.appendingPathComponent(".cache/pypoetry/virtualenvs"), PythonEnvironment.Kind.poetry),
                             (home.appendingPathComponent(".local/share/virtualenvs"), .pipenv)] {
            for folder in children(of: root) where Self.isVenv(folder) { add(kind, folder) }
        }
        for folder in children(of: home.appendingPathComponent(".pyenv/versions")) where exists(folder.appendingPathComponent("bin/python")) {
            add(.pyenv, folder)
        }
        for (folder, name, kind) in condaEnvironments() { add(kind, folder, name: name) }
        for system in ["/usr/bin/python3", "/usr/local/bin/python3"] where FileManager.default.isExecutableFile(atPath: system) {
            if !found.contains(where: { $0.type == .system }) {
                found.append(Candidate(type: .system, name: "system", path: (system as NSString).deletingLastPathComponent, python: system))
            }
        }
        return found
    }

    /// Conda environments: from `conda env list --json` when a conda executable is found, else the base
    /// folders of the usual installs and their `envs/`. The base of a Miniconda/Miniforge install is `miniconda`.
    func condaEnvironments() -> [(URL, String, PythonEnvironment.Kind)] {
        var paths: [URL] = []
        if let conda = condaExecutable() {
            let output = ProcessRunner.run(conda, ["env", "list", "--json"], timeout: probeTimeout)
            if let data = output.stdout.data(using: .utf8),
               let listed = (try? JSONSerialization.jsonObject(with: data) as? [String: Any])?["envs"] as? [String] {
                paths = listed.map { URL(fileURLWithPath: $0) }
            }
        }
        if paths.isEmpty {
            let roots = ["miniconda3", "anaconda3", "miniforge3", "mambaforge", "micromamba"].map { home.appendingPathComponent($0) }
                + [URL(fileURLWithPath: "/opt/conda")]
            for root in roots where exists(root.appendingPathComponent("conda-meta")) {
                paths.append(root)
                paths += children(of: root.appendingPathComponent("envs")).filter { exists($0.appendingPathComponent("conda-meta")) }
            }
        }
        return paths.map { folder in
            let isBase = !folder.deletingLastPathComponent().lastPathComponent.hasPrefix("envs")
            let root = isBase ? folder.lastPathComponent : folder.deletingLastPathComponent().deletingLastPathComponent().lastPathComponent
            let kind: PythonEnvironment.Kind = ["miniconda3", "miniforge3", "mambaforge", "micromamba"].contains(root) ? .miniconda : .conda
            return (folder, isBase ? "base" : folder.lastPathComponent, kind)
        }
    }

    func condaExecutable() -> String? {
        if let exe = variables["CONDA_EXE"], FileManager.default.isExecutableFile(atPath: exe) { return exe }
        for dir in (variables["PATH"] ?? "").split(separator: ":") {
            for name in ["conda", "mamba"] where FileManager.default.isExecutableFile(atPath: "\(dir)/\(name)") { return "\(dir)/\(name)" }
        }
        return nil
    }

    func probe(_ candidate: Candidate) -> PythonEnvironment {
        var environment = PythonEnvironment(type: candidate.type, name: candidate.name, path: candidate.path, python: candidate.python,
                                            pythonVersion: nil, status: .broken, reason: nil,
                                            packages: Dictionary(uniqueKeysWithValues: PythonProbe.packages.map { ($0, false) }), cuda: nil)
        switch PythonProbe.probe(candidate.python, timeout: probeTimeout) {
        case .success(let answer):
            environment.pythonVersion = answer.version
            environment.packages = answer.packages
            environment.cuda = answer.cuda
            environment.status = .ok
        case .failure(let error):
            environment.reason = error.reason
        }
        return environment
    }

    static func isVenv(_ folder: URL) -> Bool {
        FileManager.default.fileExists(atPath: folder.appendingPathComponent("pyvenv.cfg").path)
    }

    static func madeByUV(_ folder: URL) -> Bool {
        guard let text = try? String(contentsOf: folder.appendingPathComponent("pyvenv.cfg"), encoding: .utf8) else { return false }
        return text.split(separator: "\n").contains { $0.trimmingCharacters(in: .whitespaces).hasPrefix("uv =") }
    }

    private func children(of folder: URL) -> [URL] {
        ((try? FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)) ?? []).sorted { $0.path < $1.path }
    }

    private func exists(_ url: URL) -> Bool { FileManager.default.fileExists(atPath: url.path) }
}
