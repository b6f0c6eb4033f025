import ChatterboxCore
import Foundation
import GRDB

/// The embedded job store: one SQLite file in WAL mode through GRDB. Claims run in immediate
/// transactions, so two workers (threads or processes) never take the same job.
public final class SQLiteJobStore: JobStore {
    let pool: DatabasePool
    /// The database file.
    public let path: String

    /// Opens (and migrates) the database at `path`, creating its folder.
    public init(path: String) throws {
        self.path = path
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        // WAL with synchronous=NORMAL: a commit survives a crash or SIGKILL of any process (the WAL is
        // written before the commit returns); only the last commits before a power cut can be lost.
        // FULL would fsync on every commit, the queue's largest cost per job.
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = NORMAL") }
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            try Self.migrator.migrate(pool)
        } catch {
            throw ChatterboxError.io("cannot open job store \(path): \(error)")
        }
    }

    /// The store named by `jobs.store` (`sqlite` = `DATA/jobs.sqlite`, or `sqlite:PATH`).
    public convenience init(settings: Settings, workingDirectory: URL) throws {
        let spec = settings.jobs.store
        let path = spec.hasPrefix("sqlite:") ? String(spec.dropFirst("sqlite:".count))
            : Settings.resolve(settings.directories.data, in: workingDirectory).appendingPathComponent("jobs.sqlite").path
        try self.init(path: Settings.resolve(path, in: workingDirectory).path)
    }

    /// One write transaction. A full disk (`SQLITE_FULL`) becomes a storage error (507, jobs pause)
    /// instead of an internal failure; the transaction rolled back, so nothing is half-written.
    func write<T: Sendable>(_ updates: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await pool.write(updates)
        } catch let error as DatabaseError where error.resultCode == .SQLITE_FULL {
            throw ChatterboxError(.insufficientStorage, message: "the job store \(path) cannot grow: the disk is full")
        }
    }

    /// `JobSchema`'s versions, each applied once (GRDB records them in `grdb_migrations`).
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        for version in JobSchema.versions {
            migrator.registerMigration(version.name) { db in
                for statement in version.sqlite { try db.execute(sql: statement) }
            }
        }
        return migrator
    }
}
