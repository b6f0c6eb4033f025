import ChatterboxCore
import Hummingbird

/// What is installed: `GET /voices` (our view), `GET /v1/audio/voices` and `GET /v1/models`
/// (OpenAI's shapes, for OpenAI clients).
struct CatalogRoutes: Sendable {
    let environment: APIEnvironment

    struct Voice: Encodable, Sendable {
        var id: String
        var engine: String
        var name: String
        var language: String
        var sampleRate: Int
        var description: String
        var isDefault: Bool
        var speakers: [VoiceInfo.Speaker]
        /// False for a voice kept on disk whose engine is not set up here; `problem` says why and what fixes it.
        var available: Bool
        var problem: String?

        init(_ voice: VoiceInfo, defaultVoice: String) {
            (id, engine, name, language, sampleRate) = (voice.id, voice.engine, voice.name, voice.language, voice.sampleRate)
            (description, isDefault, speakers) = (voice.description, voice.id == defaultVoice, voice.speakers)
            (available, problem) = (voice.unavailable == nil, voice.unavailable)
        }
    }

    struct Alias: Encodable, Sendable {
        var id: String
        var name: String
        var voice: String
        var installed: Bool
    }

    struct Model: Encodable, Sendable {
        var id: String
        var object = "model"
        var created = 0
        var ownedBy = "chatterbox"
    }

    func register(on router: Router<APIRequestContext>) {
        router.get("voices") { _, _ in
            let fallback = environment.settings.processing.model.description
            let voices = await environment.registry.catalog().map { Voice($0, defaultVoice: fallback) }
            return try Response.json(["default": .init(fallback), "voices": AnyEncodable(voices)] as [String: AnyEncodable])
        }
        router.get("v1/audio/voices") { _, _ in
            let installed = Set(await environment.registry.voices().map(\.id))
            let aliases = environment.settings.api.voiceAliases.sorted { $0.key < $1.key }.map {
                Alias(id: $0.key, name: $0.key, voice: $0.value.description, installed: installed.contains($0.value.voiceKey))
            }
            let direct = installed.sorted().map { Alias(id: $0, name: $0, voice: $0, installed: true) }
            return try Response.json(["voices": aliases + direct])
        }
        router.get("v1/models") { _, _ in
            let ids = SpeechBody.models + environment.registry.engines.keys.sorted()
            return try Response.json(["object": AnyEncodable("list"), "data": AnyEncodable(ids.map { Model(id: $0) })])
        }
    }
}

/// Wraps any encodable value, for JSON objects with mixed value types.
struct AnyEncodable: Encodable, Sendable {
    private let encodeValue: @Sendable (any Encoder) throws -> Void

    init<Value: Encodable & Sendable>(_ value: Value) {
        encodeValue = { try value.encode(to: $0) }
    }

    func encode(to encoder: any Encoder) throws {
        try encodeValue(encoder)
    }
}
