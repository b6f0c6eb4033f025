@testable import ChatterboxCore
import Testing

@Suite("who is to blame for an error")
struct ChatterboxErrorTests {
    @Test func eachKindHasItsStatusAndBlame() {
        let expected: [ChatterboxError.Kind: (Int, Bool)] = [
            .badInput: (400, true), .conflict: (409, true), .internalFailure: (500, false),
            .unavailable: (503, false), .timeout: (504, false), .storageFull: (507, false),
        ]
        for kind in ChatterboxError.Kind.allCases {
            #expect(kind.httpStatus == expected[kind]?.0, "\(kind)")
            #expect(kind.isCallerFault == expected[kind]?.1, "\(kind)")
            #expect(ChatterboxError.Kind(httpStatus: kind.httpStatus) == kind)
        }
        #expect(ChatterboxError.Kind(httpStatus: 422) == .badInput)
        #expect(ChatterboxError.Kind(httpStatus: 502) == .internalFailure)
    }

    @Test func onlyTheWorkersInputCodesBlameTheCaller() {
        let speed = WorkerReportedError.error(engine: "piper-py", code: "invalid_speed", message: "speed 9")
        #expect(speed.kind == .badInput && speed.field == "speed" && speed.message == "piper-py: speed 9")
        #expect(WorkerReportedError.error(engine: "x", code: "invalid_parameter", message: "").field == "params")
        #expect(WorkerReportedError.error(engine: "x", code: "engine_unavailable", message: "").kind == .unavailable)
        // A library's exception, a protocol slip and a code we have never seen are all ours.
        for code in ["engine_error", "bad_request", "out_of_memory_someday"] {
            #expect(WorkerReportedError.error(engine: "x", code: code, message: "").kind == .internalFailure, "\(code)")
        }
    }
}
