/// Where a job is in its life: `queued -> running -> succeeded | failed | cancelled`
/// (a failed attempt with attempts left goes back to `queued`).
public enum JobStatus: String, Sendable, Codable, CaseIterable {
    case queued, running, succeeded, failed, cancelled

    /// Whether the job will not change any more.
    public var isFinal: Bool { self == .succeeded || self == .failed || self == .cancelled }

    /// The state machine both stores follow, in one place (`JobTransitionTests` holds every store to it): a queued job
    /// is claimed or cancelled; a running one finishes, fails, is cancelled, or goes back to the queue (a retry with
    /// backoff, a lease released at shutdown, a pause on a full disk); a finished job never changes.
    public static let transitions: [JobStatus: Set<JobStatus>] = [
        .queued: [.running, .cancelled],
        .running: [.succeeded, .failed, .cancelled, .queued],
        .succeeded: [], .failed: [], .cancelled: [],
    ]

    /// Whether a store may move a job from this status to `next`.
    public func canBecome(_ next: JobStatus) -> Bool { Self.transitions[self]?.contains(next) ?? false }
}
