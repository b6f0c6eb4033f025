import ChatterboxCore
import Foundation
import Testing
@testable import ChatterboxWorker

@Suite("Job store (SQLite, and PostgreSQL when TEST_POSTGRES_URL is set)")
struct JobStoreTests {
    @Test(arguments: StoreKind.available) func claimsAreAtomicUnderConcurrentWorkers(_ kind: StoreKind) async throws {
        let fixture = try await StoreFixture(kind)
        defer { fixture.cleanup() }
        for index in 0..<60 { try await fixture.enqueue("Job \(index).") }
        // Two store handles on one file behave like two processes.
        let other = try await fixture.another()
        let claimed = try await withThrowingTaskGroup(of: [String].self) { group in
            for worker in 0..<8 {
                let store: any JobStore = worker.isMultiple(of: 2) ? fixture.store : other
                group.addTask {
                    var mine: [String] = []
                    while let job = try await store.claim(node: "node-\(worker)", leaseSeconds: 60, engineLimits: [:], now: Date()) {
                        mine.append(job.id)
                    }
                    return mine
                }
            }
            return try await group.reduce(into: [String]()) { $0 += $1 }
        }
        #expect(claimed.count == 60)
        #expect(Set(claimed).count == 60)
    }

    @Test(arguments: StoreKind.available) func expiredLeasesAreReclaimedAndOnlyTheHolderCompletes(_ kind: StoreKind) async throws {
        let fixture = try await StoreFixture(kind)
        defer { fixture.cleanup() }
        let job = try await fixture.enqueue()
        let start = Date()
        let first = try #require(try await fixture.store.claim(node: "a", leaseSeconds: 1, engineLimits: [:], now: start))
        #expect(first.attempts == 1)
        #expect(try await fixture.store.claim(node: "b", leaseSeconds: 1, engineLimits: [:], now: start.addingTimeInterval(0.5)) == nil)
        // "a" finished a chunk before its lease expired: the reclaim goes on in the same attempt.
        let chunk = AudioBuffer(samples: [0.1, 0.2], sampleRate: 1000)
        #expect(try await fixture.store.saveCheckpoint(id: job.id, node: "a", index: 0, audio: chunk, chunksTotal: 3, voice: "test:v") == .held)
        let second = try #require(try await fixture.store.claim(node: "b", leaseSeconds: 1, engineLimits: [:], now: start.addingTimeInterval(2)))
        #expect(second.id == job.id)
        #expect(second.attempts == 1)  // a reclaim after progress is the same attempt, not a new one
        #expect(try await fixture.store.renewLease(id: job.id, node: "a", leaseSeconds: 1, now: start.addingTimeInterval(2)) == .lost)
        let audioFile = fixture.folder.appendingPathComponent("x.wav")
        try Data("RIFF-test-audio".utf8).write(to: audioFile)
        let result = JobCompletion(outputPath: audioFile.path, audioSeconds: 1, chunksTotal: 1, spokenBy: "test:v")
        #expect(try await fixture.store.complete(id: job.id, node: "a", result: result, now: start.addingTimeInterval(3)) == false)
        #expect(try await fixture.store.complete(id: job.id, node: "b", result: result, now: start.addingTimeInterval(3)) == true)
        // A shared store keeps the audio for every node; the local SQLite store leaves it on this disk.
        let stored = try await fixture.store.storedAudio(id: job.id)
        #expect(stored == (kind == .postgres ? Data("RIFF-test-audio".utf8) : nil))
        #expect(try await fixture.store.complete(id: job.id, node: "b", result: result, now: start.addingTimeInterval(3)) == false)
        let succeeded = try await fixture.store.events(id: job.id).filter { $0.kind == .succeeded }
        #expect(succeeded.count == 1)
    }

