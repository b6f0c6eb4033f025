import ArgumentParser
import ChatterboxCore
import Foundation

/// `--url`, `--api-key`, `--json`: how `chatterbox jobs …` reaches a running server.
struct ServerOptions: ParsableArguments {
    @Option(help: "Server URL (default http://api.host:api.port from the configuration).")
    var url: String?

    @Option(help: "API key (default $CHATTERBOX_API_KEY).")
    var apiKey: String?

    @Flag(help: "Print the server's JSON.")
    var json = false

    @OptionGroup var configOptions: ConfigOptions

    /// A client for the chosen server.
    func client() async throws -> JobsClient {
        var base = url
        if base == nil {
            let settings = try await configOptions.load().settings
            let host = ["0.0.0.0", "::", ""].contains(settings.api.host) ? "127.0.0.1" : settings.api.host
            base = "http://\(host):\(settings.api.port)"
        }
        while base!.hasSuffix("/") { base!.removeLast() }
        return JobsClient(baseURL: base!, apiKey: apiKey ?? ProcessInfo.processInfo.environment["CHATTERBOX_API_KEY"])
    }

    /// Prints a job: its JSON with `--json`, else one line.
    func print(job: [String: Any]) throws {
        if json {
            let data = try JSONSerialization.data(withJSONObject: job, options: [.sortedKeys, .withoutEscapingSlashes])
            Swift.print(String(decoding: data, as: UTF8.self))
            return
        }
        Swift.print(Self.line(job))
    }

    static func line(_ job: [String: Any]) -> String {
        let progress = job["progress"] as? [String: Any]
        let done = progress?["chunks_done"] as? Int ?? 0, total = progress?["chunks_total"] as? Int ?? 0
        var line = "\(job["id"] as? String ?? "?")  \(job["status"] as? String ?? "?")  \(done)/\(total) chunks  \(job["voice"] as? String ?? "")  \(job["format"] as? String ?? "")"
        if let seconds = job["audio_seconds"] as? Double { line += String(format: "  %.1f s", seconds) }
        if let error = job["error"] as? [String: Any], let message = error["message"] as? String { line += "  error: \(message)" }
        return line
    }
}
