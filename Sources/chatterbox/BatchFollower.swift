import ChatterboxWorker
import Foundation
import ServiceLifecycle
import Synchronization

/// Follows a batch's jobs, printing their progress, until every one has finished (or the batch is stopped);
/// it is the service whose end shuts the batch's service group down gracefully.
final class BatchFollower: Service, Sendable {
    private let progress: Mutex<BatchProgress>
    private let store: any JobStore

    init(progress: BatchProgress, store: any JobStore) {
        self.progress = Mutex(progress)
        self.store = store
    }

    func run() async throws {
        var progress = self.progress.withLock { $0 }
        while !Task.isShuttingDownGracefully, !Task.isCancelled, try await progress.update(from: store) {
            try? await Task.sleep(for: .milliseconds(300))
        }
        progress.finish()
        self.progress.withLock { $0 = progress }
    }

    /// Whether every file of the batch succeeded (false until `run` has followed them all).
    var allSucceeded: Bool { progress.withLock { $0.allSucceeded } }
}
