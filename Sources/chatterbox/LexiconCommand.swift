import ArgumentParser
import ChatterboxCore
import Foundation

/// `chatterbox lexicon`: the pronunciation lexicons of `directories.lexicons`.
struct LexiconCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lexicon", abstract: "Pronunciation lexicons (NAME.yaml, NAME.pls in directories.lexicons).",
        subcommands: [List.self, Show.self, Test.self])

    /// The lexicon store of the effective settings, as the server reads it.
    static func store(_ options: ConfigOptions) async throws -> (store: LexiconStore, settings: Settings) {
        let settings = try await options.load().settings
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
        return (LexiconStore(folder: Settings.resolve(settings.directories.lexicons, in: cwd)), settings)
    }

    static func describe(_ pronunciation: Lexicon.Pronunciation) -> String {
        switch pronunciation {
        case .alias(let alias): "\"\(alias)\""
        case .ipa(let ipa): "/\(ipa)/ (IPA)"
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the lexicons, what they apply to, and files that do not load.")
        @OptionGroup var configOptions: ConfigOptions

        func run() async throws {
            let (store, _) = try await LexiconCommand.store(configOptions)
            let (lexicons, problems) = store.all()
            if lexicons.isEmpty { print("no lexicons in \(store.folder.path)") }
            for lexicon in lexicons {
                let scope = (lexicon.voices + lexicon.languages).joined(separator: ", ")
                print("\(lexicon.name)  \(lexicon.entries.count) words  \(scope.isEmpty ? "only when asked for" : "default for " + scope)")
            }
            for problem in problems { FileHandle.standardError.write(Data("warning: \(problem)\n".utf8)) }
            if !problems.isEmpty { throw ExitCode.failure }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print one lexicon's words.")
        @Argument(help: "The lexicon's name (its file name without extension).") var name: String
        @OptionGroup var configOptions: ConfigOptions

        func run() async throws {
            let (store, _) = try await LexiconCommand.store(configOptions)
            guard let lexicon = store.all().lexicons.first(where: { $0.name == name }) else {
                throw ChatterboxError(.unknownLexicon, message: "no lexicon '\(name)' in \(store.folder.path)", field: "lexicon")
            }
            for (word, pronunciation) in lexicon.entries.sorted(by: { $0.key < $1.key }) {
                print("\(word)  \(LexiconCommand.describe(pronunciation))")
            }
        }
    }

    struct Test: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Say how a word is read with a voice's lexicons.")
        @Argument(help: "The word.") var word: String
        @Option(help: "Voice id (default: processing.model).") var voice: String?
        @Option(help: "A lexicon by name instead of the voice's default ones.") var lexicon: String?
        @OptionGroup var configOptions: ConfigOptions

        func run() async throws {
            let (store, settings) = try await LexiconCommand.store(configOptions)
            let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
            let (_, info) = try await EngineRegistry.standard(settings: settings, workingDirectory: cwd).resolve(try voice.map { try VoiceID(parsing: $0) } ?? settings.processing.model)
            let lexicons = try store.select(lexicon, for: info)
            guard let (name, found) = lexicons.lazy.compactMap({ lexicon in lexicon.pronunciation(of: Substring(word)).map { (lexicon.name, $0) } }).first else {
                print("\(word): not in \(lexicons.isEmpty ? "any lexicon for \(info.id)" : lexicons.map(\.name).joined(separator: ", ")); read as written")
                return
            }
            print("\(word): \(LexiconCommand.describe(found)) from \(name), for \(info.id)")
        }
    }
}
