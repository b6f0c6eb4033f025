import Foundation
import Logging
import Synchronization

/// One running helper process (a Python worker, the espeak-ng helper) and its pipes. Reads and writes block (they run through
/// `BlockingWork`); `kill` may be called from any thread and makes a blocked read end.
final class WorkerConnection: @unchecked Sendable {
    /// Why the process was killed, so a failed read can say what happened.
    enum KillReason: Sendable { case timeout, cancelled, stopped }

    /// How to start a worker.
    struct Launch: Sendable {
        var executable: String
        var arguments: [String]
        var environment: [String: String]
        /// Engine id, for logs and messages.
        var engine: String
        /// What the process is called in messages: `worker` or `helper`.
        var role = "worker"
        /// What to do when the program cannot be started.
        var startHint = "set engines.python (run `chatterbox setup`)"
    }

    // Process and FileHandle are not Sendable; they are only used through the methods below,
    // which do not share mutable state except `state` (behind a Mutex).
    private let process: Process
    private let input: FileHandle
    private let output: FileHandle
    private let state = Mutex<(killed: KillReason?, stderrTail: [String])>((nil, []))
    let engine: String
    private let name: String

    /// Starts the process; it is ready once `readReady` returns.
    init(_ launch: Launch, logger: Logger) throws {
        signal(SIGPIPE, SIG_IGN)  // a dead worker must make writes fail, not kill the server
        engine = launch.engine
        name = "\(launch.engine) \(launch.role)"
        process = Process()
        process.executableURL = URL(fileURLWithPath: launch.executable)
        process.arguments = launch.arguments
        process.environment = launch.environment
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        do { try process.run() } catch {
            throw ChatterboxError(.engineUnavailable, message: "cannot start the \(name) with \(launch.executable): \(error.localizedDescription); \(launch.startHint)")
        }
        input = stdin.fileHandleForWriting
        output = stdout.fileHandleForReading
        let errors = stderr.fileHandleForReading
        Thread.detachNewThread { [self] in
            // The worker's own log lines (and library warnings) go to ours.
            var pending = Data()
            while let chunk = try? errors.read(upToCount: 4096), !chunk.isEmpty {
                pending += chunk
                while let newline = pending.firstIndex(of: 0x0A) {
                    let line = String(decoding: pending[pending.startIndex..<newline], as: UTF8.self)
                    pending = Data(pending[pending.index(after: newline)...])
                    logger.info("\(self.name): \(line)")
                    self.state.withLock { $0.stderrTail = Array(($0.stderrTail + [line]).suffix(12)) }
                }
            }
        }
    }

    /// The worker's process id.
    var pid: Int32 { process.processIdentifier }

    /// Whether the process is still running.
    var isRunning: Bool { process.isRunning }

    /// Kills the process (SIGKILL); a blocked read then ends.
    func kill(_ reason: KillReason) {
        state.withLock { if $0.killed == nil { $0.killed = reason } }
        if process.isRunning { Foundation.kill(process.processIdentifier, SIGKILL) }
    }

    /// Closes stdin (the worker exits at end of input); kills it if it has not gone after `grace`.
    func stop(grace: TimeInterval = 3) {
        state.withLock { if $0.killed == nil { $0.killed = .stopped } }
        try? input.close()
        let deadline = Date().addingTimeInterval(grace)
        while process.isRunning, Date() < deadline { usleep(20_000) }
        if process.isRunning { Foundation.kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    /// Sends one request and reads its reply (blocking).
    func exchange(_ request: WorkerRequest) throws -> (reply: WorkerReply, samples: [Float]) {
        do {
            try input.write(contentsOf: WorkerFrame.encode(request))
        } catch {
            throw failure("could not send the request (\(error.localizedDescription))")
        }
        return try readReply()
    }

    /// Reads the next reply: header, then its samples.
    func readReply() throws -> (reply: WorkerReply, samples: [Float]) {
        let length = WorkerFrame.length(of: try read(4))
        guard length > 0, length <= WorkerFrame.maxHeaderBytes else { throw failure("sent a frame of \(length) bytes") }
        let header = try read(length)
        guard let reply = try? JSONDecoder().decode(WorkerReply.self, from: header) else {
            throw failure("sent a header that is not JSON: \(String(decoding: header.prefix(200), as: UTF8.self))")
        }
        let count = reply.samples ?? 0
        guard count >= 0, count < Int(Int32.max) / 4 else { throw failure("announced \(count) samples") }
        return (reply, count > 0 ? WorkerFrame.samples(from: try read(count * 4)) : [])
    }

    private func read(_ count: Int) throws -> Data {
        var data = Data(capacity: count)
        while data.count < count {
            guard let chunk = try? output.read(upToCount: count - data.count), !chunk.isEmpty else {
                throw failure(data.isEmpty && count == 4 ? "stopped answering" : "ended inside a frame")
            }
            data += chunk
        }
        return data
    }

    /// The error for a worker that died or broke the protocol, with its last log lines.
    private func failure(_ what: String) -> WorkerFailure {
        if process.isRunning, state.withLock({ $0.killed }) == nil { kill(.stopped) }
        process.waitUntilExit()
        let (reason, tail) = state.withLock { ($0.killed, $0.stderrTail) }
        let status = process.terminationReason == .uncaughtSignal ? "killed by signal \(process.terminationStatus)" : "exit status \(process.terminationStatus)"
        return WorkerFailure(reason: reason, message: "the \(name) \(what) (\(status))" + (tail.isEmpty ? "" : ": " + tail.suffix(3).joined(separator: " | ")))
    }
}

/// A worker that died, was killed or broke the protocol.
struct WorkerFailure: Error, CustomStringConvertible {
    /// Set when we killed it (timeout, cancellation, stop); nil when it died on its own.
    var reason: WorkerConnection.KillReason?
    var message: String
    var description: String { message }
}
