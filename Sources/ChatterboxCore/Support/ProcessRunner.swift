import Foundation

/// Runs a program and collects its output, killing it after a timeout, so one hung interpreter
/// never stops a scan or a check.
public enum ProcessRunner {
    /// What the program printed and how it ended.
    public struct Output: Sendable {
        /// Exit status; -1 when it could not start or timed out.
        public var status: Int32
        public var stdout: String
        public var stderr: String
        public var timedOut: Bool
    }

    /// Runs `executable` with `arguments`, stdin closed, and waits at most `timeout` seconds.
    public static func run(_ executable: String, _ arguments: [String], timeout: TimeInterval, environment: [String: String]? = nil) -> Output {
        var attempts = 0
        var started: (process: Process, out: Pipe, err: Pipe, finished: DispatchSemaphore)
        while true {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
            if let environment { process.environment = environment }
            let out = Pipe(), err = Pipe()
            process.standardOutput = out
            process.standardError = err
            process.standardInput = FileHandle.nullDevice
            // Set before the start: a program that ends at once must still be seen ending.
            let finished = DispatchSemaphore(value: 0)
            process.terminationHandler = { _ in finished.signal() }
            do {
                try process.run()
                started = (process, out, err, finished)
                break
            } catch where isBusy(error) && attempts < 20 {
                // ETXTBSY: a program just written, whose descriptor another thread's fork holds until it execs.
                attempts += 1
                Thread.sleep(forTimeInterval: 0.05)
            } catch {
                return Output(status: -1, stdout: "", stderr: "cannot run \(executable): \(error.localizedDescription)", timedOut: false)
            }
        }
        let (process, out, err, finished) = started
        // Read both pipes while the child runs, so a chatty child never blocks on a full pipe.
        nonisolated(unsafe) var stdoutData = Data(), stderrData = Data()
        let readers = DispatchGroup()
        DispatchQueue.global().async(group: readers) { stdoutData = out.fileHandleForReading.readDataToEndOfFile() }
        DispatchQueue.global().async(group: readers) { stderrData = err.fileHandleForReading.readDataToEndOfFile() }
        var timedOut = false
        if finished.wait(timeout: .now() + timeout) == .timedOut {
            timedOut = true
            process.terminate()
            if finished.wait(timeout: .now() + 2) == .timedOut { kill(process.processIdentifier, SIGKILL) }
        }
        readers.wait()
        return Output(status: timedOut ? -1 : process.terminationStatus, stdout: String(decoding: stdoutData, as: UTF8.self),
                      stderr: String(decoding: stderrData, as: UTF8.self), timedOut: timedOut)
    }

    /// `run` from async code: the wait happens on a `BlockingWork` thread, never on Swift's cooperative pool
    /// or inside an actor.
    public static func output(_ executable: String, _ arguments: [String], timeout: TimeInterval,
                              environment: [String: String]? = nil) async -> Output {
        do {
            return try await BlockingWork.run { run(executable, arguments, timeout: timeout, environment: environment) }
        } catch {
            return Output(status: -1, stdout: "", stderr: "cannot run \(executable): \(error)", timedOut: false)
        }
    }

    /// Whether starting failed because the program's file is open for writing somewhere (ETXTBSY).
    static func isBusy(_ error: Error) -> Bool {
        let error = error as NSError
        if error.domain == NSPOSIXErrorDomain { return error.code == Int(ETXTBSY) }
        return (error.userInfo[NSUnderlyingErrorKey] as? NSError).map(isBusy) ?? false
    }
}
