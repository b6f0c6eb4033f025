import ArgumentParser
import ChatterboxCore
import ChatterboxWorker
import Foundation
import Logging
import ServiceLifecycle

/// `chatterbox worker`: the job runner and the folder watcher without the HTTP API — a node
/// that only works the queue. SIGTERM/SIGINT stop it gracefully: running jobs stop at their next
/// chunk boundary and release their leases.
struct WorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker", abstract: "Run queued jobs and watch directories.input, without the HTTP API.")

    @Flag(help: "Do not watch directories.input.")
    var noWatch = false

    @OptionGroup var configOptions: ConfigOptions

    func run() async throws {
        let node = try await LocalNode(configOptions: configOptions, watch: !noWatch)
        let logger = Logger(label: "chatterbox.worker")
        let settings = node.settings, runner = node.runner, store = node.storeDescription, services = node.services
        logger.notice("worker \(runner.node) started: \(settings.jobs.concurrency) job(s) at once, store \(store)")
        let group = ServiceGroup(configuration: .init(services: services.map { .init(service: $0) },
                                                      gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
        logger.notice("worker stopped")
    }
}
