import ChatterboxCore
import Crypto
import Foundation
import Logging
import ServiceLifecycle

/// Watches `directories.input`: each `.txt`/`.md` file that has stopped changing (same size and
/// modification time on two looks) becomes a job whose audio goes to `directories.output` under
/// the input's name. The idempotency key is the file's name and content hash, so a restart never
/// queues the same file twice; a file whose job already ended is moved on.
public final class FolderWatcher: Service, Sendable {
    let store: any JobStore
    let processor: SpeechProcessor
    var settings: Settings { processor.settings }
    let input: URL
    let output: URL
    let interval: Duration
    let logger = Logger(label: "chatterbox.folder")

    /// Creates a watcher of `processor.settings`' folders; jobs take the default voice's own defaults (`VoiceDefaults`).
    public init(store: any JobStore, processor: SpeechProcessor, workingDirectory: URL, interval: Duration = .seconds(1)) {
        self.store = store
        self.processor = processor
        self.input = Settings.resolve(processor.settings.directories.input, in: workingDirectory)
        self.output = Settings.resolve(processor.settings.directories.output, in: workingDirectory)
        self.interval = interval
    }

    public func run() async throws {
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        AtomicFile.removeLeftovers(in: output)
        var previous: [String: [FileAttributeKey: Any]] = [:]
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            previous = await scan(previous: previous)
            try? await Task.sleep(for: interval)
        }
    }

    /// One look at the folder; returns what it saw, for the next look's stability check.
    func scan(previous: [String: [FileAttributeKey: Any]]) async -> [String: [FileAttributeKey: Any]] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: input.path)) ?? []
        var seen: [String: [FileAttributeKey: Any]] = [:]
        for name in names.sorted() where name.hasSuffix(".txt") || name.hasSuffix(".md") {
            let path = input.appendingPathComponent(name).path
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else { continue }
            seen[name] = attributes
            guard let before = previous[name],
                  before[.size] as? Int == attributes[.size] as? Int,
                  before[.modificationDate] as? Date == attributes[.modificationDate] as? Date else { continue }
            await submit(name: name, path: path)
        }
        return seen
    }

    private func submit(name: String, path: String) async {
        guard let data = FileManager.default.contents(atPath: path) else { return }
        let format = settings.processing.outputFormat
        let base = (name as NSString).deletingPathExtension
        let key = "folder:\(name):" + SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
        do {
            let text = try TextValidator(maxLength: settings.processing.maxTextLength).validate(bytes: data)
            let request = processor.withVoiceDefaults(SynthesisRequest(text: text, format: format))
            let job = NewJob(request, voice: settings.processing.model, idempotencyKey: key,
                             outputPath: output.appendingPathComponent("\(base).\(format.fileExtension)").path, sourcePath: path)
            let result = try await store.enqueue(job, maxAttempts: settings.jobs.maxAttempts, now: Date())
            if result.created {
                logger.info("queued \(name) as job \(result.job.id)")
            } else if result.job.status.isFinal {
                // Finished before a restart but not moved yet: finish the move now.
                let outcomes = FolderOutcomes(inputFolder: input)
                if result.job.status == .succeeded { outcomes.succeeded(result.job) }
                else { outcomes.failed(result.job, reason: result.job.errorMessage ?? result.job.status.rawValue) }
            }
        } catch let error as ChatterboxError where error.kind.isCallerFault {
            logger.warning("\(name) rejected: \(error.message)")
            FolderOutcomes(inputFolder: input).failed(
                Job.placeholder(sourcePath: path), reason: error.message)
        } catch {
            logger.error("\(name): \(error)")
        }
    }
}

extension Job {
    /// A stand-in for an input file that never became a job (rejected before queueing).
    static func placeholder(sourcePath: String) -> Job {
        Job(id: "", status: .failed, text: "", voice: "", format: "wav", sampleRate: nil, speed: 1, parameters: [:], priority: 0,
            attempts: 0, maxAttempts: 0, errorCode: nil, errorMessage: nil, idempotencyKey: nil, requestHash: "",
            createdAt: Date(), startedAt: nil, finishedAt: nil, notBefore: Date(), leaseOwner: nil, leaseExpiresAt: nil,
            chunksDone: 0, chunksTotal: 0, audioSeconds: 0, outputPath: nil, spokenBy: nil, fallbackReason: nil,
            sourcePath: sourcePath, sequence: 0)
    }
}
