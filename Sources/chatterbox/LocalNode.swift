import ChatterboxCore
import ChatterboxWorker
import Foundation
import ServiceLifecycle

/// What `chatterbox api` and `chatterbox worker` both run: settings and logging, the job store,
/// the speech processor, the job runner and (unless `--no-watch`) the folder watcher.
struct LocalNode {
    let settings: Settings
    let workingDirectory: URL
    let store: any JobStore
    /// Where the store is, for logs.
    let storeDescription: String
    let processor: SpeechProcessor
    let runner: JobRunner
    /// The store when it is a service (PostgreSQL), the runner, the idle sweeper, then the folder watcher when watching.
    let services: [any Service]

    init(configOptions: ConfigOptions, watch: Bool) async throws {
        settings = try await configOptions.load().settings
        workingDirectory = URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
        ChatterboxLogHandler.bootstrap(settings: settings, workingDirectory: workingDirectory,
                                       consoleLevel: LogLevelName.parse(settings.logging.level) ?? .info)
        (store, storeDescription) = try await JobStores.open(settings: settings, workingDirectory: workingDirectory)
        processor = SpeechProcessor(registry: EngineRegistry.standard(settings: settings, workingDirectory: workingDirectory), settings: settings)
        runner = JobRunner(store: store, processor: processor,
                           configuration: JobRunnerConfiguration(settings: settings, workingDirectory: workingDirectory))
        // The store first: a service group stops services in reverse order, so the store (PostgreSQL's
        // pool and LISTEN loop) serves the runner and the API until both have stopped.
        var services: [any Service] = (store as? any Service).map { [$0] } ?? []
        services += [runner, IdleSweeper(registry: processor.registry)] as [any Service]
        if watch { services.append(FolderWatcher(store: store, settings: settings, workingDirectory: workingDirectory)) }
        self.services = services
    }
}
