import ChatterboxCore
import Foundation
import HTTPTypes
import Hummingbird

/// An HTTP error with the contract's body: `{"error": {"code", "message", "field"?}}`.
/// Every failure the API reports goes through this type.
public struct APIError: HTTPResponseError, Sendable {
    public var status: HTTPResponse.Status
    /// Stable machine-readable code, e.g. `text_too_long`.
    public var code: String
    /// One sentence saying what went wrong and what is allowed.
    public var message: String
    /// The input at fault, if one is.
    public var field: String?
    /// Extra response headers (`Retry-After`, `WWW-Authenticate`).
    public var headers: HTTPFields = [:]

    /// Creates an error.
    public init(_ status: HTTPResponse.Status, code: String, message: String, field: String? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.field = field
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var fields = ["code": code, "message": message]
        if let field { fields["field"] = field }
        let data = try JSONEncoder.api.encode(["error": fields])
        var headers = self.headers
        headers[.contentType] = "application/json"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func notFound(_ what: String, field: String? = nil) -> APIError {
        APIError(.notFound, code: "not_found", message: what, field: field)
    }

    static func badRequest(_ code: String, _ message: String, field: String? = nil) -> APIError {
        APIError(.badRequest, code: code, message: message, field: field)
    }
}

extension APIError {
    /// Maps any error thrown while handling a request to the response a client sees.
    /// Input problems are 4xx; a failure of the system itself is a 5xx.
    static func from(_ error: any Error) -> APIError {
        switch error {
        case let error as APIError:
            return error
        case let error as ChatterboxError:
            return from(error)
        case let error as DecodingError:
            return from(error)
        case let error as HTTPError:
            return from(error)
        default:
            return APIError(.internalServerError, code: "internal_error", message: "the server failed: \(error)")
        }
    }

    /// The error's kind decides the status: 400/409 for the caller's fault, 500/503/504/507 for ours.
    static func from(_ error: ChatterboxError) -> APIError {
        APIError(HTTPResponse.Status(code: error.kind.httpStatus), code: error.code, message: error.message, field: error.field)
    }

    static func from(_ error: DecodingError) -> APIError {
        func path(_ context: DecodingError.Context) -> String? {
            let keys = context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }
            return keys.isEmpty ? nil : keys.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context):
            let field = (context.codingPath.map(\.stringValue) + [key.stringValue]).joined(separator: ".")
            return .badRequest("missing_field", "\(field) is required", field: field)
        case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
            let field = path(context)
            return .badRequest("invalid_type", "\(field ?? "body") must be \(Self.describe(type))", field: field)
        case .dataCorrupted(let context):
            let field = path(context)
            return .badRequest(field == nil ? "invalid_json" : "invalid_value",
                               field == nil ? "the body is not valid JSON" : "\(field!) is not valid: \(context.debugDescription)", field: field)
        @unknown default:
            return .badRequest("invalid_json", "the body could not be read")
        }
    }

    static func from(_ error: HTTPError) -> APIError {
        let (code, message): (String, String) = switch error.status {
        case .notFound: ("not_found", "no such route")
        case .methodNotAllowed: ("method_not_allowed", "this route does not take that method")
        case .contentTooLarge: ("body_too_large", "the request body is larger than api.max_body_bytes allows")
        case .unsupportedMediaType: ("unsupported_media_type", error.body ?? "unsupported content type")
        default: (error.status.reasonPhrase.lowercased().replacingOccurrences(of: " ", with: "_"), error.body ?? error.status.reasonPhrase)
        }
        var mapped = APIError(error.status.code >= 500 ? .internalServerError : error.status, code: code, message: message)
        mapped.headers = error.headers
        return mapped
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type, is Int64.Type: "an integer"
        case is Double.Type: "a number"
        case is Bool.Type: "true or false"
        default: "of the documented type"
        }
    }
}

extension JSONEncoder {
    /// The API's JSON: snake_case keys, ISO 8601 dates, stable key order.
    static var api: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}

extension JSONDecoder {
    /// Reads snake_case request bodies.
    static var api: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return decoder
    }
}
