import ChatterboxCore
import HTTPTypes
import Hummingbird
import Logging

/// Logs each request once it is answered (method, path, status, milliseconds, client), returns
/// the request id in `X-Request-ID`, and counts the request by route and status.
struct RequestLogMiddleware: RouterMiddleware {
    typealias Context = APIRequestContext
    let metrics: APIMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        var response = try await next(request, context)
        response.headers[HTTPField.Name("X-Request-ID")!] = context.id
        let route = context.endpointPath ?? "unmatched"
        let status = response.status.code
        let method = request.method.rawValue, path = request.uri.path, client = context.clientID, logger = context.logger
        let metrics = self.metrics
        let original = response.body
        response.body = ResponseBody(contentLength: original.contentLength) { writer in
            defer { finished() }
            try await original.write(writer)
        }
        return response

        @Sendable func finished() {
            let seconds = start.secondsSince
            metrics.request(route: route, method: method, status: status, seconds: seconds)
            let level: Logger.Level = status >= 500 && status != 503 ? .error : (status >= 400 ? .notice : .info)
            logger.log(level: level, "\(method) \(path) \(status) \(Int(seconds * 1000)) ms", metadata: ["client": "\(client)"])
        }
    }
}
