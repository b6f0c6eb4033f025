import ChatterboxCore
import Foundation
import Logging
import PostgresNIO
import ServiceLifecycle

/// The job store for several nodes: PostgreSQL through PostgresNIO. Same contract as the SQLite
/// store; claims take the best row with `FOR UPDATE SKIP LOCKED`, so nodes never wait on each
/// other's claims, and every enqueue, release and retry sends `NOTIFY chatterbox_jobs`, which
/// wakes idle runners on every node at once (`waitForWork`).
///
/// The store is a `Service`: its `run()` runs the connection pool (`PostgresClient.run()`) and
/// the LISTEN loop, and must run (first, in the node's service group) for queries to be served.
public final class PostgresJobStore: JobStore, Service, Sendable {
    let client: PostgresClient
    let logger: Logger
    let wakeups = WorkSignal()
    /// The server and database, for logs (no password).
    public let description: String

    static let channel = "chatterbox_jobs"
    /// How long start-up waits for the database to answer.
    static let startTimeout: Duration = .seconds(15)

    /// Connects to `url` (`postgres://user[:password]@host[:port]/database`), migrates the schema
    /// (safe when several nodes start at once) and starts listening for new work. `schema`
    /// puts the tables in their own PostgreSQL schema (tests use one each).
    public init(url: String, password: String = "", passwordFile: String = "", schema: String? = nil,
                logger: Logger = Logger(label: "chatterbox.store")) async throws {
        let address = try PostgresAddress(url: url, password: password, passwordFile: passwordFile)
        try await address.check(logger: logger)
        var configuration = address.configuration
        let schema = schema ?? address.schema
        if let schema { configuration.options.additionalStartupParameters = [("options", "-c search_path=\(schema)")] }
        configuration.options.maximumConnections = 10
        client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.logger = logger
        self.description = address.description
        // Migrate over a short-lived pool of its own, so that the store's pool runs only inside the
        // service group; the pool retries refused connections for about a minute, a start-up should say at once.
        let setup = PostgresClient(configuration: configuration, backgroundLogger: logger)
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { await setup.run() }
                group.addTask {
                    try await Self.migrate(setup, schema: schema, logger: logger)
                    throw CancellationError()  // done: end the group, and with it the setup pool
                }
                group.addTask {
                    try await Task.sleep(for: Self.startTimeout)
                    throw ChatterboxError.io("no answer within \(Self.startTimeout)")
                }
                defer { group.cancelAll() }
                try await group.next()
            }
        } catch is CancellationError {
        } catch {
            throw ChatterboxError.io("cannot open job store \(description): \((error as? ChatterboxError)?.message ?? String(reflecting: error)); is PostgreSQL running there?")
        }
    }

    /// Serves queries (the pool) and wakes idle runners (LISTEN) until the group shuts down; the
    /// connections close when it returns.
    public func run() async throws {
        await withDiscardingTaskGroup { group in
            group.addTask { await self.client.run() }
            group.addTask { await self.listen() }
            try? await gracefulShutdown()  // returns at graceful shutdown, throws when cancelled: either way, stop
            group.cancelAll()
        }
    }

    /// Creates the tables once; concurrent starters serialise on an advisory lock.
    static func migrate(_ client: PostgresClient, schema: String?, logger: Logger) async throws {
        try await client.withTransaction(logger: logger) { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(4242001)", logger: logger)
            if let schema { try await connection.query("CREATE SCHEMA IF NOT EXISTS \(unescaped: schema)", logger: logger) }
            try await connection.query("""
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
                """, logger: logger)
            try await connection.query("CREATE INDEX IF NOT EXISTS jobs_claim ON jobs (status, priority DESC, sequence)", logger: logger)
            // See SQLiteJobStore's migration "v2 crash accounting".
            try await connection.query("ALTER TABLE jobs ADD COLUMN IF NOT EXISTS claimed_chunks INTEGER", logger: logger)
            try await connection.query("ALTER TABLE jobs ADD COLUMN IF NOT EXISTS text_format TEXT NOT NULL DEFAULT 'text'", logger: logger)
            try await connection.query("ALTER TABLE jobs ADD COLUMN IF NOT EXISTS lexicon TEXT", logger: logger)
            try await connection.query("ALTER TABLE jobs ADD COLUMN IF NOT EXISTS words TEXT", logger: logger)
            try await connection.query("""
                CREATE TABLE IF NOT EXISTS checkpoints (
                    job_id TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE, chunk INTEGER NOT NULL, voice TEXT NOT NULL,
                    sample_rate INTEGER NOT NULL, samples BYTEA NOT NULL, PRIMARY KEY (job_id, chunk))
                """, logger: logger)
            try await connection.query("ALTER TABLE checkpoints ADD COLUMN IF NOT EXISTS words TEXT", logger: logger)
            try await connection.query("""
                CREATE TABLE IF NOT EXISTS job_events (
                    id BIGSERIAL PRIMARY KEY, job_id TEXT NOT NULL, kind TEXT NOT NULL, node TEXT, detail TEXT,
                    at DOUBLE PRECISION NOT NULL)
                """, logger: logger)
            try await connection.query("CREATE INDEX IF NOT EXISTS job_events_job ON job_events (job_id)", logger: logger)
            // Finished audio, so every node can serve every job (see docs/deployment.md).
            try await connection.query("""
                CREATE TABLE IF NOT EXISTS job_audio (job_id TEXT PRIMARY KEY REFERENCES jobs(id) ON DELETE CASCADE, audio BYTEA NOT NULL)
                """, logger: logger)
        }
    }

    /// Runs `body` in a transaction; the body's own error is rethrown as is (not wrapped).
    func transaction<Result: Sendable>(_ body: (PostgresConnection) async throws -> Result) async throws -> Result {
        do {
            return try await client.withTransaction(logger: logger) { connection in try await body(connection) }
        } catch let error as PostgresTransactionError {
            throw Self.storageError(error.closureError ?? error)
        }
    }

    /// PostgreSQL's `disk_full` (SQLSTATE 53100) as our storage error; anything else unchanged.
    static func storageError(_ error: any Error) -> any Error {
        guard let error = error as? PSQLError, error.serverInfo?[.sqlState] == "53100" else { return error }
        return ChatterboxError(.storageFull, code: "insufficient_storage", message: "the PostgreSQL server's disk is full")
    }

    /// Holds one connection in LISTEN; each notification wakes the waiting runners.
    private func listen() async {
        while !Task.isCancelled {
            do {
                try await client.withConnection { connection in
                    try await connection.listen(on: Self.channel) { notifications in
                        for try await _ in notifications { await wakeups.signal() }
                    }
                }
            } catch {
                if Task.isCancelled { return }
                logger.warning("LISTEN \(Self.channel) failed, retrying: \(error)")
                try? await Task.sleep(for: .seconds(1))
            }
        }
    }

    public func storedAudio(id: String) async throws -> Data? {
        try await client.query("SELECT audio FROM job_audio WHERE job_id = \(id)", logger: logger).collect().first.map { try $0.decode(Data.self) }
    }

    public func waitForWork(upTo timeout: Duration) async {
        await wakeups.wait(upTo: timeout)
    }
}

/// Wakes waiters when work arrives, or lets them go after their timeout — or at once when the waiting task
/// is cancelled (its timer, a child of the wait, ends with it).
actor WorkSignal {
    private var waiters: [UUID: CheckedContinuation<Void, Never>] = [:]
    /// Waits released before they had begun waiting.
    private var released: Set<UUID> = []

    func signal() {
        for waiter in waiters.values { waiter.resume() }
        waiters.removeAll()
    }

    func wait(upTo timeout: Duration) async {
        let id = UUID()
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                try? await Task.sleep(for: timeout)  // returns early when the wait is cancelled
                await self.release(id)
            }
            await withCheckedContinuation { continuation in
                if released.remove(id) != nil || Task.isCancelled { continuation.resume() } else { waiters[id] = continuation }
            }
            group.cancelAll()
        }
        released.remove(id)
    }

    private func release(_ id: UUID) {
        if let waiter = waiters.removeValue(forKey: id) { waiter.resume() } else { released.insert(id) }
    }
}
