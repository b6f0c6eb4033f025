import Foundation
import HTTPTypes
import Hummingbird

/// `GET /openapi.json`: the OpenAPI 3.1 document of the API, shipped as a resource.
struct DocumentRoutes: Sendable {
    /// The document's bytes (read once).
    static let openAPI: ByteBuffer = {
        let url = Bundle.module.url(forResource: "openapi", withExtension: "json", subdirectory: "Resources")
        return ByteBuffer(bytes: url.flatMap { try? Data(contentsOf: $0) } ?? Data("{}".utf8))
    }()

    func register(on router: Router<APIRequestContext>) {
        router.get("openapi.json") { _, _ in
            var headers = HTTPFields()
            headers[.contentType] = "application/json"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: Self.openAPI))
        }
    }
}
