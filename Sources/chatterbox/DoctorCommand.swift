import ArgumentParser
import ChatterboxCore
import ChatterboxSetup
import Foundation

/// `chatterbox doctor`: system checks; exits 1 when any check fails.
struct DoctorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "doctor", abstract: "Check that everything the product needs works.")

    @Flag(help: "Print JSON.")
    var json = false

    @OptionGroup var configOptions: ConfigOptions

    func run() async throws {
        let settings = try await configOptions.load().settings
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
        let checks = await SystemDoctor(settings: settings, workingDirectory: cwd).run()
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
}
