import Foundation

/// Writes that either fully happen or leave nothing behind: data goes to a hidden temporary
/// file in the destination folder, then `rename(2)` moves it into place in one step.
public enum AtomicFile {
    /// A temporary path next to `destination`, on the same file system so the final rename is atomic:
    /// `.NAME.pPID-RANDOM.tmp`, so a sweep can tell a live writer's file from a killed one's.
    public static func temporaryPath(for destination: URL) -> URL {
        let name = ".\(destination.lastPathComponent).p\(getpid())-\(UUID().uuidString.prefix(8)).tmp"
        return destination.deletingLastPathComponent().appendingPathComponent(name)
    }

    /// Removes temporaries in `folder` left by writers that were killed (their process is gone);
    /// returns how many. Runs when a runner or a command starts, not per write: listing a folder
    /// of thousands of finished files per job would make every write slower than the last.
    @discardableResult
    public static func removeLeftovers(in folder: URL) -> Int {
        var removed = 0
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [] where name.hasPrefix(".") && name.hasSuffix(".tmp") {
            guard let match = name.firstMatch(of: /\.p([0-9]+)-[0-9A-F]{8}\.tmp$/), let pid = Int32(match.1),
                  pid != getpid(), kill(pid, 0) != 0, errno == ESRCH else { continue }
            if (try? FileManager.default.removeItem(at: folder.appendingPathComponent(name))) != nil { removed += 1 }
        }
        return removed
    }

    /// Checks that a file can be created at `destination` before any expensive work starts.
    public static func checkWritable(_ destination: URL) throws {
        let folder = destination.deletingLastPathComponent()
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ChatterboxError(.outputNotWritable, message: "output folder \(folder.path) does not exist", field: "output")
        }
        guard FileManager.default.isWritableFile(atPath: folder.path) else {
            throw ChatterboxError(.outputNotWritable, message: "cannot write to \(folder.path): permission denied", field: "output")
        }
        if FileManager.default.fileExists(atPath: destination.path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw ChatterboxError(.outputNotWritable, message: "\(destination.path) is a folder, not a file", field: "output")
        }
    }

    /// Moves a finished temporary file into place, replacing any older file at `destination`.
    public static func commit(_ temporary: URL, to destination: URL) throws {
        guard rename(temporary.path, destination.path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw ChatterboxError.io("cannot move audio into \(destination.path): \(reason)", field: "output")
        }
    }

    /// Writes `data` to `destination` atomically.
    public static func write(_ data: Data, to destination: URL) throws {
        let temporary = temporaryPath(for: destination)
        do {
            try data.write(to: temporary)
        } catch {
            throw ChatterboxError.io("cannot write \(destination.path): \(error.localizedDescription)", field: "output")
        }
        try commit(temporary, to: destination)
    }
}
