import ChatterboxCore
import Foundation
import Logging
import ServiceLifecycle
import Synchronization

/// Runs queued jobs: `concurrency` workers claim jobs atomically, hold a lease renewed by a
/// heartbeat, checkpoint every chunk, and retry with exponential backoff. On graceful shutdown
/// each worker stops at its next chunk boundary and releases its lease, so no job is lost.
public final class JobRunner: Service, Sendable {
    /// This process's lease identity.
    public let node: String
    let store: any JobStore
    let processor: SpeechProcessor
    let configuration: JobRunnerConfiguration
    let logger: Logger
    let stopping = Atomic<Bool>(false)
    /// Whether the last look found free disk under `jobs.min_free_disk_mb` (for logging the change once).
    let diskLow = Atomic<Bool>(false)
    let folderOutcomes: FolderOutcomes?

    /// Creates a runner.
    public init(store: any JobStore, processor: SpeechProcessor, configuration: JobRunnerConfiguration,
                node: String = NodeIdentity.make(), logger: Logger = Logger(label: "chatterbox.runner")) {
        self.store = store
        self.processor = processor
        self.configuration = configuration
        self.node = node
        self.logger = logger
        self.folderOutcomes = configuration.inputFolder.map(FolderOutcomes.init(inputFolder:))
    }

    /// Works until graceful shutdown.
    public func run() async throws {
        try await reclaimLeasesOfDeadLocalProcesses()
        AtomicFile.removeLeftovers(in: configuration.audioFolder)
        await withGracefulShutdownHandler {
            await withDiscardingTaskGroup { group in
                for worker in 0..<max(1, configuration.concurrency) {
                    group.addTask { await self.workLoop(worker: worker) }
                }
                group.addTask { await self.retentionLoop() }
            }
        } onGracefulShutdown: {
            self.stopping.store(true, ordering: .relaxed)
        }
        let released = try await store.releaseLeases(node: node, now: Date(), crashed: false)
        if released > 0 { logger.notice("released \(released) unfinished job(s) for another node") }
    }

    /// Asks the workers to stop at their next chunk boundary (what graceful shutdown does).
    public func stop() {
        stopping.store(true, ordering: .relaxed)
    }

    var isStopping: Bool { stopping.load(ordering: .relaxed) }

    /// Leases held by processes of this host that no longer exist are released at once.
    func reclaimLeasesOfDeadLocalProcesses() async throws {
        for (_, owner) in try await store.runningLeases() where NodeIdentity.isDeadLocalProcess(owner, current: node) {
            let count = try await store.releaseLeases(node: owner, now: Date(), crashed: true)
            logger.notice("took back \(count) job(s) from exited process \(owner)")
        }
    }

    private func workLoop(worker: Int) async {
        while !isStopping && !Task.isCancelled {
            do {
                if await waitForDiskSpace(worker: worker) { continue }
                guard let job = try await store.claim(node: node, leaseSeconds: configuration.leaseSeconds,
                                                      engineLimits: configuration.engineLimits, now: Date()) else {
                    await store.waitForWork(upTo: configuration.pollInterval)
                    continue
                }
                await process(job)
            } catch {
                logger.error("worker \(worker): job store error: \(error)")
                try? await Task.sleep(for: .seconds(1))
            }
        }
    }

    /// One attempt, with its heartbeat; records the outcome in the store.
    func process(_ job: Job) async {
        logger.info("job \(job.id) attempt \(job.attempts) on \(job.voice)")
        let started = ContinuousClock.now
        let execution = JobExecution(job: job, store: store, processor: processor, node: node, configuration: configuration,
                                     shuttingDown: { [weak self] in self?.isStopping ?? true })
        do {
            let completion = try await withThrowingTaskGroup(of: JobCompletion?.self) { group in
                group.addTask { try await execution.run() }
                group.addTask { try await self.heartbeat(job); return nil }
                defer { group.cancelAll() }
                while let result = try await group.next() {
                    if let result { return result }
                }
                throw JobInterruption.leaseLost
            }
            if try await store.complete(id: job.id, node: node, result: completion, now: Date()) {
                logger.info("job \(job.id) succeeded: \(String(format: "%.1f", completion.audioSeconds)) s of audio")
                JobMetrics.succeeded(audioSeconds: completion.audioSeconds, wallSeconds: started.secondsSince)
                folderOutcomes?.succeeded(job)
            } else {
                logger.warning("job \(job.id) finished here but another node completed it; result discarded")
            }
        } catch JobInterruption.storageLow(let problem) {
            await pause(job, reason: problem)
        } catch let interruption as JobInterruption {
            logger.notice("job \(job.id) stopped: \(interruption)")
        } catch where StorageCheck.isDiskFull(error) || configuration.storage.problem != nil {
            await pause(job, reason: configuration.storage.problem ?? "the disk is full (\(error))")
        } catch {
            await recordFailure(job, error, wallSeconds: started.secondsSince)
        }
    }

    /// Deletes finished jobs past `jobs.retention` days, and the audio the runner wrote for them
    /// under the data folder (files at paths the user chose are theirs to keep).
    @discardableResult
    public func purgeExpired(now: Date = Date()) async throws -> Int {
        let purged = try await store.purge(finishedBefore: now.addingTimeInterval(-Double(configuration.retentionDays) * 86_400))
        let files = JobAudioFiles(folder: configuration.audioFolder)
        for job in purged { files.removeOwned(by: job) }
        if !purged.isEmpty { logger.info("retention: deleted \(purged.count) finished job(s)") }
        return purged.count
    }

    private func retentionLoop() async {
        while !isStopping && !Task.isCancelled {
            do { try await purgeExpired() } catch { logger.error("retention sweep failed: \(error)") }
            for _ in 0..<3600 where !isStopping { try? await Task.sleep(for: .seconds(1)) }
        }
    }

    private func heartbeat(_ job: Job) async throws {
        while true {
            try await Task.sleep(for: .seconds(configuration.leaseSeconds / 3))
            switch try await store.renewLease(id: job.id, node: node, leaseSeconds: configuration.leaseSeconds, now: Date()) {
            case .held: continue
            case .cancelled: throw JobInterruption.cancelled
            case .lost: throw JobInterruption.leaseLost
            }
        }
    }

    /// Bad input fails at once; anything else retries with backoff until attempts run out.
    private func recordFailure(_ job: Job, _ error: any Error, wallSeconds: Double) async {
        let failure = error as? ChatterboxError ?? ChatterboxError.engine("\(error)")
        let retry = !failure.kind.isCallerFault && job.attempts < job.maxAttempts
        JobMetrics.failed(code: failure.code.rawValue, wallSeconds: wallSeconds, final: !retry)
        let retryAt = retry ? Date().addingTimeInterval(configuration.backoff(afterAttempt: job.attempts)) : nil
        do {
            guard try await store.fail(id: job.id, node: node, error: failure, retryAt: retryAt, now: Date()) else { return }
            if retry {
                logger.warning("job \(job.id) attempt \(job.attempts) failed, retrying: \(failure.message)")
            } else {
                logger.error("job \(job.id) failed: \(failure.message)")
                folderOutcomes?.failed(job, reason: failure.message)
            }
        } catch {
            logger.error("job \(job.id): cannot record failure: \(error)")
        }
    }
}
