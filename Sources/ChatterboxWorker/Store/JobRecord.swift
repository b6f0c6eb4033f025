import Foundation

/// One row of the `jobs` table, column for column, as both stores read it: SQLite through GRDB's
/// `Decodable` records, PostgreSQL through `PostgresRowDecoder`. `Job(record)` is the one mapping
/// from columns to the model, so a new column is added here and in the two migrations, nowhere else.
struct JobRecord: Codable, Sendable {
    var sequence: Int64
    var id: String
    var status: String
    var text: String
    var voice: String
    var format: String
    var sampleRate: Int?
    var speed: Double
    /// Engine parameters as JSON object text (`JobCodec.parameters`).
    var parameters: String
    var priority: Int
    var attempts: Int
    var maxAttempts: Int
    var errorCode: String?
    var errorMessage: String?
    var idempotencyKey: String?
    var requestHash: String
    /// Seconds since 1970, as every time column.
    var createdAt: Double
    var startedAt: Double?
    var finishedAt: Double?
    var notBefore: Double
    var leaseOwner: String?
    var leaseExpiresAt: Double?
    var chunksDone: Int
    var chunksTotal: Int
    var audioSeconds: Double
    var outputPath: String?
    var spokenBy: String?
    var fallbackReason: String?
    var sourcePath: String?
    /// `chunks_done` when last claimed (`JobClaim`).
    var claimedChunks: Int?
    /// `text` or `ssml`.
    var textFormat: String
    var lexicon: String?

    enum CodingKeys: String, CodingKey {
        case sequence, id, status, text, voice, format, speed, parameters, priority, attempts
        case sampleRate = "sample_rate", maxAttempts = "max_attempts", errorCode = "error_code", errorMessage = "error_message"
        case idempotencyKey = "idempotency_key", requestHash = "request_hash", createdAt = "created_at", startedAt = "started_at"
        case finishedAt = "finished_at", notBefore = "not_before", leaseOwner = "lease_owner", leaseExpiresAt = "lease_expires_at"
        case chunksDone = "chunks_done", chunksTotal = "chunks_total", audioSeconds = "audio_seconds", outputPath = "output_path"
        case spokenBy = "spoken_by", fallbackReason = "fallback_reason", sourcePath = "source_path", claimedChunks = "claimed_chunks"
        case textFormat = "text_format", lexicon
    }
}

extension Job {
    /// The model of a stored row.
    init(_ record: JobRecord) throws {
        func date(_ seconds: Double?) -> Date? { seconds.map { Date(timeIntervalSince1970: $0) } }
        self.init(
            id: record.id, status: try JobCodec.status(record.status), text: record.text, voice: record.voice,
            format: record.format, sampleRate: record.sampleRate, speed: record.speed, parameters: JobCodec.parameters(record.parameters),
            priority: record.priority, attempts: record.attempts, maxAttempts: record.maxAttempts, errorCode: record.errorCode,
            errorMessage: record.errorMessage, idempotencyKey: record.idempotencyKey, requestHash: record.requestHash,
            createdAt: Date(timeIntervalSince1970: record.createdAt), startedAt: date(record.startedAt), finishedAt: date(record.finishedAt),
            notBefore: Date(timeIntervalSince1970: record.notBefore), leaseOwner: record.leaseOwner,
            leaseExpiresAt: date(record.leaseExpiresAt), chunksDone: record.chunksDone, chunksTotal: record.chunksTotal,
            audioSeconds: record.audioSeconds, outputPath: record.outputPath, spokenBy: record.spokenBy,
            fallbackReason: record.fallbackReason, sourcePath: record.sourcePath, sequence: record.sequence,
            textFormat: record.textFormat, lexicon: record.lexicon)
    }
}
