/// The audio of a chunked text as an asynchronous sequence, one element per chunk, in text
/// order — what the server streams sentence by sentence.
///
/// Up to `window` chunks (`processing.batch_size`) render at once, and the chunk after the
/// last rendering one is prepared ahead (for Piper: phonemes and ids while the model runs).
public struct ChunkSynthesis: AsyncSequence, Sendable {
    public typealias Element = (index: Int, audio: AudioBuffer)

    let chunks: [ChunkPlan]
    /// Every chunk's audio comes out at this rate (a chunk of another voice is resampled).
    let outputRate: Int
    let window: Int
    let firstIndex: Int
    let pace: RenderPace?

    /// Creates the sequence, starting at chunk `firstIndex` (a resumed job); nothing runs until it is iterated.
    /// Each chunk's rendering time is recorded in `pace` when given.
    public init(chunks: [ChunkPlan], outputRate: Int, window: Int, firstIndex: Int = 0, pace: RenderPace? = nil) {
        self.chunks = chunks
        self.outputRate = outputRate
        self.window = Swift.max(1, window)
        self.firstIndex = Swift.min(Swift.max(0, firstIndex), chunks.count)
        self.pace = pace
    }

    public func makeAsyncIterator() -> Iterator {
        Iterator(sequence: self)
    }

    /// Keeps the preparing and rendering tasks ahead of the consumer; yields in order.
    public struct Iterator: AsyncIteratorProtocol, Sendable {
        let sequence: ChunkSynthesis
        var next = 0
        var prepared: [Int: Task<PreparedChunk, any Error>] = [:]
        var rendering: [Int: Task<AudioBuffer, any Error>] = [:]

        init(sequence: ChunkSynthesis) {
            self.sequence = sequence
            self.next = sequence.firstIndex
        }

        public mutating func next() async throws -> Element? {
            guard next < sequence.chunks.count else { return nil }
            let outputRate = sequence.outputRate, pace = sequence.pace
            let lastRendered = Swift.min(next + sequence.window, sequence.chunks.count) - 1
            for index in next...Swift.min(lastRendered + 1, sequence.chunks.count - 1) where prepared[index] == nil {
                let plan = sequence.chunks[index]
                prepared[index] = Task { try await plan.prepare() }
            }
            for index in next...lastRendered where rendering[index] == nil {
                let input = prepared[index]!, plan = sequence.chunks[index]
                rendering[index] = Task {
                    let prepared = try await input.value, started = ContinuousClock.now
                    let audio = try await plan.render(prepared, outputRate: outputRate)
                    pace?.record(voice: plan.voice.id, audioSeconds: audio.duration, elapsed: started.secondsSince)
                    return audio
                }
            }
            let task = rendering.removeValue(forKey: next)!
            prepared[next] = nil
            do {
                let audio = try await withTaskCancellationHandler { try await task.value } onCancel: { task.cancel() }
                defer { next += 1 }
                return (next, audio)
            } catch {
                cancelAll()
                throw error
            }
        }

        /// Stops every chunk being prepared or rendered (the consumer went away); `next()` then ends.
        public mutating func cancel() {
            cancelAll()
        }

        private mutating func cancelAll() {
            for task in prepared.values { task.cancel() }
            for task in rendering.values { task.cancel() }
            prepared.removeAll()
            rendering.removeAll()
            next = sequence.chunks.count
        }
    }
}
