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
    /// The runner, then the folder watcher when watching.
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
        var services: [any Service] = [runner]
        if watch { services.append(FolderWatcher(store: store, settings: settings, workingDirectory: workingDirectory)) }
        self.services = services
    }
}
