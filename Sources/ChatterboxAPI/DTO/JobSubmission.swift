import ChatterboxCore
import ChatterboxWorker

/// The body of `POST /jobs` (JSON, or the fields of a multipart upload).
struct JobSubmission: Decodable, Sendable {
    var text: String
    var voice: String?
    var format: String?
    var sampleRate: Int?
    var speed: Double?
    var priority: Int?
    var params: [String: FlexibleString]?
    /// `text` (default) or `ssml`.
    var textFormat: String?
    /// A lexicon by name, or `none`.
    var lexicon: String?

    static let priorityRange = -100...100

    /// Checks everything a job needs before it is accepted — text, voice, format, rate, speed,
    /// parameters, priority — so a queued job never fails on its input later.
    func makeJob(in environment: APIEnvironment, idempotencyKey: String?) async throws -> NewJob {
        let format = try AudioFormat.parse(self.format ?? environment.settings.processing.outputFormat.rawValue)
        if let sampleRate { try format.checkEncodable(sampleRate: sampleRate) }
        let priority = self.priority ?? 0
        guard Self.priorityRange.contains(priority) else {
            throw ChatterboxError(.invalidPriority, message: "priority must be from -100 to 100, not \(priority)", field: "priority")
        }
        if let idempotencyKey, idempotencyKey.isEmpty || idempotencyKey.count > 200 {
            throw ChatterboxError(.invalidIdempotencyKey, message: "Idempotency-Key must be 1-200 characters", field: "Idempotency-Key")
        }
        let voice = try await environment.resolveVoice(self.voice)
        var request = SynthesisRequest(text: text, voice: voice, format: format, sampleRate: sampleRate, speed: speed,
                                       parameters: (params ?? [:]).mapValues(\.value))
        request.lexicon = lexicon
        switch textFormat ?? "text" {
        case "text": break
        case "ssml": request.ssml = true
        default: throw ChatterboxError(.invalidTextFormat, message: "text_format must be 'text' or 'ssml'", field: "text_format")
        }
        request = environment.processor.withVoiceDefaults(request)
        try await environment.check(request)
        return NewJob(request, voice: voice, priority: priority, idempotencyKey: idempotencyKey)
    }
}

extension APIEnvironment {
    /// Validates a request as the processor will run it, from metadata only (no model loads, no
    /// worker starts). Input errors are thrown; an engine that cannot run here is not the
    /// caller's fault (the fallback chain takes over when the job runs).
    func check(_ request: SynthesisRequest) async throws {
        do {
            try await processor.validate(request, voice: request.voice ?? settings.processing.model)
        } catch let error as ChatterboxError where !error.kind.isCallerFault {
            return
        }
    }
}
