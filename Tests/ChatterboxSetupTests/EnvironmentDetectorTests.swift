import ChatterboxCore
import ChatterboxSetup
import Foundation
import Testing

/// `env detect` on a made-up home folder: real venvs (one marked as made by uv, one in poetry's and one in
/// pipenv's folder), a pyenv version, a Miniconda install with an env, a stand-in `conda` on PATH, and a
/// broken venv. Each is reported with the right type and the version its interpreter gives.
@Suite struct EnvironmentDetectorTests {
    let python = ProcessInfo.processInfo.environment["TEST_PYTHON"] ?? "/usr/bin/python3"

    func makeVenv(_ folder: URL) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-m", "venv", "--without-pip", folder.path]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }

    func link(python target: String, into folder: URL) throws {
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("bin"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent("bin/python").path, withDestinationPath: target)
    }

    var systemVersion: String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", "import platform; print(platform.python_version())"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try? process.run()
        process.waitUntilExit()
        return String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Making venvs and probing interpreters waits for child processes for seconds: off Swift's cooperative pool, whose
    /// two threads on this machine also run every other test's async work.
    @Test func findsEveryKindWithItsVersion() async throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("env-home-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: home) }
        let found = try await BlockingWork.run { try makeEnvironments(in: home) }
        try check(found)
    }

    private func makeEnvironments(in home: URL) throws -> [PythonEnvironment] {
        let project = home.appendingPathComponent("project")
        try FileManager.default.createDirectory(at: project, withIntermediateDirectories: true)

        try makeVenv(project.appendingPathComponent(".venv"))
        try makeVenv(home.appendingPathComponent(".virtualenvs/uvenv"))
        let uvConfig = home.appendingPathComponent(".virtualenvs/uvenv/pyvenv.cfg")
        try (String(contentsOf: uvConfig, encoding: .utf8) + "uv = 0.5.0\n").write(to: uvConfig, atomically: true, encoding: .utf8)
        try makeVenv(home.appendingPathComponent(".cache/pypoetry/virtualenvs/demo-AbC123-py3.11"))
        try makeVenv(home.appendingPathComponent(".local/share/virtualenvs/demo-XyZ789"))
        try link(python: python, into: home.appendingPathComponent(".pyenv/versions/3.11.7"))
        let conda = home.appendingPathComponent("miniconda3")
        try link(python: python, into: conda)
        try FileManager.default.createDirectory(at: conda.appendingPathComponent("conda-meta"), withIntermediateDirectories: true)
        try link(python: python, into: conda.appendingPathComponent("envs/tts"))
        try FileManager.default.createDirectory(at: conda.appendingPathComponent("envs/tts/conda-meta"), withIntermediateDirectories: true)
        let broken = home.appendingPathComponent(".virtualenvs/broken")
        try FileManager.default.createDirectory(at: broken, withIntermediateDirectories: true)
        try "home = /nowhere\n".write(to: broken.appendingPathComponent("pyvenv.cfg"), atomically: true, encoding: .utf8)

        return EnvironmentDetector(home: home, workingDirectory: project, variables: ["PATH": "/usr/bin:/bin"]).detect()
    }

    private func check(_ found: [PythonEnvironment]) throws {
        func one(_ suffix: String) -> PythonEnvironment? { found.first { $0.path.hasSuffix(suffix) } }
        let version = systemVersion
        #expect(one("project/.venv")?.type == .venv)
        #expect(one(".virtualenvs/uvenv")?.type == .uv)
        #expect(one("virtualenvs/demo-AbC123-py3.11")?.type == .poetry)
        #expect(one("virtualenvs/demo-XyZ789")?.type == .pipenv)
        #expect(one("versions/3.11.7")?.type == .pyenv)
        #expect(one("miniconda3")?.type == .miniconda && one("miniconda3")?.name == "base")
        #expect(one("envs/tts")?.type == .miniconda && one("envs/tts")?.name == "tts")
        #expect(found.contains { $0.type == .system })
        // The system Python (/usr/bin/python3) may be another version than the interpreter the others were made from.
        for environment in found where !environment.path.hasSuffix("broken") && environment.type != .system {
            #expect(environment.status == .ok && environment.pythonVersion == version, "\(environment.path): \(environment.reason ?? "")")
            #expect(Set(environment.packages.keys) == ["chatterbox", "torch", "transformers", "piper"])
        }
        let brokenOne = try #require(one(".virtualenvs/broken"))
        #expect(brokenOne.status == .broken && brokenOne.reason?.contains("no interpreter") == true)
        #expect(Set(found.map(\.type)).count >= 7)
    }

    @Test func condaOnPathListsItsEnvironments() async throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("env-conda-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: home) }
        let env = home.appendingPathComponent("anaconda3/envs/speech")
        try link(python: python, into: env)
        let bin = home.appendingPathComponent("fakebin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        let conda = bin.appendingPathComponent("conda")
        try "#!/bin/sh\necho '{\"envs\": [\"\(env.path)\"]}'\n".write(to: conda, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: conda.path)

        let found = try await BlockingWork.run { EnvironmentDetector(home: home, workingDirectory: home, variables: ["PATH": bin.path]).detect() }
        let speech = try #require(found.first { $0.name == "speech" })
        #expect(speech.type == .conda && speech.status == .ok)
    }

    @Test func recommendationsPreferChatterboxWithCUDAThenTorchThenANewVenv() {
        func env(_ name: String, _ version: String, _ packages: [String], cuda: Bool? = nil) -> PythonEnvironment {
            PythonEnvironment(type: .venv, name: name, path: "/envs/\(name)", python: "/envs/\(name)/bin/python", pythonVersion: version,
                              status: .ok, reason: nil, packages: Dictionary(uniqueKeysWithValues: packages.map { ($0, true) }), cuda: cuda)
        }
        let ranked = EnvironmentRecommender.recommend([
            env("plain311", "3.11.7", []), env("torch310", "3.10.2", ["torch"], cuda: false),
            env("ready", "3.11.4", ["chatterbox", "torch"], cuda: true), env("old", "3.8.10", ["torch"]),
        ])
        #expect(ranked.map(\.path) == ["/envs/ready", "/envs/torch310", "/envs/plain311", nil])
        #expect(ranked.last?.reason.contains("new venv") == true)
        let system = PythonEnvironment(type: .system, name: "system", path: "/usr/bin", python: "/usr/bin/python3", pythonVersion: "3.11.2",
                                       status: .ok, reason: nil, packages: [:], cuda: nil)
        let onlySystem = EnvironmentRecommender.recommend([system])
        #expect(onlySystem.map(\.path) == [nil, "/usr/bin"], "a new venv is recommended over the system Python")
        #expect(onlySystem[1].reason.hasPrefix("system: Python 3.11.2"))
    }
}
