import Foundation
import Logging

/// The long-lived worker of one Python engine: started on first use, one request at a time,
/// restarted after a crash (the failed request is retried once), killed and restarted when a
/// request overruns its timeout, stopped after `idleSeconds` without requests.
public actor WorkerProcess {
    /// Audio of one synthesis.
    public struct Answer: Sendable {
        public var samples: [Float]
        public var sampleRate: Int
    }

    private let launch: WorkerConnection.Launch
    private let timeout: Duration
    private let idleSeconds: Double
    private let logger: Logger
    private let turns = AsyncGate(limit: 1)
    private var connection: WorkerConnection?
    /// When the last request ended.
    private var lastUsed = ContinuousClock.now
    private var nextID = 0
    /// Requests being served; the idle stop never interrupts one.
    private var inFlight = 0
    /// Voices (or models) the running worker has loaded.
    private var warmed: Set<String> = []
    /// Starting a worker or loading a model may take longer than one chunk (torch imports, weights from disk).
    private var loadTimeout: Duration { max(timeout, .seconds(120)) }
    /// Processes started so far (restarts included).
    public private(set) var starts = 0

    /// Creates the (not yet started) worker of `engine`, run as `python -m chatterbox_worker`.
    public init(engine: String, python: String, workerFolder: String, device: String, timeout: Duration, idleSeconds: Double,
                arguments: [String] = []) {
        var environment = Secrets.childEnvironment()
        environment["PYTHONPATH"] = ([workerFolder] + (environment["PYTHONPATH"].map { [$0] } ?? [])).joined(separator: ":")
        environment["PYTHONUNBUFFERED"] = "1"
        launch = WorkerConnection.Launch(executable: python, arguments: ["-m", "chatterbox_worker", "--engine", engine, "--device", device] + arguments,
                                         environment: environment, engine: engine)
        self.timeout = timeout
        self.idleSeconds = idleSeconds
        logger = Logger(label: "chatterbox.python")
    }

    /// Whether a request is being served now.
    public var isBusy: Bool { inFlight > 0 }

    /// The running worker's process id, if one runs.
    public var pid: Int32? { connection?.isRunning == true ? connection?.pid : nil }

    /// Sends `request`; a worker that dies meanwhile is restarted and the request sent once more.
    /// Worker-reported failures become `ChatterboxError`s with the worker's code and message.
    public func synthesize(_ request: WorkerRequest) async throws -> Answer {
        try await turns.run {
            let (reply, samples) = try await self.send(request, retry: true)
            return Answer(samples: samples, sampleRate: reply.sampleRate ?? 0)
        }
    }

    /// Starts the worker if needed and asks it to load its model.
    public func load() async throws {
        _ = try await turns.run { try await self.send(WorkerRequest(op: "load"), retry: true) }
    }

    /// Stops the worker (it exits at the end of its input).
    public func stop() async {
        guard let running = connection else { return }
        connection = nil
        try? await BlockingWork.run { running.stop() }
        logger.info("stopped the \(launch.engine) worker (pid \(running.pid))")
    }

    private func send(_ request: WorkerRequest, retry: Bool) async throws -> (WorkerReply, [Float]) {
        inFlight += 1
        defer { inFlight -= 1 }
        let running = try await running()
        var limit = loadTimeout
        do {
            // Loading a model (or a voice) is not charged to the first chunk's timeout.
            let voiceKey = request.voicePath ?? request.voice ?? ""
            if request.op == "synthesize", !warmed.contains(voiceKey) {
                _ = try await call(WorkerRequest(op: "load", voice: request.voice, voicePath: request.voicePath), on: running, timeout: limit)
                warmed.insert(voiceKey)
            }
            limit = request.op == "load" ? loadTimeout : timeout
            return try await call(request, on: running, timeout: limit)
        } catch let failure as WorkerFailure {
            connection = nil
            switch failure.reason {
            case .timeout:
                throw ChatterboxError(.engineTimeout, message: "\(launch.engine) did not answer within \(limit); the worker was restarted (engines.python_timeout_seconds)")
            case .cancelled:
                throw CancellationError()
            case .stopped, nil:
                guard retry, !Task.isCancelled else { throw ChatterboxError(.engineCrashed, message: failure.message) }
                logger.warning("\(failure.message); restarting it and retrying the request once")
                return try await send(request, retry: false)
            }
        }
    }

    /// One request and its reply; a failure the worker reports becomes a `ChatterboxError` with its code.
    private func call(_ request: WorkerRequest, on running: WorkerConnection, timeout: Duration) async throws -> (WorkerReply, [Float]) {
        var request = request
        nextID += 1
        request.id = nextID
        let (reply, samples) = try await exchange(request, on: running, timeout: timeout)
        lastUsed = .now
        guard reply.ok == true else {
            let failure = reply.error ?? .init(code: "engine_error", message: "the worker failed without saying why")
            throw WorkerReportedError.error(engine: launch.engine, code: failure.code, message: failure.message)
        }
        return (reply, samples)
    }

    /// One round trip, killed at the timeout or when the calling task is cancelled.
    private func exchange(_ request: WorkerRequest, on running: WorkerConnection, timeout: Duration) async throws -> (WorkerReply, [Float]) {
        try await running.exchange(request, timeout: timeout, killOnCancel: true)
    }

    /// The running worker, starting one (and waiting for its ready frame) if none runs.
    private func running() async throws -> WorkerConnection {
        if let connection, connection.isRunning { return connection }
        let started = ContinuousClock.now
        let fresh = try WorkerConnection(launch, logger: logger)
        starts += 1
        let timer = Task { [loadTimeout] in
            if (try? await Task.sleep(for: loadTimeout)) != nil { fresh.kill(.timeout) }
        }
        defer { timer.cancel() }
        let ready: WorkerReply
        do {
            ready = try await BlockingWork.run { try fresh.readReply().reply }
        } catch let failure as WorkerFailure {
            throw ChatterboxError(.engineUnavailable, message: "\(failure.message); is \(launch.executable) a Python 3.8+ with the worker's packages? (`chatterbox doctor`)")
        }
        guard ready.op == "ready" else {
            fresh.kill(.stopped)
            throw ChatterboxError(.engineUnavailable, message: "the \(launch.engine) worker did not introduce itself; is engines.python_worker the chatterbox_worker folder?")
        }
        guard ready.available == true else {
            _ = try? await BlockingWork.run { fresh.stop() }
            throw ChatterboxError(.engineUnavailable, message: "\(launch.engine) cannot run in \(launch.executable): \(ready.reason ?? "unavailable"); run `chatterbox setup` or install them there")
        }
        logger.info("started the \(launch.engine) worker (pid \(fresh.pid), Python \(ready.python ?? "?")) in \(ContinuousClock.now - started)")
        connection = fresh
        warmed = []
        return fresh
    }

    /// Stops a running worker no request has used for `idleSeconds` (never one serving a request).
    public func stopIfIdle(now: ContinuousClock.Instant = .now) async {
        guard idleSeconds > 0, connection != nil, inFlight == 0, now - lastUsed >= .seconds(idleSeconds) else { return }
        logger.info("the \(launch.engine) worker was idle for \(Int(idleSeconds)) s")
        await stop()
    }
}
