import Foundation
import Testing
@testable import ChatterboxCore

@Suite("Word timings from Piper's durations", .enabled(if: InstalledPiper.available, "needs scripts/install.sh"))
struct PiperWordTimingTests {
    let quiet = SynthesisOptions(parameters: ["noise_scale": 0, "noise_w": 0])

    /// The model patched in memory speaks the same samples as the file, and its durations cover them exactly.
    @Test func alignmentOutputLeavesTheSamplesIdentical() throws {
        let runtime = try OnnxRuntime.load(path: InstalledPiper.library)
        let bytes = try Data(contentsOf: InstalledPiper.voice)
        let patched = try #require(OnnxModelPatch.exposingOutput(ofOnly: "Ceil", in: bytes))
        #expect(OnnxModelPatch.exposingOutput(ofOnly: "Ceil", in: patched.model) == nil)  // already an output
        #expect(OnnxModelPatch.exposingOutput(ofOnly: "NoSuchOp", in: bytes) == nil)
        // Written file to file (how a voice loads), the same bytes.
        let folder = TemporaryFolder()
        defer { folder.cleanup() }
        #expect(try OnnxModelPatch.write(exposingOnly: "Ceil", of: InstalledPiper.voice, to: folder.file("patched.onnx")) == patched.tensor)
        #expect(try Data(contentsOf: folder.file("patched.onnx")) == patched.model)
        #expect(try OnnxModelPatch.write(exposingOnly: "NoSuchOp", of: InstalledPiper.voice, to: folder.file("none.onnx")) == nil)
        let plain = try OnnxSession(runtime: runtime, path: InstalledPiper.voice.path, threads: 1)
        let aligned = try OnnxSession(runtime: runtime, path: folder.file("patched.onnx").path, threads: 1)
        #expect(plain.outputCount == 1 && aligned.outputCount == 2)
        let ids: [Int64] = [1, 0, 20, 0, 59, 0, 24, 0, 3, 0, 35, 0, 26, 0, 10, 0, 2]
        let inputs: [(name: String, tensor: OnnxSession.Tensor)] = [
            ("input", .int64(ids, shape: [1, Int64(ids.count)])), ("input_lengths", .int64([Int64(ids.count)], shape: [1])),
            ("scales", .float32([0, 1, 0], shape: [3])),
        ]
        let expected = try plain.run(inputs)
        let outputs = try aligned.run(inputs, outputs: ["output", patched.tensor])
        #expect(outputs[0] == expected)
        #expect(outputs[1].count == ids.count)
        #expect(Int(outputs[1].reduce(0, +)) * 256 == expected.count)
    }

    @Test func wordsFollowTheTextAndNeverOverlap() async throws {
        let engine = InstalledPiper.engine()
        let text = "Hello there, my friend. This is the second sentence of the chunk."
        let audio = try await engine.synthesize(text: text, voice: "en_US-joe-medium", options: quiet)
        try #require(audio.words.count == 12, "\(audio.words)")
        #expect(audio.words.map(\.word) == text.split(separator: " ").map(String.init))
        // espeak-ng speaks "of the" as one word; the aligner gives each its share, so nothing moves along.
        let chunk = audio.words[10...11]
        #expect(chunk.map(\.word) == ["the", "chunk."] && chunk.first!.start > chunk.first!.end - 0.3)
        for (word, next) in zip(audio.words, audio.words.dropFirst()) {
            #expect(word.start < word.end)
            #expect(word.end <= next.start)
        }
        #expect(audio.words[0].start > 0 && audio.words[0].start < 0.3)
        #expect(audio.duration - audio.words.last!.end < 0.5)
        // The pause of the full stop lies between the sentences, not inside a word.
        #expect(audio.words[4].start - audio.words[3].end > 0.1)
    }
}

