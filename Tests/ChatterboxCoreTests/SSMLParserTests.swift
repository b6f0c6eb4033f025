import Testing
@testable import ChatterboxCore

@Suite("SSML parsing")
struct SSMLParserTests {
    let parser = SSMLParser()

    private func texts(_ script: SpeechScript) -> [String] {
        script.parts.compactMap { if case .text(let text, _) = $0 { text.trimmingCharacters(in: .whitespaces) } else { nil } }
    }

    @Test func breaksProsodyAndBoundariesBecomeParts() throws {
        let script = try parser.parse("""
            <speak>Hello <break time="700ms"/> there.<p><s>One</s><s>Two</s></p>\
            <prosody rate="50%" volume="-6dB" pitch="+10%">slow</prosody><break strength="strong"/></speak>
            """)
        var slow = SpeechScript.Style()
        slow.rate = 0.5
        slow.volumeDB = -6
        slow.pitch = 0.1
        #expect(script.parts == [.text("Hello ", .init()), .pause(0.7), .text(" there.", .init()), .boundary, .boundary,
                                 .text("One", .init()), .boundary, .boundary, .text("Two", .init()), .boundary, .boundary,
                                 .text("slow", slow), .pause(0.7)])
    }

    @Test func sayAsSubAndPhonemeReadTheirContent() throws {
        let script = try parser.parse("""
            <speak><say-as interpret-as="characters">ab12</say-as> <say-as interpret-as="ordinal">3</say-as> \
            <say-as interpret-as="cardinal">1,204</say-as> <say-as interpret-as="digits">907</say-as> \
            <say-as interpret-as="date" format="mdy">11/27/2026</say-as> <say-as interpret-as="telephone">555-0123</say-as> \
            <sub alias="World Wide Web Consortium">W3C</sub> <phoneme alphabet="ipa" ph="təmˈɑːtoʊ">tomato</phoneme></speak>
            """)
        #expect(texts(script) == ["A B one two", "third", "one thousand two hundred four", "nine zero seven",
                                  "November twenty-seventh, twenty twenty-six", "five five five, zero one two three",
                                  "World Wide Web Consortium"])
        #expect(script.parts.last == .phonemes(ipa: "təmˈɑːtoʊ", text: "tomato", .init()))
    }

    @Test func voiceLanguageAndEmphasisStyleTheirText() throws {
        let script = try parser.parse("<speak>a <voice name=\"espeak:en-gb\">b <emphasis level=\"strong\">c</emphasis></voice>"
                                      + "<lang xml:lang=\"de\">d</lang></speak>")
        let styles = script.parts.compactMap { if case .text(_, let style) = $0 { style } else { nil } }
        #expect(styles.map(\.voice) == [nil, "espeak:en-gb", "espeak:en-gb", nil])
        #expect(styles[2].rate == 0.85 && styles[2].volumeDB == 4)
        #expect(styles[3].language == "de")
    }

    @Test func unknownElementsAreSpokenWithAWarning() throws {
        let script = try parser.parse("<speak><whisper>quietly</whisper><mark name=\"m\"/><desc>not read</desc></speak>")
        #expect(texts(script) == ["quietly"])
        #expect(script.warnings == ["<whisper> is not supported; its text is spoken"])
    }

    @Test func malformedDocumentsSayWhere() {
        for (document, fragment) in [("<speak>\n  <break time=\"soon\"/></speak>", "line 2"), ("<speak>open", "line 1"),
                                     ("<voice name=\"x\">hi</voice>", "<speak>"), ("<speak><phoneme ph=\"a\">a</phoneme></speak>", "alphabet")] {
            #expect { try parser.parse(document) } throws: { error in
                let error = error as? ChatterboxError
                return error?.code == .invalidSsml && error?.kind == .badInput && error?.message.contains(fragment) == true
            }
        }
    }

    @Test func entitiesAndDoctypesAreRefused() {
        let laughs = """
            <?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;">]>\
            <speak>&lol2;</speak>
            """
        let external = "<?xml version=\"1.0\"?><!DOCTYPE speak [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]><speak>&xxe;</speak>"
        for document in [laughs, external] {
            #expect { try parser.parse(document) } throws: { ($0 as? ChatterboxError)?.message.contains("DOCTYPE") == true }
        }
        let deep = "<speak>" + String(repeating: "<s>", count: 100) + "x" + String(repeating: "</s>", count: 100) + "</speak>"
        #expect { try parser.parse(deep) } throws: { ($0 as? ChatterboxError)?.code == .invalidSsml }
    }

    @Test func ssmlIsRecognisedByItsRoot() {
        #expect(SpeechScript.looksLikeSSML("  <speak>hi</speak>"))
        #expect(SpeechScript.looksLikeSSML("<?xml version=\"1.0\"?>\n<speak>hi</speak>"))
        #expect(SpeechScript.looksLikeSSML("<!DOCTYPE speak><speak/>"))
        #expect(!SpeechScript.looksLikeSSML("speak <speak>"))
    }
}
