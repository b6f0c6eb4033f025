import ChatterboxCore
import Foundation
import GRDB

extension Job {
    /// Decodes a `jobs` row.
    init(row: Row) {
        func date(_ column: String) -> Date? { (row[column] as Double?).map { Date(timeIntervalSince1970: $0) } }
        let parameterText: String = row["parameters"]
        let parameters = (try? JSONDecoder().decode([String: String].self, from: Data(parameterText.utf8))) ?? [:]
        self.init(
            id: row["id"], status: JobStatus(rawValue: row["status"]) ?? .failed, text: row["text"], voice: row["voice"],
            format: row["format"], sampleRate: row["sample_rate"], speed: row["speed"], parameters: parameters,
            priority: row["priority"], attempts: row["attempts"], maxAttempts: row["max_attempts"],
            errorCode: row["error_code"], errorMessage: row["error_message"], idempotencyKey: row["idempotency_key"],
            requestHash: row["request_hash"], createdAt: date("created_at")!, startedAt: date("started_at"),
            finishedAt: date("finished_at"), notBefore: date("not_before")!, leaseOwner: row["lease_owner"],
            leaseExpiresAt: date("lease_expires_at"), chunksDone: row["chunks_done"], chunksTotal: row["chunks_total"],
            audioSeconds: row["audio_seconds"], outputPath: row["output_path"], spokenBy: row["spoken_by"],
            fallbackReason: row["fallback_reason"], sourcePath: row["source_path"], sequence: row["sequence"])
    }
}

extension SQLiteJobStore {
    func fetchJob(_ db: Database, id: String) throws -> Job? {
        try Row.fetchOne(db, sql: "SELECT * FROM jobs WHERE id = ?", arguments: [id]).map(Job.init(row:))
    }

    func record(_ db: Database, _ id: String, _ kind: JobEvent.Kind, node: String? = nil, detail: String? = nil, at now: Date) throws {
        try db.execute(sql: "INSERT INTO job_events (job_id, kind, node, detail, at) VALUES (?, ?, ?, ?, ?)",
                       arguments: [id, kind.rawValue, node, detail, now.timeIntervalSince1970])
    }

    static func encode(_ parameters: [String: String]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: (try? encoder.encode(parameters)) ?? Data("{}".utf8), as: UTF8.self)
    }

    /// Float32 little-endian bytes.
    static func blob(_ samples: [Float]) -> Data {
        samples.withUnsafeBufferPointer { Data(buffer: $0) }
    }

    static func samples(_ data: Data) -> [Float] {
        data.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
    }
}
