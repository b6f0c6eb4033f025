import ChatterboxCore
import Foundation
import PostgresNIO

extension Job {
    /// Decodes a `jobs` row of the PostgreSQL store.
    init(postgres row: PostgresRow) throws {
        try self.init(try JobRecord(from: PostgresRowDecoder(row)))
    }
}

extension PostgresJobStore {
    func fetchJob(_ connection: PostgresConnection, id: String) async throws -> Job? {
        try await connection.query("SELECT * FROM jobs WHERE id = \(id)", logger: logger).collect().first.map(Job.init(postgres:))
    }

    func record(_ connection: PostgresConnection, _ id: String, _ kind: JobEvent.Kind, node: String? = nil, detail: String? = nil,
                at now: Date) async throws {
        try await connection.query("""
            INSERT INTO job_events (job_id, kind, node, detail, at) VALUES (\(id), \(kind.rawValue), \(node), \(detail), \(now.timeIntervalSince1970))
            """, logger: logger)
    }

    /// Wakes idle runners on every node (delivered when the transaction commits).
    func notifyWork(_ connection: PostgresConnection) async throws {
        try await connection.query("SELECT pg_notify(\(Self.channel), '')", logger: logger)
    }

    /// Rows an UPDATE … RETURNING id touched.
    func changed(_ rows: PostgresRowSequence) async throws -> Int {
        try await rows.collect().count
    }
}
