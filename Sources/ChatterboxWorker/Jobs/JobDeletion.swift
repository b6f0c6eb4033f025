import Foundation

/// What `JobStore.delete(id:)` did.
public enum JobDeletion: Sendable {
    /// The job, its events, checkpoints and stored audio are gone; this is the job as it was.
    case deleted(Job)
    /// The job is queued or running: cancel it first.
    case notFinished(Job)
    /// No job has that id.
    case notFound
}

/// Audio files the runner wrote for jobs under the data folder. Files at paths a user chose
/// (`output`, folder batches) are theirs: neither retention nor a delete touches them.
public struct JobAudioFiles: Sendable {
    /// `directories.data/audio`.
    public let folder: URL

    public init(folder: URL) {
        self.folder = folder
    }

    /// Removes `job`'s audio file if it is one of ours; returns whether a file was removed.
    @discardableResult
    public func removeOwned(by job: Job) -> Bool {
        let ours = folder.standardizedFileURL.path + "/"
        guard let path = job.outputPath, URL(fileURLWithPath: path).standardizedFileURL.path.hasPrefix(ours) else { return false }
        return (try? FileManager.default.removeItem(atPath: path)) != nil
    }
}
