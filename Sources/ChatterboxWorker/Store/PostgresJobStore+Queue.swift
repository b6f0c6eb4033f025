import ChatterboxCore
import Foundation
import PostgresNIO

extension PostgresJobStore {
    public func enqueue(_ new: NewJob, maxAttempts: Int, now: Date) async throws -> EnqueueResult {
        try await transaction { connection in
            let hash = new.requestHash
            if let key = new.idempotencyKey {
                // Serialise submissions of one key across nodes.
                try await connection.query("SELECT pg_advisory_xact_lock(hashtext(\(key)))", logger: logger)
                if let existing = try await connection.query("SELECT * FROM jobs WHERE idempotency_key = \(key)", logger: logger)
                    .collect().first.map(Job.init(postgres:)) {
                    guard existing.requestHash == hash else {
                        throw ChatterboxError(.idempotencyConflict, message: "idempotency key '\(key)' was used for a different request (job \(existing.id))", field: "idempotency_key")
                    }
                    return EnqueueResult(job: existing, created: false)
                }
            }
            let id = UUID().uuidString.lowercased(), t = now.timeIntervalSince1970
            try await connection.query("""
                INSERT INTO jobs (id, status, text, voice, format, sample_rate, speed, parameters, priority, attempts, max_attempts,
                    idempotency_key, request_hash, created_at, not_before, chunks_done, chunks_total, audio_seconds, output_path, source_path,
                    text_format, lexicon)
                VALUES (\(id), 'queued', \(new.request.text), \(new.voice), \(new.request.format.rawValue), \(new.request.sampleRate),
                    \(new.request.speed ?? 1), \(JobCodec.parameters(new.request.parameters)), \(new.priority), 0, \(maxAttempts),
                    \(new.idempotencyKey), \(hash), \(t), \(t), 0, 0, 0, \(new.outputPath), \(new.sourcePath), \(new.request.ssml ? "ssml" : "text"),
                    \(new.request.lexicon))
                """, logger: logger)
            try await record(connection, id, .queued, at: now)
            try await notifyWork(connection)
            return EnqueueResult(job: try await fetchJob(connection, id: id)!, created: true)
        }
    }

    public func job(id: String) async throws -> Job? {
        try await client.query("SELECT * FROM jobs WHERE id = \(id)", logger: logger).collect().first.map(Job.init(postgres:))
    }

    public func list(status: JobStatus?, limit: Int, before cursor: Int64?) async throws -> [Job] {
        try await client.query("""
            SELECT * FROM jobs WHERE (\(status?.rawValue)::text IS NULL OR status = \(status?.rawValue))
                AND (\(cursor)::bigint IS NULL OR sequence < \(cursor)) ORDER BY sequence DESC LIMIT \(limit)
            """, logger: logger).collect().map(Job.init(postgres:))
    }

    public func claim(node: String, leaseSeconds: Double, engineLimits: [String: Int], now: Date) async throws -> Job? {
        try await transaction { connection in
            let t = now.timeIntervalSince1970
            var full: [String] = []
            if !engineLimits.isEmpty {
                // Limits span nodes: claims that must count running jobs take turns.
                try await connection.query("SELECT pg_advisory_xact_lock(4242002)", logger: logger)
                for row in try await connection.query("""
                    SELECT split_part(voice, ':', 1) AS engine, COUNT(*)::bigint AS n FROM jobs
                    WHERE status = 'running' AND lease_expires_at > \(t) GROUP BY 1
                    """, logger: logger).collect() {
                    let (engine, count) = try row.decode((String, Int64).self)
                    if let limit = engineLimits[engine], count >= limit { full.append(engine) }
                }
            }
            while let row = try await connection.query("""
                SELECT * FROM jobs WHERE ((status = 'queued' AND not_before <= \(t)) OR (status = 'running' AND lease_expires_at <= \(t)))
                    AND NOT (split_part(voice, ':', 1) = ANY(\(full)))
                ORDER BY priority DESC, sequence LIMIT 1 FOR UPDATE SKIP LOCKED
                """, logger: logger).collect().first {
                let job = try Job(postgres: row)
                let taking = JobClaim(job: job, claimedChunks: try row.makeRandomAccess()["claimed_chunks"].decode(Int?.self))
                if taking.exhausted {
                    try await connection.query("""
                        UPDATE jobs SET status = 'failed', error_code = \(JobClaim.crashCode), error_message = \(taking.crashMessage),
                            finished_at = \(t), lease_owner = NULL, lease_expires_at = NULL, attempts = \(taking.attempts) WHERE id = \(job.id)
                        """, logger: logger)
                    try await record(connection, job.id, .failed, node: node, detail: taking.crashMessage, at: now)
                    try await connection.query("DELETE FROM checkpoints WHERE job_id = \(job.id)", logger: logger)
                    continue
                }
                try await connection.query("""
                    UPDATE jobs SET status = 'running', lease_owner = \(node), lease_expires_at = \(t + leaseSeconds),
                        attempts = \(taking.attempts), claimed_chunks = chunks_done, started_at = COALESCE(started_at, \(t)) WHERE id = \(job.id)
                    """, logger: logger)
                try await record(connection, job.id, .started, node: node, detail: taking.detail, at: now)
                return try await fetchJob(connection, id: job.id)
            }
            return nil
        }
    }

    public func renewLease(id: String, node: String, leaseSeconds: Double, now: Date) async throws -> LeaseState {
        let renewed = try await changed(client.query("""
            UPDATE jobs SET lease_expires_at = \(now.timeIntervalSince1970 + leaseSeconds)
            WHERE id = \(id) AND status = 'running' AND lease_owner = \(node) RETURNING id
            """, logger: logger))
        if renewed == 1 { return .held }
        return try await job(id: id)?.status == .cancelled ? .cancelled : .lost
    }

    public func cancel(id: String, now: Date) async throws -> Job? {
        try await transaction { connection in
            let cancelled = try await changed(connection.query("""
                UPDATE jobs SET status = 'cancelled', finished_at = \(now.timeIntervalSince1970), lease_owner = NULL, lease_expires_at = NULL
                WHERE id = \(id) AND status IN ('queued', 'running') RETURNING id
                """, logger: logger))
            if cancelled == 1 {
                try await record(connection, id, .cancelled, at: now)
                try await connection.query("DELETE FROM checkpoints WHERE job_id = \(id)", logger: logger)
            }
            return try await fetchJob(connection, id: id)
        }
    }
}
