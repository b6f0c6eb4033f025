import Foundation

/// Gives the words of a text the times of the words an engine spoke (for Piper: espeak-ng's phoneme
/// words, timed by the model's durations).
///
/// The two rarely pair one to one: espeak-ng speaks "of the" as one word (`ʌvðə`) and may read a token
/// as several. A dynamic programme finds the monotonic pairing of groups (one to one, two or three text
/// words to one spoken word, one text word to two or three spoken words) whose lengths agree best with
/// the text's overall ratio of sounds to letters; text words that share a spoken word share its time by
/// their length. Quadratic in the words of one chunk, which the chunker bounds.
public struct WordAligner: Sendable {
    /// A word as the engine spoke it: when, and how long it is (phonemes, or characters).
    public struct Spoken: Sendable, Equatable, Codable {
        public var start: Double
        public var end: Double
        public var size: Int
        public init(start: Double, end: Double, size: Int) {
            self.start = start
            self.end = end
            self.size = size
        }
    }

    public init() {}

    /// The words of `text`: whitespace-separated tokens with at least one letter or digit (lone dashes
    /// and other punctuation are not spoken as words), punctuation kept as written.
    public func words(of text: String) -> [String] {
        text.split(whereSeparator: \.isWhitespace).map(String.init).filter { $0.contains { $0.isLetter || $0.isNumber } }
    }

    /// `words` timed by `spoken`, in order.
    public func align(_ words: [String], spoken: [Spoken]) -> [WordTiming] {
        guard !words.isEmpty, !spoken.isEmpty else { return [] }
        let letters = words.map { Double(max(1, $0.filter { $0.isLetter || $0.isNumber }.count)) }
        let sounds = spoken.map { Double(max(1, $0.size)) }
        let ratio = sounds.reduce(0, +) / letters.reduce(0, +)
        let moves = [(1, 1), (2, 1), (1, 2), (3, 1), (1, 3)]
        let (n, m) = (words.count, spoken.count)
        var cost = [[Double]](repeating: [Double](repeating: .infinity, count: m + 1), count: n + 1)
        var step = [[Int]](repeating: [Int](repeating: -1, count: m + 1), count: n + 1)
        cost[0][0] = 0
        for i in 0...n {
            for j in 0...m where cost[i][j].isFinite {
                for (index, move) in moves.enumerated() where i + move.0 <= n && j + move.1 <= m {
                    let text = letters[i..<(i + move.0)].reduce(0, +), sound = sounds[j..<(j + move.1)].reduce(0, +)
                    let total = cost[i][j] + abs(log(sound / text / ratio)) + 0.6 * Double(move.0 + move.1 - 2)
                    if total < cost[i + move.0][j + move.1] {
                        cost[i + move.0][j + move.1] = total
                        step[i + move.0][j + move.1] = index
                    }
                }
            }
        }
        guard cost[n][m].isFinite else { return spread(words, letters, over: spoken) }
        var groups: [(Range<Int>, Range<Int>)] = []
        var (i, j) = (n, m)
        while i > 0 || j > 0 {
            let move = moves[step[i][j]]
            groups.append(((i - move.0)..<i, (j - move.1)..<j))
            (i, j) = (i - move.0, j - move.1)
        }
        return groups.reversed().flatMap { text, sound in
            spread(Array(words[text]), Array(letters[text]), over: Array(spoken[sound]))
        }
    }

    /// `words` laid over `spoken` end to end, each taking its share of the spoken time by its length.
    private func spread(_ words: [String], _ letters: [Double], over spoken: [Spoken]) -> [WordTiming] {
        if words.count == 1 { return [WordTiming(word: words[0], start: spoken[0].start, end: spoken[spoken.count - 1].end)] }
        let speech = spoken.map { max(0, $0.end - $0.start) }, speechTotal = speech.reduce(0, +), total = letters.reduce(0, +)
        func time(at fraction: Double) -> Double {
            var remaining = fraction * speechTotal
            for (index, span) in spoken.enumerated() {
                if remaining <= speech[index] || index == spoken.count - 1 { return span.start + min(remaining, speech[index]) }
                remaining -= speech[index]
            }
            return spoken[spoken.count - 1].end
        }
        var result: [WordTiming] = [], done = 0.0
        for (word, length) in zip(words, letters) {
            let start = time(at: done / total)
            done += length
            result.append(WordTiming(word: word, start: start, end: time(at: done / total)))
        }
        return result
    }
}
