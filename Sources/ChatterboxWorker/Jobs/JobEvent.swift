import Foundation

/// One entry of a job's history (the audit trail behind "completed exactly once").
public struct JobEvent: Sendable, Codable, Equatable {
    /// What happened.
    public enum Kind: String, Sendable, Codable {
        case queued, started, retry, succeeded, failed, cancelled, released
        /// Stopped at a checkpoint and queued again without using up an attempt (e.g. the disk is low).
        case paused
    }

    public var jobID: String
    public var kind: Kind
    /// The node that did it, if any.
    public var node: String?
    public var detail: String?
    public var at: Date
}
