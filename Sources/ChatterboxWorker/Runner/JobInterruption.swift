/// Why a running job stopped without finishing: nothing is written to the store for it
/// except, on shutdown, the release of its lease.
enum JobInterruption: Error, Equatable {
    /// A user cancelled it (the store already says so).
    case cancelled
    /// Another node holds the lease now, or the job finished elsewhere.
    case leaseLost
    /// This process is shutting down; the lease is released so another node takes over.
    case shutdown
    /// Free disk fell under `jobs.min_free_disk_mb`; the job is paused (queued again) at its checkpoint.
    case storageLow(String)
}
