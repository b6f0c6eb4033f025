import Testing

@testable import ChatterboxCore

@Suite("Language tags")
struct LanguageTagTests {
    @Test func separatorsAndCaseDoNotMatter() {
        #expect(LanguageTag("en_US") == LanguageTag("EN-us"))
        #expect(LanguageTag("en_US").normalized == "en-us" && LanguageTag("en-us").underscored == "en_US")
        #expect(LanguageTag("pt-br").family == "pt" && LanguageTag("de").underscored == "de" && LanguageTag("").underscored == "")
        #expect(LanguageTag("en-us").isWithin(LanguageTag("en")) && LanguageTag("en-us").isWithin(LanguageTag("EN_us")))
        #expect(!LanguageTag("en").isWithin(LanguageTag("en-us")) && !LanguageTag("eng").isWithin(LanguageTag("en")))
    }

    @Test func theBestVoiceSpeaksTheTagThenItsFamily() {
        let voices = [
            VoiceInfo(engine: "espeak", name: "en-gb", language: "en-gb", sampleRate: 22050),
            VoiceInfo(engine: "espeak", name: "en-us", language: "en-us", sampleRate: 22050),
            VoiceInfo(engine: "piper", name: "en_US-joe-medium", language: "en_US", sampleRate: 22050),
            VoiceInfo(engine: "piper", name: "en_US-amy-low", language: "en_US", sampleRate: 16000),
            VoiceInfo(engine: "espeak", name: "fr-fr", language: "fr-fr", sampleRate: 22050),
        ]
        let best = { (tag: String, preferred: String?) in VoiceInfo.best(for: LanguageTag(tag), among: voices, preferring: preferred)?.id }
        #expect(best("en-us", nil) == "piper:en_US-amy-low", "exact tag, neural engine, then by id")
        #expect(best("en_US", "piper:en_US-joe-medium") == "piper:en_US-joe-medium", "the preferred voice among equals")
        #expect(best("en-gb", "piper:en_US-joe-medium") == "espeak:en-gb", "the exact tag before the preferred voice")
        #expect(best("en-au", nil) == "piper:en_US-amy-low", "the family when no voice has the tag")
        #expect(best("fr", nil) == "espeak:fr-fr" && best("de-de", nil) == nil)
    }
}
