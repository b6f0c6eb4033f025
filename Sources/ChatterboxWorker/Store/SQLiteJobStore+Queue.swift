import ChatterboxCore
import Foundation
import GRDB

extension SQLiteJobStore {
    public func enqueue(_ new: NewJob, maxAttempts: Int, now: Date) async throws -> EnqueueResult {
        try await write { db in
            let hash = new.requestHash
            if let key = new.idempotencyKey,
               let existing = try Row.fetchOne(db, sql: "SELECT * FROM jobs WHERE idempotency_key = ?", arguments: [key]).map(Job.init(row:)) {
                guard existing.requestHash == hash else {
                    throw ChatterboxError(.idempotencyConflict, message: "idempotency key '\(key)' was used for a different request (job \(existing.id))", field: "idempotency_key")
                }
                return EnqueueResult(job: existing, created: false)
            }
            let id = UUID().uuidString.lowercased()
            try db.execute(sql: """
                INSERT INTO jobs (id, status, text, voice, format, sample_rate, speed, parameters, priority, attempts, max_attempts,
                    idempotency_key, request_hash, created_at, not_before, chunks_done, chunks_total, audio_seconds, output_path, source_path,
                    text_format, lexicon)
                VALUES (?, 'queued', ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, 0, 0, 0, ?, ?, ?, ?)
                """, arguments: [id, new.request.text, new.voice, new.request.format.rawValue, new.request.sampleRate, new.request.speed ?? 1,
                                 JobCodec.parameters(new.request.parameters), new.priority,
                                 maxAttempts, new.idempotencyKey, hash, now.timeIntervalSince1970, now.timeIntervalSince1970,
                                 new.outputPath, new.sourcePath, new.request.ssml ? "ssml" : "text", new.request.lexicon])
            try self.record(db, id, .queued, at: now)
            return EnqueueResult(job: try self.fetchJob(db, id: id)!, created: true)
        }
    }

    public func job(id: String) async throws -> Job? {
        try await pool.read { db in try self.fetchJob(db, id: id) }
    }

    public func list(status: JobStatus?, limit: Int, before cursor: Int64?) async throws -> [Job] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM jobs WHERE (? IS NULL OR status = ?) AND (? IS NULL OR sequence < ?)
                ORDER BY sequence DESC LIMIT ?
                """, arguments: [status?.rawValue, status?.rawValue, cursor, cursor, limit]).map(Job.init(row:))
        }
    }

    public func claim(node: String, leaseSeconds: Double, engineLimits: [String: Int], now: Date) async throws -> Job? {
        try await write { db in
            let t = now.timeIntervalSince1970
            // Engines at their limit: count live running jobs per engine (voice prefix).
            let busy = try Row.fetchAll(db, sql: """
                SELECT substr(voice, 1, instr(voice, ':') - 1) AS engine, COUNT(*) AS n FROM jobs
                WHERE status = 'running' AND lease_expires_at > ? GROUP BY engine
                """, arguments: [t])
            let full = busy.compactMap { row -> String? in
                let engine: String = row["engine"], count: Int = row["n"]
                return engineLimits[engine].map { count >= $0 } == true ? engine : nil
            }
            let skip = full.isEmpty ? "" : " AND substr(voice, 1, instr(voice, ':') - 1) NOT IN (\(full.map { _ in "?" }.joined(separator: ",")))"
            var arguments: [(any DatabaseValueConvertible)?] = [t, t]
            arguments += full
            while let row = try Row.fetchOne(db, sql: """
                SELECT * FROM jobs WHERE ((status = 'queued' AND not_before <= ?) OR (status = 'running' AND lease_expires_at <= ?))\(skip)
                ORDER BY priority DESC, sequence LIMIT 1
                """, arguments: StatementArguments(arguments)) {
                let job = try Job(row: row)
                let claimedChunks: Int? = row["claimed_chunks"]
                let taking = JobClaim(job: job, claimedChunks: claimedChunks)
                if taking.exhausted {
                    try db.execute(sql: """
                        UPDATE jobs SET status = 'failed', error_code = ?, error_message = ?, finished_at = ?, lease_owner = NULL,
                            lease_expires_at = NULL, attempts = ? WHERE id = ?
                        """, arguments: [JobClaim.crashCode, taking.crashMessage, t, taking.attempts, job.id])
                    try self.record(db, job.id, .failed, node: node, detail: taking.crashMessage, at: now)
                    try db.execute(sql: "DELETE FROM checkpoints WHERE job_id = ?", arguments: [job.id])
                    continue
                }
                try db.execute(sql: """
                    UPDATE jobs SET status = 'running', lease_owner = ?, lease_expires_at = ?, attempts = ?, claimed_chunks = chunks_done,
                        started_at = COALESCE(started_at, ?) WHERE id = ?
                    """, arguments: [node, t + leaseSeconds, taking.attempts, t, job.id])
                try self.record(db, job.id, .started, node: node, detail: taking.detail, at: now)
                return try self.fetchJob(db, id: job.id)
            }
            return nil
        }
    }

    public func renewLease(id: String, node: String, leaseSeconds: Double, now: Date) async throws -> LeaseState {
        try await write { db in
            try db.execute(sql: "UPDATE jobs SET lease_expires_at = ? WHERE id = ? AND status = 'running' AND lease_owner = ?",
                           arguments: [now.timeIntervalSince1970 + leaseSeconds, id, node])
            if db.changesCount == 1 { return .held }
            return try self.fetchJob(db, id: id)?.status == .cancelled ? .cancelled : .lost
        }
    }

    public func cancel(id: String, now: Date) async throws -> Job? {
        try await write { db in
            try db.execute(sql: """
                UPDATE jobs SET status = 'cancelled', finished_at = ?, lease_owner = NULL, lease_expires_at = NULL
                WHERE id = ? AND status IN ('queued', 'running')
                """, arguments: [now.timeIntervalSince1970, id])
            if db.changesCount == 1 {
                try self.record(db, id, .cancelled, at: now)
                try db.execute(sql: "DELETE FROM checkpoints WHERE job_id = ?", arguments: [id])
            }
            return try self.fetchJob(db, id: id)
        }
    }
}
