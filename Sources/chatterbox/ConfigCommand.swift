import ArgumentParser
import ChatterboxCore
import Foundation

/// `chatterbox config`: the effective configuration.
struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config", abstract: "Show or check configuration.", subcommands: [Show.self, Validate.self])

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the effective configuration.")

        @Flag(help: "Say where each value comes from.")
        var sources = false

        @Flag(help: "Print JSON.")
        var json = false

        @OptionGroup var configOptions: ConfigOptions

        func run() async throws {
            let loaded = try await configOptions.load()
            if json {
                print(try ConfigRendering.json(loaded, sources: sources))
            } else {
                print(ConfigRendering.text(loaded, sources: sources))
            }
        }
    }

    struct Validate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Check a configuration file (default: the effective layers).")

        @Argument(help: "YAML file to check in place of ./chatterbox.yaml.")
        var file: String?

        func run() async throws {
            let loaded = try await ConfigOptions(config: file).load()
            print("\(file ?? "configuration") is valid (\(loaded.entries.filter { $0.source != .defaults }.count) keys set, the rest default)")
        }
    }
}

extension ConfigOptions {
    init(config: String?) {
        self.init()
        self.config = config
    }
}
