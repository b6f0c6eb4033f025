import Foundation
import Testing
@testable import ChatterboxCore

@Suite("Pronunciation lexicons")
struct LexiconTests {
    let joe = VoiceInfo(engine: "piper", name: "en_US-joe-medium", language: "en_US", sampleRate: 22050)

    @Test func yamlAndPlsFilesRead() throws {
        let yaml = try Lexicon.yaml("""
            languages: [en]
            words:
              SQL: sequel
              nginx: {alias: engine x}
              tomato: {ipa: "təmˈɑːtoʊ"}
            """, name: "tech")
        #expect(yaml.entries == ["SQL": .alias("sequel"), "nginx": .alias("engine x"), "tomato": .ipa("təmˈɑːtoʊ")])
        #expect(yaml.appliesByDefault(to: joe))
        let pls = try Lexicon.pls("""
            <?xml version="1.0" encoding="UTF-8"?>
            <lexicon version="1.0" xmlns="http://www.w3.org/2005/01/pronunciation-lexicon" alphabet="ipa" xml:lang="en-US">
              <lexeme><grapheme>W3C</grapheme><alias>World Wide Web Consortium</alias></lexeme>
              <lexeme><grapheme>Anna</grapheme><grapheme>Ana</grapheme><phoneme>ˈɑːnə</phoneme></lexeme>
            </lexicon>
            """, name: "w3")
        #expect(pls.entries == ["W3C": .alias("World Wide Web Consortium"), "Anna": .ipa("ˈɑːnə"), "Ana": .ipa("ˈɑːnə")])
        #expect(pls.languages == ["en-US"] && pls.appliesByDefault(to: joe))
        #expect(!pls.appliesByDefault(to: VoiceInfo(engine: "espeak", name: "de", language: "de", sampleRate: 22050)))
    }

    @Test func brokenFilesAreRefusedWithTheirName() {
        #expect { try Lexicon.yaml("words: [a, b]", name: "bad") } throws: { ($0 as? ChatterboxError)?.message.contains("lexicon bad") == true }
        #expect { try Lexicon.pls("<!DOCTYPE x [<!ENTITY a \"b\">]><lexicon/>", name: "evil") } throws: {
            ($0 as? ChatterboxError)?.code == .invalidLexicon
        }
    }

    @Test func wholeWordsAreRewrittenInOnePass() {
        let lexicons = [Lexicon(name: "a", entries: ["SQL": .alias("sequel"), "tomato": .ipa("təmˈɑːtoʊ"), "it's": .alias("it is")])]
        #expect(lexicons.rewrite("SQL, sql and MySQL. It's", style: .init()) == [.text("sequel, sequel and MySQL. it is", .init())])
        #expect(lexicons.rewrite("A tomato salad", style: .init())
                == [.text("A ", .init()), .phonemes(ipa: "təmˈɑːtoʊ", text: "tomato", .init()), .text(" salad", .init())])
        let strict = [Lexicon(name: "b", entries: ["US": .alias("United States")], caseSensitive: true)]
        #expect(strict.rewrite("us and US", style: .init()) == [.text("us and United States", .init())])
    }

    @Test func storeSelectsAndReloads() throws {
        let folder = TemporaryFolder()
        defer { folder.cleanup() }
        _ = folder.write("tech.yaml", "voices: [piper:en_US-joe-medium]\nwords: {SQL: sequel}\n")
        _ = folder.write("extra.pls", "<lexicon alphabet=\"ipa\"><lexeme><grapheme>x</grapheme><alias>ex</alias></lexeme></lexicon>")
        _ = folder.write("broken.yaml", "words: nope")
        let store = LexiconStore(folder: folder.url)
        #expect(store.all().lexicons.map(\.name) == ["extra", "tech"])
        #expect(store.all().problems.count == 1)
        #expect(try store.select(nil, for: joe).map(\.name) == ["tech"])
        #expect(try store.select("extra", for: joe).map(\.name) == ["extra"])
        #expect(try store.select("none", for: joe).isEmpty)
        #expect { try store.select("nope", for: joe) } throws: { ($0 as? ChatterboxError)?.code == .unknownLexicon }
        _ = folder.write("tech.yaml", "voices: [piper:en_US-joe-medium]\nwords: {SQL: structured query language}\n")
        #expect(try store.select(nil, for: joe).first?.entries["SQL"] == .alias("structured query language"))
    }
}
