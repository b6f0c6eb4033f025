@testable import ChatterboxAPI
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// The application over a live loopback connection (HummingbirdTesting `.live`).
@Suite struct LiveServerTests {
    @Test func jobsSubmitShowAndErrorsAsJSON() async throws {
        let fixture = try APIFixture()
        defer { fixture.cleanup() }
        let app = Application(router: APIServer.router(environment: fixture.environment))
        try await app.test(.live) { client in
            let created = try await client.execute(uri: "/jobs", method: .post, headers: [.contentType: "application/json"],
                                                   body: ByteBuffer(string: #"{"text": "Hello there.", "format": "mp3", "priority": 5}"#))
            #expect(created.status == .accepted)
            let job = try JSONSerialization.jsonObject(with: Data(buffer: created.body)) as? [String: Any]
            let id = try #require(job?["id"] as? String)
            #expect(job?["status"] as? String == "queued" && job?["priority"] as? Int == 5 && job?["format"] as? String == "mp3")
            #expect(created.headers[.location] == "/jobs/\(id)")

            let shown = try await client.execute(uri: "/jobs/\(id)", method: .get)
            #expect(shown.status == .ok)

            let bad = try await client.execute(uri: "/jobs", method: .post, headers: [.contentType: "application/json"],
                                               body: ByteBuffer(string: #"{"text": "Hi", "speed": 0}"#))
            #expect(bad.status == .badRequest)
            let error = try JSONSerialization.jsonObject(with: Data(buffer: bad.body)) as? [String: [String: String]]
            #expect(error?["error"]?["code"] == "invalid_speed" && error?["error"]?["field"] == "speed")

            let missing = try await client.execute(uri: "/jobs/\(UUID().uuidString)/download", method: .get)
            #expect(missing.status == .notFound)
        }
    }

    @Test func keysRequiredExceptHealthAndReady() async throws {
        let fixture = try APIFixture(apiKeys: ["k-123"])
        defer { fixture.cleanup() }
        fixture.environment.readiness.markReady()
        let app = Application(router: APIServer.router(environment: fixture.environment))
        try await app.test(.live) { client in
            #expect(try await client.execute(uri: "/voices", method: .get).status == .unauthorized)
            #expect(try await client.execute(uri: "/voices", method: .get, headers: [.authorization: "Bearer k-123"]).status == .ok)
            #expect(try await client.execute(uri: "/ready", method: .get).status == .ok)
            let health = try await client.execute(uri: "/health", method: .get)
            let body = try JSONSerialization.jsonObject(with: Data(buffer: health.body)) as? [String: Any]
            #expect(health.status == .ok && (body?["checks"] as? [String: Any])?.keys.sorted() == ["disk_space", "espeak", "memory", "model", "python_engines", "queue", "wyoming"])
        }
    }
}
