/// When one word (or, from engines that cannot time words, one sentence) is heard: seconds from the
/// start of the audio it belongs to.
public struct WordTiming: Sendable, Codable, Equatable {
    /// The word as spoken (`five`), or, once through `WrittenWords`, as the request wrote it (`5`).
    public var word: String
    public var start: Double
    public var end: Double

    public init(word: String, start: Double, end: Double) {
        self.word = word
        self.start = start
        self.end = end
    }

    /// The same word `seconds` later.
    public func shifted(by seconds: Double) -> WordTiming {
        WordTiming(word: word, start: start + seconds, end: end + seconds)
    }
}
