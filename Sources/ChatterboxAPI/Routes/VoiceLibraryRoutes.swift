import ChatterboxCore
import Foundation
import HTTPTypes
import Hummingbird

/// The voice library over HTTP: `POST /voices` (a Piper voice, a Chatterbox reference clip or a SpeechT5
/// embedding, streamed to disk and checked before it is kept), `PATCH /voices/{id}` (the voice's defaults),
/// `DELETE /voices/{id}` and `GET /voices/{id}/preview` (a short sentence, synthesised once and cached).
struct VoiceLibraryRoutes: Sendable {
    let environment: APIEnvironment

    func register(on router: Router<APIRequestContext>) {
        router.post("voices", use: add)
        router.patch("voices/:id", use: update)
        router.delete("voices/:id", use: remove)
        router.get("voices/:id/preview", use: VoicePreview(environment: environment).respond)
    }

    /// The voice folder; uploads are decoded and loaded for their checks in a child process (`UploadCheck`).
    var library: VoiceLibrary {
        var library = VoiceLibrary(settings: environment.settings, workingDirectory: environment.workingDirectory)
        library.check = UploadCheck()
        return library
    }

    /// `POST /voices[?replace=true]` -> `201` with the voice as `GET /voices/{id}` shows it.
    @Sendable func add(_ request: Request, context: APIRequestContext) async throws -> Response {
        try environment.requireDiskSpace()
        let limit = environment.settings.voices.maxUploadBytes
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit {
            // Refused before a byte is read; the connection closes rather than draining the body.
            var response = try VoiceUpload.tooLarge(limit).response(from: request, context: context)
            response.headers[.connection] = "close"
            return response
        }
        let replace = try Self.flag(request.uri.queryParameters.get("replace"), "replace")
        let staging = library.folder.appendingPathComponent(".upload-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: staging) }
        let upload: VoiceUpload
        do {
            upload = try await VoiceUpload.receive(request, limit: limit, staging: staging)
        } catch let error as APIError where error.status == .contentTooLarge {
            var response = try error.response(from: request, context: context)
            response.headers[.connection] = "close"
            return response
        }
        let library = self.library
        let id: String = try await BlockingWork.run {
            if let model = upload.files["model"] {
                guard let config = upload.files["config"] else {
                    throw APIError(.missingField, message: "a Piper voice needs its config (.onnx.json) as the 'config' part", field: "config")
                }
                let name = upload.fields["name"] ?? Self.stem(model.filename, dropping: [".onnx"])
                return try library.addPiper(model: model.url, config: config.url, name: name, replace: replace)
            }
            if let clip = upload.files["clip"] {
                let name = upload.fields["name"] ?? Self.stem(clip.filename, dropping: [".wav", ".flac", ".ogg", ".mp3"])
                return try library.addClip(clip.url, name: name, transcript: upload.fields["transcript"], replace: replace)
            }
            if let embedding = upload.files["embedding"] {
                let name = upload.fields["name"] ?? Self.stem(embedding.filename, dropping: [".npy"])
                return try library.addEmbedding(embedding.url, name: name, replace: replace)
            }
            throw APIError(.missingField, message: "send 'model' and 'config' (Piper), 'clip' (Chatterbox) or 'embedding' (SpeechT5)", field: "model")
        }
        await forgetLoaded(id)
        context.logger.info("voice \(id) added")
        guard let voice = await environment.registry.catalog().first(where: { $0.id == id }) else {
            // An embedding whose Python engine is not set up here is kept, but listed only once it is.
            return try Response.json(["id": id, "problem": "kept; the \(id.prefix { $0 != ":" }) engine is not set up on this server (chatterbox setup)"],
                                     status: .created, headers: [.location: "/voices/\(id)"])
        }
        return try await VoiceDetailRoute(environment: environment).response(for: voice, status: .created)
    }

    /// `PATCH /voices/{id}`: `{"speed": 1.2, "params": {"noise_scale": 0.5}}`; a field set to `null` (or
    /// `params: {}`) removes that default. Values are checked as a request's would be.
    @Sendable func update(_ request: Request, context: APIRequestContext) async throws -> Response {
        let voice = try await VoiceDetailRoute(environment: environment).voice(context)
        let patch = try await request.decodeJSON(DefaultsPatch.self, limit: 64 * 1024)
        var defaults = environment.processor.voiceDefaults.defaults(for: voice.id)
        if let speed = patch.speed { defaults.speed = speed }
        if let params = patch.params { defaults.params = params ?? [:] }
        guard let engine = environment.registry.engines[voice.engine] else { throw APIError.notFound("no engine \(voice.engine)") }
        _ = try SynthesisOptions.validated(speed: defaults.speed ?? 1, raw: defaults.params.mapValues { String($0) }, for: engine)
        try await engine.check(SynthesisOptions(speed: defaults.speed ?? 1, parameters: defaults.params), voice: voice.name)
        try environment.processor.voiceDefaults.set(defaults, for: voice.id)
        context.logger.info("defaults of \(voice.id) set")
        return try await VoiceDetailRoute(environment: environment).response(for: voice, status: .ok)
    }

    /// `DELETE /voices/{id}` -> `204`; `409` for the default voice, a fallback voice, one that queued jobs use,
    /// or one not in the voice folder. Requests speaking with it finish on the model they hold.
    @Sendable func remove(_ request: Request, context: APIRequestContext) async throws -> Response {
        let voice = try await VoiceDetailRoute(environment: environment).voice(context)
        let settings = environment.settings
        if voice.voiceID == settings.processing.model.voice {
            throw APIError(.voiceInUse, message: "\(voice.id) is the default voice (processing.model); choose another first", field: "id")
        }
        if settings.processing.fallback.map(\.voice).contains(voice.voiceID) {
            throw APIError(.voiceInUse, message: "\(voice.id) is a fallback voice (processing.fallback); take it out first", field: "id")
        }
        if try await environment.store.hasActiveJobs(voice: voice.id) {
            throw APIError(.voiceInUse, message: "queued or running jobs speak with \(voice.id); wait for them or cancel them", field: "id")
        }
        try library.remove(voice)
        try environment.processor.voiceDefaults.set(VoiceDefaults(), for: voice.id)
        await forgetLoaded(voice.id)
        context.logger.info("voice \(voice.id) removed")
        return Response(status: .noContent)
    }

    /// A Piper model loaded under this name is dropped, so the next request reads the new files.
    private func forgetLoaded(_ id: String) async {
        guard id.hasPrefix("piper:"), let piper = environment.registry.engines["piper"] as? PiperEngine else { return }
        await piper.models.forget(String(id.dropFirst("piper:".count)))
    }

    /// A file name without its extension (`joe.onnx` -> `joe`); the name is checked later.
    static func stem(_ filename: String, dropping extensions: [String]) -> String {
        let base = (filename as NSString).lastPathComponent
        let lower = base.lowercased()
        for ext in extensions where lower.hasSuffix(ext) { return String(base.dropLast(ext.count)) }
        return base
    }

    static func flag(_ text: String?, _ field: String) throws -> Bool {
        switch text?.lowercased() {
        case nil, "", "false", "0": return false
        case "true", "1": return true
        default: throw APIError(.invalidType, message: "\(field) must be true or false", field: field)
        }
    }
}

/// `PATCH /voices/{id}`'s body: a field left out stays as it is, a field set to `null` is removed.
struct DefaultsPatch: Decodable {
    var speed: Double??
    var params: [String: Double]??

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        for key in container.allKeys where key.stringValue != "speed" && key.stringValue != "params" {
            throw APIError(.unknownField, message: "unknown field '\(key.stringValue.prefix(40))'; a voice's defaults are speed and params",
                                      field: key.stringValue)
        }
        let speedKey = Key(stringValue: "speed"), paramsKey = Key(stringValue: "params")
        if container.contains(speedKey) { speed = .some(try container.decodeNil(forKey: speedKey) ? nil : container.decode(Double.self, forKey: speedKey)) }
        if container.contains(paramsKey) {
            params = .some(try container.decodeNil(forKey: paramsKey) ? nil : container.decode([String: Double].self, forKey: paramsKey))
        }
    }
}
