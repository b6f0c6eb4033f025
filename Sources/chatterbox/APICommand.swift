import ArgumentParser
import ChatterboxAPI
import ChatterboxCore
import ChatterboxWorker
import ChatterboxWyoming
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
        let node = try await LocalNode(configOptions: configOptions, watch: !noWatch)
        let settings = node.settings, runner = node.runner
        let logger = Logger(label: "chatterbox.api")
        let environment = APIEnvironment(settings: settings, store: node.store, processor: node.processor, workingDirectory: node.workingDirectory)
        let host = host ?? settings.api.host
        if let warning = BrowserPorts.warning(port: port ?? settings.api.port, key: port == nil ? "api.port" : "--port") { logger.warning("\(warning)") }
        var services = node.services
        if settings.wyoming.enabled { services.append(WyomingServer(settings: settings, processor: node.processor)) }
        let app = APIServer.application(environment: environment, host: host, port: port, services: services, logger: logger) { bound in
            logger.notice("listening on http://\(host):\(bound) (metrics on :\(settings.monitoring.metricsPort)), node \(runner.node)")
        }
        let group = ServiceGroup(configuration: .init(services: [.init(service: app)],
                                                      gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
        logger.notice("server stopped")
    }
}
