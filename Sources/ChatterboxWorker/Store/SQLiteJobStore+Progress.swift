import ChatterboxCore
import Foundation
import GRDB

extension SQLiteJobStore {
    public func saveCheckpoint(id: String, node: String, index: Int, audio: AudioBuffer, chunksTotal: Int, voice: String) async throws -> LeaseState {
        try await write { db in
            try db.execute(sql: """
                UPDATE jobs SET chunks_done = ?, chunks_total = ?, audio_seconds = audio_seconds + ?, spoken_by = ?
                WHERE id = ? AND status = 'running' AND lease_owner = ?
                """, arguments: [index + 1, chunksTotal, audio.duration, voice, id, node])
            guard db.changesCount == 1 else {
                return try self.fetchJob(db, id: id)?.status == .cancelled ? .cancelled : .lost
            }
            try db.execute(sql: "INSERT OR REPLACE INTO checkpoints (job_id, chunk, voice, sample_rate, samples, words) VALUES (?, ?, ?, ?, ?, ?)",
                           arguments: [id, index, voice, audio.sampleRate, JobCodec.samples(audio.samples), JobCodec.words(audio.words)])
            return .held
        }
    }

    public func checkpointIndexes(id: String) async throws -> [Int] {
        try await pool.read { db in
            try Int.fetchAll(db, sql: "SELECT chunk FROM checkpoints WHERE job_id = ? ORDER BY chunk", arguments: [id])
        }
    }

