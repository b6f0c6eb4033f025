import ArgumentParser
import AsyncHTTPClient
import ChatterboxCore
import Foundation
import NIOCore
import NIOHTTP1

/// `chatterbox voices show|add|remove|set-default|preview`: the voice library, on this machine's folders or,
/// with `--url`, on a running server through its API (the same checks either way).
extension VoicesCommand {
    /// `--url`/`--api-key`: a server to work on instead of this machine's folders.
    struct Target: ParsableArguments {
        @Option(help: "A running server to work on (its API), instead of this machine's voice folder.")
        var url: String?

        @Option(help: "API key for --url (default $CHATTERBOX_API_KEY).")
        var apiKey: String?

        @OptionGroup var configOptions: ConfigOptions

        var client: JobsClient? {
            guard var base = url else { return nil }
            while base.hasSuffix("/") { base.removeLast() }
            return JobsClient(baseURL: base, apiKey: apiKey ?? ProcessInfo.processInfo.environment["CHATTERBOX_API_KEY"])
        }

        func local() async throws -> (settings: Settings, registry: EngineRegistry, library: VoiceLibrary, defaults: VoiceDefaultsStore) {
            let settings = try await configOptions.load().settings
            let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
            let library = VoiceLibrary(settings: settings, workingDirectory: cwd)
            return (settings, .standard(settings: settings, workingDirectory: cwd), library, VoiceDefaultsStore(folder: library.folder))
        }

