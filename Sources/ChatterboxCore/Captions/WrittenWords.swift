/// Gives timed words back the text's own spelling: the normaliser speaks `$5` as "five dollars", and the
/// caption shows `$5` for as long as "five dollars" is heard.
///
/// Spoken tokens are paired with the written tokens in order: equal letters and digits (case-blind) pair, and
/// a run that differs between two pairs becomes one word written as the text's run. A pair further on than the
/// next written word must be confirmed by the token after it, so a repeated word ("2 dogs and two cats") does
/// not jump ahead. Fed chunk by chunk, it gives a word out once it is settled; linear, since a token looks at
/// most `window` written tokens ahead and a run longer than `longestRun` tokens is left as spoken.
public struct WrittenWords: Sendable {
    private let written: [Substring]
    private let keys: [String]
    /// The first written token not yet given to a word.
    private var cursor = 0
    /// Words received and not yet given out, each token's written range once settled (nil: not yet; empty: as spoken).
    private var queue: [(word: WordTiming, tokens: [String], ranges: [Range<Int>?])] = []
    /// The first unsettled token: an index into `queue`, then into its tokens.
    private var position = (word: 0, token: 0)
    /// Tokens that differ from the text, waiting for the next pair.
    private var run: [(word: Int, token: Int)] = []
    private let window = 24, longestRun = 96

    /// For speech of `text`, as the request wrote it.
    public init(text: String) {
        written = text.split(whereSeparator: \.isWhitespace)
        keys = written.map(Self.key)
    }

    /// Lower-case letters and digits: what a written and a spoken token must share to pair.
    static func key(_ token: some StringProtocol) -> String {
        String(token.lowercased().filter { $0.isLetter || $0.isNumber })
    }

    /// The whole of `words` as written (synthesis done).
    public static func relabel(_ words: [WordTiming], text: String) -> [WordTiming] {
        var written = WrittenWords(text: text)
        return written.add(words) + written.finish()
    }

    /// Adds the next words as spoken; returns those now settled, as written.
    public mutating func add(_ words: [WordTiming]) -> [WordTiming] {
        for word in words {
            let tokens = word.word.split(whereSeparator: \.isWhitespace).map(String.init)
            queue.append((word, tokens, Array(repeating: nil, count: tokens.count)))
        }
        settle(final: false)
        return giveOut()
    }

    /// Every word not given out yet: a last run takes the rest of the text (when that is near; else it stays as spoken).
    public mutating func finish() -> [WordTiming] {
        settle(final: true)
        if written.count - cursor <= window { close(run: cursor..<written.count) } else { leaveRunAsSpoken() }
        return giveOut()
    }

    /// What becomes of a spoken token.
    private enum Decision { case pair(Int), differs, wait }

    /// Pairs tokens in order while the next one can be decided.
    private mutating func settle(final: Bool) {
        while let current = token(at: position) {
            let following = advanced(position).flatMap { token(at: $0) }
            switch decide(Self.key(current), following: following, final: final) {
            case .wait:
                return
            case .differs:
                run.append(position)
                if run.count > longestRun { leaveRunAsSpoken() }
            case .pair(let match):
                if run.isEmpty {
                    setRange(cursor..<match + 1, at: position)
                } else {
                    close(run: cursor..<match)
                    setRange(match..<match + 1, at: position)
                }
                cursor = match + 1
            }
            position = advanced(position) ?? (queue.count, 0)
        }
    }

    /// Whether the token with `key` pairs with a written token. After a differing run, the nearest equal token
    /// pairs (the run was written as the tokens between); otherwise a pair that skips written words must be
    /// confirmed by the token after it.
    private func decide(_ key: String, following: String?, final: Bool) -> Decision {
        guard let match = candidate(key) else { return .differs }
        if !run.isEmpty || keys[cursor..<match].allSatisfy(\.isEmpty) { return .pair(match) }
        guard let following else { return final ? .pair(match) : .wait }
        let after = keys[(match + 1)..<min(match + 1 + window, keys.count)].firstIndex { !$0.isEmpty }
        return after.map { keys[$0] == Self.key(following) } == true ? .pair(match) : .differs
    }

    /// The first written token within the window with `key`.
    private func candidate(_ key: String) -> Int? {
        guard !key.isEmpty else { return nil }
        return (cursor..<min(cursor + window, written.count)).first { keys[$0] == key }
    }

    private func token(at position: (word: Int, token: Int)) -> String? {
        var position = position
        while position.word < queue.count {
            if position.token < queue[position.word].tokens.count { return queue[position.word].tokens[position.token] }
            position = (position.word + 1, 0)
        }
        return nil
    }

    private func advanced(_ position: (word: Int, token: Int)) -> (word: Int, token: Int)? {
        var next = (word: position.word, token: position.token + 1)
        while next.word < queue.count {
            if next.token < queue[next.word].tokens.count { return next }
            next = (next.word + 1, 0)
        }
        return nil
    }

    private mutating func setRange(_ range: Range<Int>, at position: (word: Int, token: Int)) {
        queue[position.word].ranges[position.token] = range
    }

    private mutating func close(run range: Range<Int>) {
        for position in run { setRange(range, at: position) }
        run = []
    }

    private mutating func leaveRunAsSpoken() {
        for position in run { setRange(cursor..<cursor, at: position) }
        run = []
    }

    /// The settled words at the front of the queue: words whose written ranges overlap become one.
    private mutating func giveOut() -> [WordTiming] {
        var settled = 0
        while settled < queue.count, queue[settled].ranges.allSatisfy({ $0 != nil }) { settled += 1 }
        var out: [(word: WordTiming, range: Range<Int>?)] = []
        for (word, _, ranges) in queue[..<settled] {
            let spans = ranges.compactMap { $0 }.filter { !$0.isEmpty }
            let range = spans.isEmpty ? nil : spans.map(\.lowerBound).min()!..<spans.map(\.upperBound).max()!
            if let range, let last = out.last, let previous = last.range, range.lowerBound < previous.upperBound {
                out[out.count - 1] = (WordTiming(word: last.word.word, start: last.word.start, end: word.end),
                                      previous.lowerBound..<max(previous.upperBound, range.upperBound))
            } else {
                out.append((word, range))
            }
        }
        queue.removeFirst(settled)
        position.word -= settled
        run = run.map { ($0.word - settled, $0.token) }
        return out.map { word, range in
            guard let range else { return word }
            return WordTiming(word: written[range].joined(separator: " "), start: word.start, end: word.end)
        }
    }
}
