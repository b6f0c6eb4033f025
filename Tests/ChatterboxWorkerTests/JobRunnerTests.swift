import ChatterboxCore
import Foundation
import Testing
@testable import ChatterboxWorker

@Suite("Job runner")
struct JobRunnerTests {
    /// Runs a runner over the fixture until `condition` holds, then stops it.
    func run(_ fixture: StoreFixture, _ engine: ScriptedEngine, concurrency: Int = 1, node: String = NodeIdentity.make(),
             until condition: @escaping () async throws -> Bool) async throws -> Bool {
        let runner = JobRunner(store: fixture.store, processor: processor([engine]),
                               configuration: .testing(folder: fixture.folder, concurrency: concurrency), node: node)
        let task = Task { try await runner.run() }
        let reached = try await eventually(condition)
        runner.stop()
        try await task.value
        return reached
    }

    @Test(arguments: StoreKind.available) func runsJobsToAudioFiles(_ kind: StoreKind) async throws {
        let fixture = try await StoreFixture(kind)
        defer { fixture.cleanup() }
        let job = try await fixture.enqueue("One. Two. Three.")
        let engine = ScriptedEngine()
        #expect(try await run(fixture, engine) { try await fixture.store.job(id: job.id)?.status == .succeeded })
        let done = try #require(try await fixture.store.job(id: job.id))
        #expect(done.chunksDone == 3 && done.chunksTotal == 3)
        #expect(done.spokenBy == "test:v")
        let audio = try AudioDecoder.read(URL(fileURLWithPath: try #require(done.outputPath)))
        let expected = 340  // 40 + 40 + 60 samples of chunks, two 100-sample (0.1 s) gaps
        #expect(audio.samples.count == expected)
        #expect(try await fixture.store.checkpointIndexes(id: job.id).isEmpty)  // cleaned up
    }

    @Test(arguments: StoreKind.available) func engineFailuresRetryWithBackoff(_ kind: StoreKind) async throws {
        let fixture = try await StoreFixture(kind)
        defer { fixture.cleanup() }
        let job = try await fixture.enqueue("Only one.")
        let engine = ScriptedEngine(failures: 2)
        #expect(try await run(fixture, engine) { try await fixture.store.job(id: job.id)?.status == .succeeded })
        #expect(try await fixture.store.job(id: job.id)?.attempts == 3)
        #expect(try await fixture.store.events(id: job.id).filter { $0.kind == .retry }.count == 2)
    }

    @Test(arguments: StoreKind.available) func failuresStopAfterMaxAttempts(_ kind: StoreKind) async throws {
        let fixture = try await StoreFixture(kind)
        defer { fixture.cleanup() }
        let job = try await fixture.enqueue("Only one.")
        #expect(try await run(fixture, ScriptedEngine(failures: 10)) { try await fixture.store.job(id: job.id)?.status == .failed })
        let failed = try #require(try await fixture.store.job(id: job.id))
        #expect(failed.attempts == 3)
        #expect(failed.errorMessage == "scripted engine crash")
    }

    @Test(arguments: StoreKind.available) func badInputFailsAtOnce(_ kind: StoreKind) async throws {
        let fixture = try await StoreFixture(kind)
        defer { fixture.cleanup() }
        let unknownVoice = try await fixture.enqueue("Hello.", voice: "test:nobody")
        let tooFast = try await fixture.store.enqueue(NewJob(SynthesisRequest(text: "Hello.", speed: 50), voice: "test:v"), maxAttempts: 3, now: Date()).job
        #expect(try await run(fixture, ScriptedEngine()) {
            let a = try await fixture.store.job(id: unknownVoice.id)?.status, b = try await fixture.store.job(id: tooFast.id)?.status
            return a == .failed && b == .failed
        })
        #expect(try await fixture.store.job(id: unknownVoice.id)?.attempts == 1)
        #expect(try await fixture.store.job(id: unknownVoice.id)?.errorCode == "unknown_voice")
        #expect(try await fixture.store.job(id: tooFast.id)?.errorCode == "invalid_speed")
    }

