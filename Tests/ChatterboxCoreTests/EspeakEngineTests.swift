import Testing
@testable import ChatterboxCore

@Suite("espeak-ng engine")
struct EspeakEngineTests {
    let engine = EspeakEngine(helper: TestEspeak.pool)

    @Test func listsVoicesIncludingAmericanEnglish() async throws {
        let voices = try await engine.voices()
        #expect(voices.count > 50)
        let american = try #require(voices.first { $0.id == "espeak:en-us" })
        #expect(american.sampleRate == 22050)
    }

    @Test func speaksAudibly() async throws {
        let audio = try await engine.synthesize(text: "The quick brown fox jumps over the lazy dog.", voice: "en-us", options: SynthesisOptions())
        #expect(audio.sampleRate == 22050)
        #expect((1.0...10.0).contains(audio.duration))
        #expect(audio.rms > 0.02)
    }

    @Test func speedChangesDuration() async throws {
        let text = "This sentence is spoken at two different speeds."
        let normal = try await engine.synthesize(text: text, voice: "en-us", options: SynthesisOptions(speed: 1))
        let fast = try await engine.synthesize(text: text, voice: "en-us", options: SynthesisOptions(speed: 2))
        #expect(fast.duration < normal.duration * 0.7)
    }

    @Test func concurrentCallsAreSerialisedSafely() async throws {
        let results = try await withThrowingTaskGroup(of: Double.self) { group in
            for index in 0..<8 {
                group.addTask { try await engine.synthesize(text: "Call number \(index).", voice: "en-us", options: SynthesisOptions()).duration }
            }
            return try await group.reduce(into: [Double]()) { $0.append($1) }
        }
        #expect(results.count == 8)
        #expect(results.allSatisfy { $0 > 0.5 })
    }

    @Test func unknownVoiceIsBadInput() async {
        do {
            _ = try await engine.synthesize(text: "hi", voice: "xx-nope", options: SynthesisOptions())
            Issue.record("unknown voice accepted")
        } catch let error as ChatterboxError {
            #expect(error.code == .unknownVoice)
            #expect(error.kind == .badInput)
        } catch { Issue.record("\(error)") }
    }

    @Test func parametersAreChecked() throws {
        #expect(try SynthesisOptions.validated(speed: 1, raw: ["pitch": "70"], for: engine).parameters == ["pitch": 70])
        #expect(throws: ChatterboxError.self) { try SynthesisOptions.validated(speed: 1, raw: ["pitch": "700"], for: engine) }
        #expect(throws: ChatterboxError.self) { try SynthesisOptions.validated(speed: 1, raw: ["noise_scale": "0"], for: engine) }
        #expect(throws: ChatterboxError.self) { try SynthesisOptions.validated(speed: .nan, raw: [:], for: engine) }
    }
}
