import ChatterboxCore

/// A job's sink: each chunk stored as a checkpoint while the job holds its lease, stopping at a chunk boundary
/// when the job is cancelled, its lease is lost, the process shuts down or the disk runs low. Chunks rendering
/// ahead are then cancelled by the session, so they neither hold model turns nor burn CPU for nobody.
struct CheckpointSink: SpeechSink {
    /// The attempt the checkpoints belong to.
    let execution: JobExecution
    /// Chunks in the whole text.
    let chunks: Int
    /// The voice that speaks them (kept with the checkpoints: a resumed job speaks with it again).
    let voice: VoiceID

    mutating func write(_ piece: SpeechPiece) async throws {
        switch try await execution.store.saveCheckpoint(id: execution.job.id, node: execution.node, index: piece.index, audio: piece.audio,
                                                        chunksTotal: chunks, voice: voice.description) {
        case .held: break
        case .cancelled: throw JobInterruption.cancelled
        case .lost: throw JobInterruption.leaseLost
        }
        if execution.shuttingDown() && piece.index + 1 < chunks { throw JobInterruption.shutdown }
        if let problem = execution.configuration.storage.problem { throw JobInterruption.storageLow(problem) }
    }

    mutating func finish(words: [WordTiming]) async throws {}
}
