import Crypto
import Foundation

/// A job as submitted, before the store gives it an id and a state.
public struct NewJob: Sendable, Equatable {
    public var text: String
    public var voice: String
    public var format: String
    public var sampleRate: Int?
    public var speed: Double
    public var parameters: [String: String]
    public var priority: Int
    public var idempotencyKey: String?
    /// Fixed output path (folder batch, `chatterbox batch`); `nil` puts audio under the data folder.
    public var outputPath: String?
    public var sourcePath: String?

    /// Creates a submission.
    public init(text: String, voice: String, format: String = "wav", sampleRate: Int? = nil, speed: Double = 1,
                parameters: [String: String] = [:], priority: Int = 0, idempotencyKey: String? = nil,
                outputPath: String? = nil, sourcePath: String? = nil) {
        self.text = text
        self.voice = voice
        self.format = format
        self.sampleRate = sampleRate
        self.speed = speed
        self.parameters = parameters
        self.priority = priority
        self.idempotencyKey = idempotencyKey
        self.outputPath = outputPath
        self.sourcePath = sourcePath
    }

    /// SHA-256 over everything that defines the audio: same key + same hash = same job.
    public var requestHash: String {
        let parameterText = parameters.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "\u{1F}")
        let fields = [text, voice, format, sampleRate.map(String.init) ?? "", String(speed), parameterText,
                      String(priority), outputPath ?? ""]
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
