import HTTPTypes
import Hummingbird
import NIOCore

/// CORS from `api.cors_origins`: `*` allows any origin; otherwise only listed origins get
/// CORS headers (Hummingbird's `CORSMiddleware` answers them and their preflights).
struct CORSPolicyMiddleware: RouterMiddleware {
    typealias Context = APIRequestContext
    let origins: [String]
    private let cors: CORSMiddleware<APIRequestContext>

    init(origins: [String]) {
        self.origins = origins
        let headers: [HTTPField.Name] = [.contentType, .authorization, HTTPField.Name("X-API-Key")!, HTTPField.Name("Idempotency-Key")!]
        let exposed = ["Content-Disposition", "Retry-After", "Location", "X-Request-ID"]
        cors = CORSMiddleware(allowOrigin: origins.contains("*") ? .all : .originBased, allowHeaders: headers,
                              allowMethods: [.get, .post, .delete, .options], exposedHeaders: exposed, maxAge: TimeAmount.seconds(600))
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let origin = request.headers[.origin], origins.contains("*") || origins.contains(origin) else {
            return try await next(request, context)
        }
        return try await cors.handle(request, context: context, next: next)
    }
}