    public func checkpoint(id: String, index: Int) async throws -> AudioBuffer? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT sample_rate, samples, words FROM checkpoints WHERE job_id = ? AND chunk = ?", arguments: [id, index])
                .map { AudioBuffer(samples: JobCodec.samples($0["samples"] as Data), sampleRate: $0["sample_rate"], words: JobCodec.words($0["words"])) }
        }
    }

    public func hasActiveJobs(voice id: String) async throws -> Bool {
        try await pool.read { db in
            try Bool.fetchOne(db, sql: """
                SELECT EXISTS (SELECT 1 FROM jobs WHERE status IN ('queued', 'running') AND (voice = ? OR substr(voice, 1, ?) = ?))
                """, arguments: [id, id.count + 1, id + "#"]) ?? false
        }
    }

    public func captions(id: String) async throws -> [WordTiming] {
        try await pool.read { db in
            JobCodec.words(try String.fetchOne(db, sql: "SELECT words FROM jobs WHERE id = ?", arguments: [id]))
        }
    }

    public func checkpointVoice(id: String) async throws -> String? {
        try await pool.read { db in
            try String.fetchOne(db, sql: "SELECT voice FROM checkpoints WHERE job_id = ? LIMIT 1", arguments: [id])
        }
    }

    public func complete(id: String, node: String, result: JobCompletion, now: Date) async throws -> Bool {
        try await write { db in
            try db.execute(sql: """
                UPDATE jobs SET status = 'succeeded', finished_at = ?, output_path = ?, audio_seconds = ?, chunks_done = ?,
                    chunks_total = ?, spoken_by = ?, fallback_reason = ?, lease_owner = NULL, lease_expires_at = NULL,
                    error_code = NULL, error_message = NULL, words = ?
                WHERE id = ? AND status = 'running' AND lease_owner = ?
                """, arguments: [now.timeIntervalSince1970, result.outputPath, result.audioSeconds, result.chunksTotal, result.chunksTotal,
                                 result.spokenBy, result.fallbackReason, JobCodec.words(result.words), id, node])
            guard db.changesCount == 1 else { return false }
            try self.record(db, id, .succeeded, node: node, at: now)
            try db.execute(sql: "DELETE FROM checkpoints WHERE job_id = ?", arguments: [id])
            return true
        }
    }

    public func fail(id: String, node: String, error: ChatterboxError, retryAt: Date?, now: Date) async throws -> Bool {
        try await write { db in
            let status = retryAt == nil ? "failed" : "queued"
            try db.execute(sql: """
                UPDATE jobs SET status = ?, error_code = ?, error_message = ?, not_before = ?, finished_at = ?,
                    lease_owner = NULL, lease_expires_at = NULL
                WHERE id = ? AND status = 'running' AND lease_owner = ?
                """, arguments: [status, error.code.rawValue, error.message, (retryAt ?? now).timeIntervalSince1970,
                                 retryAt == nil ? now.timeIntervalSince1970 : nil, id, node])
            guard db.changesCount == 1 else { return false }
            try self.record(db, id, retryAt == nil ? .failed : .retry, node: node, detail: error.message, at: now)
            if retryAt == nil { try db.execute(sql: "DELETE FROM checkpoints WHERE job_id = ?", arguments: [id]) }
            return true
        }
    }

    public func releaseLeases(node: String, now: Date, crashed: Bool) async throws -> Int {
        try await write { db in
            let ids = try String.fetchAll(db, sql: "SELECT id FROM jobs WHERE status = 'running' AND lease_owner = ?", arguments: [node])
            for id in ids {
                try db.execute(sql: "UPDATE jobs SET lease_expires_at = ?, claimed_chunks = CASE WHEN ? THEN claimed_chunks END WHERE id = ?",
                               arguments: [now.timeIntervalSince1970, crashed, id])
                try self.record(db, id, .released, node: node, at: now)
            }
            return ids.count
        }
    }

    public func pause(id: String, node: String, reason: String, now: Date) async throws -> Bool {
        try await write { db in
            try db.execute(sql: """
                UPDATE jobs SET status = 'queued', lease_owner = NULL, lease_expires_at = NULL, claimed_chunks = NULL,
                    attempts = MAX(attempts - 1, 0), not_before = ? WHERE id = ? AND status = 'running' AND lease_owner = ?
                """, arguments: [now.timeIntervalSince1970, id, node])
            guard db.changesCount == 1 else { return false }
            try self.record(db, id, .paused, node: node, detail: reason, at: now)
            return true
        }
    }

    public func runningLeases() async throws -> [(id: String, owner: String)] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT id, lease_owner FROM jobs WHERE status = 'running' AND lease_owner IS NOT NULL")
                .map { (id: $0["id"], owner: $0["lease_owner"]) }
        }
    }

    public func purge(finishedBefore: Date) async throws -> [Job] {
        try await write { db in
            let jobs = try Row.fetchAll(db, sql: "SELECT * FROM jobs WHERE status IN ('succeeded', 'failed', 'cancelled') AND finished_at < ?",
                                        arguments: [finishedBefore.timeIntervalSince1970]).map(Job.init(row:))
            for job in jobs {
                try db.execute(sql: "DELETE FROM checkpoints WHERE job_id = ?", arguments: [job.id])
                try db.execute(sql: "DELETE FROM job_events WHERE job_id = ?", arguments: [job.id])
                try db.execute(sql: "DELETE FROM jobs WHERE id = ?", arguments: [job.id])
            }
            return jobs
        }
    }

    public func delete(id: String) async throws -> JobDeletion {
        try await write { db in
            guard let job = try self.fetchJob(db, id: id) else { return .notFound }
            guard job.status.isFinal else { return .notFinished(job) }
            try db.execute(sql: "DELETE FROM checkpoints WHERE job_id = ?", arguments: [id])
            try db.execute(sql: "DELETE FROM job_events WHERE job_id = ?", arguments: [id])
            try db.execute(sql: "DELETE FROM jobs WHERE id = ?", arguments: [id])
            return .deleted(job)
        }
    }

    public func counts() async throws -> [JobStatus: Int] {
        try await pool.read { db in
            var counts = Dictionary(uniqueKeysWithValues: JobStatus.allCases.map { ($0, 0) })
            for row in try Row.fetchAll(db, sql: "SELECT status, COUNT(*) AS n FROM jobs GROUP BY status") {
                counts[try JobCodec.status(row["status"])] = row["n"]
            }
            return counts
        }
    }

    public func events(id: String) async throws -> [JobEvent] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM job_events WHERE job_id = ? ORDER BY id", arguments: [id]).map { row in
                JobEvent(jobID: row["job_id"], kind: try JobCodec.eventKind(row["kind"]), node: row["node"],
                         detail: row["detail"], at: Date(timeIntervalSince1970: row["at"]))
            }
        }
    }
}
