import ChatterboxCore
import Foundation
import Logging
import PostgresNIO

extension PostgresJobStore {
    /// Applies the versions of `JobSchema` this database has not had, each recorded in `schema_migrations`, in one
    /// transaction; nodes starting at once on the same schema serialise on an advisory lock of that schema. A database that a newer release migrated
    /// (a version this one does not know) is refused rather than used with a schema it does not understand.
    static func migrate(_ client: PostgresClient, schema: String?, logger: Logger) async throws {
        try await client.withTransaction(logger: logger) { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(4242001, hashtext(\(schema ?? "public")))", logger: logger)
            if let schema { try await connection.query("CREATE SCHEMA IF NOT EXISTS \(unescaped: schema)", logger: logger) }
            try await connection.query("""
                CREATE TABLE IF NOT EXISTS schema_migrations (version TEXT PRIMARY KEY, applied_at DOUBLE PRECISION NOT NULL)
                """, logger: logger)
            var applied: Set<String> = []
            for try await version in try await connection.query("SELECT version FROM schema_migrations", logger: logger).decode(String.self) {
                applied.insert(version)
            }
            let known = Set(JobSchema.versions.map(\.name))
            if let newer = applied.subtracting(known).sorted().first {
                throw ChatterboxError(.storeTooNew, message: "the job store has schema version '\(newer)', which this release does not know: a newer release migrated it")
            }
            for version in JobSchema.versions where !applied.contains(version.name) {
                for statement in version.postgres { try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger) }
                let now = Date().timeIntervalSince1970
                try await connection.query("INSERT INTO schema_migrations (version, applied_at) VALUES (\(version.name), \(now))", logger: logger)
                logger.info("job store: applied schema \(version.name)")
            }
        }
    }
}
