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
            throw ChatterboxError(.storageFull, code: "insufficient_storage", message: "the job store \(path) cannot grow: the disk is full")
        }
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1 jobs, checkpoints, events") { db in
            try db.execute(sql: """
                CREATE TABLE jobs (
                    sequence INTEGER PRIMARY KEY AUTOINCREMENT,
                    id TEXT NOT NULL UNIQUE, status TEXT NOT NULL, text TEXT NOT NULL, voice TEXT NOT NULL,
                    format TEXT NOT NULL, sample_rate INTEGER, speed REAL NOT NULL, parameters TEXT NOT NULL,
                    priority INTEGER NOT NULL, attempts INTEGER NOT NULL, max_attempts INTEGER NOT NULL,
                    error_code TEXT, error_message TEXT, idempotency_key TEXT UNIQUE, request_hash TEXT NOT NULL,
                    created_at REAL NOT NULL, started_at REAL, finished_at REAL, not_before REAL NOT NULL,
                    lease_owner TEXT, lease_expires_at REAL, chunks_done INTEGER NOT NULL, chunks_total INTEGER NOT NULL,
                    audio_seconds REAL NOT NULL, output_path TEXT, spoken_by TEXT, fallback_reason TEXT, source_path TEXT);
                CREATE INDEX jobs_claim ON jobs (status, priority DESC, sequence);
                CREATE TABLE checkpoints (
                    job_id TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE, chunk INTEGER NOT NULL,
                    voice TEXT NOT NULL, sample_rate INTEGER NOT NULL, samples BLOB NOT NULL, PRIMARY KEY (job_id, chunk));
                CREATE TABLE job_events (
                    id INTEGER PRIMARY KEY AUTOINCREMENT, job_id TEXT NOT NULL, kind TEXT NOT NULL, node TEXT,
                    detail TEXT, at REAL NOT NULL);
                CREATE INDEX job_events_job ON job_events (job_id);
                """)
        }
        migrator.registerMigration("v2 crash accounting") { db in
            // chunks_done when the job was last claimed (NULL: never, or released cleanly): a job taken back
            // from a dead process without progress since then counts an attempt (`JobClaim`).
            try db.execute(sql: "ALTER TABLE jobs ADD COLUMN claimed_chunks INTEGER")
        }
        migrator.registerMigration("v3 text format") { db in
            try db.execute(sql: "ALTER TABLE jobs ADD COLUMN text_format TEXT NOT NULL DEFAULT 'text'")  // text or ssml
        }
        migrator.registerMigration("v4 lexicon") { db in
            try db.execute(sql: "ALTER TABLE jobs ADD COLUMN lexicon TEXT")
        }
        migrator.registerMigration("v5 word timings") { db in
            // Each checkpoint's words (timed from its first sample), and a finished job's, for its captions.
            try db.execute(sql: "ALTER TABLE checkpoints ADD COLUMN words TEXT")
            try db.execute(sql: "ALTER TABLE jobs ADD COLUMN words TEXT")
        }
        return migrator
    }
}
