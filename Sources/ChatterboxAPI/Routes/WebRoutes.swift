import ChatterboxCore
import Foundation
import HTTPTypes
import Hummingbird

/// The web page (`GET /`, `/app.js`, `/voices.js`, `/app.css`: plain files shipped as resources, no build
/// step) and `GET /info`, what the page needs before it can call anything else: the text
/// limit, whether an API key is needed, the defaults.
struct WebRoutes: Sendable {
    let environment: APIEnvironment

    /// Paths anyone may fetch without an API key.
    static let publicPaths: Set<String> = ["/", "/app.js", "/voices.js", "/app.css", "/info"]

    /// The page's files, read once.
    static let files: [String: (type: String, body: ByteBuffer)] = {
        var files: [String: (String, ByteBuffer)] = [:]
        for (name, type) in [("index.html", "text/html; charset=utf-8"), ("app.js", "text/javascript; charset=utf-8"),
                             ("voices.js", "text/javascript; charset=utf-8"), ("app.css", "text/css; charset=utf-8")] {
            if let data = APIResources.data("web/" + name) { files[name] = (type, ByteBuffer(bytes: data)) }
        }
        return files
    }()

    struct Info: Encodable, Sendable {
        var name = "chatterbox-tts"
        var maxTextLength: Int
        var authRequired: Bool
        var defaultVoice: String
        var defaultFormat: String
        var formats: [String]
        var speechFormats: [String]
    }

    func register(on router: Router<APIRequestContext>) {
        router.get("/") { _, _ in try Self.file("index.html") }
        router.get("app.js") { _, _ in try Self.file("app.js") }
        router.get("voices.js") { _, _ in try Self.file("voices.js") }
        router.get("app.css") { _, _ in try Self.file("app.css") }
        router.get("info") { _, _ in
            let settings = environment.settings
            return try Response.json(Info(maxTextLength: settings.processing.maxTextLength, authRequired: !settings.api.apiKeys.isEmpty,
                                          defaultVoice: settings.processing.model.description, defaultFormat: settings.processing.outputFormat.rawValue,
                                          formats: AudioFormat.allCases.map(\.rawValue), speechFormats: ["mp3", "opus", "flac", "wav", "pcm"]))
        }
    }

    static func file(_ name: String) throws -> Response {
        guard let file = files[name] else { throw APIError.notFound("the web page is not part of this build") }
        var headers = HTTPFields()
        headers[.contentType] = file.type
        headers[.cacheControl] = "no-cache"
        if name == "index.html" {
            // Only our own script and styles run; audio plays from blob URLs; no other site may frame the page.
            headers[HTTPField.Name("Content-Security-Policy")!] = "default-src 'self'; media-src 'self' blob:; img-src 'self' data:; "
                + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
            headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
            headers[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
        }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: file.body))
    }
}
