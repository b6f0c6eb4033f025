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
    /// How long start-up waits for the schema to be migrated: the server answered the start-up probe already, so
    /// this only ends a migration that hangs (a lock held by a node that stopped), with room for a busy machine.
    static let startTimeout: Duration = .seconds(60)

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
        return ChatterboxError(.insufficientStorage, message: "the PostgreSQL server's disk is full")
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
