import ChatterboxCore
import Foundation

/// How a `JobRunner` works: how many jobs at once, lease timing, retry backoff, limits, folders.
public struct JobRunnerConfiguration: Sendable {
    /// Jobs run at once by this runner (`jobs.concurrency`).
    public var concurrency: Int
    /// Lease length; renewed every third of it.
    public var leaseSeconds: Double
    /// How often an idle worker looks for work.
    public var pollInterval: Duration
    /// Attempts before a job fails for good (`jobs.max_attempts`).
    public var maxAttempts: Int
    /// First retry delay; doubles each attempt, capped at `maxBackoffSeconds`.
    public var backoffSeconds: Double
    public var maxBackoffSeconds: Double
    /// Most jobs of one engine running at once across all nodes, e.g. `["piper": 1]`.
    public var engineLimits: [String: Int]
    /// Where audio of jobs without a fixed output path goes.
    public var audioFolder: URL
    /// Finished jobs (and audio the runner wrote under `audioFolder`) older than this are deleted.
    public var retentionDays: Int
    /// Free space of the data folder against `jobs.min_free_disk_mb`.
    public var storage: StorageCheck
    /// Folder-batch input folder (`directories.input`): finished inputs move to `done/` or `failed/`.
    public var inputFolder: URL?

    /// From settings.
    public init(settings: Settings, workingDirectory: URL) {
        concurrency = settings.jobs.concurrency
        leaseSeconds = Double(settings.jobs.leaseSeconds)
        pollInterval = .milliseconds(250)
        maxAttempts = settings.jobs.maxAttempts
        backoffSeconds = 2
        maxBackoffSeconds = 300
        engineLimits = settings.jobs.engineLimits
        retentionDays = settings.jobs.retentionDays
        audioFolder = Settings.resolve(settings.directories.data, in: workingDirectory).appendingPathComponent("audio")
        inputFolder = Settings.resolve(settings.directories.input, in: workingDirectory)
        storage = StorageCheck(settings: settings, workingDirectory: workingDirectory)
    }

    /// Delay before attempt `attempts + 1` after a retryable failure.
    public func backoff(afterAttempt attempts: Int) -> Double {
        min(maxBackoffSeconds, backoffSeconds * pow(2, Double(max(0, attempts - 1))))
    }
}
