/// The job store's schema as one list of versions that both stores apply in order: SQLite through GRDB's
/// `DatabaseMigrator` (its `grdb_migrations` table), PostgreSQL through `schema_migrations` (`PostgresMigrator`).
/// A new column is a new version here, with its SQL for each dialect where they differ, and a field in
/// `JobRecord`; nowhere else.
enum JobSchema {
    /// One version of the schema.
    struct Version: Sendable {
        /// Its name, recorded once applied (SQLite's names are those of the releases that made them).
        var name: String
        var sqlite: [String]
        var postgres: [String]

        /// A version whose SQL is the same in both dialects.
        init(_ name: String, both statements: [String]) {
            self.init(name, sqlite: statements, postgres: statements)
        }

        init(_ name: String, sqlite: [String], postgres: [String]) {
            self.name = name
            self.sqlite = sqlite
            self.postgres = postgres
        }
    }

    /// Every version, oldest first. PostgreSQL's statements are idempotent (`IF NOT EXISTS`): a database made
    /// before PostgreSQL recorded versions (by the one script that created everything) takes them all in place.
    static let versions: [Version] = [
        Version("v1 jobs, checkpoints, events", sqlite: ["""
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
            """], postgres: ["""
            CREATE TABLE IF NOT EXISTS jobs (
                sequence BIGSERIAL PRIMARY KEY,
                id TEXT NOT NULL UNIQUE, status TEXT NOT NULL, text TEXT NOT NULL, voice TEXT NOT NULL,
                format TEXT NOT NULL, sample_rate INTEGER, speed DOUBLE PRECISION NOT NULL, parameters TEXT NOT NULL,
                priority INTEGER NOT NULL, attempts INTEGER NOT NULL, max_attempts INTEGER NOT NULL,
                error_code TEXT, error_message TEXT, idempotency_key TEXT UNIQUE, request_hash TEXT NOT NULL,
                created_at DOUBLE PRECISION NOT NULL, started_at DOUBLE PRECISION, finished_at DOUBLE PRECISION,
                not_before DOUBLE PRECISION NOT NULL, lease_owner TEXT, lease_expires_at DOUBLE PRECISION,
                chunks_done INTEGER NOT NULL, chunks_total INTEGER NOT NULL, audio_seconds DOUBLE PRECISION NOT NULL,
                output_path TEXT, spoken_by TEXT, fallback_reason TEXT, source_path TEXT)
            """,
            "CREATE INDEX IF NOT EXISTS jobs_claim ON jobs (status, priority DESC, sequence)",
            """
            CREATE TABLE IF NOT EXISTS checkpoints (
                job_id TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE, chunk INTEGER NOT NULL, voice TEXT NOT NULL,
                sample_rate INTEGER NOT NULL, samples BYTEA NOT NULL, PRIMARY KEY (job_id, chunk))
            """,
            """
            CREATE TABLE IF NOT EXISTS job_events (
                id BIGSERIAL PRIMARY KEY, job_id TEXT NOT NULL, kind TEXT NOT NULL, node TEXT, detail TEXT,
                at DOUBLE PRECISION NOT NULL)
            """,
            "CREATE INDEX IF NOT EXISTS job_events_job ON job_events (job_id)",
        ]),
        // chunks_done when the job was last claimed (NULL: never, or released cleanly): a job taken back from a dead
        // process without progress since then counts an attempt (`JobClaim`).
        Version("v2 crash accounting", sqlite: ["ALTER TABLE jobs ADD COLUMN claimed_chunks INTEGER"],
                postgres: ["ALTER TABLE jobs ADD COLUMN IF NOT EXISTS claimed_chunks INTEGER"]),
        // text or ssml
        Version("v3 text format", sqlite: ["ALTER TABLE jobs ADD COLUMN text_format TEXT NOT NULL DEFAULT 'text'"],
                postgres: ["ALTER TABLE jobs ADD COLUMN IF NOT EXISTS text_format TEXT NOT NULL DEFAULT 'text'"]),
        Version("v4 lexicon", sqlite: ["ALTER TABLE jobs ADD COLUMN lexicon TEXT"],
                postgres: ["ALTER TABLE jobs ADD COLUMN IF NOT EXISTS lexicon TEXT"]),
        // Each checkpoint's words (timed from its first sample), and a finished job's, for its captions.
        Version("v5 word timings", sqlite: ["ALTER TABLE checkpoints ADD COLUMN words TEXT", "ALTER TABLE jobs ADD COLUMN words TEXT"],
                postgres: ["ALTER TABLE checkpoints ADD COLUMN IF NOT EXISTS words TEXT", "ALTER TABLE jobs ADD COLUMN IF NOT EXISTS words TEXT"]),
        // Finished audio in the database, so every node can serve every job (docs/deployment.md); SQLite's one
        // machine keeps it in files.
        Version("v6 shared audio", sqlite: [], postgres: ["""
            CREATE TABLE IF NOT EXISTS job_audio (job_id TEXT PRIMARY KEY REFERENCES jobs(id) ON DELETE CASCADE, audio BYTEA NOT NULL)
            """]),
    ]
}
