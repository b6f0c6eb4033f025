import HTTPTypes
import Hummingbird

/// With `api.api_keys` set, every route but `/health`, `/ready` and the web page needs a key, as
/// `Authorization: Bearer KEY` or `X-API-Key: KEY`; a key also becomes the client identity
/// for rate limits. Without keys the API is open and clients are told apart by address.
/// Guessing is slowed: an address gets `failuresPerMinute` refusals (a burst of as many), then
/// `429` until its bucket refills, whatever key it tries.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = APIRequestContext
    let keys: [String]
    let failures: TokenBucketLimiter

    init(keys: [String], failuresPerMinute: Int = 10) {
        self.keys = keys
        failures = TokenBucketLimiter(perMinute: failuresPerMinute, burst: failuresPerMinute)
    }
    /// Health checks and the web page with what it needs to ask for a key.
    static let openPaths: Set<String> = Set(["/health", "/ready"]).union(WebRoutes.publicPaths)

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        let presented = Self.presentedKey(request)
        if !keys.isEmpty, !Self.openPaths.contains(request.uri.path), request.method != .options {
            guard let presented else {
                throw refusal("this server needs an API key: send Authorization: Bearer KEY or X-API-Key: KEY", context: context)
            }
            guard keys.contains(where: { Self.constantTimeEqual($0, presented) }) else {
                throw refusal("the API key is not valid", context: context)
            }
        }
        if let presented, !keys.isEmpty { context.clientID = "key:" + String(presented.prefix(8)) }
        context.trusted = keys.isEmpty ? SameOriginMiddleware.isLoopback(context.remoteAddress?.ipAddress ?? "")
            : presented.map { key in keys.contains { Self.constantTimeEqual($0, key) } } ?? false
        return try await next(request, context)
    }

    static func presentedKey(_ request: Request) -> String? {
        if let header = request.headers[.authorization] {
            let parts = header.split(separator: " ", maxSplits: 1)
            if parts.count == 2, parts[0].lowercased() == "bearer" { return String(parts[1]).trimmingCharacters(in: .whitespaces) }
        }
        return request.headers[HTTPField.Name("X-API-Key")!]
    }

    /// `401`, or `429` once the address has used up its refusals.
    private func refusal(_ message: String, context: Context) -> APIError {
        if let wait = failures.take(client: context.clientID, now: ContinuousClock.now) {
            var error = APIError(.rateLimited, message: "too many requests without a valid API key; retry in \(wait) s")
            error.headers[.retryAfter] = String(wait)
            return error
        }
        var error = APIError(.unauthorized, message: message)
        error.headers[.wwwAuthenticate] = "Bearer"
        return error
    }

    /// Compares without an early exit, so timing does not reveal how much of a key matched.
    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        var difference = UInt8(x.count == y.count ? 0 : 1)
        for index in 0..<Swift.max(x.count, y.count) {
            difference |= (index < x.count ? x[index] : 0) ^ (index < y.count ? y[index] : 0)
        }
        return difference == 0
    }
}
