import ChatterboxCore
import Foundation
import PostgresNIO
import Testing
@testable import ChatterboxWorker

/// A database made by the release before versioned migrations (commit 842ee28: one `IF NOT EXISTS` script)
/// upgrades in place when this release opens it, and keeps its jobs.
@Suite("PostgreSQL schema upgrades")
struct PostgresUpgradeTests {
    /// The tables as 842ee28's `PostgresJobStore.migrate` created them, word for word.
    static let release842ee28 = [
        """
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
        "ALTER TABLE jobs ADD COLUMN IF NOT EXISTS claimed_chunks INTEGER",
        "ALTER TABLE jobs ADD COLUMN IF NOT EXISTS text_format TEXT NOT NULL DEFAULT 'text'",
        "ALTER TABLE jobs ADD COLUMN IF NOT EXISTS lexicon TEXT",
        "ALTER TABLE jobs ADD COLUMN IF NOT EXISTS words TEXT",
        """
        CREATE TABLE IF NOT EXISTS checkpoints (
            job_id TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE, chunk INTEGER NOT NULL, voice TEXT NOT NULL,
            sample_rate INTEGER NOT NULL, samples BYTEA NOT NULL, PRIMARY KEY (job_id, chunk))
        """,
        "ALTER TABLE checkpoints ADD COLUMN IF NOT EXISTS words TEXT",
        """
        CREATE TABLE IF NOT EXISTS job_events (
            id BIGSERIAL PRIMARY KEY, job_id TEXT NOT NULL, kind TEXT NOT NULL, node TEXT, detail TEXT,
            at DOUBLE PRECISION NOT NULL)
        """,
        "CREATE INDEX IF NOT EXISTS job_events_job ON job_events (job_id)",
        "CREATE TABLE IF NOT EXISTS job_audio (job_id TEXT PRIMARY KEY REFERENCES jobs(id) ON DELETE CASCADE, audio BYTEA NOT NULL)",
        // A queued job, as that release wrote one.
        """
        INSERT INTO jobs (id, status, text, voice, format, sample_rate, speed, parameters, priority, attempts, max_attempts,
            idempotency_key, request_hash, created_at, not_before, chunks_done, chunks_total, audio_seconds, text_format)
        VALUES ('old-job', 'queued', 'Spoken after the upgrade.', 'test:v', 'wav', NULL, 1.5, '{}', 3, 0, 3, 'kept', 'h', 1, 1, 0, 0, 0, 'text')
        """,
    ]

    /// Runs `statements` in `schema`, as the old release would have.
    static func run(_ statements: [String], schema: String) async throws {
        var configuration = try PostgresAddress(url: StoreKind.postgresURL!).configuration
        configuration.options.additionalStartupParameters = [("options", "-c search_path=\(schema)")]
        let client = PostgresClient(configuration: configuration)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            try await client.withConnection { connection in
                try await connection.query("CREATE SCHEMA IF NOT EXISTS \(unescaped: schema)", logger: Logger(label: "test"))
                for statement in statements { try await connection.query(PostgresQuery(unsafeSQL: statement), logger: Logger(label: "test")) }
            }
            group.cancelAll()
        }
    }

    @Test(.enabled(if: StoreKind.postgresURL != nil, "TEST_POSTGRES_URL is not set"))
    func aDatabaseOfThePreviousReleaseUpgradesAndKeepsItsJobs() async throws {
        let schema = "test_upgrade_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(12)
        try await Self.run(Self.release842ee28, schema: String(schema))
        let served = Served()
        defer { served.stopAll() }
        let store = served.start(try await PostgresJobStore(url: StoreKind.postgresURL!, schema: String(schema)))
        let old = try #require(try await store.job(id: "old-job"))
        #expect(old.status == .queued && old.text == "Spoken after the upgrade." && old.speed == 1.5 && old.priority == 3)
        #expect(old.idempotencyKey == "kept" && old.textFormat == "text")
        // The old job is claimed and worked like a new one, beside a new one.
        let new = try await store.enqueue(NewJob(SynthesisRequest(text: "New."), voice: "test:v"), maxAttempts: 3, now: Date()).job
        let claimed = try await store.claim(node: "n", leaseSeconds: 30, engineLimits: [:], now: Date())
        #expect(claimed?.id == "old-job")
        #expect(try await store.job(id: new.id)?.status == .queued)
        // Every version is recorded, once: opening again changes nothing.
        _ = served.start(try await PostgresJobStore(url: StoreKind.postgresURL!, schema: String(schema)))
        #expect(try await store.job(id: "old-job")?.status == .running)
    }

    @Test(.enabled(if: StoreKind.postgresURL != nil, "TEST_POSTGRES_URL is not set"))
    func aDatabaseANewerReleaseMigratedIsRefused() async throws {
        let schema = "test_newer_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(12)
        try await Self.run(["""
            CREATE TABLE schema_migrations (version TEXT PRIMARY KEY, applied_at DOUBLE PRECISION NOT NULL);
            """, "INSERT INTO schema_migrations VALUES ('v99 from the future', 0)"], schema: String(schema))
        await #expect { _ = try await PostgresJobStore(url: StoreKind.postgresURL!, schema: String(schema)) } throws: { error in
            (error as? ChatterboxError)?.message.contains("v99 from the future") == true
        }
    }
}
