import Foundation

/// Where the `chatterbox` program is, for the child processes it starts of itself (`espeak-helper`, `check-upload`).
public enum ChatterboxExecutable {
    /// The `chatterbox` program: this process when it is `chatterbox` (the server, the CLI), else the
    /// one beside this program (tests, benchmarks), else the one on `PATH`.
    public static func locate() -> String {
        let own = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        let ownURL = URL(fileURLWithPath: own)
        if ownURL.lastPathComponent == "chatterbox" { return ownURL.path }
        let sibling = ownURL.deletingLastPathComponent().appendingPathComponent("chatterbox").path
        if FileManager.default.isExecutableFile(atPath: sibling) { return sibling }
        for folder in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            let candidate = "\(folder)/chatterbox"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return sibling
    }
}
