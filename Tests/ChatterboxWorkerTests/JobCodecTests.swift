import Foundation
import Testing
@testable import ChatterboxWorker

@Suite("Column encodings shared by both stores")
struct JobCodecTests {
    @Test func samplesRoundTripEvenFromAnUnalignedSlice() {
        let samples: [Float] = [0, 1, -1, 0.5, .leastNonzeroMagnitude, -.greatestFiniteMagnitude, 0.123456]
        let encoded = JobCodec.samples(samples)
        #expect(encoded.count == samples.count * 4)
        #expect(JobCodec.samples(encoded) == samples)
        // A blob handed over at an odd address (a slice one byte in) is copied, never reinterpreted in place.
        let shifted = Data([0xAB]) + encoded
        #expect(JobCodec.samples(shifted.dropFirst()) == samples)
        #expect(JobCodec.samples(Data([1, 2, 3])) == [])
    }

    @Test func parametersAreSortedJSONAndForgiving() {
        #expect(JobCodec.parameters(["noise_scale": "0", "length_scale": "1.2"]) == #"{"length_scale":"1.2","noise_scale":"0"}"#)
        #expect(JobCodec.parameters(#"{"a":"1"}"#) == ["a": "1"])
        #expect(JobCodec.parameters("not json") == [:])
    }
}
