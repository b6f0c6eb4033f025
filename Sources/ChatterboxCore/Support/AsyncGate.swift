/// A counting semaphore for async code: at most `limit` holders at once, waiters served in
/// arrival order. Model calls and direct syntheses queue through one instead of
/// oversubscribing the CPU.
public actor AsyncGate {
    private let limit: Int
    private var holders = 0
    private var waiters: [CheckedContinuation<Void, Never>] = []

    /// A gate letting `limit` holders in at once.
    public init(limit: Int) {
        self.limit = Swift.max(1, limit)
    }

    /// Waits for a place.
    public func enter() async {
        if holders < limit {
            holders += 1
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    /// Gives the place to the next waiter, or frees it.
    public func leave() {
        if waiters.isEmpty {
            holders -= 1
        } else {
            waiters.removeFirst().resume()
        }
    }

    /// Requests waiting for a place.
    public var waiting: Int { waiters.count }

    /// Runs `body` holding a place.
    public func run<T: Sendable>(_ body: @Sendable () async throws -> T) async rethrows -> T {
        await enter()
        defer { leave() }
        return try await body()
    }
}
