/// Where a job is in its life: `queued -> running -> succeeded | failed | cancelled`
/// (a failed attempt with attempts left goes back to `queued`).
public enum JobStatus: String, Sendable, Codable, CaseIterable {
    case queued, running, succeeded, failed, cancelled

    /// Whether the job will not change any more.
    public var isFinal: Bool { self == .succeeded || self == .failed || self == .cancelled }
}
