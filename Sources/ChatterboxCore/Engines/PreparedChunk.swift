/// A chunk of text made ready for an engine's model: for Piper, the model ids of each sentence.
/// Preparing the next chunk while the model renders the current one keeps the model busy.
public struct PreparedChunk: Sendable, Equatable {
    /// The chunk's text.
    public var text: String
    /// Model input ids per sentence, for engines that tokenise ahead; empty otherwise.
    public var tokens: [[Int64]]
    /// The phonemes behind `tokens`, per sentence (word boundaries are `" "`), for timing words.
    public var phonemes: [[String]]

    /// Creates a prepared chunk.
    public init(text: String, tokens: [[Int64]] = [], phonemes: [[String]] = []) {
        self.text = text
        self.tokens = tokens
        self.phonemes = phonemes
    }
}
