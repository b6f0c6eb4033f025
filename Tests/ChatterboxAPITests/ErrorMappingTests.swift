import ChatterboxCore
import HTTPTypes
import Hummingbird
import Testing
@testable import ChatterboxAPI

@Suite("every error code to its one status")
struct ErrorMappingTests {
    /// Every code, thrown as our error or built as an HTTP one, answers with the status of its kind.
    @Test func everyCodeMapsToItsKindsStatus() {
        for code in ErrorCode.allCases {
            let thrown = APIError.from(ChatterboxError(code, message: "m", field: "f"))
            #expect(thrown.status.code == code.kind.httpStatus && thrown.code == code && thrown.field == "f", "\(code.rawValue)")
            #expect(APIError(code, message: "m").status.code == code.kind.httpStatus)
        }
    }

    /// Hummingbird's own refusals and decoding failures speak in our codes and words, never a library's text.
    @Test func libraryFailuresAreOurs() {
        let cases: [(HTTPResponse.Status, ErrorCode)] = [
            (.notFound, .notFound), (.methodNotAllowed, .methodNotAllowed), (.contentTooLarge, .bodyTooLarge),
            (.unsupportedMediaType, .unsupportedMediaType), (.badRequest, .invalidValue), (.badGateway, .internalError),
        ]
        for (status, code) in cases {
            let mapped = APIError.from(HTTPError(status, message: "library words"))
            #expect(mapped.code == code && !mapped.message.contains("library words"), "\(status)")
        }
        struct Body: Decodable { var n: Int }
        let corrupted = DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "The given data was not valid JSON."))
        #expect(APIError.from(corrupted).code == .invalidJson && !APIError.from(corrupted).message.contains("given data"))
    }
}
