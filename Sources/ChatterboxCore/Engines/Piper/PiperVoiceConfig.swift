import Foundation

/// A Piper voice's `.onnx.json`: what the model needs besides its weights.
public struct PiperVoiceConfig: Decodable, Sendable, Equatable {
    public struct Audio: Decodable, Sendable, Equatable {
        public var sampleRate: Int
        public var quality: String?
        enum CodingKeys: String, CodingKey { case sampleRate = "sample_rate", quality }
    }

    public struct Espeak: Decodable, Sendable, Equatable {
        public var voice: String
    }

    public struct Inference: Decodable, Sendable, Equatable {
        public var noiseScale: Double
        public var lengthScale: Double
        public var noiseW: Double
        enum CodingKeys: String, CodingKey { case noiseScale = "noise_scale", lengthScale = "length_scale", noiseW = "noise_w" }
    }

    public struct Language: Decodable, Sendable, Equatable {
        public var code: String?
    }

    public var audio: Audio
    public var espeak: Espeak
    public var inference: Inference
    /// `espeak` (IPA from espeak-ng) or `text` (characters as phonemes).
    public var phonemeType: String?
    /// Phoneme (one Unicode scalar) -> model ids.
    public var phonemeIdMap: [String: [Int64]]
    public var numSpeakers: Int
    public var speakerIdMap: [String: Int]?
    public var language: Language?

    enum CodingKeys: String, CodingKey {
        case audio, espeak, inference, language
        case phonemeType = "phoneme_type", phonemeIdMap = "phoneme_id_map", numSpeakers = "num_speakers", speakerIdMap = "speaker_id_map"
    }

    /// Reads and checks the file at `url`.
    public static func load(_ url: URL) throws -> PiperVoiceConfig {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw ChatterboxError(.invalidVoice, message: "cannot read voice config \(url.path): missing or unreadable", field: "voice")
        }
        let decoder = JSONDecoder()
        let config: PiperVoiceConfig
        do { config = try decoder.decode(PiperVoiceConfig.self, from: data) } catch {
            throw ChatterboxError(.invalidVoice, message: "\(url.lastPathComponent) is not a Piper voice config: \(Self.describe(error))", field: "voice")
        }
        for symbol in ["^", "_", "$"] where config.phonemeIdMap[symbol] == nil {
            throw ChatterboxError(.invalidVoice, message: "\(url.lastPathComponent): phoneme_id_map lacks '\(symbol)'", field: "voice")
        }
        guard (1000...192_000).contains(config.audio.sampleRate) else {
            throw ChatterboxError(.invalidVoice, message: "\(url.lastPathComponent): sample rate \(config.audio.sampleRate) is not plausible", field: "voice")
        }
        return config
    }

    private static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, let context):
            (context.codingPath.map(\.stringValue) + [key.stringValue]).joined(separator: ".") + " is missing"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            context.codingPath.map(\.stringValue).joined(separator: ".") + " has the wrong type"
        default: "not valid JSON"
        }
    }

    /// Model ids for one sentence's phonemes: `^ _`, then each phoneme followed by `_`, then `$`.
    /// Phonemes the voice does not know are skipped (as piper does).
    public func ids(for phonemes: [String]) -> [Int64] {
        let pad = phonemeIdMap["_"]!
        var ids = phonemeIdMap["^"]! + pad
        for phoneme in phonemes {
            guard let mapped = phonemeIdMap[phoneme] else { continue }
            ids += mapped
            ids += pad
        }
        return ids + phonemeIdMap["$"]!
    }
}

extension PiperVoiceConfig {
    /// The voice's speakers by name (`speaker_id_map`; numbered when a multi-speaker voice has no
    /// map), in id order; empty for a single-speaker voice.
    public var speakers: [VoiceInfo.Speaker] {
        guard numSpeakers > 1 else { return [] }
        let named = (speakerIdMap ?? [:]).filter { $0.value >= 0 && $0.value < numSpeakers }
        if named.isEmpty { return (0..<numSpeakers).map { VoiceInfo.Speaker(name: String($0), id: $0) } }
        return named.map { VoiceInfo.Speaker(name: $0.key, id: $0.value) }.sorted { ($0.id, $0.name) < ($1.id, $1.name) }
    }
}
