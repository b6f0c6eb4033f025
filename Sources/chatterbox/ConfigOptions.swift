import ArgumentParser
import ChatterboxCore
import Foundation
import Logging

/// `--config FILE`, shared by commands that read settings.
struct ConfigOptions: ParsableArguments {
    @Option(name: .long, help: "Configuration file to use instead of ./chatterbox.yaml.")
    var config: String?

    /// Loads settings, printing non-fatal warnings to stderr.
    func load() async throws -> LoadedSettings {
        var environment = ProcessInfo.processInfo.environment
        let file = config ?? environment["CHATTERBOX_CONFIG"]
        environment.removeValue(forKey: "CHATTERBOX_CONFIG")
        let loaded = try await SettingsLoader(environment: environment, configFile: file).load()
        for warning in loaded.warnings {
            FileHandle.standardError.write(Data("warning: \(warning)\n".utf8))
        }
        return loaded
    }

    /// Loads settings and installs logging; the console shows warnings and worse only.
    func loadAndStartLogging() async throws -> Settings {
        let settings = try await load().settings
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
        ChatterboxLogHandler.bootstrap(settings: settings, workingDirectory: cwd, consoleLevel: .warning)
        return settings
    }
}
