import ChatterboxCore
import Foundation

/// One synthesis job as stored: the request, its state, its lease and its progress.
public struct Job: Sendable, Codable, Equatable, Identifiable {
    /// Stable id (UUID).
    public var id: String
    public var status: JobStatus
    /// The text to speak.
    public var text: String
    /// Voice id asked for.
    public var voice: String
    public var format: String
    public var sampleRate: Int?
    public var speed: Double
    /// Engine parameters, `NAME=VALUE` pairs as JSON object text.
    public var parameters: [String: String]
    /// Higher runs first; FIFO within a priority.
    public var priority: Int
    /// Attempts started so far.
    public var attempts: Int
    public var maxAttempts: Int
    /// Last error: stable code and message.
    public var errorCode: String?
    public var errorMessage: String?
    public var idempotencyKey: String?
    /// Hash of the request body, to tell a retry from a different request under the same key.
    public var requestHash: String
    public var createdAt: Date
    public var startedAt: Date?
    public var finishedAt: Date?
    /// Not claimable before this moment (retry backoff).
    public var notBefore: Date
    /// The node holding the running job, and until when.
    public var leaseOwner: String?
    public var leaseExpiresAt: Date?
    public var chunksDone: Int
    public var chunksTotal: Int
    /// Audio produced so far, in seconds.
    public var audioSeconds: Double
    /// Where the finished audio is (or goes, when fixed at submission).
    public var outputPath: String?
    /// The voice that actually spoke, and why it differs from `voice` when it does.
    public var spokenBy: String?
    public var fallbackReason: String?
    /// For folder-batch jobs: the input file.
    public var sourcePath: String?
    /// Insertion order: FIFO tie-break and list cursor.
    public var sequence: Int64
    /// `ssml` when the text is an SSML document; `nil` or `text` for plain text.
    public var textFormat: String?
    /// The lexicon asked for (`none`: none); `nil`: the voice's default lexicons.
    public var lexicon: String?

    /// What to speak, as the processor takes it.
    public func request() throws -> SynthesisRequest {
        var request = SynthesisRequest(text: text, voice: try VoiceID(parsing: voice), format: try AudioFormat.parse(format), sampleRate: sampleRate,
                                       speed: speed, parameters: parameters)
        request.ssml = textFormat == "ssml"
        request.lexicon = lexicon
        return request
    }

    /// The engine part of the voice id (`piper`), for per-engine limits.
    public var engine: String { VoiceID.parse(voice)?.engine ?? "" }
}
