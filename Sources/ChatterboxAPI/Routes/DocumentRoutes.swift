import Foundation
import HTTPTypes
import Hummingbird

/// `GET /openapi.json`: the OpenAPI 3.1 document of the API, shipped as a resource.
struct DocumentRoutes: Sendable {
    /// The document's bytes (read once).
    static let openAPI: ByteBuffer? = APIResources.data("openapi.json").map { ByteBuffer(bytes: $0) }

    func register(on router: Router<APIRequestContext>) {
        router.get("openapi.json") { _, _ in
            var headers = HTTPFields()
            headers[.contentType] = "application/json"
            guard let document = Self.openAPI else { throw APIError.notFound("the OpenAPI document is not installed beside the binary") }
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: document))
        }
    }
}
