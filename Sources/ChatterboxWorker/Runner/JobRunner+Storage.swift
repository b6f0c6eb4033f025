import ChatterboxCore
import Foundation

/// What the runner does when the disk runs low: take on nothing, pause what runs at its last
/// checkpoint, and carry on by itself once there is room again.
extension JobRunner {
    /// While free space is under `jobs.min_free_disk_mb`, waits a poll interval and returns `true`
    /// (the caller loops without claiming); logs when the state changes, once.
    func waitForDiskSpace(worker: Int) async -> Bool {
        guard let problem = configuration.storage.problem else {
            if worker == 0, diskLow.exchange(false, ordering: .relaxed) { logger.notice("disk space is back: taking jobs again") }
            return false
        }
        if worker == 0, !diskLow.exchange(true, ordering: .relaxed) { logger.warning("not taking jobs: \(problem)") }
        try? await Task.sleep(for: configuration.pollInterval)
        return true
    }

    /// Queues `job` again at its last checkpoint without using up an attempt. A disk that is
    /// completely full may refuse even that write, so it is retried (the lease is still ours: no
    /// node claims while space is short) until it lands or the process stops.
    func pause(_ job: Job, reason: String) async {
        while true {
            do {
                if try await store.pause(id: job.id, node: node, reason: reason, now: Date()) {
                    logger.warning("job \(job.id) paused at its last checkpoint: \(reason)")
                    JobMetrics.paused()
                }
                return
            } catch {
                guard !isStopping else { return }
                logger.error("job \(job.id): cannot record the pause yet (\(error)); trying again")
                try? await Task.sleep(for: .seconds(1))
            }
        }
    }
}
