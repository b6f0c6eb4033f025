import Foundation
import Testing
@testable import ChatterboxCore

/// An engine whose chunks are a tone (0.5) between 50 ms of quiet before and 150 ms after, 10 ms per
/// character, at 1 kHz — the shape of a neural voice's output.
private struct PaddedEngine: SpeechEngine {
    let id = "padded"
    let maxChunkCharacters = 400
    let capabilities: EngineCapabilities = []
    let parameters: [EngineParameter] = []
    func voices() async throws -> [VoiceInfo] { [VoiceInfo(engine: id, name: "v", language: "en", sampleRate: 1000)] }
    func load() async throws {}
    func unload() async {}
    func synthesize(text: String, voice: String, options: SynthesisOptions) async throws -> AudioBuffer {
        let quiet = { [Float](repeating: 0.0001, count: $0) }
        return AudioBuffer(samples: quiet(50) + [Float](repeating: 0.5, count: text.count * 10) + quiet(150), sampleRate: 1000)
    }
}

@Suite("First audio before the first sentence is whole")
struct FirstAudioTests {
    let chunker = SentenceChunker(maxCharacters: 400)
    let sentence = "When you get home this evening, the heating will already be on and the hallway lights will turn on."

    @Test func splitsAfterTheFirstClauseWhenTheRestRendersInTime() {
        let split = FirstClauseSplit(pace: 0.1).split(sentence, chunker: chunker)
        #expect(split?.first == "When you get home this evening,")
        #expect(split?.rest == "the heating will already be on and the hallway lights will turn on.")
    }

    @Test func aShortFirstClauseTakesTheNextOneWithIt() {
        let split = FirstClauseSplit(pace: 0.1).split("Yes, the dishwasher has finished, and the washing machine is done.", chunker: chunker)
        #expect(split?.first == "Yes, the dishwasher has finished,")
    }

    @Test func aSlowVoiceSplitsOnlyWhereTheRestCanKeepUp() {
        // At 0.5 s of computing per second of audio (twice over: 1.0) the first part must be as long as the rest.
        #expect(FirstClauseSplit(pace: 0.5).split(sentence, chunker: chunker) == nil)
        let balanced = "When you get home this evening after work, the heating will already be on."
        #expect(FirstClauseSplit(pace: 0.5).split(balanced, chunker: chunker)?.first == "When you get home this evening after work,")
        #expect(FirstClauseSplit(pace: 3).split(balanced, chunker: chunker) == nil)
    }

    @Test func noClauseOrATinyRestIsNotSplit() {
        #expect(FirstClauseSplit(pace: 0.1).split("Turn on all of the lights in the kitchen and the hallway now.", chunker: chunker) == nil)
        #expect(FirstClauseSplit(pace: 0.1).split("Turn on all of the lights in the kitchen, please.", chunker: chunker) == nil)
    }

    @Test func paceIsAMovingAverageOfMeasuredRenders() {
        let pace = RenderPace()
        #expect(pace.ratio(for: "a") == RenderPace.unmeasured)
        pace.record(voice: "a", audioSeconds: 2, elapsed: 0.2)
        #expect(abs(pace.ratio(for: "a") - 0.1) < 1e-9)
        pace.record(voice: "a", audioSeconds: 1, elapsed: 0.4)
        #expect(abs(pace.ratio(for: "a") - 0.19) < 1e-9)
        #expect(pace.ratio(for: "b") == RenderPace.unmeasured)
    }

    /// The audio a listener gets: the stream's chunks with what goes between them.
    private func streamed(_ settings: Settings, early: Bool) async throws -> (chunks: Int, samples: [Float]) {
        let processor = SpeechProcessor(registry: EngineRegistry([PaddedEngine()]), settings: settings, workingDirectory: FileManager.default.temporaryDirectory)
        processor.pace.record(voice: "padded:v", audioSeconds: 10, elapsed: 1)
        let stream = try await processor.stream(SynthesisRequest(text: sentence + " Goodbye.", voice: "padded:v"),
                                                voice: "padded:v", earlyFirstAudio: early)
        var samples: [Float] = []
        for try await (index, audio) in stream.chunks { samples += stream.samples(index: index, audio: audio) }
        return (stream.chunkCount, samples)
    }

    /// Lengths of the quiet runs between tones, in samples.
    private func gaps(_ samples: [Float]) -> [Int] {
        var gaps: [Int] = [], run = 0, seenTone = false
        for sample in samples {
            if sample > 0.1 {
                if seenTone && run > 0 { gaps.append(run) }
                seenTone = true
                run = 0
            } else {
                run += 1
            }
        }
        return gaps
    }

    @Test func theJoinIsAClausePauseAndTheSentenceGapIsUnchanged() async throws {
        var settings = Settings.defaults
        settings.processing.clauseSilence = 0.35
        let early = try await streamed(settings, early: true)
        #expect(early.chunks == 3)
        // Clause join: 350 ms from tone to tone. Sentence join: the engine's 150 + 50 ms plus 200 ms of silence.
        #expect(gaps(early.samples) == [350, 400])
        let whole = try await streamed(settings, early: false)
        #expect(whole.chunks == 2)
        #expect(gaps(whole.samples) == [400])
        settings.processing.earlyFirstAudio = false
        #expect(try await streamed(settings, early: true).chunks == 2)
    }
}
