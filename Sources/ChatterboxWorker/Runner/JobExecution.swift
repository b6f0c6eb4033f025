import ChatterboxCore
import Foundation

/// One attempt at one job: speak the chunks not yet checkpointed through the one speaking path
/// (`SpeechSession` into a `CheckpointSink`), then assemble the file from the checkpoints. A resumed job
/// starts at its first missing chunk with the voice its checkpoints were spoken with, so the result equals an
/// uninterrupted run.
struct JobExecution: Sendable {
    let job: Job
    let store: any JobStore
    let processor: SpeechProcessor
    let node: String
    let configuration: JobRunnerConfiguration
    let shuttingDown: @Sendable () -> Bool

    func run() async throws -> JobCompletion {
        let request = try job.request()
        let done = try await store.checkpointIndexes(id: job.id)
        let resumeAt = zip(done, 0...).prefix { $0 == $1 }.count
        // A resumed job keeps its voice; a fresh one may move down the fallback chain.
        let pinned = try await store.checkpointVoice(id: job.id).map { [try VoiceID(parsing: $0)] }
        var session = try await SpeechSession.open(request, processor: processor, voices: pinned, startingAt: resumeAt)
        var checkpoints = CheckpointSink(execution: self, chunks: session.stream.chunkCount, voice: session.voice)
        try await session.speak(into: &checkpoints)
        return try await assemble(session, format: request.format)
    }

    /// Writes every checkpoint, placed as the session places chunks, into the job's output file.
    private func assemble(_ session: SpeechSession, format: AudioFormat) async throws -> JobCompletion {
        let destination = job.outputPath.map { URL(fileURLWithPath: $0) }
            ?? configuration.audioFolder.appendingPathComponent("\(job.id).\(format.fileExtension)")
        try FileManager.default.createDirectory(at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
        var file = try AudioFileSink(destination: destination, format: format, inputRate: session.stream.voice.sampleRate, sampleRate: job.sampleRate,
                                     bitrates: processor.settings.processing.bitrates)
        let words: [WordTiming]
        do {
            words = try await SpeechSession.replay(session.stream, into: &file) { index in
                guard let audio = try await store.checkpoint(id: job.id, index: index) else {
                    throw ChatterboxError.io("checkpoint \(index) of job \(job.id) is missing")
                }
                return audio
            }.words
        } catch {
            file.cancel()
            throw error
        }
        return JobCompletion(outputPath: destination.path, audioSeconds: file.duration, chunksTotal: session.stream.chunkCount,
                             spokenBy: session.voice.description, fallbackReason: session.fallbackReason, words: words)
    }
}
