import ChatterboxCore
import Foundation
import Testing
@testable import ChatterboxWorker

/// Every store follows the one state machine, `JobStatus.transitions`: each operation, allowed or not, is tried on
/// both stores, and every change of status a store makes must be one the table allows; the operations the table
/// forbids change nothing.
@Suite("The job state machine, in every store")
struct JobTransitionTests {
    /// A store with one job, and a record of every status it passed through.
    struct Walk {
        let fixture: StoreFixture
        var store: any JobStore { fixture.store }
        var seen: [JobStatus] = []

        /// Applies `operation` to job `id` and checks the status change against the table.
        mutating func step(_ id: String, _ what: String, _ operation: () async throws -> Void) async throws {
            let before = try #require(try await store.job(id: id)).status
            try await operation()
            let after = try #require(try await store.job(id: id)).status
            #expect(before == after || before.canBecome(after), "\(what): \(before) -> \(after) is not in JobStatus.transitions")
            seen.append(after)
        }
    }

    static let crash = ChatterboxError.engine("crash")

    @Test(arguments: StoreKind.available) func everyStoreFollowsTheTable(_ kind: StoreKind) async throws {
        let fixture = try await StoreFixture(kind)
        defer { fixture.cleanup() }
        var walk = Walk(fixture: fixture)
        let store = fixture.store, now = Date()
        func claim() async throws -> Job? { try await store.claim(node: "n", leaseSeconds: 30, engineLimits: [:], now: Date()) }
        let audio = fixture.folder.appendingPathComponent("done.wav")
        try Data([1, 2, 3]).write(to: audio)  // PostgreSQL keeps a finished job's audio, so it must be there
        let done = JobCompletion(outputPath: audio.path, audioSeconds: 1, chunksTotal: 1, spokenBy: "test:v")

        // queued -> running -> queued (a retry) -> running -> succeeded, and nothing moves it after.
        let a = try await fixture.enqueue("A.")
        try await walk.step(a.id, "complete a queued job") { _ = try await store.complete(id: a.id, node: "n", result: done, now: now) }
        try await walk.step(a.id, "claim") { _ = try await claim() }
        try await walk.step(a.id, "fail with a retry") { _ = try await store.fail(id: a.id, node: "n", error: Self.crash, retryAt: now, now: now) }
        try await walk.step(a.id, "claim again") { _ = try await claim() }
        try await walk.step(a.id, "complete") { _ = try await store.complete(id: a.id, node: "n", result: done, now: now) }
        try await walk.step(a.id, "cancel a succeeded job") { _ = try await store.cancel(id: a.id, now: now) }
        try await walk.step(a.id, "fail a succeeded job") { _ = try await store.fail(id: a.id, node: "n", error: Self.crash, retryAt: nil, now: now) }
        #expect(try await store.job(id: a.id)?.status == .succeeded)

        // queued -> cancelled, and a cancelled job cannot be claimed, completed or failed.
        let b = try await fixture.enqueue("B.")
        try await walk.step(b.id, "cancel a queued job") { _ = try await store.cancel(id: b.id, now: now) }
        try await walk.step(b.id, "claim a cancelled job") { _ = try await claim() }
        try await walk.step(b.id, "complete a cancelled job") { _ = try await store.complete(id: b.id, node: "n", result: done, now: now) }
        #expect(try await store.job(id: b.id)?.status == .cancelled)

        // running -> queued by a released lease and by a pause; running -> failed; running -> cancelled.
        let c = try await fixture.enqueue("C.")
        try await walk.step(c.id, "claim") { _ = try await claim() }
        try await walk.step(c.id, "release at shutdown") { _ = try await store.releaseLeases(node: "n", now: now, crashed: false) }
        try await walk.step(c.id, "claim") { _ = try await claim() }
        try await walk.step(c.id, "pause on a full disk") { _ = try await store.pause(id: c.id, node: "n", reason: "disk", now: now) }
        try await walk.step(c.id, "claim") { _ = try await claim() }
        try await walk.step(c.id, "fail for good") { _ = try await store.fail(id: c.id, node: "n", error: Self.crash, retryAt: nil, now: now) }
        try await walk.step(c.id, "claim a failed job") { _ = try await claim() }
        let d = try await fixture.enqueue("D.")
        try await walk.step(d.id, "claim") { _ = try await claim() }
        try await walk.step(d.id, "cancel a running job") { _ = try await store.cancel(id: d.id, now: now) }
        let (failed, cancelled) = (try await store.job(id: c.id)?.status, try await store.job(id: d.id)?.status)
        #expect(failed == .failed && cancelled == .cancelled)
        // Every status was reached, so every allowed transition above was really made.
        #expect(Set(walk.seen) == Set(JobStatus.allCases))
    }
}
