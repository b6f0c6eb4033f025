import Foundation
import Synchronization

/// Appends log lines to `chatterbox-YYYY-MM-DD.log` in the logs folder: a new file each day
/// (`logging.rotation: daily`) or one `chatterbox.log` (`never`), deleting dated files older
/// than the retention period whenever a new day's file opens.
public final class LogFileSink: Sendable {
    /// The folder the files live in.
    public let folder: URL
    private let daily: Bool
    private let retentionDays: Int
    private let state = Mutex<(day: String, handle: FileHandle?)>(("", nil))

    /// Creates the sink; the folder is created if missing.
    public init(folder: URL, daily: Bool, retentionDays: Int) throws {
        self.folder = folder
        self.daily = daily
        self.retentionDays = retentionDays
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw ChatterboxError.io("cannot create log folder \(folder.path): \(error.localizedDescription)")
        }
    }

    /// The file a line written at `date` goes to.
    public func fileURL(for date: Date) -> URL {
        folder.appendingPathComponent(daily ? "chatterbox-\(Self.day(date)).log" : "chatterbox.log")
    }

    /// Appends one line.
    public func write(_ line: String, at date: Date = Date()) {
        let day = Self.day(date)
        state.withLock { state in
            if state.handle == nil || (daily && state.day != day) {
                try? state.handle?.close()
                let url = fileURL(for: date)
                if !FileManager.default.fileExists(atPath: url.path) {
                    _ = FileManager.default.createFile(atPath: url.path, contents: nil)
                }
                state.handle = try? FileHandle(forWritingTo: url)
                _ = try? state.handle?.seekToEnd()
                state.day = day
                if daily { removeExpired(now: date) }
            }
            state.handle?.write(Data((line + "\n").utf8))
        }
    }

    /// Deletes dated log files older than the retention period.
    public func removeExpired(now: Date = Date()) {
        let cutoff = Self.day(now.addingTimeInterval(-Double(retentionDays) * 86_400))
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        for name in names where name.hasPrefix("chatterbox-") && name.hasSuffix(".log") {
            let day = name.dropFirst("chatterbox-".count).dropLast(".log".count)
            if day.count == 10, day < cutoff {
                try? FileManager.default.removeItem(at: folder.appendingPathComponent(name))
            }
        }
    }

    static func day(_ date: Date) -> String {
        date.formatted(.iso8601.year().month().day().dateSeparator(.dash))
    }
}
