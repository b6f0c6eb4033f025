import ChatterboxCore
import Foundation
import HTTPTypes
import Hummingbird

/// `GET /voices/{id}`: one voice in full — `VoiceInfo`'s fields, where it comes from, its files with
/// size and SHA-256, when it was installed, its model card and licence, and whether it can speak now.
/// The id may be a voice id, an alias (`api.voice_aliases`) or a bare name, as in speech requests.
struct VoiceDetailRoute: Sendable {
    let environment: APIEnvironment

    /// `GET /voices`' fields for the voice, and what `VoiceDetails` adds, in one JSON object.
    struct Body: Encodable, Sendable {
        var voice: CatalogRoutes.Voice
        var source: String
        var files: [VoiceDetails.File]
        var installedAt: Date?
        var modelCard: String?
        var license: String?
        var canSpeak: Bool
        var problem: String?
        /// The voice's own defaults (`PATCH /voices/{id}`).
        var defaults: VoiceDefaults

        enum CodingKeys: CodingKey { case source, files, installedAt, modelCard, license, canSpeak, problem, defaults }

        func encode(to encoder: any Encoder) throws {
            try voice.encode(to: encoder)
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(source, forKey: .source)
            try container.encode(files, forKey: .files)
            try container.encodeIfPresent(installedAt, forKey: .installedAt)
            try container.encodeIfPresent(modelCard, forKey: .modelCard)
            try container.encodeIfPresent(license, forKey: .license)
            try container.encode(canSpeak, forKey: .canSpeak)
            try container.encodeIfPresent(problem, forKey: .problem)
            try container.encode(defaults, forKey: .defaults)
        }
    }

    func register(on router: Router<APIRequestContext>) {
        router.get("voices/:id") { _, context in
            try await response(for: voice(context), status: .ok)
        }
    }

    /// The voice the `id` path parameter names, or `404`.
    func voice(_ context: APIRequestContext) async throws -> VoiceInfo {
        // A client may encode the id's colon (`piper%3Ajoe`, as encodeURIComponent does).
        let raw = try context.parameters.require("id"), requested = raw.removingPercentEncoding ?? raw
        let id = try? await environment.resolveVoice(requested)
        guard let id, let voice = await environment.registry.catalog().first(where: { $0.voiceID == id.voice }) else {
            throw APIError.notFound("no voice '\(requested.prefix(80))'; GET /voices lists them", field: "id")
        }
        return voice
    }

    /// The voice in full, as `GET /voices/{id}` answers.
    func response(for voice: VoiceInfo, status: HTTPResponse.Status) async throws -> Response {
        guard let engine = environment.registry.engines[voice.engine] else {
            throw APIError.notFound("no engine '\(voice.engine)'", field: "id")
        }
        var details = await engine.details(of: voice)
        if let why = voice.unavailable { (details.canSpeak, details.problem) = (false, why) }
        var headers = HTTPFields()
        if status == .created { headers[.location] = "/voices/\(voice.id)" }
        return try Response.json(Body(
            voice: CatalogRoutes.Voice(voice, defaultVoice: environment.settings.processing.model.description), source: details.source,
            files: details.files, installedAt: details.installedAt, modelCard: details.modelCard, license: details.license,
            canSpeak: details.canSpeak, problem: details.problem, defaults: environment.processor.voiceDefaults.defaults(for: voice.id)),
            status: status, headers: headers)
    }
}
