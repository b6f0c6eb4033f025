import Foundation

/// Writes that either fully happen or leave nothing behind: data goes to a hidden temporary
/// file in the destination folder, then `rename(2)` moves it into place in one step.
public enum AtomicFile {
    /// A temporary path next to `destination`, on the same file system so the final rename is atomic.
    public static func temporaryPath(for destination: URL) -> URL {
        let name = ".\(destination.lastPathComponent).\(UUID().uuidString.prefix(8)).tmp"
        return destination.deletingLastPathComponent().appendingPathComponent(name)
    }

    /// Checks that a file can be created at `destination` before any expensive work starts.
    public static func checkWritable(_ destination: URL) throws {
        let folder = destination.deletingLastPathComponent()
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ChatterboxError(.badInput, code: "output_not_writable", message: "output folder \(folder.path) does not exist", field: "output")
        }
        guard FileManager.default.isWritableFile(atPath: folder.path) else {
            throw ChatterboxError(.badInput, code: "output_not_writable", message: "cannot write to \(folder.path): permission denied", field: "output")
        }
        if FileManager.default.fileExists(atPath: destination.path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw ChatterboxError(.badInput, code: "output_not_writable", message: "\(destination.path) is a folder, not a file", field: "output")
        }
    }

    /// Moves a finished temporary file into place, replacing any older file at `destination`,
    /// and removes temporaries of the same name that a killed process left behind.
    public static func commit(_ temporary: URL, to destination: URL) throws {
        guard rename(temporary.path, destination.path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw ChatterboxError.io("cannot move audio into \(destination.path): \(reason)", field: "output")
        }
        let folder = destination.deletingLastPathComponent()
        let prefix = ".\(destination.lastPathComponent)."
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        where name.hasPrefix(prefix) && name.hasSuffix(".tmp") {
            try? FileManager.default.removeItem(at: folder.appendingPathComponent(name))
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
