import ArgumentParser
import ChatterboxCore
import ChatterboxWorker
import Foundation

/// `chatterbox batch`: one audio file per text file, through the durable job queue, so an
/// interrupted batch resumes where it stopped when run again.
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
        let settings = try await configOptions.loadAndStartLogging()
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
        let source = URL(fileURLWithPath: folder).standardizedFileURL
        let destination = URL(fileURLWithPath: output).standardizedFileURL
        let format = try voiceOptions.format.map { try AudioFormat.parse($0) } ?? settings.processing.outputFormat
        let voiceID = voiceOptions.voice ?? settings.processing.model
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: source.path) else {
            throw ChatterboxError(.badInput, code: "not_found", message: "cannot read folder \(source.path)", field: "folder")
        }
        do {
            try FileManager.default.createDirectory(at: destination, withIntermediateDirectories: true)
            AtomicFile.removeLeftovers(in: destination)
        } catch {
            throw ChatterboxError(.badInput, code: "output_not_writable", message: "cannot create \(destination.path)", field: "output")
        }
        let registry = EngineRegistry.standard(settings: settings, workingDirectory: cwd)
        // Check the voice once, up front: a typo should not become N failed jobs.
        _ = try await registry.resolve(voiceID)
        let store = try SQLiteJobStore(settings: settings, workingDirectory: cwd)
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
                var new = NewJob(SynthesisRequest(text: text, format: format, speed: voiceOptions.speed ?? 1, parameters: voiceOptions.parameters),
                                 voice: voiceID, outputPath: target.path)
                // Same file, text and options -> same job, so a re-run after a crash resumes it.
                new.idempotencyKey = "batch:" + new.requestHash
                let job = try await store.enqueue(new, maxAttempts: settings.jobs.maxAttempts, now: Date()).job
                progress.track(name, job: job)
            } catch let error as ChatterboxError {
                progress.rejected(name, reason: error.message)
            }
        }
        var configuration = JobRunnerConfiguration(settings: settings, workingDirectory: cwd)
        configuration.concurrency = jobs ?? settings.jobs.concurrency
        configuration.inputFolder = nil
        let runner = JobRunner(store: store, processor: SpeechProcessor(registry: registry, settings: settings), configuration: configuration)
        let work = Task { try await runner.run() }
        while try await progress.update(from: store) {
            try await Task.sleep(for: .milliseconds(300))
        }
        runner.stop()
        try await work.value
        progress.finish()
        if !progress.allSucceeded { throw ExitCode.failure }
    }
}
