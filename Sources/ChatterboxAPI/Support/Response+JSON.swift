import Foundation
import HTTPTypes
import Hummingbird

extension Response {
    /// A JSON response in the API's encoding (snake_case, ISO 8601 dates).
    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) throws -> Response {
        var headers = headers
        headers[.contentType] = "application/json"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: try JSONEncoder.api.encode(value))))
    }
}