    @Test(arguments: StoreKind.available) func aJobWhoseHoldersDieWithoutProgressFailsAfterMaxAttempts(_ kind: StoreKind) async throws {
        let fixture = try await StoreFixture(kind)
        defer { fixture.cleanup() }
        let poison = try await fixture.enqueue("poison")
        var now = Date()
        // Three holders die holding it (their leases expire, or their process is found dead) before a chunk.
        for (index, node) in ["n1", "n2", "n3"].enumerated() {
            let held = try #require(try await fixture.store.claim(node: node, leaseSeconds: 1, engineLimits: [:], now: now))
            #expect(held.id == poison.id)
            #expect(held.attempts == index + 1)
            if index == 1 { _ = try await fixture.store.releaseLeases(node: node, now: now, crashed: true) }
            now = now.addingTimeInterval(2)
        }
        let other = try await fixture.enqueue("fine", at: now)  // due at the simulated time, however slow this run is
        // The fourth taker finds it exhausted: it fails with crashed_worker and the next job is claimed instead.
        let next = try #require(try await fixture.store.claim(node: "n4", leaseSeconds: 1, engineLimits: [:], now: now))
        #expect(next.id == other.id)
        let failed = try #require(try await fixture.store.job(id: poison.id))
        #expect(failed.status == .failed)
        #expect(failed.errorCode == "crashed_worker")
        #expect(failed.errorMessage?.contains("died 3 time(s) without finishing a chunk") == true)
        let events = try await fixture.store.events(id: poison.id)
        #expect(events.last?.kind == .failed)
        #expect(events.filter { $0.kind == .started }.count == 3)
    }

    @Test(arguments: StoreKind.available) func aGracefulReleaseDoesNotCountAnAttempt(_ kind: StoreKind) async throws {
        let fixture = try await StoreFixture(kind)
        defer { fixture.cleanup() }
        let job = try await fixture.enqueue()
        let now = Date()
        for _ in 0..<5 {
            let held = try #require(try await fixture.store.claim(node: "a", leaseSeconds: 30, engineLimits: [:], now: now))
            #expect(held.attempts == 1)
            #expect(try await fixture.store.releaseLeases(node: "a", now: now, crashed: false) == 1)
        }
        #expect(try await fixture.store.job(id: job.id)?.status == .running)
    }

    @Test(arguments: StoreKind.available) func higherPriorityFirstThenFIFO(_ kind: StoreKind) async throws {
        let fixture = try await StoreFixture(kind)
        defer { fixture.cleanup() }
        let low1 = try await fixture.enqueue("a", priority: 0)
        let high1 = try await fixture.enqueue("b", priority: 5)
        let low2 = try await fixture.enqueue("c", priority: 0)
        let high2 = try await fixture.enqueue("d", priority: 5)
        var order: [String] = []
        while let job = try await fixture.store.claim(node: "n", leaseSeconds: 60, engineLimits: [:], now: Date()) { order.append(job.id) }
        #expect(order == [high1.id, high2.id, low1.id, low2.id])
    }

    @Test(arguments: StoreKind.available) func idempotencyKeys(_ kind: StoreKind) async throws {
        let fixture = try await StoreFixture(kind)
        defer { fixture.cleanup() }
        let first = try await fixture.store.enqueue(NewJob(SynthesisRequest(text: "Hi."), voice: "test:v", idempotencyKey: "k1"), maxAttempts: 3, now: Date())
        let again = try await fixture.store.enqueue(NewJob(SynthesisRequest(text: "Hi."), voice: "test:v", idempotencyKey: "k1"), maxAttempts: 3, now: Date())
        #expect(first.created && !again.created)
        #expect(first.job.id == again.job.id)
        do {
            _ = try await fixture.store.enqueue(NewJob(SynthesisRequest(text: "Other."), voice: "test:v", idempotencyKey: "k1"), maxAttempts: 3, now: Date())
            Issue.record("conflicting body accepted")
        } catch let error as ChatterboxError {
            #expect(error.code == .idempotencyConflict)
        }
        #expect(try await fixture.store.counts()[.queued] == 1)
    }

