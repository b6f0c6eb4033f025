extension WorkerConnection {
    /// One round trip off the cooperative pool. The process is killed when `timeout` passes and,
    /// with `killOnCancel`, as soon as the calling task is cancelled; the blocked read then ends
    /// with a `WorkerFailure` saying which.
    func exchange(_ request: WorkerRequest, timeout: Duration, killOnCancel: Bool) async throws -> (reply: WorkerReply, samples: [Float]) {
        let timer = Task {
            if (try? await Task.sleep(for: timeout)) != nil { kill(.timeout) }
        }
        defer { timer.cancel() }
        return try await withTaskCancellationHandler {
            try await BlockingWork.run { try self.exchange(request) }
        } onCancel: {
            if killOnCancel { kill(.cancelled) }
        }
    }
}
