import Foundation

/// Finds the folder that holds the `chatterbox_worker` package (the project's `python/`).
public enum PythonWorkerLocation {
    /// Where `scripts/install.sh` copies the worker.
    public static let systemFolder = "/usr/local/share/chatterbox_tts/python"

    /// `configured` when set; otherwise `python/` in a folder above the running binary (a build in
    /// the project), then the system folder. Nil when none holds `chatterbox_worker/__main__.py`.
    public static func find(configured: String, workingDirectory: URL) -> String? {
        if !configured.isEmpty { return Settings.resolve(configured, in: workingDirectory).path }
        var candidates: [String] = []
        if var folder = Bundle.main.executableURL?.resolvingSymlinksInPath().deletingLastPathComponent() {
            for _ in 0..<6 {
                candidates.append(folder.appendingPathComponent("python").path)
                folder.deleteLastPathComponent()
            }
        }
        candidates += [workingDirectory.appendingPathComponent("python").path, systemFolder]
        return candidates.first { FileManager.default.fileExists(atPath: $0 + "/chatterbox_worker/__main__.py") }
    }
}
