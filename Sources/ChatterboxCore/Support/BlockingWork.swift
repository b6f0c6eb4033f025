import Dispatch

/// Runs blocking C calls (an ONNX Runtime model run, espeak-ng synthesis) on threads outside
/// Swift's cooperative pool, so a model call of hundreds of milliseconds never holds up the
/// tasks that serve HTTP requests, heartbeats or the job store.
public enum BlockingWork {
    private static let queue = DispatchQueue(label: "chatterbox.blocking", qos: .userInitiated, attributes: .concurrent)

    /// Runs `body` on a dispatch thread and resumes with its result.
    public static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async {
                continuation.resume(with: Result { try body() })
            }
        }
    }
}
