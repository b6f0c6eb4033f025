import ChatterboxCore
import Foundation
import PostgresNIO

extension PostgresJobStore {
    public func saveCheckpoint(id: String, node: String, index: Int, audio: AudioBuffer, chunksTotal: Int, voice: String) async throws -> LeaseState {
        try await transaction { connection in
            let updated = try await changed(connection.query("""
                UPDATE jobs SET chunks_done = \(index + 1), chunks_total = \(chunksTotal), audio_seconds = audio_seconds + \(audio.duration),
                    spoken_by = \(voice) WHERE id = \(id) AND status = 'running' AND lease_owner = \(node) RETURNING id
                """, logger: logger))
            guard updated == 1 else { return try await fetchJob(connection, id: id)?.status == .cancelled ? .cancelled : .lost }
            try await connection.query("""
                INSERT INTO checkpoints (job_id, chunk, voice, sample_rate, samples, words)
                VALUES (\(id), \(index), \(voice), \(audio.sampleRate), \(JobCodec.samples(audio.samples)), \(JobCodec.words(audio.words)))
                ON CONFLICT (job_id, chunk) DO UPDATE SET voice = EXCLUDED.voice, sample_rate = EXCLUDED.sample_rate, samples = EXCLUDED.samples,
                    words = EXCLUDED.words
                """, logger: logger)
            return .held
        }
    }

    public func checkpointIndexes(id: String) async throws -> [Int] {
        try await client.query("SELECT chunk FROM checkpoints WHERE job_id = \(id) ORDER BY chunk", logger: logger)
            .collect().map { try $0.decode(Int.self) }
    }

    public func checkpoint(id: String, index: Int) async throws -> AudioBuffer? {
        guard let row = try await client.query("SELECT sample_rate, samples, words FROM checkpoints WHERE job_id = \(id) AND chunk = \(index)",
                                               logger: logger).collect().first else { return nil }
        let (rate, data, words) = try row.decode((Int, Data, String?).self)
        return AudioBuffer(samples: JobCodec.samples(data), sampleRate: rate, words: JobCodec.words(words))
    }

    public func hasActiveJobs(voice id: String) async throws -> Bool {
        let prefix = id + "#"
        return try await client.query("""
            SELECT EXISTS (SELECT 1 FROM jobs WHERE status IN ('queued', 'running') AND (voice = \(id) OR left(voice, \(prefix.count)) = \(prefix)))
            """, logger: logger).collect().first?.decode(Bool.self) ?? false
    }

    public func captions(id: String) async throws -> [WordTiming] {
        JobCodec.words(try await client.query("SELECT words FROM jobs WHERE id = \(id)", logger: logger)
            .collect().first.flatMap { try $0.decode(String?.self) })
    }

    public func checkpointVoice(id: String) async throws -> String? {
        try await client.query("SELECT voice FROM checkpoints WHERE job_id = \(id) LIMIT 1", logger: logger)
            .collect().first.map { try $0.decode(String.self) }
    }

    public func complete(id: String, node: String, result: JobCompletion, now: Date) async throws -> Bool {
        try await transaction { connection in
            let updated = try await changed(connection.query("""
                UPDATE jobs SET status = 'succeeded', finished_at = \(now.timeIntervalSince1970), output_path = \(result.outputPath),
                    audio_seconds = \(result.audioSeconds), chunks_done = \(result.chunksTotal), chunks_total = \(result.chunksTotal),
                    spoken_by = \(result.spokenBy), fallback_reason = \(result.fallbackReason), lease_owner = NULL, lease_expires_at = NULL,
                    error_code = NULL, error_message = NULL, words = \(JobCodec.words(result.words))
                WHERE id = \(id) AND status = 'running' AND lease_owner = \(node) RETURNING id
                """, logger: logger))
            guard updated == 1 else { return false }
            // The audio goes into the database with the completion, so any node can serve it.
            guard let audio = FileManager.default.contents(atPath: result.outputPath) else {
                throw ChatterboxError.io("finished audio \(result.outputPath) cannot be read")
            }
            try await connection.query("""
                INSERT INTO job_audio (job_id, audio) VALUES (\(id), \(audio)) ON CONFLICT (job_id) DO UPDATE SET audio = EXCLUDED.audio
                """, logger: logger)
            try await record(connection, id, .succeeded, node: node, at: now)
            try await connection.query("DELETE FROM checkpoints WHERE job_id = \(id)", logger: logger)
            return true
        }
    }

