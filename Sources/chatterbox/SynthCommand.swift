import ArgumentParser
import ChatterboxCore
import Foundation

/// `chatterbox synth`: speak once into a file, without a server.
struct SynthCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "synth",
        abstract: "Synthesise text to an audio file.",
        discussion: "TEXT may be '-' to read standard input. The format follows the -o extension unless --format is given.")

    @Argument(help: "The text to speak, or - for standard input.")
    var text: String

    @Option(name: .shortAndLong, help: "Output file (.wav, .flac, .ogg, .opus, .mp3, .pcm).")
    var output: String

    @OptionGroup var voiceOptions: VoiceOptions

    @Option(name: .customLong("sample-rate"), help: "Output sample rate in Hz.")
    var sampleRate: Int?

    @Flag(help: "The text is SSML (also assumed when it starts with <speak).")
    var ssml = false

    @Option(help: "Pronunciation lexicon by name (directories.lexicons), or none; default: those for the voice.")
    var lexicon: String?

    @Option(help: ArgumentHelp("Write when each word is heard to this file: .json (words), .srt or .vtt (subtitles).", valueName: "file"))
    var timestamps: String?

    @Flag(help: "Print the result as JSON.")
    var json = false

    @OptionGroup var configOptions: ConfigOptions

    func run() async throws {
        let settings = try await configOptions.loadAndStartLogging()
        let destination = URL(fileURLWithPath: output)
        let format: AudioFormat
        if let format_ = voiceOptions.format {
            format = try AudioFormat.parse(format_)
        } else if !destination.pathExtension.isEmpty {
            format = try AudioFormat.parse(destination.pathExtension, field: "output")
        } else {
            format = settings.processing.outputFormat
        }
        let captions = try timestamps.map { path in
            let url = URL(fileURLWithPath: path)
            guard let format = CaptionFormat(fileExtension: url.pathExtension) else {
                throw ValidationError("--timestamps needs a .json, .srt or .vtt file, not '\(url.lastPathComponent)'")
            }
            return (url, format)
        }
        let input = text == "-" ? try readStandardInput(limit: settings.processing.maxTextLength) : text
        var request = SynthesisRequest(text: input, voice: try voiceOptions.voiceID(), format: format, sampleRate: sampleRate,
                                       speed: voiceOptions.speed, parameters: voiceOptions.parameters)
        request.ssml = ssml || SpeechScript.looksLikeSSML(input)
        request.lexicon = lexicon
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
        let processor = SpeechProcessor(registry: .standard(settings: settings, workingDirectory: cwd), settings: settings, workingDirectory: cwd)
        AtomicFile.removeLeftovers(in: destination.deletingLastPathComponent())
        let result = try await processor.synthesize(request, to: destination)
        if let (url, format) = captions {
            try AtomicFile.write(Data(format.render(result.words).utf8), to: url)
        }
        if let reason = result.fallbackReason {
            FileHandle.standardError.write(Data("warning: \(result.requestedVoice) unavailable, used \(result.voice): \(reason)\n".utf8))
        }
        if json {
            let object: [String: Any] = ["output": destination.path, "voice": result.voice, "format": result.format.rawValue,
                                         "sample_rate": result.sampleRate, "duration": result.duration, "chunks": result.chunks]
            let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
            print(String(decoding: data, as: UTF8.self))
        } else {
            print("wrote \(destination.path) (\(String(format: "%.2f", result.duration)) s, \(result.format.rawValue), \(result.sampleRate) Hz, voice \(result.voice))")
        }
    }

    /// Reads stdin as bytes, refusing more than the text limit allows (4 bytes per character at most).
    private func readStandardInput(limit: Int) throws -> String {
        let data = FileHandle.standardInput.readDataToEndOfFile()
        return try TextValidator(maxLength: limit).validate(bytes: data)
    }
}
