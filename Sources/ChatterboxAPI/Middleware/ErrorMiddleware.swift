import Hummingbird

/// Turns every error a route or inner middleware throws into the contract's JSON error
/// response, so no failure leaves the server as an empty or HTML body.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = APIRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let apiError = APIError.from(error)
            if apiError.status == .internalServerError {
                context.logger.error("request failed: \(error)")
            }
            return try apiError.response(from: request, context: context)
        }
    }
}
