/// Where a `SpeechSession` delivers its audio: a file, an HTTP response, a job's checkpoints, a Wyoming
/// connection. A sink only writes what it is handed, in order; the session owns everything else (which voice,
/// the pauses between chunks, the caption timeline).
public protocol SpeechSink {
    /// One chunk, placed on the timeline.
    mutating func write(_ piece: SpeechPiece) async throws
    /// Every chunk was written; `words` are the last words the caption timeline settled (after the last piece's).
    mutating func finish(words: [WordTiming]) async throws
}

/// One chunk of a synthesis as a sink receives it.
public struct SpeechPiece: Sendable {
    /// Which chunk of the text (0-based).
    public var index: Int
    /// The chunk as the engine spoke it (what a job checkpoints).
    public var audio: AudioBuffer
    /// What to play: the pause before the chunk, then its audio (`SpeechStream.samples(index:audio:)`).
    public var samples: [Float]
    /// Seconds from the start of the synthesis at which `samples` begin.
    public var start: Double
    /// The words the caption timeline settled with this chunk, in seconds from the start of the synthesis.
    public var words: [WordTiming]

    /// The rate of `audio` and `samples`.
    public var sampleRate: Int { audio.sampleRate }
}

/// What a whole synthesis came to, once its sink has finished.
public struct SpeechSummary: Sendable, Equatable {
    /// The voice that spoke (with its speaker, as requested).
    public var voice: VoiceID
    /// The voice asked for.
    public var requestedVoice: VoiceID
    /// Why another voice spoke, when the fallback chain was used.
    public var fallbackReason: String?
    /// Chunks in the text.
    public var chunks: Int
    /// Seconds of audio delivered.
    public var audioSeconds: Double
    /// Every word, on the synthesis's timeline.
    public var words: [WordTiming]
}
