import Testing

@testable import ChatterboxCore

@Suite("Captions in the text's own spelling")
struct WrittenWordsTests {
    /// The normaliser's words for `text`, each 0.5 s long, one after the other.
    func spoken(_ text: String) -> [WordTiming] {
        WordAligner().words(of: TextNormalizer().normalize(text)).enumerated().map {
            WordTiming(word: $1, start: Double($0) * 0.5, end: Double($0) * 0.5 + 0.4)
        }
    }

    @Test func normalisedRunsShowAsWrittenForAsLongAsTheyAreHeard() {
        let text = "I paid $5 at 3:30 PM on Jan. 5th - see example.com & call Dr. Smith."
        let words = spoken(text)
        #expect(words.count > 16, "\(words.map(\.word))")
        let shown = WrittenWords.relabel(words, text: text)
        // Neighbouring runs are one word ("three thirty p m"); a mark no one speaks goes with its run.
        #expect(shown.map(\.word) == ["I", "paid", "$5", "at", "3:30 PM", "on", "Jan. 5th -", "see", "example.com &", "call", "Dr.", "Smith."])
        // "$5" lasts from "five" to "dollars".
        let five = words.firstIndex { $0.word == "five" }!
        #expect(shown[2] == WordTiming(word: "$5", start: words[five].start, end: words[five + 1].end))
        #expect(shown.first?.start == words.first?.start && shown.last?.end == words.last?.end)
    }

    @Test func aRepeatedWordDoesNotJumpAhead() {
        let text = "The 2 dogs and two cats saw 1 cat."
        #expect(WrittenWords.relabel(spoken(text), text: text).map(\.word) == ["The", "2", "dogs", "and", "two", "cats", "saw", "1", "cat."])
    }

    @Test func wordsArrivingChunkByChunkSettleAsTheWholeDoes() {
        let text = "On 12/25/2024 the 3 of us paid $1,250.50 (about 40%) for 2 nights at the Grand, said Mr. O'Neil."
        let words = spoken(text), whole = WrittenWords.relabel(words, text: text)
        #expect(whole.map(\.word).joined(separator: " ") == text.split(separator: " ").joined(separator: " "))
        for size in 1...5 {
            var written = WrittenWords(text: text), shown: [WordTiming] = []
            for start in stride(from: 0, to: words.count, by: size) {
                shown += written.add(Array(words[start..<min(start + size, words.count)]))
            }
            shown += written.finish()
            #expect(shown == whole, "chunks of \(size)")
        }
    }

    @Test func sentenceSpansOfPythonEnginesAreWrittenToo() {
        let spans = [WordTiming(word: "It costs five dollars.", start: 0, end: 1.5), WordTiming(word: "It is three PM.", start: 1.8, end: 3)]
        #expect(WrittenWords.relabel(spans, text: "It costs $5. It is 3 pm.").map(\.word) == ["It costs $5.", "It is 3 pm."])
    }

    @Test func aTrackWithoutTheTextShowsWordsAsSpoken() {
        var track = CaptionTrack()
        track.append(spoken("$5"), at: 0)
        #expect(track.words.map(\.word) == ["five", "dollars"])
        var written = CaptionTrack(writtenAs: "$5")
        written.append(spoken("$5"), at: 1)
        written.finish()
        #expect(written.words == [WordTiming(word: "$5", start: 1, end: 1.9)])
    }

    @Test func textThatNeverMatchesIsLeftAsSpokenAndStaysLinear() {
        // Nothing pairs: long runs give up and keep their spoken words; a large text stays quick (a window per token).
        let words = (0..<5_000).map { WordTiming(word: "w\($0)", start: Double($0), end: Double($0) + 0.5) }
        let shown = WrittenWords.relabel(words, text: String(repeating: "x ", count: 50_000))
        #expect(shown == words, "nothing near enough to be written instead")
        #expect(WrittenWords.relabel([], text: "anything").isEmpty && WrittenWords.relabel(words.prefix(3).map { $0 }, text: "").map(\.word) == ["w0", "w1", "w2"])
    }
}
