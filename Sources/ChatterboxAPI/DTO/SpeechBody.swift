import ChatterboxCore

/// The body of `POST /v1/audio/speech`, as OpenAI defines it, plus `sample_rate` and `params`.
struct SpeechBody: Decodable, Sendable {
    var model: String?
    var input: String
    var voice: String?
    var responseFormat: String?
    var speed: Double?
    var streamFormat: String?
    /// gpt-4o-mini-tts's style instructions: accepted; no engine here takes them, which the `X-Instructions`
    /// response header says.
    var instructions: String?
    var sampleRate: Int?
    var params: [String: FlexibleString]?
    var lexicon: String?
    /// Word timings: as `speech.audio.word` events with SSE, else a JSON answer with the audio in base64.
    var timestamps: Bool?

    /// Model names accepted in `model` (OpenAI's, and ours); all speak with the chosen voice.
    static let models = ["chatterbox", "tts-1", "tts-1-hd", "gpt-4o-mini-tts"]

    /// How to answer: the request and whether to send Server-Sent Events.
    struct Plan: Sendable {
        var request: SynthesisRequest
        var sse: Bool
        var timestamps = false
    }

    /// Checks the body and settles voice, format and rate. OpenAI's `pcm` is 16-bit mono at
    /// 24 kHz, so `pcm` is resampled to 24 kHz unless `sample_rate` says otherwise; `aac` has no
    /// encoder here and is refused with the formats that work.
    func plan(in environment: APIEnvironment) async throws -> Plan {
        if let model, !model.isEmpty, !Self.models.contains(model), environment.registry.engines[model] == nil {
            throw ChatterboxError(.unknownModel, message: "model '\(model.prefix(60))' is not served here; use one of \((Self.models + environment.registry.engines.keys.sorted()).joined(separator: ", "))",
                                  field: "model")
        }
        let formatName = responseFormat ?? "mp3"
        if formatName.lowercased() == "aac" {
            throw ChatterboxError(.unsupportedFormat, message: "aac is not available (libsndfile has no AAC encoder); use mp3, opus, flac, wav or pcm",
                                  field: "response_format")
        }
        let format = try AudioFormat.parse(formatName, field: "response_format")
        var sse = false
        switch streamFormat ?? "audio" {
        case "audio": sse = false
        case "sse": sse = true
        default:
            throw ChatterboxError(.invalidStreamFormat, message: "stream_format must be 'audio' or 'sse'", field: "stream_format")
        }
        // An engine id as the model picks that engine's voice of the name; our model names (`chatterbox` is also an
        // engine's id) leave the voice as given, so `alloy` stays an OpenAI voice.
        var voiceName = voice
        if let model, !Self.models.contains(model), environment.registry.engines[model] != nil, let name = voice, !name.contains(":") {
            voiceName = "\(model):\(name)"
        }
        let voiceID = try await environment.resolveVoice(voiceName)
        let rate = sampleRate ?? (format == .pcm ? 24_000 : nil)
        if let rate { try format.checkEncodable(sampleRate: rate) }
        var request = SynthesisRequest(text: input, voice: voiceID, format: format, sampleRate: rate, speed: speed,
                                       parameters: (params ?? [:]).mapValues(\.value))
        request.ssml = SpeechScript.looksLikeSSML(input)  // an input that starts with <speak> is SSML
        request.lexicon = lexicon
        return Plan(request: request, sse: sse, timestamps: timestamps ?? false)
    }
}
