import ChatterboxCore
import Foundation

/// Durable job storage. Every state change is one atomic step, and every step a running job
/// takes checks that the caller still holds its lease, so a job completes exactly once even
/// when two nodes race after a lease expiry. SQLite and PostgreSQL implement the same contract.
public protocol JobStore: Sendable {
    /// Adds a job, or returns the existing one for the same idempotency key and body.
    /// Throws `idempotency_conflict` when the key names a different body.
    func enqueue(_ job: NewJob, maxAttempts: Int, now: Date) async throws -> EnqueueResult
    /// One job, or `nil`.
    func job(id: String) async throws -> Job?
    /// Jobs newest first, optionally of one status, after the cursor (a `sequence`).
    func list(status: JobStatus?, limit: Int, before cursor: Int64?) async throws -> [Job]
    /// Atomically takes the best claimable job (queued and due, or running with an expired
    /// lease), highest priority first then oldest, skipping engines at their limit.
    func claim(node: String, leaseSeconds: Double, engineLimits: [String: Int], now: Date) async throws -> Job?
    /// Extends the lease if `node` still holds it.
    func renewLease(id: String, node: String, leaseSeconds: Double, now: Date) async throws -> LeaseState
    /// Stores one finished chunk's audio and the progress, if `node` holds the lease.
    func saveCheckpoint(id: String, node: String, index: Int, audio: AudioBuffer, chunksTotal: Int, voice: String) async throws -> LeaseState
    /// The stored chunk indexes of a job, in order.
    func checkpointIndexes(id: String) async throws -> [Int]
    /// One stored chunk.
    func checkpoint(id: String, index: Int) async throws -> AudioBuffer?
    /// The voice the checkpoints were spoken with, if any were stored.
    func checkpointVoice(id: String) async throws -> String?
    /// Whether a queued or running job speaks with voice `id` (or one of its speakers, `id#SPEAKER`).
    func hasActiveJobs(voice id: String) async throws -> Bool
    /// When each word of a succeeded job is heard (empty for a job finished before timings were kept).
    func captions(id: String) async throws -> [WordTiming]
    /// Marks the job succeeded if `node` holds the lease; `false` means someone else finished it.
    func complete(id: String, node: String, result: JobCompletion, now: Date) async throws -> Bool
    /// Ends an attempt with an error: back to `queued` (not before `retryAt`) or `failed` for good.
    func fail(id: String, node: String, error: ChatterboxError, retryAt: Date?, now: Date) async throws -> Bool
    /// Cancels a queued or running job; returns it, or `nil` if unknown. Finished jobs are unchanged.
    func cancel(id: String, now: Date) async throws -> Job?
    /// Releases leases held by `node`: its running jobs become claimable now. `crashed` says the
    /// node died (its process of this host exited) rather than stopping gracefully: a job it held
    /// without finishing a chunk since its claim then counts an attempt when it is taken back.
    func releaseLeases(node: String, now: Date, crashed: Bool) async throws -> Int
    /// Puts a running job that `node` holds back in the queue, keeping its checkpoints and giving
    /// back the attempt its claim counted (it did not fail: the node could not go on). `reason` is
    /// the `paused` event's text. Returns `false` if `node` no longer holds it.
    func pause(id: String, node: String, reason: String, now: Date) async throws -> Bool
    /// Running jobs and their lease owners (for reclaiming leases of dead local processes).
    func runningLeases() async throws -> [(id: String, owner: String)]
    /// Deletes finished jobs older than `before` (and their checkpoints); returns them.
    func purge(finishedBefore: Date) async throws -> [Job]
    /// Deletes one finished job with its events, checkpoints and stored audio (a user's privacy
    /// request); a queued or running job is left alone and returned as `.notFinished`.
    func delete(id: String) async throws -> JobDeletion
    /// Number of jobs per status.
    func counts() async throws -> [JobStatus: Int]
    /// A job's history, oldest first.
    func events(id: String) async throws -> [JobEvent]
    /// Returns when new work may be claimable, or after `timeout` (idle runners wait here).
    func waitForWork(upTo timeout: Duration) async
    /// A finished job's audio when the store keeps it (PostgreSQL: every node serves every job); `nil` otherwise.
    func storedAudio(id: String) async throws -> Data?
}

extension JobStore {
    /// Polling stores just wait out the timeout.
    public func waitForWork(upTo timeout: Duration) async {
        try? await Task.sleep(for: timeout)
    }

    /// Stores that keep audio on the local disk only.
    public func storedAudio(id: String) async throws -> Data? { nil }
}

/// Opens the store `jobs.store` names.
public enum JobStores {
    /// `sqlite`/`sqlite:PATH` -> `SQLiteJobStore`; `postgres://…` -> `PostgresJobStore`. Returns the store and a
    /// description for logs.
    public static func open(settings: Settings, workingDirectory: URL) async throws -> (store: any JobStore, description: String) {
        let spec = settings.jobs.store
        if spec.hasPrefix("postgres://") || spec.hasPrefix("postgresql://") {
            let store = try await PostgresJobStore(url: spec, password: settings.jobs.storePassword, passwordFile: settings.jobs.storePasswordFile)
            return (store, store.description)
        }
        let store = try SQLiteJobStore(settings: settings, workingDirectory: workingDirectory)
        return (store, store.path)
    }
}
