import ChatterboxCore
import Foundation
import Testing
@testable import ChatterboxWorker

@Suite("Folder batch and retention")
struct FolderBatchTests {
    @Test func filesBecomeJobsOnceAndMoveWhenDone() async throws {
        let fixture = try await StoreFixture()
        defer { fixture.cleanup() }
        var settings = Settings.defaults
        settings.processing.model = "test:v"
        settings.processing.outputFormat = .flac
        let speaker = SpeechProcessor(registry: EngineRegistry([]), settings: settings, workingDirectory: fixture.folder)
        let watcher = FolderWatcher(store: fixture.store, processor: speaker, workingDirectory: fixture.folder)
        let input = fixture.folder.appendingPathComponent("_jobs_input_dir")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        try "First story. It ends here.".write(to: input.appendingPathComponent("story.txt"), atomically: true, encoding: .utf8)
        try "   ".write(to: input.appendingPathComponent("empty.md"), atomically: true, encoding: .utf8)
        try "ignored".write(to: input.appendingPathComponent("notes.pdf"), atomically: true, encoding: .utf8)

        var seen = await watcher.scan(previous: [:])
        #expect(try await fixture.store.counts()[.queued] == 0)  // not yet known to be stable
        seen = await watcher.scan(previous: seen)
        seen = await watcher.scan(previous: seen)  // a second stable look must not queue it again
        #expect(try await fixture.store.counts()[.queued] == 1)
        // A restart: a new watcher over the same store does not duplicate.
        _ = await FolderWatcher(store: fixture.store, processor: speaker, workingDirectory: fixture.folder).scan(previous: seen)
        #expect(try await fixture.store.counts()[.queued] == 1)
        #expect(FileManager.default.fileExists(atPath: input.appendingPathComponent("failed/empty.md").path))
        let reason = try String(contentsOf: input.appendingPathComponent("failed/empty.md.error.txt"), encoding: .utf8)
        #expect(reason.contains("text is empty"))

        var configuration = JobRunnerConfiguration.testing(folder: fixture.folder)
        configuration.inputFolder = input
        let runner = JobRunner(store: fixture.store, processor: processor([ScriptedEngine()]), configuration: configuration)
        let task = Task { try await runner.run() }
        #expect(try await eventually { try await fixture.store.counts()[.succeeded] == 1 })
        runner.stop()
        try await task.value
        let output = fixture.folder.appendingPathComponent("_jobs_output_dir/story.flac")
        #expect(try AudioDecoder.read(output).samples.count > 0)
        #expect(FileManager.default.fileExists(atPath: input.appendingPathComponent("done/story.txt").path))
        #expect(!FileManager.default.fileExists(atPath: input.appendingPathComponent("story.txt").path))
        #expect(FileManager.default.fileExists(atPath: input.appendingPathComponent("notes.pdf").path))
    }

    @Test func retentionDeletesOldJobsAndTheirAudio() async throws {
        let fixture = try await StoreFixture()
        defer { fixture.cleanup() }
        let job = try await fixture.enqueue("Keep me briefly.")
        let runner = JobRunner(store: fixture.store, processor: processor([ScriptedEngine()]), configuration: .testing(folder: fixture.folder))
        let task = Task { try await runner.run() }
        #expect(try await eventually { try await fixture.store.job(id: job.id)?.status == .succeeded })
        runner.stop()
        try await task.value
        let path = try #require(try await fixture.store.job(id: job.id)?.outputPath)
        #expect(try await runner.purgeExpired(now: Date()) == 0)
        #expect(try await runner.purgeExpired(now: Date().addingTimeInterval(8 * 86_400)) == 1)
        #expect(!FileManager.default.fileExists(atPath: path))
        #expect(try await fixture.store.job(id: job.id) == nil)
    }
}
