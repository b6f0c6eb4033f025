/// Chunks synthesised in order, up to `window` at a time ahead of the consumer
/// (`processing.batch_size`); audio comes out in text order, one chunk per element.
public struct ChunkSynthesis: AsyncSequence, Sendable {
    public typealias Element = (index: Int, audio: AudioBuffer)

    let engine: any SpeechEngine
    let voice: String
    let options: SynthesisOptions
    let chunks: [String]
    let window: Int

    /// Creates the sequence; nothing runs until it is iterated.
    public init(engine: any SpeechEngine, voice: String, options: SynthesisOptions, chunks: [String], window: Int) {
        self.engine = engine
        self.voice = voice
        self.options = options
        self.chunks = chunks
        self.window = Swift.max(1, window)
    }

    public func makeAsyncIterator() -> Iterator {
        Iterator(sequence: self)
    }

    /// Keeps up to `window` chunk tasks running; yields them in order.
    public struct Iterator: AsyncIteratorProtocol {
        let sequence: ChunkSynthesis
        var next = 0
        var pending: [Task<AudioBuffer, any Error>] = []

        init(sequence: ChunkSynthesis) {
            self.sequence = sequence
        }

        public mutating func next() async throws -> Element? {
            while pending.count < sequence.window, next + pending.count < sequence.chunks.count {
                let text = sequence.chunks[next + pending.count]
                let engine = sequence.engine, voice = sequence.voice, options = sequence.options
                pending.append(Task { try await engine.synthesize(text: text, voice: voice, options: options) })
            }
            guard !pending.isEmpty else { return nil }
            let task = pending.removeFirst()
            do {
                let audio = try await withTaskCancellationHandler {
                    try await task.value
                } onCancel: {
                    task.cancel()
                }
                defer { next += 1 }
                return (next, audio)
            } catch {
                for other in pending { other.cancel() }
                pending.removeAll()
                throw error
            }
        }
    }
}
