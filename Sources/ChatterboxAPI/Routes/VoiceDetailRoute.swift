import ChatterboxCore
import Foundation
import Hummingbird

/// `GET /voices/{id}`: one voice in full — `VoiceInfo`'s fields, where it comes from, its files with
/// size and SHA-256, when it was installed, its model card and licence, and whether it can speak now.
/// The id may be a voice id, an alias (`api.voice_aliases`) or a bare name, as in speech requests.
struct VoiceDetailRoute: Sendable {
    let environment: APIEnvironment

    struct Body: Encodable, Sendable {
        var id: String
        var engine: String
        var name: String
        var language: String
        var sampleRate: Int
        var description: String
        var speakers: [VoiceInfo.Speaker]
        var isDefault: Bool
        var source: String
        var files: [VoiceDetails.File]
        var installedAt: Date?
        var modelCard: String?
        var license: String?
        var canSpeak: Bool
        var problem: String?
    }

    func register(on router: Router<APIRequestContext>) {
        router.get("voices/:id") { _, context in
            let requested = try context.parameters.require("id")
            let id = try? await environment.resolveVoice(requested)
            guard let id, let engine = environment.registry.engines[String(id.prefix { $0 != ":" })],
                  let voice = await environment.registry.voices().first(where: { $0.id == id }) else {
                throw APIError.notFound("no voice '\(requested.prefix(80))'; GET /voices lists them", field: "id")
            }
            let details = await engine.details(of: voice)
            return try Response.json(Body(
                id: voice.id, engine: voice.engine, name: voice.name, language: voice.language, sampleRate: voice.sampleRate,
                description: voice.description, speakers: voice.speakers, isDefault: voice.id == environment.settings.processing.model,
                source: details.source, files: details.files, installedAt: details.installedAt, modelCard: details.modelCard,
                license: details.license, canSpeak: details.canSpeak, problem: details.problem))
        }
    }
}