@Suite("Captions")
struct CaptionTests {
    @Test func alignerPairsOrSharesByLength() {
        let aligner = WordAligner()
        #expect(aligner.words(of: "Hi — there, you.") == ["Hi", "there,", "you."])
        let paired = aligner.align(["a", "b"], spoken: [.init(start: 0, end: 1, size: 1), .init(start: 2, end: 3, size: 1)])
        #expect(paired == [WordTiming(word: "a", start: 0, end: 1), WordTiming(word: "b", start: 2, end: 3)])
        // "of the" spoken as one word: the two share it by length; the rest pair one to one.
        let words = ["most", "of", "the", "chunk."]
        let merged = aligner.align(words, spoken: [.init(start: 0, end: 1, size: 4), .init(start: 1.2, end: 1.6, size: 4),
                                                   .init(start: 1.7, end: 2.5, size: 5)])
        #expect(merged.map(\.word) == words)
        #expect(zip(merged.map(\.start), [0, 1.2, 1.36, 1.7]).allSatisfy { abs($0 - $1) < 1e-9 })  // "of" 2 letters, "the" 3
        #expect(zip(merged.map(\.end), [1, 1.36, 1.6, 2.5]).allSatisfy { abs($0 - $1) < 1e-9 })
        // A token read as several words spans them all.
        let split = aligner.align(["call", "ninety-nine", "now"], spoken: [.init(start: 0, end: 1, size: 3), .init(start: 1, end: 1.5, size: 6),
                                                                          .init(start: 1.6, end: 2, size: 4), .init(start: 2.1, end: 2.4, size: 3)])
        #expect(split.map(\.start) == [0, 1, 2.1])
        #expect(split.map(\.end) == [1, 2, 2.4])
    }

    /// espeak-ng tells where words begin; each ends where its sound does, before the next begins.
    @Test func wordStartsBecomeSpansWithoutTheirQuiet() {
        var samples = [Float](repeating: 0, count: 1000)
        for index in 100..<300 { samples[index] = 0.5 }
        for index in 500..<800 { samples[index] = 0.5 }
        let spoken = AudioBuffer(samples: samples, sampleRate: 1000).spokenWords(startingAt: [(50, 3), (450, 4)])
        #expect(spoken == [WordAligner.Spoken(start: 0.1, end: 0.3, size: 3), WordAligner.Spoken(start: 0.5, end: 0.8, size: 4)])
    }

    @Test func trackShiftsChunksAndKeepsOrder() {
        var track = CaptionTrack()
        track.append([WordTiming(word: "one", start: 0.1, end: 0.5)], at: 0)
        track.append([WordTiming(word: "two", start: 0, end: 0.4)], at: 0.3)
        #expect(track.words == [WordTiming(word: "one", start: 0.1, end: 0.5), WordTiming(word: "two", start: 0.5, end: 0.7)])
    }

    @Test func subtitlesGroupWordsIntoCues() {
        let words = ["Hello", "world.", "A", "new", "sentence", "that", "goes", "on", "and", "on", "past", "one", "line", "of", "text."]
            .enumerated().map { WordTiming(word: $1, start: Double($0) * 0.5, end: Double($0) * 0.5 + 0.4) }
        let srt = CaptionFormat.srt.render(words)
        #expect(srt.hasPrefix("1\n00:00:00,000 --> 00:00:00,900\nHello world.\n\n2\n00:00:01,000 --> "))
        #expect(srt.split(separator: "\n\n").allSatisfy { $0.split(separator: "\n")[2].count <= 42 })
        let vtt = CaptionFormat.vtt.render(words)
        #expect(vtt.hasPrefix("WEBVTT\n\n00:00:00.000 --> 00:00:00.900\nHello world.\n"))
        #expect(CaptionFormat.clock(3725.0042, decimal: ",") == "01:02:05,004")
        let json = try! JSONDecoder().decode([String: [WordTiming]].self, from: Data(CaptionFormat.json.render(words).utf8))
        #expect(json["words"]?.count == words.count)
    }

    @Test func streamTimesWordsFromWhatItSends() {
        let rate = 1000
        let audio = AudioBuffer(samples: [Float](repeating: 0.5, count: 1000), sampleRate: rate, words: [WordTiming(word: "x", start: 0.2, end: 0.6)])
        let stream = SpeechStream(voice: VoiceInfo(engine: "t", name: "t", language: "en", sampleRate: rate), chunkCount: 2,
                                  silence: .silence(seconds: 0.25, sampleRate: rate), gapsBefore: [:],
                                  chunks: ChunkSynthesis(chunks: [], outputRate: rate, window: 1))
        #expect(stream.words(index: 0, audio: audio) == [WordTiming(word: "x", start: 0.2, end: 0.6)])
        #expect(stream.words(index: 1, audio: audio) == [WordTiming(word: "x", start: 0.45, end: 0.85)])
    }
}
