import ChatterboxCore

/// What a finished job reports back to the store.
public struct JobCompletion: Sendable, Equatable {
    public var outputPath: String
    public var audioSeconds: Double
    public var chunksTotal: Int
    public var spokenBy: String
    public var fallbackReason: String?
    /// When each word is heard, gathered from the checkpoints (`CaptionTrack`).
    public var words: [WordTiming]

    /// Creates a completion record.
    public init(outputPath: String, audioSeconds: Double, chunksTotal: Int, spokenBy: String, fallbackReason: String? = nil,
                words: [WordTiming] = []) {
        self.words = words
        self.outputPath = outputPath
        self.audioSeconds = audioSeconds
        self.chunksTotal = chunksTotal
        self.spokenBy = spokenBy
        self.fallbackReason = fallbackReason
    }
}

/// Whether a lease is still ours.
public enum LeaseState: Sendable, Equatable {
    /// Renewed.
    case held
    /// Cancelled by a user: stop at the next chunk boundary.
    case cancelled
    /// Another node has it, or it finished: stop without writing anything.
    case lost
}
