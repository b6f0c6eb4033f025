import ArgumentParser
import ChatterboxCore

/// How to speak: `--voice`, `--format`, `--speed`, `--param NAME=VALUE`, shared by `synth` and `batch`.
struct VoiceOptions: ParsableArguments {
    @Option(help: "Voice id, engine:name or engine:name#speaker (default: processing.model).")
    var voice: String?

    @Option(help: "Audio format: wav, flac, ogg, opus, mp3, pcm.")
    var format: String?

    @Option(help: "Speaking rate, 1 = normal (0.25-4); default: the voice's own (voices set-default…), else 1.")
    var speed: Double?

    @Option(name: .customLong("param"), help: "Engine parameter NAME=VALUE (repeatable), e.g. noise_scale=0.")
    var params: [String] = []

    func validate() throws {
        for param in params where param.split(separator: "=", maxSplits: 1).count != 2 {
            throw ValidationError("--param takes NAME=VALUE, got '\(param)'")
        }
    }

    /// `--voice` as an id (`nil`: not given); malformed is a 400-style error naming `--voice`.
    func voiceID() throws -> VoiceID? {
        try voice.map { try VoiceID(parsing: $0, field: "voice") }
    }

    /// The `--param` values by name (the last one wins).
    var parameters: [String: String] {
        Dictionary(params.map { param in
            let parts = param.split(separator: "=", maxSplits: 1).map(String.init)
            return (parts[0], parts[1])
        }, uniquingKeysWith: { _, last in last })
    }
}