    public func fail(id: String, node: String, error: ChatterboxError, retryAt: Date?, now: Date) async throws -> Bool {
        try await transaction { connection in
            let finished: Double? = retryAt == nil ? now.timeIntervalSince1970 : nil
            let updated = try await changed(connection.query("""
                UPDATE jobs SET status = \(retryAt == nil ? "failed" : "queued"), error_code = \(error.code.rawValue), error_message = \(error.message),
                    not_before = \((retryAt ?? now).timeIntervalSince1970), finished_at = \(finished), lease_owner = NULL, lease_expires_at = NULL
                WHERE id = \(id) AND status = 'running' AND lease_owner = \(node) RETURNING id
                """, logger: logger))
            guard updated == 1 else { return false }
            try await record(connection, id, retryAt == nil ? .failed : .retry, node: node, detail: error.message, at: now)
            if retryAt == nil {
                try await connection.query("DELETE FROM checkpoints WHERE job_id = \(id)", logger: logger)
            } else {
                try await notifyWork(connection)
            }
            return true
        }
    }

    public func releaseLeases(node: String, now: Date, crashed: Bool) async throws -> Int {
        try await transaction { connection in
            let ids = try await connection.query("""
                UPDATE jobs SET lease_expires_at = \(now.timeIntervalSince1970), claimed_chunks = CASE WHEN \(crashed) THEN claimed_chunks END
                WHERE status = 'running' AND lease_owner = \(node) RETURNING id
                """, logger: logger).collect().map { try $0.decode(String.self) }
            for id in ids { try await record(connection, id, .released, node: node, at: now) }
            if !ids.isEmpty { try await notifyWork(connection) }
            return ids.count
        }
    }

    public func pause(id: String, node: String, reason: String, now: Date) async throws -> Bool {
        try await transaction { connection in
            let paused = try await connection.query("""
                UPDATE jobs SET status = 'queued', lease_owner = NULL, lease_expires_at = NULL, claimed_chunks = NULL,
                    attempts = GREATEST(attempts - 1, 0), not_before = \(now.timeIntervalSince1970)
                WHERE id = \(id) AND status = 'running' AND lease_owner = \(node) RETURNING id
                """, logger: logger).collect()
            guard !paused.isEmpty else { return false }
            try await record(connection, id, .paused, node: node, detail: reason, at: now)
            try await notifyWork(connection)
            return true
        }
    }

    public func runningLeases() async throws -> [(id: String, owner: String)] {
        try await client.query("SELECT id, lease_owner FROM jobs WHERE status = 'running' AND lease_owner IS NOT NULL", logger: logger)
            .collect().map { let (id, owner) = try $0.decode((String, String).self); return (id: id, owner: owner) }
    }

    public func purge(finishedBefore: Date) async throws -> [Job] {
        try await transaction { connection in
            let jobs = try await connection.query("""
                DELETE FROM jobs WHERE status IN ('succeeded', 'failed', 'cancelled') AND finished_at < \(finishedBefore.timeIntervalSince1970) RETURNING *
                """, logger: logger).collect().map(Job.init(postgres:))
            for job in jobs { try await connection.query("DELETE FROM job_events WHERE job_id = \(job.id)", logger: logger) }
            return jobs
        }
    }

    public func delete(id: String) async throws -> JobDeletion {
        try await transaction { connection in
            // Checkpoints and stored audio go with the row (ON DELETE CASCADE); events are kept apart.
            let deleted = try await connection.query("""
                DELETE FROM jobs WHERE id = \(id) AND status IN ('succeeded', 'failed', 'cancelled') RETURNING *
                """, logger: logger).collect().map(Job.init(postgres:))
            if let job = deleted.first {
                try await connection.query("DELETE FROM job_events WHERE job_id = \(id)", logger: logger)
                return .deleted(job)
            }
            let rows = try await connection.query("SELECT * FROM jobs WHERE id = \(id)", logger: logger).collect().map(Job.init(postgres:))
            return rows.first.map(JobDeletion.notFinished) ?? .notFound
        }
    }

    public func counts() async throws -> [JobStatus: Int] {
        var counts = Dictionary(uniqueKeysWithValues: JobStatus.allCases.map { ($0, 0) })
        for row in try await client.query("SELECT status, COUNT(*)::bigint FROM jobs GROUP BY status", logger: logger).collect() {
            let (status, count) = try row.decode((String, Int64).self)
            counts[try JobCodec.status(status)] = Int(count)
        }
        return counts
    }

    public func events(id: String) async throws -> [JobEvent] {
        try await client.query("SELECT job_id, kind, node, detail, at FROM job_events WHERE job_id = \(id) ORDER BY id", logger: logger)
            .collect().map { row in
                let (job, kind, node, detail, at) = try row.decode((String, String, String?, String?, Double).self)
                return JobEvent(jobID: job, kind: try JobCodec.eventKind(kind), node: node, detail: detail, at: Date(timeIntervalSince1970: at))
            }
    }
}
