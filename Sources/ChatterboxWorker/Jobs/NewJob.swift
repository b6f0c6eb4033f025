import ChatterboxCore
import Crypto
import Foundation

/// A job as submitted, before the store gives it an id and a state: what to speak (a
/// `SynthesisRequest` with its voice resolved) and how to queue it.
public struct NewJob: Sendable, Equatable {
    /// What to speak; `request.voice` is always set.
    public var request: SynthesisRequest
    /// Higher runs first.
    public var priority: Int
    public var idempotencyKey: String?
    /// Fixed output path (folder batch, `chatterbox batch`); `nil` puts audio under the data folder.
    public var outputPath: String?
    public var sourcePath: String?

    /// Creates a submission spoken by `voice`; `request` has its voice's defaults applied
    /// (`SpeechProcessor.withVoiceDefaults`), so the job runs the same however they change later.
    public init(_ request: SynthesisRequest, voice: VoiceID, priority: Int = 0, idempotencyKey: String? = nil,
                outputPath: String? = nil, sourcePath: String? = nil) {
        self.request = request
        self.request.voice = voice
        self.priority = priority
        self.idempotencyKey = idempotencyKey
        self.outputPath = outputPath
        self.sourcePath = sourcePath
    }

    /// The voice id the job is queued with.
    public var voice: String { request.voice?.description ?? "" }

    /// SHA-256 over everything that defines the audio: same key + same hash = same job.
    public var requestHash: String {
        let parameterText = request.parameters.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "\u{1F}")
        let fields = [request.text, voice, request.format.rawValue, request.sampleRate.map(String.init) ?? "", String(request.speed ?? 1),
                      parameterText, String(priority), outputPath ?? ""] + (request.ssml ? ["ssml"] : []) + (request.lexicon.map { ["lexicon=" + $0] } ?? [])
        return SHA256.hash(data: Data(fields.joined(separator: "\u{1E}").utf8)).map { String(format: "%02x", $0) }.joined()
    }
}

/// What `enqueue` did.
public struct EnqueueResult: Sendable, Equatable {
    /// The job (new, or the one the idempotency key already named).
    public var job: Job
    /// Whether this call created it.
    public var created: Bool
}
