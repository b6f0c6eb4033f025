import ChatterboxCore
import ChatterboxWorker
import Foundation
import ServiceLifecycle

/// What `chatterbox api`, `chatterbox worker` and `chatterbox batch` run: settings and logging, the job store
/// (SQLite or PostgreSQL, as `jobs.store` says), the speech processor, the job runner, the idle sweeper and
/// (when watching) the folder watcher.
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

    /// `runner` adjusts the job runner's configuration (a batch's own concurrency); `quiet` logs only warnings
    /// to the console (a batch's progress bar owns it).
    init(configOptions: ConfigOptions, watch: Bool, quiet: Bool = false,
         runner adjust: (inout JobRunnerConfiguration) -> Void = { _ in }) async throws {
        settings = try await configOptions.load().settings
        workingDirectory = URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
        ChatterboxLogHandler.bootstrap(settings: settings, workingDirectory: workingDirectory,
                                       consoleLevel: quiet ? .warning : LogLevelName.parse(settings.logging.level) ?? .info)
        (store, storeDescription) = try await JobStores.open(settings: settings, workingDirectory: workingDirectory)
        processor = SpeechProcessor(registry: EngineRegistry.standard(settings: settings, workingDirectory: workingDirectory),
                                    settings: settings, workingDirectory: workingDirectory)
        var configuration = JobRunnerConfiguration(settings: settings, workingDirectory: workingDirectory)
        adjust(&configuration)
        runner = JobRunner(store: store, processor: processor, configuration: configuration)
        // The store first: a service group stops services in reverse order, so the store (PostgreSQL's
        // pool and LISTEN loop) serves the runner and the API until both have stopped.
        var services: [any Service] = (store as? any Service).map { [$0] } ?? []
        services += [runner, IdleSweeper(registry: processor.registry)] as [any Service]
        if watch { services.append(FolderWatcher(store: store, processor: processor, workingDirectory: workingDirectory)) }
        self.services = services
    }
}
