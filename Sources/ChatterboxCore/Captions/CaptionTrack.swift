/// The timed words of a whole synthesis, gathered chunk by chunk as its audio is sent; with the request's
/// text, in its own spelling (`WrittenWords`).
public struct CaptionTrack: Sendable {
    /// Every word settled so far, in order, in seconds from the start of the audio (all of them after `finish()`).
    public private(set) var words: [WordTiming] = []
    private var written: WrittenWords?
    private var spokenEnd = 0.0

    /// A track whose words are shown as `text` writes them (`nil`: as spoken, e.g. for SSML).
    public init(words: [WordTiming] = [], writtenAs text: String? = nil) {
        written = text.map { WrittenWords(text: $0) }
        append(words, at: 0)
    }

    /// Adds a chunk's words (timed from the chunk's first sample, `SpeechStream.words(index:audio:)`) that
    /// start `offset` seconds into the audio. Words never overlap: a start before the previous end is moved to it.
    public mutating func append(_ chunkWords: [WordTiming], at offset: Double) {
        var timed: [WordTiming] = []
        for word in chunkWords {
            var word = word.shifted(by: offset)
            word.start = max(word.start, spokenEnd)
            word.end = max(word.end, word.start)
            spokenEnd = word.end
            timed.append(word)
        }
        if written == nil { words += timed } else { words += written!.add(timed) }
    }

    /// Settles the last words (a run the text wrote differently waits for the word after it).
    public mutating func finish() {
        if written != nil { words += written!.finish() }
    }
}
