import ChatterboxCore
import ServiceLifecycle

/// Frees what the engines keep between requests once it has been idle long enough — Piper voices
/// past `processing.idle_unload_seconds`, Python workers past `engines.python_idle_seconds` — by
/// asking every engine every `interval`. One service in the node's group, instead of a timer task
/// per model or worker that nothing would stop at shutdown.
public struct IdleSweeper: Service {
    let registry: EngineRegistry
    let interval: Duration

    public init(registry: EngineRegistry, interval: Duration = .seconds(1)) {
        self.registry = registry
        self.interval = interval
    }

    public func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await sweep()
                try await Task.sleep(for: interval)
            }
        }
    }

    /// One pass over the engines.
    public func sweep(now: ContinuousClock.Instant = .now) async {
        for engine in registry.engines.values { await engine.releaseIdle(now: now) }
    }
}
