import ChatterboxCore
import Foundation
import GRDB
import Testing
@testable import ChatterboxWorker

@Suite("A full disk pauses jobs instead of failing them")
struct StoragePauseTests {
    @Test func aFullDatabaseIsAStorageErrorAndWritesNothing() async throws {
        let fixture = try await StoreFixture(.sqlite)
        defer { fixture.cleanup() }
        let store = try #require(fixture.store as? SQLiteJobStore)
        // SQLite answers SQLITE_FULL once the file may not grow: what a full disk looks like to it.
        try await store.pool.write { db in try db.execute(sql: "PRAGMA max_page_count = 40") }
        let text = String(repeating: "A long sentence to fill the page. ", count: 200)
        var accepted = 0
        await #expect { while true { _ = try await fixture.enqueue(text); accepted += 1 } } throws: { error in
            (error as? ChatterboxError)?.kind == .storageFull && (error as? ChatterboxError)?.code == .insufficientStorage
        }
        #expect(accepted > 0)
        #expect(try await store.counts()[.queued] == accepted)  // the refused one left no row behind
    }

    @Test(arguments: StoreKind.available) func aPausedJobKeepsItsCheckpointsAndItsAttempt(_ kind: StoreKind) async throws {
        let fixture = try await StoreFixture(kind)
        defer { fixture.cleanup() }
        let job = try await fixture.enqueue()
        let now = Date()
        let claimed = try #require(try await fixture.store.claim(node: "a", leaseSeconds: 30, engineLimits: [:], now: now))
        #expect(claimed.attempts == 1)
        let chunk = AudioBuffer(samples: [0.25, -0.25], sampleRate: 1000)
        #expect(try await fixture.store.saveCheckpoint(id: job.id, node: "a", index: 0, audio: chunk, chunksTotal: 3, voice: "test:v") == .held)
        #expect(try await fixture.store.pause(id: job.id, node: "b", reason: "not mine", now: now) == false)
        #expect(try await fixture.store.pause(id: job.id, node: "a", reason: "only 5 MB free", now: now))
        let paused = try #require(try await fixture.store.job(id: job.id))
        #expect(paused.status == .queued && paused.attempts == 0 && paused.chunksDone == 1 && paused.leaseOwner == nil)
        #expect(try await fixture.store.checkpointIndexes(id: job.id) == [0])
        let events = try await fixture.store.events(id: job.id)
        #expect(events.last?.kind == .paused && events.last?.detail == "only 5 MB free")
        // Taken again, it is still its first attempt and resumes after the stored chunk.
        let again = try #require(try await fixture.store.claim(node: "b", leaseSeconds: 30, engineLimits: [:], now: now.addingTimeInterval(1)))
        #expect(again.id == job.id && again.attempts == 1)
        #expect(try await fixture.store.checkpoint(id: job.id, index: 0) == chunk)
    }

    @Test func storageCheckReportsOnlyBelowTheMinimum() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("no-such-\(UUID().uuidString)/data")
        // A folder not made yet is measured on its nearest existing ancestor.
        let roomy = StorageCheck(folder: folder, minimumFreeBytes: 1)
        #expect(try #require(roomy.freeBytes()) > 0)
        #expect(roomy.problem == nil)
        #expect(StorageCheck(folder: folder, minimumFreeBytes: 0).problem == nil)
        let greedy = StorageCheck(folder: folder, minimumFreeBytes: Int64.max / 2)
        let problem = try #require(greedy.problem)
        #expect(problem.contains("jobs.min_free_disk_mb"))
        #expect(greedy.refusal(problem).kind.httpStatus == 507)
        #expect(StorageCheck.isDiskFull(ChatterboxError.io("write failed: No space left on device")))
        #expect(!StorageCheck.isDiskFull(ChatterboxError.engine("model crashed")))
    }
}
