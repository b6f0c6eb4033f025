import ChatterboxCore
import Foundation

/// Asks an interpreter, in one short process, for its version and which engine packages it can
/// import (`importlib.util.find_spec`, so nothing heavy is imported), and — only when torch is
/// there — whether torch sees CUDA.
enum PythonProbe {
    /// Packages reported in `packages`: the import names of chatterbox-tts, torch, transformers, piper-tts.
    static let packages = ["chatterbox", "torch", "transformers", "piper"]

    /// Runs on any Python (2.7 too, which then reports its version and no packages).
    static let script = """
        import json, platform
        try:
            from importlib.util import find_spec
        except Exception:
            find_spec = lambda name: None
        found = dict((name, find_spec(name) is not None) for name in \(packages))
        cuda = None
        if found["torch"]:
            try:
                import torch
                cuda = bool(torch.cuda.is_available())
            except Exception:
                cuda = False
        print(json.dumps({"version": platform.python_version(), "packages": found, "cuda": cuda}))
        """

    struct Answer: Decodable {
        var version: String
        var packages: [String: Bool]
        var cuda: Bool?
    }

    /// Probes `python`; a missing, failing or silent interpreter is described in the error.
    static func probe(_ python: String, timeout: TimeInterval = 20) -> Result<Answer, ProbeError> {
        guard FileManager.default.isExecutableFile(atPath: python) else {
            return .failure(ProbeError(reason: "no interpreter at \(python)"))
        }
        let output = ProcessRunner.run(python, ["-c", script], timeout: timeout)
        if output.timedOut { return .failure(ProbeError(reason: "\(python) did not answer in \(Int(timeout)) s")) }
        guard output.status == 0, let line = output.stdout.split(separator: "\n").last,
              let answer = try? JSONDecoder().decode(Answer.self, from: Data(line.utf8)) else {
            let why = output.stderr.split(separator: "\n").last.map(String.init) ?? "exit \(output.status)"
            return .failure(ProbeError(reason: "\(python) failed: \(why)"))
        }
        return .success(answer)
    }

    struct ProbeError: Error {
        var reason: String
    }
}
