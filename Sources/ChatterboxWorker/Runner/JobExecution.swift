import ChatterboxCore
import Foundation

/// One attempt at one job: speak the chunks not yet checkpointed, store each as it finishes,
/// then assemble the file from the checkpoints. A resumed job starts at its first missing chunk
/// with the voice its checkpoints were spoken with, so the result equals an uninterrupted run.
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
        let candidates = try await store.checkpointVoice(id: job.id).map { [$0] } ?? processor.voiceCandidates(for: job.voice)
        var failures: [String] = []
        for (position, voiceID) in candidates.enumerated() {
            do {
                let stream = try await processor.stream(request, voiceID: voiceID, startingAt: resumeAt)
                try await speak(stream)
                let fallback = position > 0 ? failures.joined(separator: "; ") : nil
                return try await assemble(stream, fallbackReason: fallback, format: request.format)
            } catch let error as ChatterboxError {
                // Move down the chain only while nothing was spoken: a job never mixes voices.
                let spoke = try await !store.checkpointIndexes(id: job.id).isEmpty
                // The voice asked for must exist; a fallback voice that is not installed is skipped.
                let movable = !error.kind.isCallerFault || (position > 0 && error.code == "unknown_voice")
                guard movable, position + 1 < candidates.count, !spoke else { throw error }
                failures.append("\(voiceID): \(error.message)")
            }
        }
        throw ChatterboxError.engine("no voice could speak the job")
    }

    /// Synthesises and checkpoints the remaining chunks, stopping at a chunk boundary when the
    /// job is cancelled, its lease is lost, or the process shuts down. Chunks already rendering
    /// ahead are cancelled then, so they neither hold model turns nor burn CPU for nobody.
    private func speak(_ stream: SpeechStream) async throws {
        var chunks = stream.chunks.makeAsyncIterator()
        defer { chunks.cancel() }
        while let (index, audio) = try await chunks.next() {
            switch try await store.saveCheckpoint(id: job.id, node: node, index: index, audio: audio,
                                                  chunksTotal: stream.chunkCount, voice: stream.voice.id) {
            case .held: break
            case .cancelled: throw JobInterruption.cancelled
            case .lost: throw JobInterruption.leaseLost
            }
            if shuttingDown() && index + 1 < stream.chunkCount { throw JobInterruption.shutdown }
            if let problem = configuration.storage.problem { throw JobInterruption.storageLow(problem) }
        }
    }

    /// Writes every checkpoint, in order with silence between, into the job's output file.
    private func assemble(_ stream: SpeechStream, fallbackReason: String?, format: AudioFormat) async throws -> JobCompletion {
        let destination = job.outputPath.map { URL(fileURLWithPath: $0) }
            ?? configuration.audioFolder.appendingPathComponent("\(job.id).\(format.fileExtension)")
        try FileManager.default.createDirectory(at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
        let writer = try AudioFileWriter(destination: destination, format: format, inputRate: stream.voice.sampleRate, sampleRate: job.sampleRate)
        var finished = false
        defer { if !finished { writer.cancel() } }
        var captions = stream.captionTrack(), written = 0
        for index in 0..<stream.chunkCount {
            guard let audio = try await store.checkpoint(id: job.id, index: index) else {
                throw ChatterboxError.io("checkpoint \(index) of job \(job.id) is missing")
            }
            let samples = stream.samples(index: index, audio: audio)
            captions.append(stream.words(index: index, audio: audio), at: Double(written) / Double(audio.sampleRate))
            written += samples.count
            try writer.append(AudioBuffer(samples: samples, sampleRate: audio.sampleRate))
        }
        let seconds = try writer.finish()
        finished = true
        captions.finish()
        return JobCompletion(outputPath: destination.path, audioSeconds: seconds, chunksTotal: stream.chunkCount,
                             spokenBy: stream.voice.id, fallbackReason: fallbackReason, words: captions.words)
    }
}
