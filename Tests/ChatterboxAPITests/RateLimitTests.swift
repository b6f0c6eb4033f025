@testable import ChatterboxAPI
import Testing

/// Token buckets: a burst is allowed at once, then one request per refill interval, per client.
@Suite struct RateLimitTests {
    @Test func burstThenRefillPerClient() {
        let limiter = TokenBucketLimiter(perMinute: 60, burst: 3)
        let start = ContinuousClock.now
        #expect((0..<3).map { _ in limiter.take(client: "a", now: start) } == [nil, nil, nil])
        #expect(limiter.take(client: "a", now: start) == 1, "the fourth request waits about a second")
        #expect(limiter.take(client: "b", now: start) == nil, "another client has its own bucket")
        #expect(limiter.take(client: "a", now: start + .milliseconds(1100)) == nil, "one token back after a second")
        #expect(limiter.take(client: "a", now: start + .milliseconds(1200)) != nil)
    }

    @Test func zeroRateMeansUnlimited() {
        let limiter = TokenBucketLimiter(perMinute: 0, burst: 1)
        let now = ContinuousClock.now
        #expect((0..<100).allSatisfy { _ in limiter.take(client: "a", now: now) == nil })
    }

    @Test func apiKeysCompareWholly() {
        #expect(AuthMiddleware.constantTimeEqual("secret", "secret"))
        #expect(!AuthMiddleware.constantTimeEqual("secret", "secreT"))
        #expect(!AuthMiddleware.constantTimeEqual("secret", "secret2"))
        #expect(!AuthMiddleware.constantTimeEqual("", "x"))
    }
}
