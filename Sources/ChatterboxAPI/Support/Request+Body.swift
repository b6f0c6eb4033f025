import Foundation
import Hummingbird
import NIOCore

extension Request {
    /// The whole body, refusing more than `limit` bytes with `413 body_too_large` (checked
    /// against `Content-Length` first, then while reading a chunked body).
    func collectBody(limit: Int) async throws -> ByteBuffer {
        if let length = headers[.contentLength].flatMap({ Int($0) }), length > limit {
            throw Self.tooLarge(limit)
        }
        do {
            return try await body.collect(upTo: limit)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw Self.tooLarge(limit)
        } catch is NIOTooManyBytesError {
            throw Self.tooLarge(limit)
        }
    }

    /// The body decoded from JSON; a body declared as anything else, or not declared, is `415`. (A page
    /// on another site can POST `text/plain` or a form without asking first; only a declared JSON
    /// body makes a browser ask the server, through CORS, before sending it.)
    func decodeJSON<Value: Decodable>(_ type: Value.Type, limit: Int) async throws -> Value {
        let contentType = headers[.contentType] ?? ""
        let mediaType = contentType.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        guard mediaType == "application/json" || (mediaType.hasPrefix("application/") && mediaType.hasSuffix("+json")) else {
            throw APIError(.unsupportedMediaType, message: contentType.isEmpty ? "declare the body: Content-Type: application/json"
                               : "send the body as application/json, not \(contentType.prefix(100))")
        }
        let buffer = try await collectBody(limit: limit)
        guard buffer.readableBytes > 0 else {
            throw APIError(.invalidJson, message: "the body is empty; send a JSON object")
        }
        return try JSONDecoder.api.decode(Value.self, from: Data(buffer: buffer))
    }

    private static func tooLarge(_ limit: Int) -> APIError {
        APIError(.bodyTooLarge, message: "the request body is larger than \(limit) bytes (api.max_body_bytes)")
    }
}
