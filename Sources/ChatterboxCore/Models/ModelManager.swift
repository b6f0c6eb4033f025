import Foundation
import Logging

/// Loads Piper voices on first use and keeps at most `maxLoaded` of them (least recently used
/// goes first); a voice unused for `idleSeconds` is unloaded by `sweep`, which the node's
/// `IdleSweeper` calls.
public actor ModelManager {
    /// Limits and placement.
    public struct Policy: Sendable, Equatable {
        public var maxLoaded: Int
        public var idleSeconds: Double
        public var threads: Int
        public var onnxruntimeLibrary: String
        public var cuda: Bool

        /// Creates a policy.
        public init(maxLoaded: Int, idleSeconds: Double, threads: Int, onnxruntimeLibrary: String, cuda: Bool) {
            self.maxLoaded = maxLoaded
            self.idleSeconds = idleSeconds
            self.threads = threads
            self.onnxruntimeLibrary = onnxruntimeLibrary
            self.cuda = cuda
        }
    }

    private struct Slot {
        var voice: PiperVoice
        var lastUsed: ContinuousClock.Instant
    }

    /// The policy in force.
    public let policy: Policy
    private let store: VoiceStore
    private var slots: [String: Slot] = [:]
    private var loading: [String: Task<PiperVoice, any Error>] = [:]
    private let logger = Logger(label: "chatterbox.models")

    /// Model calls running at once: as many as the cores hold at `policy.threads` threads each
    /// (one when a call uses every core). Measured: two 2-thread calls at once on 2 cores gave
    /// 20% less audio per second than the same calls one after another (docs/benchmarks.md).
    public nonisolated let calls: AsyncGate

    /// Creates a manager; nothing loads until `voice(named:)`.
    public init(store: VoiceStore, policy: Policy) {
        self.store = store
        self.policy = policy
        let cores = ProcessInfo.processInfo.activeProcessorCount
        calls = AsyncGate(limit: policy.threads > 0 ? Swift.max(1, cores / policy.threads) : 1)
    }

    /// Names of the voices in memory now.
    public var loadedNames: [String] { slots.keys.sorted() }

    /// The ONNX Runtime library, loaded (or its load error).
    public func runtime() throws -> OnnxRuntime {
        try OnnxRuntime.load(path: policy.onnxruntimeLibrary)
    }

    /// The loaded voice `name`, loading it (once, even when asked concurrently) if needed.
    public func voice(named name: String) async throws -> PiperVoice {
        if var slot = slots[name] {
            slot.lastUsed = .now
            slots[name] = slot
            return slot.voice
        }
        if let pending = loading[name] { return try await pending.value }
        guard let entry = store.entry(named: name) else {
            throw ChatterboxError(.unknownVoice, message: "Piper voice '\(name)' is not installed; `chatterbox voices list` shows what is", field: "voice")
        }
        let runtime = try runtime()
        let policy = self.policy
        // Creating the ONNX session takes seconds of blocking C calls: on a BlockingWork thread, never the cooperative pool.
        let task = Task { try await BlockingWork.run { try PiperVoice(entry: entry, runtime: runtime, threads: policy.threads, cuda: policy.cuda) } }
        loading[name] = task
        defer { loading[name] = nil }
        let started = ContinuousClock.now
        let voice = try await task.value
        logger.info("loaded voice \(name) in \(ContinuousClock.now - started)")
        slots[name] = Slot(voice: voice, lastUsed: .now)
        evictBeyondLimit()
        return voice
    }

    /// Unloads voices idle longer than the policy allows. Returns the names unloaded.
    @discardableResult
    public func sweep(now: ContinuousClock.Instant = .now) -> [String] {
        guard policy.idleSeconds > 0 else { return [] }
        let idle = slots.filter { now - $0.value.lastUsed > .seconds(policy.idleSeconds) }.map(\.key)
        for name in idle {
            slots[name] = nil
            logger.info("unloaded idle voice \(name)")
        }
        return idle.sorted()
    }

    /// Forgets voice `name` (its files were replaced or removed): requests speaking with it keep the model they
    /// hold; the next one loads the files anew.
    public func forget(_ name: String) {
        slots[name] = nil
    }

    /// Unloads everything.
    public func unloadAll() {
        slots.removeAll()
    }

    private func evictBeyondLimit() {
        while slots.count > max(1, policy.maxLoaded) {
            guard let oldest = slots.min(by: { $0.value.lastUsed < $1.value.lastUsed })?.key else { return }
            slots[oldest] = nil
            logger.info("unloaded voice \(oldest) (more than \(policy.maxLoaded) loaded)")
        }
    }
}
