import ArgumentParser
import ChatterboxCore
import Foundation

/// `chatterbox voices`: what can speak.
struct VoicesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "voices", abstract: "List installed voices.", subcommands: [List.self], defaultSubcommand: List.self)

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List installed voices.")

        @Flag(help: "Print JSON.")
        var json = false

        @Option(help: "Only voices whose language starts with this tag, e.g. en.")
        var language: String?

        @OptionGroup var configOptions: ConfigOptions

        func run() async throws {
            let settings = try await configOptions.load().settings
            let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
            var voices = await EngineRegistry.standard(settings: settings, workingDirectory: cwd).voices()
            if let language { voices = voices.filter { $0.language.lowercased().hasPrefix(language.lowercased()) } }
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                encoder.keyEncodingStrategy = .convertToSnakeCase
                print(String(decoding: try encoder.encode(["voices": voices]), as: UTF8.self))
                return
            }
            let width = voices.map(\.id.count).max() ?? 10
            for voice in voices {
                print(voice.id.padding(toLength: width + 2, withPad: " ", startingAt: 0) + "\(voice.sampleRate) Hz  \(voice.description)")
            }
            print("\(voices.count) voices")
        }
    }
}
