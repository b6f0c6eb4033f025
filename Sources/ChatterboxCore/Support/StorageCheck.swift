import Foundation

/// Free space where the data lives (`directories.data`: the job store, checkpoints, audio)
/// against `jobs.min_free_disk_mb`. Below it the runner takes on nothing new and pauses running
/// jobs at their next checkpoint, and submissions are refused with `507` — long before SQLite or
/// an audio write fails on a full disk.
public struct StorageCheck: Sendable {
    /// The folder whose file system is measured (its nearest existing ancestor, if it is not made yet).
    public let folder: URL
    /// The minimum free space, in bytes; 0 turns the check off.
    public let minimumFreeBytes: Int64

    public init(folder: URL, minimumFreeBytes: Int64) {
        self.folder = folder
        self.minimumFreeBytes = minimumFreeBytes
    }

    /// From settings: the data folder and `jobs.min_free_disk_mb`.
    public init(settings: Settings, workingDirectory: URL) {
        self.init(folder: Settings.resolve(settings.directories.data, in: workingDirectory),
                  minimumFreeBytes: Int64(settings.jobs.minFreeDiskMB) * 1_000_000)
    }

    /// Bytes an unprivileged writer may still use, or `nil` when the file system cannot be asked.
    public func freeBytes() -> Int64? {
        var path = folder.path
        while !FileManager.default.fileExists(atPath: path), path != "/" { path = (path as NSString).deletingLastPathComponent }
        var stats = statvfs()
        guard statvfs(path, &stats) == 0 else { return nil }
        return Int64(stats.f_bavail) * Int64(stats.f_frsize)
    }

    /// Why work must wait, or `nil` when there is room.
    public var problem: String? {
        guard minimumFreeBytes > 0, let free = freeBytes(), free < minimumFreeBytes else { return nil }
        return "only \(free / 1_000_000) MB free in \(folder.path); jobs.min_free_disk_mb asks for \(minimumFreeBytes / 1_000_000) MB"
    }

    /// The error a submission gets while space is short.
    public func refusal(_ problem: String) -> ChatterboxError {
        ChatterboxError(.insufficientStorage, message: "\(problem): free some space; waiting jobs resume by themselves")
    }

    /// Whether `error` is the disk being full: our storage error, or `ENOSPC`/`EDQUOT` text from a library.
    public static func isDiskFull(_ error: any Error) -> Bool {
        if let error = error as? ChatterboxError, error.kind == .storageFull { return true }
        let text = "\(error)".lowercased()
        return text.contains("no space left") || text.contains("disk is full") || text.contains("disk quota exceeded")
    }
}
