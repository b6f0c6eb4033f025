import ArgumentParser
import ChatterboxCore
import ChatterboxWorker
import ChatterboxWyoming
import Foundation
import Logging
import ServiceLifecycle

/// `chatterbox wyoming`: only the Wyoming listener (Home Assistant), without the HTTP API or jobs.
struct WyomingCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wyoming", abstract: "Serve only the Wyoming protocol (Home Assistant); `chatterbox api` serves it too.")

    @Option(help: "Port to listen on (default wyoming.port).")
    var port: Int?

    @OptionGroup var configOptions: ConfigOptions

    func validate() throws {
        if let port, !(1...65535).contains(port) { throw ValidationError("--port must be 1-65535") }
    }

    func run() async throws {
        let settings = try await configOptions.loadAndStartLogging()
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
        let processor = SpeechProcessor(registry: .standard(settings: settings, workingDirectory: cwd), settings: settings, workingDirectory: cwd)
        let logger = Logger(label: "chatterbox.wyoming")
        let services: [any Service] = [IdleSweeper(registry: processor.registry), WyomingServer(settings: settings, processor: processor, port: port)]
        let group = ServiceGroup(configuration: .init(services: services.map { .init(service: $0) },
                                                      gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}
