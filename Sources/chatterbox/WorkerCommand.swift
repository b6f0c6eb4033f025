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
        let settings = try await configOptions.load().settings
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
        ChatterboxLogHandler.bootstrap(settings: settings, workingDirectory: cwd, consoleLevel: LogLevelName.parse(settings.logging.level) ?? .info)
        let logger = Logger(label: "chatterbox.worker")
        let store = try SQLiteJobStore(settings: settings, workingDirectory: cwd)
        let registry = EngineRegistry.standard(settings: settings, workingDirectory: cwd)
        let runner = JobRunner(store: store, processor: SpeechProcessor(registry: registry, settings: settings),
                               configuration: JobRunnerConfiguration(settings: settings, workingDirectory: cwd))
        var services: [any Service] = [runner]
        if !noWatch { services.append(FolderWatcher(store: store, settings: settings, workingDirectory: cwd)) }
        logger.notice("worker \(runner.node) started: \(settings.jobs.concurrency) job(s) at once, store \(store.path)")
        let group = ServiceGroup(configuration: .init(services: services.map { .init(service: $0) },
                                                      gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
        logger.notice("worker stopped")
    }
}
