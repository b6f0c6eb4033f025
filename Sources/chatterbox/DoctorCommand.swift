import ArgumentParser
import ChatterboxCore
import ChatterboxSetup
import ChatterboxWyoming
import Foundation

/// `chatterbox doctor`: system checks; exits 1 when any check fails.
struct DoctorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "doctor", abstract: "Check that everything the product needs works.")

    @Flag(help: "Print JSON.")
    var json = false

    @Option(help: "Server to test (default http://api.host:api.port from the configuration).")
    var url: String?

    @Flag(help: "Skip the API test.")
    var noAPI = false

    @OptionGroup var configOptions: ConfigOptions

    func run() async throws {
        let settings = try await configOptions.loadAndStartLogging()
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
        var checks = await SystemDoctor(settings: settings, workingDirectory: cwd).run()
        if !noAPI {
            checks.append(await apiCheck(settings))
            if settings.wyoming.enabled { checks.append(await wyomingCheck(settings)) }
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(["checks": checks]), as: UTF8.self))
        } else {
            for check in checks {
                let mark = switch check.status { case .ok: "ok  "; case .warning: "warn"; case .failed: "FAIL" }
                print("[\(mark)] \(check.name): \(check.detail)" + (check.fix.map { "\n       fix: \($0)" } ?? ""))
            }
        }
        if checks.contains(where: { $0.status == .failed }) { throw ExitCode.failure }
    }

    /// `describe` on the configured Wyoming port, as Home Assistant asks it.
    func wyomingCheck(_ settings: Settings) async -> SystemCheck {
        let host = WyomingProbe.address(settings).host
        do {
            let answer = try await WyomingProbe.describe(host: host, port: settings.wyoming.port)
            return SystemCheck(name: "wyoming", status: .ok,
                               detail: "tcp://\(host):\(settings.wyoming.port) answers describe: \(answer.program), \(answer.voices) voices")
        } catch {
            return SystemCheck(name: "wyoming", status: .warning, detail: "tcp://\(host):\(settings.wyoming.port): \(error)",
                               fix: "start `chatterbox api` (it serves Wyoming too), or set wyoming.enabled to false")
        }
    }

    /// GET /health on the configured server: a warning when none runs, a failure when it answers unhealthy.
    func apiCheck(_ settings: Settings) async -> SystemCheck {
        let host = ["0.0.0.0", "::", ""].contains(settings.api.host) ? "127.0.0.1" : settings.api.host
        let base = url ?? "http://\(host):\(settings.api.port)"
        let client = JobsClient(baseURL: base, apiKey: nil)
        do {
            let (_, body, _) = try await client.send(.GET, "/health", timeout: .seconds(10))
            let health = try JobsClient.object(body)
            return SystemCheck(name: "api", status: .ok, detail: "\(base)/health answers \(health["status"] ?? "?")")
        } catch let error as ChatterboxError where error.code == .serverUnreachable {
            return SystemCheck(name: "api", status: .warning, detail: "no server answers at \(base)", fix: "start it with `chatterbox api` (or pass --url)")
        } catch {
            return SystemCheck(name: "api", status: .failed, detail: "\(base)/health: \(error)", fix: "see the server's log; `chatterbox api` prints why it is unhealthy")
        }
    }
}
