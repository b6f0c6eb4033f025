import ChatterboxCore
import Foundation
import Hummingbird
import Synchronization

/// Per-client token buckets, charged by cost: requests that make work (`POST`, `DELETE`: submissions,
/// syntheses, cancellations) take from `api.rate_limit` per minute with `api.rate_burst` at once;
/// reads (`GET`, `HEAD`: following jobs, events, voices, downloads) from their own bucket with
/// `readMultiplier` times both, so a client polling many jobs is not refused. A client over a limit
/// gets `429` with `Retry-After`. `/health` and `/ready` are not limited.
struct RateLimitMiddleware: RouterMiddleware {
    typealias Context = APIRequestContext
    let limiter: TokenBucketLimiter
    let reads: TokenBucketLimiter
    static let unlimited: Set<String> = ["/health", "/ready"]
    /// How much more a client may read than write.
    static let readMultiplier = 20

    init(perMinute: Int, burst: Int) {
        limiter = TokenBucketLimiter(perMinute: perMinute, burst: burst)
        reads = TokenBucketLimiter(perMinute: perMinute * Self.readMultiplier, burst: burst * Self.readMultiplier)
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard !Self.unlimited.contains(request.uri.path), request.method != .options else {
            return try await next(request, context)
        }
        let bucket = request.method == .get || request.method == .head ? reads : limiter
        if let wait = bucket.take(client: context.clientID, now: ContinuousClock.now) {
            var error = APIError(.rateLimited, message: "too many requests: the limit is \(bucket.perMinute) per minute; retry in \(wait) s")
            error.headers[.retryAfter] = String(wait)
            throw error
        }
        return try await next(request, context)
    }
}

/// Token buckets per client: `burst` tokens, refilled at `perMinute / 60` per second.
final class TokenBucketLimiter: Sendable {
    let perMinute: Int
    let burst: Int
    private let buckets = Mutex<[String: (tokens: Double, at: ContinuousClock.Instant)]>([:])

    init(perMinute: Int, burst: Int) {
        self.perMinute = perMinute
        self.burst = Swift.max(1, burst)
    }

    /// Takes a token; returns `nil` when allowed, else whole seconds until one is available.
    func take(client: String, now: ContinuousClock.Instant) -> Int? {
        guard perMinute > 0 else { return nil }
        let rate = Double(perMinute) / 60
        return buckets.withLock { buckets in
            if buckets.count > 10_000 { buckets = buckets.filter { now - $0.value.at < .seconds(600) } }
            var bucket = buckets[client] ?? (Double(burst), now)
            let seconds = (now - bucket.at).inSeconds
            bucket.tokens = Swift.min(Double(burst), bucket.tokens + seconds * rate)
            bucket.at = now
            defer { buckets[client] = bucket }
            if bucket.tokens >= 1 {
                bucket.tokens -= 1
                return nil
            }
            return Swift.max(1, Int(((1 - bucket.tokens) / rate).rounded(.up)))
        }
    }
}