    @Test(arguments: StoreKind.available) func retryWaitsForBackoffAndFinalFailureIsFinal(_ kind: StoreKind) async throws {
        let fixture = try await StoreFixture(kind)
        defer { fixture.cleanup() }
        let job = try await fixture.enqueue()
        let now = Date()
        _ = try await fixture.store.claim(node: "n", leaseSeconds: 60, engineLimits: [:], now: now)
        #expect(try await fixture.store.fail(id: job.id, node: "n", error: .engine("boom"), retryAt: now.addingTimeInterval(10), now: now))
        #expect(try await fixture.store.job(id: job.id)?.status == .queued)
        #expect(try await fixture.store.claim(node: "n", leaseSeconds: 60, engineLimits: [:], now: now.addingTimeInterval(5)) == nil)
        let retried = try #require(try await fixture.store.claim(node: "n", leaseSeconds: 60, engineLimits: [:], now: now.addingTimeInterval(11)))
        #expect(retried.attempts == 2)
        #expect(try await fixture.store.fail(id: job.id, node: "n", error: .engine("boom"), retryAt: nil, now: now))
        let failed = try #require(try await fixture.store.job(id: job.id))
        #expect(failed.status == .failed)
        #expect(failed.errorMessage == "boom")
        #expect(try await fixture.store.claim(node: "n", leaseSeconds: 60, engineLimits: [:], now: now.addingTimeInterval(100)) == nil)
    }

    @Test(arguments: StoreKind.available) func cancelQueuedAndRunning(_ kind: StoreKind) async throws {
        let fixture = try await StoreFixture(kind)
        defer { fixture.cleanup() }
        let queued = try await fixture.enqueue("a")
        #expect(try await fixture.store.cancel(id: queued.id, now: Date())?.status == .cancelled)
        let running = try await fixture.enqueue("b")
        _ = try await fixture.store.claim(node: "n", leaseSeconds: 60, engineLimits: [:], now: Date())
        #expect(try await fixture.store.cancel(id: running.id, now: Date())?.status == .cancelled)
        #expect(try await fixture.store.renewLease(id: running.id, node: "n", leaseSeconds: 60, now: Date()) == .cancelled)
        #expect(try await fixture.store.saveCheckpoint(id: running.id, node: "n", index: 0, audio: AudioBuffer(samples: [0], sampleRate: 1000),
                                                       chunksTotal: 2, voice: "test:v") == .cancelled)
        #expect(try await fixture.store.cancel(id: "no-such-job", now: Date()) == nil)
        #expect(try await fixture.store.claim(node: "n", leaseSeconds: 60, engineLimits: [:], now: Date()) == nil)
    }

    @Test(arguments: StoreKind.available) func engineLimitsSkipBusyEngines(_ kind: StoreKind) async throws {
        let fixture = try await StoreFixture(kind)
        defer { fixture.cleanup() }
        try await fixture.enqueue("a", voice: "piper:x")
        try await fixture.enqueue("b", voice: "piper:x")
        let other = try await fixture.enqueue("c", voice: "espeak:en-us")
        let limits = ["piper": 1]
        #expect(try await fixture.store.claim(node: "n", leaseSeconds: 60, engineLimits: limits, now: Date())?.voice == "piper:x")
        #expect(try await fixture.store.claim(node: "n", leaseSeconds: 60, engineLimits: limits, now: Date())?.id == other.id)
        #expect(try await fixture.store.claim(node: "n", leaseSeconds: 60, engineLimits: limits, now: Date()) == nil)
    }

    @Test(arguments: StoreKind.available) func deleteRemovesAFinishedJobEntirelyAndRefusesAnUnfinishedOne(_ kind: StoreKind) async throws {
        let fixture = try await StoreFixture(kind)
        defer { fixture.cleanup() }
        let done = try await fixture.enqueue("Private words.")
        let waiting = try await fixture.enqueue("Still queued.")
        let now = Date()
        _ = try #require(try await fixture.store.claim(node: "a", leaseSeconds: 30, engineLimits: [:], now: now))
        let file = fixture.folder.appendingPathComponent("done.wav")
        try Data("RIFF".utf8).write(to: file)
        let result = JobCompletion(outputPath: file.path, audioSeconds: 1, chunksTotal: 1, spokenBy: "test:v")
        #expect(try await fixture.store.complete(id: done.id, node: "a", result: result, now: now))
        guard case .notFinished(let unfinished) = try await fixture.store.delete(id: waiting.id) else { Issue.record("deleted a queued job"); return }
        #expect(unfinished.status == .queued)
        guard case .deleted(let deleted) = try await fixture.store.delete(id: done.id) else { Issue.record("kept a finished job"); return }
        #expect(deleted.text == "Private words." && deleted.outputPath == file.path)
        #expect(try await fixture.store.job(id: done.id) == nil)
        #expect(try await fixture.store.events(id: done.id).isEmpty)
        #expect(try await fixture.store.storedAudio(id: done.id) == nil)
        guard case .notFound = try await fixture.store.delete(id: done.id) else { Issue.record("deleted twice"); return }
        #expect(try await fixture.store.job(id: waiting.id)?.status == .queued)
    }

    @Test(arguments: StoreKind.available) func retentionPurgesOnlyOldFinishedJobs(_ kind: StoreKind) async throws {
        let fixture = try await StoreFixture(kind)
        defer { fixture.cleanup() }
        let old = try await fixture.enqueue("old")
        let long = Date().addingTimeInterval(-10 * 86_400)
        _ = try await fixture.store.cancel(id: old.id, now: long)
        let recent = try await fixture.enqueue("recent")
        _ = try await fixture.store.cancel(id: recent.id, now: Date())
        let waiting = try await fixture.enqueue("waiting", at: long)
        let purged = try await fixture.store.purge(finishedBefore: Date().addingTimeInterval(-7 * 86_400))
        #expect(purged.map(\.id) == [old.id])
        #expect(try await fixture.store.job(id: old.id) == nil)
        #expect(try await fixture.store.job(id: recent.id) != nil)
        #expect(try await fixture.store.job(id: waiting.id) != nil)
    }

    @Test(arguments: StoreKind.available) func listPagesNewestFirst(_ kind: StoreKind) async throws {
        let fixture = try await StoreFixture(kind)
        defer { fixture.cleanup() }
        var ids: [String] = []
        for index in 0..<5 { ids.append(try await fixture.enqueue("Job \(index).").id) }
        let page = try await fixture.store.list(status: nil, limit: 2, before: nil)
        #expect(page.map(\.id) == [ids[4], ids[3]])
        let next = try await fixture.store.list(status: .queued, limit: 10, before: page.last!.sequence)
        #expect(next.map(\.id) == [ids[2], ids[1], ids[0]])
    }
}

