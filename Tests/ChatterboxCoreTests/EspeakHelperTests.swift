import Testing
@testable import ChatterboxCore

/// libespeak-ng runs only in `chatterbox espeak-helper` children: a text that crashes it costs a
/// helper, never the calling process.
@Suite("espeak-ng helper processes")
struct EspeakHelperTests {
    /// Texts that smash the system espeak-ng's stack (Debian's 1.51) when they reach it unchanged; PyPI's 1.52
    /// build survives some of them alone, so the crash tests pin the system library (the fallback when 1.52 is
    /// missing) to have a text that certainly kills the helper.
    static let crashers = [String(repeating: "a.", count: 100), String(repeating: "i.e. ", count: 100), String(repeating: "é.", count: 100)]

    /// The helper may load another libespeak-ng than this process (1.52 from engines.espeak_library); on a
    /// text both versions phonemise alike, what crosses the process boundary is what the library returns.
    @Test func phonemesMatchTheLibraryInProcess() async throws {
        let helper = EspeakHelper(executable: ChatterboxExecutable.locate(), size: 1, library: "")
        let text = "Would you like tea, or coffee? Yes!"
        let outOfProcess = try await helper.phonemize(text, voice: "en-us")
        #expect(outOfProcess == (try EspeakLibrary.shared.phonemize(text, voice: "en-us")))
        #expect(outOfProcess.count == 2)
    }

    @Test func aTextThatKillsTheHelperIsBadInputAndTheNextTextWorks() async throws {
        let helper = EspeakHelper(executable: ChatterboxExecutable.locate(), size: 2, library: "")
        _ = try await helper.phonemize("Warm up.", voice: "en-us")
        #expect(await helper.starts == 1)
        for text in Self.crashers {
            do {
                _ = try await helper.phonemize(text, voice: "en-us")
                Issue.record("espeak-ng survived \(text.prefix(12))…; is this still a crasher?")
            } catch let error as ChatterboxError {
                #expect(error.code == .textNotSpeakable)
                #expect(error.kind == .badInput)
                #expect(error.field == "text")
            }
        }
        // Each crasher killed two helpers (the text is tried once more in a fresh one); the first of
        // them was the warm one, so the starts are the warm-up's plus 2 per crasher, less one.
        let starts = await helper.starts
        #expect(starts == 2 * Self.crashers.count)
        let after = try await helper.phonemize("Still speaking.", voice: "en-us")
        #expect(after.first?.isEmpty == false)
    }

    @Test func crashingSynthesisIsBadInputToo() async throws {
        let helper = EspeakHelper(executable: ChatterboxExecutable.locate(), size: 1, library: "")
        await #expect {
            _ = try await helper.synthesize(text: Self.crashers[0], voice: "en-us", wordsPerMinute: 175, pitch: 50, wordGap: 0)
        } throws: { ($0 as? ChatterboxError)?.code == .textNotSpeakable }
        let audio = try await helper.synthesize(text: "Fine again.", voice: "en-us", wordsPerMinute: 175, pitch: 50, wordGap: 0)
        #expect(audio.duration > 0.3)
    }

    @Test func aHungHelperIsKilledAtTheTimeout() async throws {
        // `sleep` never answers: the call ends at the timeout as text_not_speakable, not a hang.
        let helper = EspeakHelper(executable: "/bin/sleep", size: 1, timeout: .milliseconds(300))
        await #expect { _ = try await helper.phonemize("hello", voice: "en-us") } throws: { error in
            // sleep exits at once with a usage error: it never says "ready".
            (error as? ChatterboxError)?.code == .engineUnavailable && (error as? ChatterboxError)?.kind == .unavailable
        }
    }

    @Test func aMissingProgramIsOurFailureNotTheCallers() async {
        let helper = EspeakHelper(executable: "/nonexistent/chatterbox", size: 1)
        await #expect { _ = try await helper.voices() } throws: { error in
            (error as? ChatterboxError)?.kind.isCallerFault == false
        }
    }

    @Test func crashersAreDefusedBeforeTheyReachEspeak() {
        let normalizer = TextNormalizer()
        // The last, found by the fuzzer: a run broken at a lone "." (and at the spaces that cut long tokens) had been
        // joined again when punctuation was tightened after the hazard pass.
        let rejoined = "a.,a.,a.,,.," + String(repeating: "a.,", count: 40) + "a[.," + String(repeating: "a.,", count: 40) + ".,a.,"
        for text in Self.crashers + [String(repeating: "a.b. ", count: 100), String(repeating: "x", count: 5000), rejoined] {
            let normalized = normalizer.normalize(text)
            var run = 0, longest = 0
            for token in normalized.split(whereSeparator: { $0.isWhitespace || $0 == "," }) {
                let letters = TextNormalizer.dottedLetterCount(Array(token))
                run = letters > 0 ? run + letters : token.contains { $0.isLetter || $0.isNumber } ? 0 : run
                longest = max(longest, run)
                #expect(token.count <= TextNormalizer.maxWordLength + 1)
            }
            #expect(longest <= TextNormalizer.maxDottedLetters)
        }
        // Ordinary text is unchanged by the hazard pass.
        let ordinary = "The U.S. and the U.K. signed it, i.e. both did. Mr. Smith's well-known e.g. remark."
        #expect(normalizer.limitHazards(ordinary) == ordinary)
    }

    /// scripts/install.sh installs espeak-ng 1.52; helpers load it, Piper's phonemes come from it
    /// (piper-tts's linking glide included).
    @Test func helpersLoadTheBundledEspeak152() async throws {
        let helper = EspeakHelper(executable: ChatterboxExecutable.locate(), size: 1,
                                  library: EspeakLibraryLocation.defaultPath)
        let library = try await helper.library()
        #expect(library.version.hasPrefix("1.52"))
        #expect(library.dataPath.hasPrefix("/usr/local/lib/chatterbox_tts/espeak-ng"))
        let phonemes = try await helper.phonemize("He opened the door.", voice: "en-us")
        #expect(phonemes.first?.joined().hasPrefix("hiːʲ ˈoʊpənd ðə dˈɔːɹ") == true)
    }

    /// espeak-ng 1.52 selects voices by file, not language tag: every listed voice must still be selectable.
    @Test func everyListedVoiceCanSpeak() async throws {
        let helper = EspeakHelper(executable: ChatterboxExecutable.locate(), size: 2, library: EspeakLibraryLocation.defaultPath)
        let (_, voices) = try await helper.voices()
        #expect(voices.count > 100)
        for voice in voices {
            let phonemes = try await helper.phonemize("a", voice: voice.name)
            #expect(!phonemes.joined().isEmpty, "\(voice.name)")
        }
    }
}
