import Foundation

/// A loaded Piper voice: its config and its ONNX session. The whole synthesis path of one
/// sentence reads top to bottom in `synthesize`: phonemes -> ids -> model -> samples.
public final class PiperVoice: Sendable {
    /// The voice's name (file base name).
    public let name: String
    /// The `.onnx.json`.
    public let config: PiperVoiceConfig
    let session: OnnxSession
    private let hasSpeakerInput: Bool
    /// The duration predictor's output (frames per phoneme id), made a graph output at load time so each
    /// word's time is known (`OnnxModelPatch`); nil for a model without one `Ceil` node (or when the patched copy
    /// cannot be written: the voice then loads as it is and its words are timed by sentence).
    let alignmentOutput: String?

    /// Loads `entry` on `runtime`.
    public init(entry: VoiceStore.Entry, runtime: OnnxRuntime, threads: Int, cuda: Bool) throws {
        name = entry.name
        config = try PiperVoiceConfig.load(entry.config)
        do {
            // The model with its durations as an output, written beside the temporary files for ONNX Runtime to load
            // as it loads any file (a copy held in memory for CreateSessionFromArray raised the peak by 43 MB).
            let patched = FileManager.default.temporaryDirectory.appendingPathComponent("chatterbox-\(UUID().uuidString).onnx")
            defer { try? FileManager.default.removeItem(at: patched) }
            Self.removeStaleCopies(in: patched.deletingLastPathComponent())
            let tensor = try? OnnxModelPatch.write(exposingOnly: "Ceil", of: entry.model, to: patched)
            session = try OnnxSession(runtime: runtime, path: (tensor != nil ? patched : entry.model).path, threads: threads, cuda: cuda)
            alignmentOutput = tensor ?? nil
        } catch let error as ChatterboxError {
            throw ChatterboxError(.voiceUnloadable, message: "\(entry.model.lastPathComponent) cannot be loaded: \(error.message)", field: "voice")
        }
        try Self.checkInterface(session.inputs, file: entry.model.lastPathComponent)
        hasSpeakerInput = session.inputNames.contains("sid")
    }

    /// Copies left by a process killed while it loaded a voice (an hour old: a load takes seconds).
    static func removeStaleCopies(in folder: URL) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        for name in names where name.hasPrefix("chatterbox-") && name.hasSuffix(".onnx") {
            let file = folder.appendingPathComponent(name)
            let modified = (try? FileManager.default.attributesOfItem(atPath: file.path)[.modificationDate] as? Date) ?? Date()
            if modified.timeIntervalSinceNow < -3600 { try? FileManager.default.removeItem(at: file) }
        }
    }

    /// A Piper VITS model takes `input` int64 [1, N], `input_lengths` int64 [1], `scales` float32 [3]
    /// and optionally `sid` int64 [1]; anything else is refused with what was found.
    static func checkInterface(_ inputs: [OnnxSession.Input], file: String) throws {
        let expected: [(name: String, type: Int32, rank: Int, required: Bool)] = [
            ("input", 7, 2, true), ("input_lengths", 7, 1, true), ("scales", 1, 1, true), ("sid", 7, 1, false),
        ]
        let typeNames: [Int32: String] = [1: "float32", 7: "int64"]
        for spec in expected {
            guard let found = inputs.first(where: { $0.name == spec.name }) else {
                guard spec.required else { continue }
                throw ChatterboxError(.invalidVoice, message: "\(file) is not a Piper model (no '\(spec.name)' input; inputs: \(inputs.map(\.name).joined(separator: ", ")))", field: "voice")
            }
            guard found.elementType == spec.type, found.rank == spec.rank else {
                let actual = "\(typeNames[found.elementType] ?? "type \(found.elementType)") of rank \(found.rank)"
                throw ChatterboxError(.invalidVoice, message: "\(file): input '\(spec.name)' is \(actual); a Piper voice needs \(typeNames[spec.type]!) of rank \(spec.rank)", field: "voice")
            }
        }
    }

    /// Phonemes of `text`, one list per sentence (from `espeak`, unless the voice takes text).
    public func phonemes(_ text: String, espeak: EspeakHelper) async throws -> [[String]] {
        if config.phonemeType == "text" {
            return [text.decomposedStringWithCanonicalMapping.unicodeScalars.map { String($0) }]
        }
        return try await espeak.phonemize(text, voice: config.espeak.voice)
    }

    /// Runs the model on one sentence's ids and returns samples peak-normalised to 1, as
    /// piper-tts does by default, with how many of them each id lasts when the model tells.
    public func render(ids: [Int64], scales: PiperScales) throws -> (samples: [Float], idSamples: [Int]?) {
        var (samples, frames) = try inferAligned(ids: ids, scales: scales)
        let peak = samples.reduce(Float(0)) { max($0, abs($1)) }
        if peak < 1e-8 { samples = [Float](repeating: 0, count: samples.count) }
        for index in samples.indices where peak >= 1e-8 { samples[index] = max(-1, min(1, samples[index] / peak)) }
        // Each frame is `hop` samples (256 for every Piper voice); the model's output is exactly that long.
        guard let frames, frames.count == ids.count else { return (samples, nil) }
        let total = frames.reduce(0) { $0 + Int($1) }
        guard total > 0, samples.count % total == 0 else { return (samples, nil) }
        return (samples, frames.map { Int($0) * (samples.count / total) })
    }

    /// The bare model call: ids in, raw samples out.
    public func infer(ids: [Int64], scales: PiperScales) throws -> [Float] {
        try inferAligned(ids: ids, scales: scales).samples
    }

    /// The model call with the frames each id lasts, when the model was patched for them.
    func inferAligned(ids: [Int64], scales: PiperScales) throws -> (samples: [Float], frames: [Float]?) {
        var inputs: [(name: String, tensor: OnnxSession.Tensor)] = [
            ("input", .int64(ids, shape: [1, Int64(ids.count)])),
            ("input_lengths", .int64([Int64(ids.count)], shape: [1])),
            ("scales", .float32([Float(scales.noise), Float(scales.length), Float(scales.noiseWidth)], shape: [3])),
        ]
        if hasSpeakerInput, config.numSpeakers > 1 {
            inputs.append(("sid", .int64([Int64(scales.speaker)], shape: [1])))
        }
        guard let alignmentOutput else { return (try session.run(inputs), nil) }
        let outputs = try session.run(inputs, outputs: ["output", alignmentOutput])
        return (outputs[0], outputs[1])
    }
}

/// The model's inference knobs for one call.
public struct PiperScales: Sendable, Equatable {
    public var noise: Double
    public var length: Double
    public var noiseWidth: Double
    public var speaker: Int

    /// The voice's defaults adjusted by user options: `speed` divides the length scale;
    /// `noise_scale`, `noise_w`, `length_scale` and `speaker` override.
    public init(config: PiperVoiceConfig, options: SynthesisOptions) {
        noise = options.parameters["noise_scale"] ?? config.inference.noiseScale
        length = options.parameters["length_scale"] ?? config.inference.lengthScale / options.speed
        noiseWidth = options.parameters["noise_w"] ?? config.inference.noiseW
        speaker = Int(options.parameters["speaker"] ?? 0)
    }
}
