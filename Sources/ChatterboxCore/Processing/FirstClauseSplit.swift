/// Starts a stream's audio before its first sentence is rendered whole: a long first sentence is split
/// after a clause (`,` `;` `:` ` - `), the first clause renders alone and plays while the rest renders.
///
/// The split is only made where it cannot starve the listener: the rest must render (at the voice's
/// measured pace, with a margin) within the time the first clause takes to play, and both parts must
/// be long enough to keep their intonation. Characters stand in for audio length; both grow together.
public struct FirstClauseSplit: Sendable {
    /// Shortest part, in characters, on either side of the split.
    public var minCharacters = 12
    /// Margin over the measured pace (rendering shares the cores with the encoder and other requests).
    public var margin = 2.0
    /// Seconds of computing per second of audio for the voice (`RenderPace`).
    public var pace: Double

    /// Creates a split rule for a voice rendering at `pace`.
    public init(pace: Double) {
        self.pace = pace
    }

    /// `sentence` as (first clause, rest), or `nil` when no clause boundary is safe and worth it.
    public func split(_ sentence: String, chunker: SentenceChunker) -> (first: String, rest: String)? {
        let clauses = chunker.clauses(sentence)
        guard clauses.count > 1 else { return nil }
        let total = sentence.count
        var first = ""
        for (index, clause) in clauses.dropLast().enumerated() {
            first = first.isEmpty ? clause : first + " " + clause
            let rest = total - first.count - 1
            guard rest >= minCharacters else { return nil }
            if first.count >= minCharacters, Double(first.count) >= pace * margin * Double(rest) {
                return (first, clauses[(index + 1)...].joined(separator: " "))
            }
        }
        return nil
    }
}
