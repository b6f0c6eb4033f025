import ChatterboxCore
import Foundation
import HTTPTypes
import Hummingbird

/// An HTTP error with the contract's body: `{"error": {"code", "message", "field"?}}`. Every failure the API
/// reports goes through this type; its status is its code's (`ErrorCode.kind`), so it cannot be built without one.
public struct APIError: HTTPResponseError, Sendable {
    /// Stable machine-readable code, e.g. `text_too_long`.
    public var code: ErrorCode
    /// One sentence saying what went wrong and what is allowed: ours, never a library's text.
    public var message: String
    /// The input at fault, if one is.
    public var field: String?
    /// Extra response headers (`Retry-After`, `WWW-Authenticate`).
    public var headers: HTTPFields = [:]

    /// Creates an error.
    public init(_ code: ErrorCode, message: String, field: String? = nil) {
        self.code = code
        self.message = message
        self.field = field
    }

    public var status: HTTPResponse.Status { HTTPResponse.Status(code: code.kind.httpStatus) }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var fields = ["code": code.rawValue, "message": message]
        if let field { fields["field"] = field }
        let data = try JSONEncoder.api.encode(["error": fields])
        var headers = self.headers
        headers[.contentType] = "application/json"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func notFound(_ what: String, field: String? = nil) -> APIError {
        APIError(.notFound, message: what, field: field)
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
            return APIError(error.code, message: error.message, field: error.field)
        case let error as DecodingError:
            return from(error)
        case let error as HTTPError:
            return from(error)
        default:
            return APIError(.internalError, message: "the server failed: \(error)")
        }
    }

    static func from(_ error: DecodingError) -> APIError {
        func path(_ context: DecodingError.Context) -> String? {
            let keys = context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }
            return keys.isEmpty ? nil : keys.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context):
            let field = (context.codingPath.map(\.stringValue) + [key.stringValue]).joined(separator: ".")
            return APIError(.missingField, message: "\(field) is required", field: field)
        case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
            let field = path(context)
            return APIError(.invalidType, message: "\(field ?? "body") must be \(Self.describe(type))", field: field)
        case .dataCorrupted(let context):
            guard let field = path(context) else { return APIError(.invalidJson, message: "the body is not valid JSON") }
            return APIError(.invalidValue, message: "\(field) does not have a value it can take", field: field)
        @unknown default:
            return APIError(.invalidJson, message: "the body could not be read")
        }
    }

    /// Hummingbird's own refusals, in our words.
    static func from(_ error: HTTPError) -> APIError {
        var mapped = switch error.status {
        case .notFound: APIError(.notFound, message: "no such route")
        case .methodNotAllowed: APIError(.methodNotAllowed, message: "this route does not take that method")
        case .contentTooLarge: APIError(.bodyTooLarge, message: "the request body is larger than api.max_body_bytes allows")
        case .unsupportedMediaType: APIError(.unsupportedMediaType, message: "this route does not read that content type")
        case .unauthorized: APIError(.unauthorized, message: "this server needs an API key")
        case .tooManyRequests: APIError(.rateLimited, message: "too many requests; retry later")
        default:
            error.status.code >= 500 ? APIError(.internalError, message: "the server failed (\(error.status.code))")
                : APIError(.invalidValue, message: "the request could not be read (\(error.status.code) \(error.status.reasonPhrase))")
        }
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
