import ChatterboxCore
import Foundation
import HTTPTypes
import Hummingbird

/// `GET /voices/{id}/preview[?format=mp3]`: a short sentence in the voice's language, spoken with its
/// defaults, synthesised once and kept in `directories.data/previews/` under a key of the voice's id, its
/// files' digests and its defaults — a replaced voice or new defaults give a new preview.
struct VoicePreview: Sendable {
    let environment: APIEnvironment

    @Sendable func respond(_ request: Request, context: APIRequestContext) async throws -> Response {
        let voice = try await VoiceDetailRoute(environment: environment).voice(context)
        let format = try AudioFormat.parse(request.uri.queryParameters.get("format") ?? "mp3", field: "format")
        guard let engine = environment.registry.engines[voice.engine] else { throw APIError.notFound("no engine '\(voice.engine)'", field: "id") }
        let details = await engine.details(of: voice)
        let defaults = environment.processor.voiceDefaults.defaults(for: voice.id)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys  // a keyed container's order is otherwise unspecified
        let encodedDefaults = (try? encoder.encode(defaults)).map { String(decoding: $0, as: UTF8.self) } ?? ""
        let key = FileDigest.sha256(of: ([voice.id, format.rawValue, encodedDefaults] + details.files.map(\.sha256)).joined(separator: "\n"))
        let folder = Settings.resolve(environment.settings.directories.data, in: environment.workingDirectory).appendingPathComponent("previews")
        let file = folder.appendingPathComponent("\(key.prefix(24)).\(format.fileExtension)")
        if !FileManager.default.fileExists(atPath: file.path) {
            try environment.requireDiskSpace()
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            var speech = SynthesisRequest(text: VoicePreviewText.sentence(for: voice.language), voice: voice.voiceID, format: format)
            speech.lexicon = "none"
            // The voice itself, or an error: a preview never speaks with a fallback voice.
            _ = try await environment.processor.synthesize(speech, to: file, voices: [voice.voiceID])
            context.logger.info("preview of \(voice.id) made")
        }
        var headers = HTTPFields()
        headers[.contentType] = format.contentType
        headers[.cacheControl] = "no-cache"
        let body = try await FileIO().loadFile(path: file.path, context: context)
        return Response(status: .ok, headers: headers, body: body)
    }
}