    @Test(arguments: StoreKind.available) func cancellingARunningJobStopsItAtAChunkBoundary(_ kind: StoreKind) async throws {
        let fixture = try await StoreFixture(kind)
        defer { fixture.cleanup() }
        let text = (1...40).map { "Sentence \($0)." }.joined(separator: " ")
        let job = try await fixture.enqueue(text)
        let engine = ScriptedEngine(delay: .milliseconds(30))
        #expect(try await run(fixture, engine) {
            if try await fixture.store.job(id: job.id)?.chunksDone ?? 0 >= 3 {
                _ = try await fixture.store.cancel(id: job.id, now: Date())
                return true
            }
            return false
        })
        let calls = engine.callCount
        try await Task.sleep(for: .milliseconds(200))
        #expect(engine.callCount == calls)  // nothing more was synthesised
        #expect(calls < 40)
        let cancelled = try #require(try await fixture.store.job(id: job.id))
        #expect(cancelled.status == .cancelled)
        #expect(!FileManager.default.fileExists(atPath: fixture.folder.appendingPathComponent("_data/audio/\(job.id).wav").path))
    }

    @Test(arguments: StoreKind.available) func aResumedJobContinuesAtItsFirstMissingChunk(_ kind: StoreKind) async throws {
        let fixture = try await StoreFixture(kind)
        defer { fixture.cleanup() }
        // A node that died after two chunks: it holds an expired lease and two checkpoints.
        let start = Date().addingTimeInterval(-10)
        let job = try await fixture.enqueue("Alpha one. Beta two. Gamma three. Delta four. Epsilon five.", at: start)
        _ = try #require(try await fixture.store.claim(node: "dead", leaseSeconds: 1, engineLimits: [:], now: start))
        for (index, text) in ["Alpha one.", "Beta two."].enumerated() {
            // As the engine times it: a sentence engine's one span (ChunkPlan), kept with the checkpoint.
            let audio = AudioBuffer(samples: [Float](repeating: 0.25, count: text.count * 10), sampleRate: 1000,
                                    words: [WordTiming(word: text, start: 0, end: Double(text.count) / 100)])
            #expect(try await fixture.store.saveCheckpoint(id: job.id, node: "dead", index: index, audio: audio, chunksTotal: 5, voice: "test:v") == .held)
        }
        let engine = ScriptedEngine()
        #expect(try await run(fixture, engine) { try await fixture.store.job(id: job.id)?.status == .succeeded })
        #expect(engine.calls.withLock { $0 } == ["Gamma three.", "Delta four.", "Epsilon five."])
        let resumed = try AudioDecoder.read(URL(fileURLWithPath: try #require(try await fixture.store.job(id: job.id)?.outputPath)))
        // Same length as an uninterrupted run.
        let whole = try await fixture.enqueue("Alpha one. Beta two. Gamma three. Delta four. Epsilon five.", key: "whole")
        #expect(try await run(fixture, ScriptedEngine()) { try await fixture.store.job(id: whole.id)?.status == .succeeded })
        let uninterrupted = try AudioDecoder.read(URL(fileURLWithPath: try #require(try await fixture.store.job(id: whole.id)?.outputPath)))
        #expect(resumed.samples.count == uninterrupted.samples.count)
        // The captions too: the checkpoints' timings, laid out as the audio was.
        let captions = try await fixture.store.captions(id: job.id)
        #expect(captions.map(\.word) == ["Alpha one.", "Beta two.", "Gamma three.", "Delta four.", "Epsilon five."])
        #expect(captions == (try await fixture.store.captions(id: whole.id)))
        #expect(try await fixture.store.events(id: job.id).filter { $0.kind == .succeeded }.count == 1)
    }

    @Test(arguments: StoreKind.available) func gracefulStopReleasesTheLeaseForAnotherNode(_ kind: StoreKind) async throws {
        let fixture = try await StoreFixture(kind)
        defer { fixture.cleanup() }
        let job = try await fixture.enqueue((1...30).map { "Sentence \($0)." }.joined(separator: " "))
        let slow = ScriptedEngine(delay: .milliseconds(30))
        #expect(try await run(fixture, slow, node: "first") { try await fixture.store.job(id: job.id)?.chunksDone ?? 0 >= 2 })
        let paused = try #require(try await fixture.store.job(id: job.id))
        #expect(paused.status == .running)
        #expect(paused.chunksDone < 30)
        #expect(try await fixture.store.events(id: job.id).contains { $0.kind == .released })
        // Another node takes over at once (no waiting for the lease to expire) and finishes.
        let second = ScriptedEngine()
        #expect(try await run(fixture, second, node: "second") { try await fixture.store.job(id: job.id)?.status == .succeeded })
        #expect(second.callCount == 30 - paused.chunksDone)
    }

    @Test func leasesOfExitedLocalProcessesAreTakenBack() {
        let me = NodeIdentity.make()
        let host = ProcessInfo.processInfo.hostName
        #expect(NodeIdentity.isDeadLocalProcess("\(host)/999999/abcd", current: me))
        #expect(!NodeIdentity.isDeadLocalProcess(me, current: me))
        #expect(!NodeIdentity.isDeadLocalProcess("\(host)/1/abcd", current: me))  // pid 1 lives
        #expect(!NodeIdentity.isDeadLocalProcess("other-host/999999/abcd", current: me))
    }
}
