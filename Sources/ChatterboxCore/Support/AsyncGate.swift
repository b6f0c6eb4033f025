/// A counting semaphore for async code: at most `limit` holders at once, waiters served in
/// arrival order. Model calls and direct syntheses queue through one instead of
/// oversubscribing the CPU. A waiter whose task is cancelled (its client hung up, its job
/// stopped) leaves the line at once with `CancellationError` instead of taking a turn later.
public actor AsyncGate {
    private let limit: Int
    private var holders = 0
    private var waiters: [(id: UInt64, continuation: CheckedContinuation<Void, any Error>)] = []
    private var nextID: UInt64 = 0

    /// A gate letting `limit` holders in at once.
    public init(limit: Int) {
        self.limit = Swift.max(1, limit)
    }

    /// Waits for a place; throws `CancellationError` (holding nothing) if the task is cancelled first.
    public func enter() async throws {
        try Task.checkCancellation()
        if holders < limit {
            holders += 1
            return
        }
        nextID += 1
        let id = nextID
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { waiters.append((id, $0)) }
        } onCancel: {
            Task { await self.withdraw(id) }
        }
    }

    /// Gives the place to the next waiter, or frees it.
    public func leave() {
        if waiters.isEmpty {
            holders -= 1
        } else {
            waiters.removeFirst().continuation.resume()
        }
    }

    /// Requests waiting for a place.
    public var waiting: Int { waiters.count }

    /// Runs `body` holding a place.
    public func run<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        try await enter()
        defer { leave() }
        try Task.checkCancellation()
        return try await body()
    }

    /// A cancelled waiter still in line leaves it (one already given a place keeps it and leaves normally).
    private func withdraw(_ id: UInt64) {
        guard let index = waiters.firstIndex(where: { $0.id == id }) else { return }
        waiters.remove(at: index).continuation.resume(throwing: CancellationError())
    }
}
