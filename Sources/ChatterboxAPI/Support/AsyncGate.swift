/// A counting semaphore for async code: at most `limit` holders at once, waiters served in
/// arrival order. Used so direct syntheses queue instead of oversubscribing the CPU.
actor AsyncGate {
    private let limit: Int
    private var holders = 0
    private var waiters: [CheckedContinuation<Void, Never>] = []

    init(limit: Int) {
        self.limit = Swift.max(1, limit)
    }

    /// Waits for a place.
    func enter() async {
        if holders < limit {
            holders += 1
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    /// Gives the place to the next waiter, or frees it.
    func leave() {
        if waiters.isEmpty {
            holders -= 1
        } else {
            waiters.removeFirst().resume()
        }
    }

    /// Requests waiting for a place.
    var waiting: Int { waiters.count }
}
