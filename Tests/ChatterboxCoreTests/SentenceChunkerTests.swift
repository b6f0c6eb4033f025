import Testing
@testable import ChatterboxCore

@Suite("Sentence chunking")
struct SentenceChunkerTests {
    @Test func splitsSentences() {
        let chunks = SentenceChunker(maxCharacters: 500).chunks("Hello there. How are you? I'm fine! \"Quoted.\" Next (aside.) end")
        #expect(chunks == ["Hello there.", "How are you?", "I'm fine!", "\"Quoted.\"", "Next (aside.)", "end"])
    }

    @Test func paragraphsEndSentences() {
        #expect(SentenceChunker(maxCharacters: 500).chunks("Title\n\nBody text here") == ["Title", "Body text here"])
    }

    @Test func decimalsAndInnerDotsDoNotSplit() {
        #expect(SentenceChunker(maxCharacters: 500).chunks("Version 2.5 is out.Really.") == ["Version 2.5 is out.Really."])
    }

    @Test func longSentencesSplitAtClausesThenWordsNeverCuttingAWord() {
        let text = "alpha beta gamma, delta epsilon zeta, " + String(repeating: "word ", count: 40) + "end."
        let chunker = SentenceChunker(maxCharacters: 40)
        let chunks = chunker.chunks(text)
        #expect(chunks.allSatisfy { $0.count <= 40 })
        #expect(chunks.first == "alpha beta gamma, delta epsilon zeta,")
        // Every word survives whole and in order.
        #expect(chunks.joined(separator: " ").split(separator: " ") == text.split(separator: " "))
    }

    @Test func overlongWordIsCutToTheLimit() {
        let word = String(repeating: "x", count: 30)
        let piece = String(repeating: "x", count: 10)
        #expect(SentenceChunker(maxCharacters: 10).chunks("a \(word) b") == ["a", piece, piece, piece, "b"])
    }

    @Test func dropsPunctuationOnlyPieces() {
        #expect(SentenceChunker(maxCharacters: 100).chunks("... !!! Hello.") == ["Hello."])
    }
}
