import ArgumentParser
import ChatterboxAPI
import ChatterboxCore
import ChatterboxWorker
import Foundation
import Logging
import ServiceLifecycle

/// `chatterbox api`: the HTTP API, the job runner, the folder watcher and the metrics listener
/// in one service group. SIGTERM/SIGINT: stop accepting, let running requests finish, stop
/// jobs at their next chunk boundary and release their leases, exit 0.
struct APICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "api", abstract: "Run the server: HTTP API, job runner, folder watcher and metrics.")

    @Option(help: "Address to listen on (default api.host).")
    var host: String?

    @Option(help: "Port to listen on (default api.port).")
    var port: Int?

    @Flag(help: "Do not watch directories.input.")
    var noWatch = false

    @OptionGroup var configOptions: ConfigOptions

    func validate() throws {
        if let port, !(1...65535).contains(port) { throw ValidationError("--port must be 1-65535") }
    }

    func run() async throws {
        let settings = try await configOptions.load().settings
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
        ChatterboxLogHandler.bootstrap(settings: settings, workingDirectory: cwd, consoleLevel: LogLevelName.parse(settings.logging.level) ?? .info)
        let logger = Logger(label: "chatterbox.api")
        let store = try SQLiteJobStore(settings: settings, workingDirectory: cwd)
        let processor = SpeechProcessor(registry: EngineRegistry.standard(settings: settings, workingDirectory: cwd), settings: settings)
        let runner = JobRunner(store: store, processor: processor,
                               configuration: JobRunnerConfiguration(settings: settings, workingDirectory: cwd))
        var services: [any Service] = [runner]
        if !noWatch { services.append(FolderWatcher(store: store, settings: settings, workingDirectory: cwd)) }
        let environment = APIEnvironment(settings: settings, store: store, processor: processor, workingDirectory: cwd)
        let host = host ?? settings.api.host
        let app = APIServer.application(environment: environment, host: host, port: port, services: services, logger: logger) { bound in
            logger.notice("listening on http://\(host):\(bound) (metrics on :\(settings.monitoring.metricsPort)), node \(runner.node)")
        }
        let group = ServiceGroup(configuration: .init(services: [.init(service: app)],
                                                      gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
        logger.notice("server stopped")
    }
}
