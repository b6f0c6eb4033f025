import ChatterboxCore
import Foundation
import PostgresNIO

extension Job {
    /// Decodes a `jobs` row of the PostgreSQL store.
    init(postgres row: PostgresRow) throws {
        let r = row.makeRandomAccess()
        func date(_ column: String) throws -> Date? { try r[column].decode(Double?.self).map { Date(timeIntervalSince1970: $0) } }
        let parameterText = try r["parameters"].decode(String.self)
        let parameters = (try? JSONDecoder().decode([String: String].self, from: Data(parameterText.utf8))) ?? [:]
        self.init(
            id: try r["id"].decode(String.self), status: JobStatus(rawValue: try r["status"].decode(String.self)) ?? .failed,
            text: try r["text"].decode(String.self), voice: try r["voice"].decode(String.self), format: try r["format"].decode(String.self),
            sampleRate: try r["sample_rate"].decode(Int?.self), speed: try r["speed"].decode(Double.self), parameters: parameters,
            priority: try r["priority"].decode(Int.self), attempts: try r["attempts"].decode(Int.self),
            maxAttempts: try r["max_attempts"].decode(Int.self), errorCode: try r["error_code"].decode(String?.self),
            errorMessage: try r["error_message"].decode(String?.self), idempotencyKey: try r["idempotency_key"].decode(String?.self),
            requestHash: try r["request_hash"].decode(String.self), createdAt: try date("created_at")!, startedAt: try date("started_at"),
            finishedAt: try date("finished_at"), notBefore: try date("not_before")!, leaseOwner: try r["lease_owner"].decode(String?.self),
            leaseExpiresAt: try date("lease_expires_at"), chunksDone: try r["chunks_done"].decode(Int.self),
            chunksTotal: try r["chunks_total"].decode(Int.self), audioSeconds: try r["audio_seconds"].decode(Double.self),
            outputPath: try r["output_path"].decode(String?.self), spokenBy: try r["spoken_by"].decode(String?.self),
            fallbackReason: try r["fallback_reason"].decode(String?.self), sourcePath: try r["source_path"].decode(String?.self),
            sequence: try r["sequence"].decode(Int64.self))
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
