import Testing
@testable import ChatterboxCore

/// The text path in other languages: no English rule runs on them, and sentences end in every script.
@Suite("Text in other languages")
struct LanguageTextTests {
    let normalizer = TextNormalizer()

    @Test func noEnglishRuleRunsOnOtherLanguages() {
        let german = "Ich habe 42 Äpfel für 3,50 € gekauft. Dr. Müller kommt am 3. Mai um 14:30 Uhr — z. B. mit 50 % Rabatt."
        let spoken = normalizer.normalize(german, language: LanguageTag("de"))
        for english in ["forty", "three", "Doctor", "percent", "euro", "May", "fifty", "thirty", "for example"] {
            #expect(!spoken.contains(english), "\(english) in \(spoken)")
        }
        #expect(spoken.contains("42") && spoken.contains("Dr. Müller") && spoken.contains("14:30") && spoken.contains("50 %"))
        #expect(normalizer.normalize("J'ai 42 pommes.", language: LanguageTag("fr_FR")) == "J'ai 42 pommes.")
        #expect(normalizer.normalize("我有42个苹果。", language: LanguageTag("cmn")) == "我有42个苹果。")
        // English, and a text whose language is not known, keep today's rules.
        #expect(normalizer.normalize("I have 42 apples.", language: LanguageTag("en_US")) == "I have forty-two apples.")
        #expect(normalizer.normalize("I have 42 apples.") == "I have forty-two apples.")
    }

    @Test func safetyPassesRunForEveryLanguage() {
        let hazard = String(repeating: "a.", count: 60) + " " + String(repeating: "x", count: 300)
        for language in ["de", "cmn", "ar"] {
            let spoken = normalizer.normalize("\u{200B}Text\u{00A0}" + hazard, language: LanguageTag(language))
            #expect(!spoken.contains("\u{200B}") && !spoken.contains("\u{00A0}"), "\(language)")
            #expect(spoken.split(separator: " ").allSatisfy { $0.count <= 100 }, "\(language): a long token went through")
            #expect(spoken == normalizer.normalize("\u{200B}Text\u{00A0}" + hazard, language: LanguageTag("de")))
        }
    }

    @Test func sentencesEndInEveryScript() {
        let chunker = SentenceChunker(maxCharacters: 400)
        let chinese = "今天天气很好。我们去公园散步吧！你觉得怎么样？好的，我们走吧。"
        #expect(chunker.sentences(chinese) == ["今天天气很好。", "我们去公园散步吧！", "你觉得怎么样？", "好的，我们走吧。"])
        #expect(chunker.sentences("「行こう。」と言った。次へ。") == ["「行こう。」", "と言った。", "次へ。"])
        #expect(chunker.sentences("هل أنت بخير؟ نعم، شكرا.") == ["هل أنت بخير؟", "نعم، شكرا."])
        #expect(chunker.sentences("यह पहला वाक्य है। यह दूसरा है।") == ["यह पहला वाक्य है।", "यह दूसरा है।"])
        #expect(chunker.sentences("Առաջին նախադասություն։ Երկրորդ։") == ["Առաջին նախադասություն։", "Երկրորդ։"])
        // A Chinese text of 4 × 4 sentences is 16 chunks, not 2 (one chunk per sentence, so first audio comes at the first).
        #expect(chunker.chunks(String(repeating: chinese, count: 4)).count == 16)
        // English is unchanged: a decimal point or an abbreviation without a space does not end a sentence.
        #expect(chunker.sentences("It costs 3.50 today. Really?") == ["It costs 3.50 today.", "Really?"])
    }
}
