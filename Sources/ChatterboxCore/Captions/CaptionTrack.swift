/// The timed words of a whole synthesis, gathered chunk by chunk as its audio is sent.
public struct CaptionTrack: Sendable, Equatable {
    /// Every word, in order, in seconds from the start of the audio.
    public private(set) var words: [WordTiming] = []

    public init(words: [WordTiming] = []) {
        self.words = []
        append(words, at: 0)
    }

    /// Adds a chunk's words (timed from the chunk's first sample, `SpeechStream.words(index:audio:)`) that
    /// start `offset` seconds into the audio. Words never overlap: a start before the previous end is moved to it.
    public mutating func append(_ chunkWords: [WordTiming], at offset: Double) {
        for word in chunkWords {
            var timed = word.shifted(by: offset)
            if let last = words.last, timed.start < last.end { timed.start = last.end }
            timed.end = max(timed.end, timed.start)
            words.append(timed)
        }
    }
}