@Suite("PostgreSQL job store")
struct PostgresStoreTests {
    @Test(.enabled(if: StoreKind.postgresURL != nil, "TEST_POSTGRES_URL is not set"))
    func newWorkWakesIdleRunnersOfOtherNodesAtOnce() async throws {
        let fixture = try await StoreFixture(.postgres)
        defer { fixture.cleanup() }
        let otherNode = try await fixture.another()
        let started = ContinuousClock.now
        async let woken: Void = otherNode.waitForWork(upTo: .seconds(20))
        try await Task.sleep(for: .milliseconds(300))
        try await fixture.enqueue("Wake up.")
        await woken
        let waited = ContinuousClock.now - started
        #expect(waited < .seconds(15), "LISTEN/NOTIFY should wake the other node long before its 20 s timeout (waited \(waited))")
    }

    @Test(.enabled(if: StoreKind.postgresURL != nil, "TEST_POSTGRES_URL is not set"))
    func nodesStartingTogetherMigrateOnce() async throws {
        let schema = "race_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(12)
        let stores = try await withThrowingTaskGroup(of: PostgresJobStore.self) { group in
            for _ in 0..<6 { group.addTask { try await PostgresJobStore(url: StoreKind.postgresURL!, schema: String(schema)) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(stores.count == 6)
        let served = Served()
        defer { served.stopAll() }
        _ = served.start(stores[0])
        _ = served.start(stores[5])
        let job = try await stores[0].enqueue(NewJob(SynthesisRequest(text: "Hi."), voice: "test:v"), maxAttempts: 3, now: Date()).job
        #expect(try await stores[5].job(id: job.id)?.text == "Hi.")
    }
}
