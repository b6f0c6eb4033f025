@testable import ChatterboxAPI
import Foundation
import Testing

/// `/openapi.json` is true to the code: every route the router serves is documented with its
/// method, and every documented operation is routed.
@Suite struct OpenAPIDocumentTests {
    @Test func documentAndRouterAgree() throws {
        let fixture = try APIFixture()
        defer { fixture.cleanup() }
        let router = APIServer.router(environment: fixture.environment)
        let routed = Set(router.routes.map { "\($0.method.rawValue.lowercased()) \(Self.openAPIPath(String(describing: $0.path)))" })

        let bytes = try #require(DocumentRoutes.openAPI)
        let document = try #require(try JSONSerialization.jsonObject(with: bytes) as? [String: Any])
        #expect((document["openapi"] as? String)?.hasPrefix("3.1") == true)
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        let methods: Set<String> = ["get", "post", "put", "delete", "patch"]
        let documented = Set(paths.flatMap { path, item in item.keys.filter(methods.contains).map { "\($0) \(path)" } })

        #expect(routed.subtracting(documented).isEmpty, "routed but not documented: \(routed.subtracting(documented).sorted())")
        #expect(documented.subtracting(routed).isEmpty, "documented but not routed: \(documented.subtracting(routed).sorted())")
        #expect(routed.count >= 12)
    }

    @Test func everyOperationDocumentsItsErrorsAsTheErrorSchema() throws {
        let bytes = try #require(DocumentRoutes.openAPI)
        let document = try #require(try JSONSerialization.jsonObject(with: bytes) as? [String: Any])
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        for (path, item) in paths {
            for (method, value) in item where method != "parameters" {
                let responses = try #require((value as? [String: Any])?["responses"] as? [String: Any], "\(method) \(path)")
                #expect(responses.keys.contains { $0.hasPrefix("2") }, "\(method) \(path) has no success response")
                if !AuthMiddleware.openPaths.contains(path) {
                    #expect(responses["401"] != nil && responses["429"] != nil, "\(method) \(path) must document 401 and 429")
                }
            }
        }
    }

    @Test func theServedDocumentCarriesTheServersRealConstraints() async throws {
        let fixture = try APIFixture()
        defer { fixture.cleanup() }
        let live = try await OpenAPIDocument.live(try #require(DocumentRoutes.openAPI), environment: fixture.environment)
        let document = try #require(try JSONSerialization.jsonObject(with: live) as? [String: Any])
        let schemas = try #require((document["components"] as? [String: Any])?["schemas"] as? [String: [String: Any]])
        for (schema, textField) in [("JobSubmission", "text"), ("SpeechRequest", "input")] {
            let properties = try #require(schemas[schema]?["properties"] as? [String: [String: Any]])
            let voices = try #require(properties["voice"]?["enum"] as? [String])
            #expect(voices.contains("espeak:en-us") && voices.contains("alloy"), "\(schema)")
            #expect(properties[textField]?["maxLength"] as? Int == fixture.environment.settings.processing.maxTextLength)
            #expect(properties[textField]?["minLength"] as? Int == 1)
            let params = try #require(properties["params"])
            #expect(params["additionalProperties"] as? Bool == false)
            let known = try #require(params["properties"] as? [String: [String: Any]])
            #expect(known["noise_scale"]?["maximum"] != nil && known["sentence_silence"] != nil, "\(known.keys.sorted())")
        }
        let models = try #require((schemas["SpeechRequest"]?["properties"] as? [String: [String: Any]])?["model"]?["enum"] as? [String])
        #expect(models.contains("tts-1") && models.contains("piper"))
    }

    /// `/jobs/{id}` in Hummingbird's spelling (`/jobs/:id` or `/jobs/{id}`) as OpenAPI writes it.
    static func openAPIPath(_ path: String) -> String {
        let parts = path.split(separator: "/").map { part -> String in
            part.hasPrefix(":") ? "{\(part.dropFirst())}" : String(part)
        }
        return "/" + parts.joined(separator: "/")
    }
}
