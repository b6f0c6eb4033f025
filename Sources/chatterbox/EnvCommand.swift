import ArgumentParser
import ChatterboxSetup
import Foundation

/// `chatterbox env detect [--json]`: the Python environments on this machine, which engine packages
/// each can import, and which to use for the Python engines.
struct EnvCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "env", abstract: "Python environments for the Python-hosted engines.", subcommands: [Detect.self])

    struct Detect: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Find Python environments and rank them.")

        @Flag(help: "Print JSON: {environments: [...], recommendations: [...]}.")
        var json = false

        func run() async throws {
            let environments = EnvironmentDetector().detect()
            let recommendations = EnvironmentRecommender.recommend(environments)
            if json {
                struct Report: Encodable {
                    var environments: [PythonEnvironment]
                    var recommendations: [EnvironmentRecommendation]
                }
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                print(String(decoding: try encoder.encode(Report(environments: environments, recommendations: recommendations)), as: UTF8.self))
                return
            }
            for environment in environments {
                let packages = environment.packages.filter(\.value).keys.sorted().joined(separator: ", ")
                let state = environment.status == .ok
                    ? "Python \(environment.pythonVersion ?? "?")" + (packages.isEmpty ? "" : ", has \(packages)") + (environment.cuda == true ? ", CUDA" : "")
                    : "broken: \(environment.reason ?? "?")"
                print("\(environment.type.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0)) \(environment.path)  \(state)")
            }
            print("recommended:")
            for (index, recommendation) in recommendations.prefix(3).enumerated() { print("  \(index + 1). \(recommendation.reason)") }
        }
    }
}
