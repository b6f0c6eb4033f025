import Foundation
import Testing
@testable import ChatterboxCore

@Suite("Piper voice files and phonemes")
struct PiperVoiceConfigTests {
    static let minimal = """
    {"audio": {"sample_rate": 16000}, "espeak": {"voice": "en-us"},
     "inference": {"noise_scale": 0.5, "length_scale": 1.0, "noise_w": 0.6},
     "num_speakers": 1, "phoneme_id_map": {"_": [0], "^": [1], "$": [2], "a": [5], "b": [6, 7]}}
    """

    @Test func idsFollowPipersLayout() throws {
        let folder = TemporaryFolder()
        defer { folder.cleanup() }
        let config = try PiperVoiceConfig.load(URL(fileURLWithPath: folder.write("v.onnx.json", Self.minimal)))
        // ^ _ then each phoneme followed by _, then $; unknown phonemes are skipped.
        #expect(config.ids(for: ["a", "x", "b"]) == [1, 0, 5, 0, 6, 7, 0, 2])
        #expect(config.audio.sampleRate == 16000)
        #expect(config.inference.noiseW == 0.6)
    }

    @Test func badConfigsAreClearErrors() throws {
        let folder = TemporaryFolder()
        defer { folder.cleanup() }
        let cases = [
            ("notjson.onnx.json", "not json", "not valid JSON"),
            ("nomap.onnx.json", Self.minimal.replacingOccurrences(of: "\"^\": [1], ", with: ""), "lacks '^'"),
            ("norate.onnx.json", Self.minimal.replacingOccurrences(of: "\"sample_rate\": 16000", with: "\"rate\": 1"), "audio.sample_rate is missing"),
        ]
        for (name, text, message) in cases {
            do {
                _ = try PiperVoiceConfig.load(URL(fileURLWithPath: folder.write(name, text)))
                Issue.record("\(name) accepted")
            } catch let error as ChatterboxError {
                #expect(error.code == .invalidVoice)
                #expect(error.message.contains(message), "\(error.message)")
            }
        }
        #expect(throws: ChatterboxError.self) { try PiperVoiceConfig.load(folder.file("missing.onnx.json")) }
    }

    /// espeak-ng 1.52's separated phonemes (U+001F between them, as `separatedIPA` asks) joined as piper-tts
    /// writes them: its linking glide is `ʲ` after /i/ or /ɪ/, within a word and before the next word.
    @Test func linkingGlidesAreWrittenAsPiperTtsWritesThem() {
        let s = "\u{1F}"
        #expect(EspeakLibrary.joiningPhonemes("h\(s)iː\(s) ˈoʊ\(s)p\(s)ə\(s)n\(s)d") == "hiːʲ ˈoʊpənd")
        #expect(EspeakLibrary.joiningPhonemes("ð\(s)ə p\(s)i\(s)\(s)ˈæ\(s)n\(s)oʊ") == "ðə piʲˈænoʊ")
        #expect(EspeakLibrary.joiningPhonemes("ð\(s)ɪ\(s) ˈɛ\(s)n\(s)d") == "ðɪʲ ˈɛnd")
        // Not after a consonant, not where a word ends in two unnamed phonemes, not before "and"/"or".
        #expect(EspeakLibrary.joiningPhonemes("w\(s)ˈɔːɹ\(s)m\(s)θ\(s)\(s) æ\(s)n\(s)d") == "wˈɔːɹmθ ænd")
        #expect(EspeakLibrary.joiningPhonemes("ɾ\(s)i\(s)\(s) æ\(s)n\(s)d") == "ɾi ænd")
        #expect(EspeakLibrary.joiningPhonemes("n\(s)l\(s)i\(s) æ\(s)n\(s)d") == "nli ænd")
        #expect(EspeakLibrary.joiningPhonemes("t\(s)i\(s) ɔː\(s)ɹ") == "ti ɔːɹ")
        #expect(EspeakLibrary.joiningPhonemes("t\(s)i\(s) ʌ\(s)v") == "tiʲ ʌv")
    }

    @Test func clauseTerminatorsAreReadFromConsumedText() {
        #expect(EspeakLibrary.terminator(of: "Hello there. T", atEnd: false) == (".", true))
        #expect(EspeakLibrary.terminator(of: "tea, o", atEnd: false) == (",", false))
        #expect(EspeakLibrary.terminator(of: "Is it? ", atEnd: true) == ("?", true))
        #expect(EspeakLibrary.terminator(of: "\"Quoted!\"", atEnd: true) == ("!", true))
        #expect(EspeakLibrary.terminator(of: "Wait... w", atEnd: false) == ("", false))
        #expect(EspeakLibrary.terminator(of: "no mark", atEnd: true) == ("", false))
    }

    @Test func phonemesKeepPunctuationAndSplitSentences() throws {
        let sentences = try EspeakLibrary.shared.phonemize("Would you like tea, or coffee? Yes!", voice: "en-us")
        #expect(sentences.count == 2)
        let first = sentences[0].joined()
        #expect(first.contains(", "))
        #expect(first.hasSuffix("?"))
        #expect(sentences[1].joined().hasSuffix("!"))
        // NFD: every phoneme is one Unicode scalar.
        #expect(sentences.joined().allSatisfy { $0.unicodeScalars.count == 1 })
    }

    @Test func modelInterfaceIsChecked() throws {
        typealias Input = OnnxSession.Input
        let piper = [Input(name: "input", elementType: 7, rank: 2), Input(name: "input_lengths", elementType: 7, rank: 1),
                     Input(name: "scales", elementType: 1, rank: 1)]
        try PiperVoice.checkInterface(piper, file: "ok.onnx")
        try PiperVoice.checkInterface(piper + [Input(name: "sid", elementType: 7, rank: 1)], file: "ok.onnx")
        var wrongType = piper
        wrongType[0].elementType = 1
        var wrongRank = piper
        wrongRank[2].rank = 2
        let cases: [([Input], String)] = [
            (wrongType, "input 'input' is float32 of rank 2; a Piper voice needs int64 of rank 2"),
            (wrongRank, "input 'scales' is float32 of rank 2; a Piper voice needs float32 of rank 1"),
            (Array(piper.dropLast()), "no 'scales' input"),
            (piper + [Input(name: "sid", elementType: 1, rank: 1)], "input 'sid' is float32"),
        ]
        for (inputs, message) in cases {
            do {
                try PiperVoice.checkInterface(inputs, file: "bad.onnx")
                Issue.record("accepted \(message)")
            } catch let error as ChatterboxError {
                #expect(error.message.contains(message), "\(error.message)")
            }
        }
    }

    @Test func userFolderShadowsSystemFolder() throws {
        let folder = TemporaryFolder()
        defer { folder.cleanup() }
        folder.write("user/a.onnx", "x"); folder.write("user/a.onnx.json", "{}")
        folder.write("system/a.onnx", "y"); folder.write("system/a.onnx.json", "{}")
        folder.write("system/b.onnx", "y"); folder.write("system/b.onnx.json", "{}")
        folder.write("system/orphan.onnx", "no json beside it")
        let store = VoiceStore(folders: [folder.file("user"), folder.file("system")])
        #expect(store.entries().map(\.name) == ["a", "b"])
        #expect(store.entry(named: "a")?.model.path.contains("/user/") == true)
        #expect(store.entry(named: "orphan") == nil)
    }
}
