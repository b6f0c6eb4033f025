import Foundation
import Logging
import ServiceLifecycle

/// Advertises the Wyoming listener as `NAME._wyoming._tcp.local.` (what Home Assistant discovers,
/// as the `wyoming` library announces itself) through the host's Avahi daemon: an `avahi-publish`
/// child holds the registration while this service runs. No Avahi: one warning with the fix, and
/// the server works without discovery; a daemon that goes away is retried every 30 s.
public struct ZeroconfAdvertiser: Service {
    let name: String
    let port: Int
    let logger: Logger
    static let programs = ["/usr/bin/avahi-publish", "/usr/bin/avahi-publish-service"]

    public init(name: String, port: Int, logger: Logger = Logger(label: "chatterbox.wyoming")) {
        self.name = name
        self.port = port
        self.logger = logger
    }

    public func run() async throws {
        guard let program = Self.programs.first(where: FileManager.default.isExecutableFile(atPath:)) else {
            logger.warning("wyoming.zeroconf is set, but avahi-publish is not installed (apt-get install avahi-daemon avahi-utils); Home Assistant will not discover this server")
            try? await gracefulShutdown()
            return
        }
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                logger.notice("advertising \(name)._wyoming._tcp.local. on port \(port) through Avahi")
                let status = await Self.runUntilExit(program, ["-s", name, "_wyoming._tcp", String(port)])
                guard !Task.isCancelled else { return }
                logger.warning("avahi-publish exited (status \(status)); is avahi-daemon running? trying again in 30 s")
                try await Task.sleep(for: .seconds(30))
            }
        }
    }

    /// Runs the program until it exits, or terminates it when the task is cancelled.
    static func runUntilExit(_ program: String, _ arguments: [String]) async -> Int32 {
        let box = ProcessBox()
        box.process.executableURL = URL(fileURLWithPath: program)
        box.process.arguments = arguments
        box.process.standardInput = FileHandle.nullDevice
        box.process.standardOutput = FileHandle.nullDevice
        box.process.standardError = FileHandle.nullDevice
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (done: CheckedContinuation<Int32, Never>) in
                box.process.terminationHandler = { done.resume(returning: $0.terminationStatus) }
                do { try box.process.run() } catch {
                    box.process.terminationHandler = nil
                    done.resume(returning: -1)
                }
            }
        } onCancel: {
            // SIGKILL: a child of ours starts with the signal mask of the thread that spawned it, where
            // SIGTERM is blocked. avahi-daemon withdraws the record when the child's D-Bus connection drops.
            if box.process.isRunning { kill(box.process.processIdentifier, SIGKILL) }
        }
    }

    /// `Process` is thread-safe for what we do here (start, terminate, its termination handler).
    private final class ProcessBox: @unchecked Sendable {
        let process = Process()
    }
}
