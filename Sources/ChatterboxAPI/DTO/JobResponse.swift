import ChatterboxWorker
import Foundation

/// A job as `GET /jobs/{id}` shows it.
struct JobResponse: Encodable, Sendable {
    struct Progress: Encodable, Sendable {
        var chunksDone: Int
        var chunksTotal: Int
    }

    struct Failure: Encodable, Sendable {
        var code: String
        var message: String
    }

    var id: String
    /// The first 80 characters of the text, for lists.
    var textPreview: String
    var status: String
    var progress: Progress
    var voice: String
    var spokenBy: String?
    var fallbackReason: String?
    var format: String
    var sampleRate: Int?
    var speed: Double
    var priority: Int
    var attempts: Int
    var maxAttempts: Int
    var error: Failure?
    var createdAt: Date
    var startedAt: Date?
    var finishedAt: Date?
    var audioSeconds: Double?
    var downloadUrl: String?
    /// `text` or `ssml`.
    var textFormat: String

    init(_ job: Job) {
        id = job.id
        textPreview = job.text.count > 80 ? String(job.text.prefix(79)) + "…" : job.text
        status = job.status.rawValue
        progress = Progress(chunksDone: job.chunksDone, chunksTotal: job.chunksTotal)
        voice = job.voice
        spokenBy = job.spokenBy
        fallbackReason = job.fallbackReason
        format = job.format
        sampleRate = job.sampleRate
        speed = job.speed
        priority = job.priority
        attempts = job.attempts
        maxAttempts = job.maxAttempts
        if let code = job.errorCode { error = Failure(code: code, message: job.errorMessage ?? code) }
        createdAt = job.createdAt
        startedAt = job.startedAt
        finishedAt = job.finishedAt
        audioSeconds = job.status == .succeeded || job.audioSeconds > 0 ? job.audioSeconds : nil
        downloadUrl = job.status == .succeeded ? "/jobs/\(job.id)/download" : nil
        textFormat = job.textFormat ?? "text"
    }
}

/// A page of `GET /jobs`.
struct JobPage: Encodable, Sendable {
    var jobs: [JobResponse]
    /// Pass as `cursor` for the next (older) page; `null` on the last page.
    var nextCursor: String?

    enum CodingKeys: String, CodingKey { case jobs, nextCursor }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(jobs, forKey: .jobs)
        try container.encode(nextCursor, forKey: .nextCursor)
    }
}
