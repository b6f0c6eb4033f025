import Foundation

/// Which Python engines the configured interpreter can host: `python -m chatterbox_worker --check`,
/// run once and remembered (it only looks for packages, nothing heavy is imported).
public actor PythonWorkerCheck {
    /// The worker's report.
    public struct Report: Sendable, Decodable {
        public struct Engine: Sendable, Decodable {
            public var available: Bool
            public var reason: String?
        }

        public var python: String
        public var engines: [String: Engine]
    }

    /// The interpreter, empty when Python engines are off.
    public let python: String
    /// The folder with the `chatterbox_worker` package.
    public let workerFolder: String?
    private var cached: Result<Report, ChatterboxError>?

    /// Creates a check for `python` with the worker package in `workerFolder`.
    public init(python: String, workerFolder: String?) {
        self.python = python
        self.workerFolder = workerFolder
    }

    /// The report, or why there is none (Python engines off, interpreter broken, worker missing). The check
    /// runs on a dispatch thread, not in the actor; its first answer is kept.
    public func report() async throws -> Report {
        if let cached { return try cached.get() }
        let result: Result<Report, ChatterboxError>
        do { result = .success(try await run()) } catch let error as ChatterboxError { result = .failure(error) }
        cached = cached ?? result
        return try cached!.get()
    }

    /// Throws `engine_unavailable` with the reason when `engine` cannot run here.
    public func requireAvailable(_ engine: String) async throws {
        let report = try await report()
        guard let status = report.engines[engine] else {
            throw ChatterboxError(.engineUnavailable, message: "the worker in \(workerFolder ?? "?") has no engine \(engine)")
        }
        guard status.available else {
            throw ChatterboxError(.engineUnavailable, message: "\(engine) cannot run in \(python): \(status.reason ?? "unavailable") (`chatterbox setup` installs them)")
        }
    }

    private func run() async throws -> Report {
        guard !python.isEmpty else {
            throw ChatterboxError(.engineUnavailable, message: "Python engines are off: engines.python is not set; run `chatterbox setup` to choose or create an environment")
        }
        guard FileManager.default.isExecutableFile(atPath: python) else {
            throw ChatterboxError(.engineUnavailable, message: "engines.python is \(python), which is not an executable; run `chatterbox setup`")
        }
        guard let workerFolder else {
            throw ChatterboxError(.engineUnavailable, message: "the chatterbox_worker package was not found; set engines.python_worker to the project's python/ folder")
        }
        // The allow-listed environment, as every child gets: no keys or store passwords.
        var environment = Secrets.childEnvironment()
        environment["PYTHONPATH"] = workerFolder
        let output = await ProcessRunner.output(python, ["-m", "chatterbox_worker", "--check"], timeout: 30, environment: environment)
        guard output.status == 0, let line = output.stdout.split(separator: "\n").last,
              let report = try? JSONDecoder().decode(Report.self, from: Data(line.utf8)) else {
            let why = output.timedOut ? "no answer in 30 s" : (output.stderr.split(separator: "\n").last.map(String.init) ?? "exit \(output.status)")
            throw ChatterboxError(.engineUnavailable, message: "\(python) cannot run the worker: \(why)")
        }
        return report
    }
}
