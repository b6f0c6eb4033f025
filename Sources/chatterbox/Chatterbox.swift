import ArgumentParser
import ChatterboxCore
import Foundation

/// `chatterbox`: the command-line entry point.
@main
struct Chatterbox: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chatterbox",
        abstract: "Chatterbox TTS: a self-hosted text-to-speech server and tools.",
        version: "0.1.0",
        subcommands: [APICommand.self, JobsCommand.self, EnvCommand.self, SynthCommand.self, BatchCommand.self, WorkerCommand.self, WyomingCommand.self, VoicesCommand.self, LexiconCommand.self, ConfigCommand.self, SetupCommand.self, DoctorCommand.self, EspeakHelperCommand.self, CheckUploadCommand.self])

    /// Runs a command and maps failures to the contract's exit codes: one line on stderr,
    /// 1 for failures, 2 for usage errors.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let error as ChatterboxError {
            fail(error.message, hint: hint(for: error))
        } catch let error as SettingsError {
            FileHandle.standardError.write(Data("error: invalid configuration\n\(error.problems.map { "  \($0)" }.joined(separator: "\n"))\n".utf8))
            Foundation.exit(1)
        } catch {
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            if code == .success {
                if !message.isEmpty { print(message) }
                Foundation.exit(0)
            }
            if code == .validationFailure || error is ValidationError {
                FileHandle.standardError.write(Data((message + "\n").utf8))
                Foundation.exit(2)
            }
            if message.isEmpty { Foundation.exit(code.rawValue) }
            fail(message, hint: nil)
        }
    }

    static func fail(_ message: String, hint: String?) -> Never {
        var line = "error: \(message)\n"
        if let hint { line += "hint: \(hint)\n" }
        FileHandle.standardError.write(Data(line.utf8))
        Foundation.exit(1)
    }

    static func hint(for error: ChatterboxError) -> String? {
        switch error.code {
        case .textTooLong: "raise processing.max_text_length, or split the text (chatterbox batch takes a folder)"
        case .outputNotWritable: "choose another -o path"
        default: nil
        }
    }
}
