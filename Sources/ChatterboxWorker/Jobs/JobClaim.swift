import ChatterboxCore
/// What taking a job from the queue means for its attempts — the same rule in every store.
///
/// A queued job starts a new attempt. A running job whose lease expired (or whose process of
/// this host exited) is taken back: if it finished a chunk since it was last claimed it goes on
/// in the same attempt; if not, the process most likely died *because* of it (a poison text), so
/// that counts as an attempt, and after `max_attempts` of them the job fails with `crashed_worker`
/// instead of taking down node after node.
struct JobClaim {
    static let crashCode = ErrorCode.crashedWorker.rawValue

    /// The job's attempts once claimed.
    let attempts: Int
    /// Whether the job has used up its attempts by crashing and must fail instead.
    let exhausted: Bool
    /// The `started` event's text.
    let detail: String
    let crashMessage: String

    /// `claimedChunks` is the job's `chunks_done` when it was last claimed; nil when it never was, or
    /// when its last holder released it cleanly (graceful shutdown).
    init(job: Job, claimedChunks: Int?) {
        let takenBack = job.status == .running
        let crashed = takenBack && claimedChunks != nil && claimedChunks == job.chunksDone
        attempts = job.attempts + (!takenBack || crashed ? 1 : 0)
        exhausted = crashed && attempts > job.maxAttempts
        crashMessage = "the job's worker process died \(job.attempts) time(s) without finishing a chunk (last: \(job.leaseOwner ?? "?")); "
            + "its text probably crashes an engine, so it is not tried again"
        detail = switch (takenBack, crashed) {
        case (false, _): "attempt \(attempts)"
        case (true, false): "reclaimed expired lease of \(job.leaseOwner ?? "?")"
        case (true, true): "attempt \(attempts): the previous holder \(job.leaseOwner ?? "?") died without finishing a chunk"
        }
    }
}
