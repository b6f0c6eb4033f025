@testable import ChatterboxCore
import Testing

@Suite("who is to blame for an error")
struct ChatterboxErrorTests {
    @Test func eachKindHasItsStatusAndBlame() {
        let expected: [ChatterboxError.Kind: Int] = [
            .badInput: 400, .unauthorized: 401, .forbidden: 403, .notFound: 404, .methodNotAllowed: 405, .conflict: 409,
            .gone: 410, .tooLarge: 413, .unsupportedMediaType: 415, .tooManyRequests: 429,
            .internalFailure: 500, .unavailable: 503, .timeout: 504, .storageFull: 507,
        ]
        for kind in ChatterboxError.Kind.allCases {
            #expect(kind.httpStatus == expected[kind], "\(kind)")
            #expect(kind.isCallerFault == (kind.httpStatus < 500), "\(kind)")
            #expect(ChatterboxError.Kind(httpStatus: kind.httpStatus) == kind)
        }
        // No silent default: a status no kind answers with is no kind.
        #expect(ChatterboxError.Kind(httpStatus: 422) == nil)
        #expect(ChatterboxError.Kind(httpStatus: 502) == nil)
    }

    /// Every code, thrown: its kind is the one `ErrorCode` gives it, whoever throws it; codes are unique snake_case.
    @Test func everyCodeIsThrownWithItsOneKind() {
        var seen: Set<String> = []
        for code in ErrorCode.allCases {
            let error = ChatterboxError(code, message: "m")
            #expect(error.kind == code.kind && error.code == code)
            #expect(code.rawValue.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "_" }, "\(code.rawValue)")
            #expect(seen.insert(code.rawValue).inserted, "\(code.rawValue) twice")
        }
        // The codes the README promises as 5xx are ours, and engine_unavailable is 503 from every path.
        #expect(ErrorCode.engineUnavailable.kind == .unavailable && ErrorCode.engineTimeout.kind == .timeout)
        #expect(ErrorCode.insufficientStorage.kind == .storageFull)
        #expect(ChatterboxError.Kind.allCases.allSatisfy { kind in ErrorCode.allCases.contains { $0.kind == kind } })
    }

    @Test func onlyTheWorkersInputCodesBlameTheCaller() {
        let speed = WorkerReportedError.error(engine: "piper-py", code: "invalid_speed", message: "speed 9")
        #expect(speed.kind == .badInput && speed.field == "speed" && speed.message == "piper-py: speed 9")
        #expect(WorkerReportedError.error(engine: "x", code: "invalid_parameter", message: "").field == "params")
        #expect(WorkerReportedError.error(engine: "x", code: "engine_unavailable", message: "").kind == .unavailable)
        // A library's exception, a protocol slip and a code we have never seen are all ours, and named.
        for code in ["engine_error", "bad_request", "out_of_memory_someday"] {
            let error = WorkerReportedError.error(engine: "x", code: code, message: "")
            #expect(error.code == .engineError && error.message.contains(code), "\(code)")
        }
    }

    /// A child's failure comes back with its code; a code this program does not know is ours and named.
    @Test func childFailuresKeepTheirCodeOrNameTheUnknownOne() {
        let sent = ChatterboxError(.textNotSpeakable, message: "crashed", field: "text")
        #expect(WorkerReply.Failure(sent).error == sent)
        let unknown = WorkerReply.Failure(code: "from_the_future", message: "?").error
        #expect(unknown.code == .engineError && unknown.message.contains("from_the_future"))
    }
}
