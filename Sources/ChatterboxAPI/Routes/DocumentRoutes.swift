import Foundation
import HTTPTypes
import Hummingbird

/// `GET /openapi.json`: the OpenAPI 3.1 document of the API, shipped as a resource, with this
/// server's voices, parameters and limits filled in (`OpenAPIDocument`).
struct DocumentRoutes: Sendable {
    let environment: APIEnvironment
    /// The shipped document's bytes (read once).
    static let openAPI: Data? = APIResources.data("openapi.json")

    func register(on router: Router<APIRequestContext>) {
        router.get("openapi.json") { _, _ in
            var headers = HTTPFields()
            headers[.contentType] = "application/json"
            guard let shipped = Self.openAPI else { throw APIError.notFound("the OpenAPI document is not installed beside the binary") }
            let document = try await OpenAPIDocument.live(shipped, environment: environment)
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: document)))
        }
    }
}
