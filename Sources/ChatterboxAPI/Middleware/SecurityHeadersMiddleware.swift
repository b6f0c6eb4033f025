import HTTPTypes
import Hummingbird

/// Headers every response carries: `X-Content-Type-Options: nosniff` (a job's text or a voice
/// name is never run as a script or a page), and `Cache-Control: no-store` unless the route chose
/// otherwise (job JSON and audio are private to their caller and change). The page adds its own
/// Content-Security-Policy and frame protection (`WebRoutes`).
struct SecurityHeadersMiddleware: RouterMiddleware {
    typealias Context = APIRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        if response.headers[.cacheControl] == nil { response.headers[.cacheControl] = "no-store" }
        return response
    }
}