        /// The voice `id` names (a full id or a bare name) among every voice, speakable or not.
        static func find(_ id: String, in registry: EngineRegistry) async throws -> VoiceInfo {
            let all = await registry.catalog()
            guard let voice = all.first(where: { $0.id == id }) ?? all.first(where: { $0.name == id }) else {
                throw ChatterboxError(.unknownVoice, message: "no voice '\(id)'; `chatterbox voices list` shows them", field: "voice")
            }
            return voice
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One voice in full: files, digests, model card, defaults, whether it can speak.")
        @Argument(help: "Voice id (engine:name) or name.") var id: String
        @OptionGroup var target: Target

        func run() async throws {
            if let client = target.client {
                print(String(buffer: try await client.send(.GET, "/voices/\(JobsClient.escape(id))").body))
                return
            }
            let (_, registry, _, defaults) = try await target.local()
            let voice = try await Target.find(id, in: registry)
            guard let engine = registry.engines[voice.engine] else { return }
            let details = await engine.details(of: voice)
            print("\(voice.id)  \(voice.language), \(voice.sampleRate) Hz  \(voice.description)")
            print("  source: \(details.source)")
            for file in details.files { print("  file: \(file.path) (\(file.bytes) bytes, sha256 \(file.sha256))") }
            if let license = details.license { print("  licence: \(license)") }
            let own = defaults.defaults(for: voice.id)
            if !own.isEmpty { print("  defaults: speed \(own.speed.map { String($0) } ?? "-"), params \(own.params.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))") }
            print(voice.unavailable.map { "  cannot speak: \($0)" } ?? (details.canSpeak ? "  can speak" : "  cannot speak: \(details.problem ?? "unknown")"))
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a voice: a Piper model (--model, its .onnx.json beside it or --config), a Chatterbox reference clip (--clip) or a SpeechT5 embedding (--embedding).")
        @Option(help: "Piper .onnx model.") var model: String?
        @Option(name: .customLong("model-config"), help: "Its .onnx.json (default: beside the model).") var modelConfig: String?
        @Option(help: "Reference clip (wav, flac, ogg, mp3): 3-30 s of speech, 16 kHz or more.") var clip: String?
        @Option(help: "What the clip says.") var transcript: String?
        @Option(help: "SpeechT5 speaker embedding (.npy of 512 numbers).") var embedding: String?
        @Option(help: "The voice's name (default: the file's).") var name: String?
        @Flag(help: "Replace a voice of the same name.") var replace = false
        @OptionGroup var target: Target

        func validate() throws {
            guard [model, clip, embedding].compactMap({ $0 }).count == 1 else { throw ValidationError("give one of --model, --clip or --embedding") }
        }

        func run() async throws {
            let file = URL(fileURLWithPath: (model ?? clip ?? embedding)!)
            let stem = file.deletingPathExtension().lastPathComponent
            if let client = target.client {
                var upload = MultipartUpload()
                if let name { upload.fields.append(("name", name)) }
                if let transcript { upload.fields.append(("transcript", transcript)) }
                if model != nil {
                    upload.files = [("model", file), ("config", URL(fileURLWithPath: modelConfig ?? file.path + ".json"))]
                } else {
                    upload.files = [(clip != nil ? "clip" : "embedding", file)]
                }
                let answer = try await client.send(.POST, "/voices" + (replace ? "?replace=true" : ""), body: upload.body(),
                                                   headers: [("Content-Type", upload.contentType)], timeout: .minutes(10))
                let id = (try? JobsClient.object(answer.body))?["id"] as? String ?? "?"
                print("added \(id) on \(client.baseURL)")
                return
            }
            let library = try await target.local().library
            let id: String
            if model != nil {
                id = try library.addPiper(model: file, config: URL(fileURLWithPath: modelConfig ?? file.path + ".json"), name: name ?? stem, replace: replace)
            } else if clip != nil {
                id = try library.addClip(file, name: name ?? stem, transcript: transcript, replace: replace)
            } else {
                id = try library.addEmbedding(file, name: name ?? stem, replace: replace)
            }
            print("added \(id) -> \(library.folder.path)")
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a voice of the voice folder (not the default or a fallback voice).")
        @Argument(help: "Voice id (engine:name) or name.") var id: String
        @OptionGroup var target: Target

        func run() async throws {
            if let client = target.client {
                _ = try await client.send(.DELETE, "/voices/\(JobsClient.escape(id))")
                print("removed \(id) on \(client.baseURL)")
                return
            }
            let (settings, registry, library, defaults) = try await target.local()
            let voice = try await Target.find(id, in: registry)
            guard voice.voiceID != settings.processing.model.voice, !settings.processing.fallback.map(\.voice).contains(voice.voiceID) else {
                throw ChatterboxError(.voiceInUse, message: "\(voice.id) is the default or a fallback voice (processing.model, processing.fallback)", field: "voice")
            }
            try library.remove(voice)
            try defaults.set(VoiceDefaults(), for: voice.id)
            print("removed \(voice.id)")
        }
    }

    struct SetDefault: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set-default", abstract: "Set a voice's own defaults (speed, engine parameters), used when a request sets none.")
        @Argument(help: "Voice id (engine:name) or name.") var id: String
        @Option(help: "Default speed (0.25-4).") var speed: Double?
        @Option(name: .customLong("param"), help: "Default engine parameter NAME=VALUE (repeatable); replaces the voice's parameters.") var params: [String] = []
        @Flag(help: "Remove the voice's defaults.") var clear = false
        @OptionGroup var target: Target

        func run() async throws {
            var parameters: [String: Double] = [:]
            for param in params {
                let parts = param.split(separator: "=", maxSplits: 1).map(String.init)
                guard parts.count == 2, let value = Double(parts[1]) else { throw ValidationError("--param takes NAME=NUMBER, got '\(param)'") }
                parameters[parts[0]] = value
            }
            var patch: [String: Any] = [:]
            if clear { patch = ["speed": NSNull(), "params": NSNull()] }
            if let speed { patch["speed"] = speed }
            if !params.isEmpty { patch["params"] = parameters }
            guard !patch.isEmpty else { throw ValidationError("give --speed, --param or --clear") }
            if let client = target.client {
                let body = try JSONSerialization.data(withJSONObject: patch)
                _ = try await client.send(.PATCH, "/voices/\(JobsClient.escape(id))", json: body)
                print("defaults of \(id) set on \(client.baseURL)")
                return
            }
            let (_, registry, _, store) = try await target.local()
            let voice = try await Target.find(id, in: registry)
            var defaults = clear ? VoiceDefaults() : store.defaults(for: voice.id)
            if let speed { defaults.speed = speed }
            if !params.isEmpty { defaults.params = parameters }
            if let engine = registry.engines[voice.engine] {
                _ = try SynthesisOptions.validated(speed: defaults.speed ?? 1, raw: defaults.params.mapValues { String($0) }, for: engine)
            }
            try store.set(defaults, for: voice.id)
            print("defaults of \(voice.id): speed \(defaults.speed.map { String($0) } ?? "-"), params \(defaults.params.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))")
        }
    }

    struct Preview: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write a short sentence in the voice's language, spoken by it, to a file.")
        @Argument(help: "Voice id (engine:name) or name.") var id: String
        @Option(name: .shortAndLong, help: "Output file (.mp3, .wav, …).") var output: String
        @OptionGroup var target: Target

        func run() async throws {
            let file = URL(fileURLWithPath: output)
            let format = try AudioFormat.parse(file.pathExtension.isEmpty ? "mp3" : file.pathExtension, field: "output")
            if let client = target.client {
                let bytes = try await client.download("/voices/\(JobsClient.escape(id))/preview?format=\(format.rawValue)", to: file)
                print("wrote \(file.path) (\(bytes) bytes)")
                return
            }
            let (settings, registry, _, _) = try await target.local()
            let voice = try await Target.find(id, in: registry)
            let request = SynthesisRequest(text: VoicePreviewText.sentence(for: voice.language), voice: voice.voiceID, format: format)
            let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
            let processor = SpeechProcessor(registry: registry, settings: settings, workingDirectory: cwd)
            let result = try await processor.synthesize(request, to: file, voices: [voice.voiceID])
            print("wrote \(file.path) (\(String(format: "%.2f", result.duration)) s, voice \(voice.id))")
        }
    }
}
