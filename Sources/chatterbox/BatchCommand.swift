import ArgumentParser
import ChatterboxCore
import ChatterboxWorker
import Foundation
import Logging
import ServiceLifecycle

/// `chatterbox batch`: one audio file per text file, through the durable job queue (`LocalNode`: the same
/// store, runner and services as `chatterbox worker`, PostgreSQL included), so an interrupted batch resumes
/// where it stopped when run again.
struct BatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "batch", abstract: "Speak every .txt/.md file of a folder into another folder.",
        discussion: "Exit 0 only when every file succeeded. Files whose output exists are skipped; an interrupted run resumes.")

    @Argument(help: "Folder of .txt / .md files.")
    var folder: String

    @Option(name: .shortAndLong, help: "Folder for the audio files.")
    var output: String

    @OptionGroup var voiceOptions: VoiceOptions

    @Option(help: "Files synthesised at once (default: jobs.concurrency).")
    var jobs: Int?

    @OptionGroup var configOptions: ConfigOptions

    func validate() throws {
        if let jobs, !(1...64).contains(jobs) { throw ValidationError("--jobs must be 1-64") }
    }

    func run() async throws {
        let node = try await LocalNode(configOptions: configOptions, watch: false, quiet: true) { configuration in
            configuration.concurrency = jobs ?? configuration.concurrency
            configuration.inputFolder = nil
        }
        let settings = node.settings, processor = node.processor
        let source = URL(fileURLWithPath: folder).standardizedFileURL
        let destination = URL(fileURLWithPath: output).standardizedFileURL
        let format = try voiceOptions.format.map { try AudioFormat.parse($0) } ?? settings.processing.outputFormat
        let voice = try voiceOptions.voiceID() ?? settings.processing.model
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: source.path) else {
            throw ChatterboxError(.notFound, message: "cannot read folder \(source.path)", field: "folder")
        }
        do {
            try FileManager.default.createDirectory(at: destination, withIntermediateDirectories: true)
            AtomicFile.removeLeftovers(in: destination)
        } catch {
            throw ChatterboxError(.outputNotWritable, message: "cannot create \(destination.path)", field: "output")
        }
        // Check the voice once, up front: a typo should not become N failed jobs.
        _ = try await processor.registry.resolve(voice)
        var progress = BatchProgress(interactive: isatty(STDOUT_FILENO) == 1)
        for name in names.sorted() where name.hasSuffix(".txt") || name.hasSuffix(".md") {
            let input = source.appendingPathComponent(name)
            let target = destination.appendingPathComponent((name as NSString).deletingPathExtension + "." + format.fileExtension)
            if let size = (try? FileManager.default.attributesOfItem(atPath: target.path))?[.size] as? Int, size > 0 {
                progress.skipped(name)
                continue
            }
            do {
                let text = try TextValidator(maxLength: settings.processing.maxTextLength)
                    .validate(bytes: FileManager.default.contents(atPath: input.path) ?? Data())
                let request = processor.withVoiceDefaults(SynthesisRequest(text: text, voice: voice, format: format, speed: voiceOptions.speed,
                                                                           parameters: voiceOptions.parameters))
                var new = NewJob(request, voice: voice, outputPath: target.path)
                // Same file, text and options -> same job, so a re-run after a crash resumes it.
                new.idempotencyKey = "batch:" + new.requestHash
                let job = try await node.store.enqueue(new, maxAttempts: settings.jobs.maxAttempts, now: Date()).job
                progress.track(name, job: job)
            } catch let error as ChatterboxError {
                progress.rejected(name, reason: error.message)
            }
        }
        let follower = BatchFollower(progress: progress, store: node.store)
        let logger = Logger(label: "chatterbox.batch")
        // The follower ends when every file has finished, and the group then shuts down gracefully.
        let services = node.services.map { ServiceGroupConfiguration.ServiceConfiguration(service: $0) }
            + [.init(service: follower, successTerminationBehavior: .gracefullyShutdownGroup)]
        let group = ServiceGroup(configuration: .init(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
        if !follower.allSucceeded { throw ExitCode.failure }
    }
}
