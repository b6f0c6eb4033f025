import CSndFile

/// The containers and codecs we write.
public enum AudioFormat: String, Sendable, CaseIterable, Codable {
    case wav, flac, ogg, opus, mp3, pcm

    /// Parses a name or file extension (`wav`, `.flac`, `oga`, …); `nil` when unknown.
    public init?(name: String) {
        var name = name.lowercased()
        if name.hasPrefix(".") { name.removeFirst() }
        switch name {
        case "oga", "vorbis": self = .ogg
        case "raw", "s16le": self = .pcm
        default: self.init(rawValue: name)
        }
    }

    /// Parses a user-supplied format name or throws an error listing the supported ones.
    public static func parse(_ name: String, field: String = "format") throws -> AudioFormat {
        guard let format = AudioFormat(name: name) else {
            throw ChatterboxError(.unsupportedFormat, message: "unknown audio format '\(name)'; supported: \(allCases.map(\.rawValue).joined(separator: ", "))",
                field: field)
        }
        return format
    }

    /// The MIME type for HTTP responses.
    public var contentType: String {
        switch self {
        case .wav: "audio/wav"
        case .flac: "audio/flac"
        case .ogg: "audio/ogg"
        case .opus: "audio/ogg; codecs=opus"
        case .mp3: "audio/mpeg"
        case .pcm: "audio/pcm"
        }
    }

    /// The usual file extension, without the dot.
    public var fileExtension: String { rawValue }

    /// Sample rates the encoder accepts; `nil` means any rate from 1 kHz to 192 kHz.
    public var allowedSampleRates: [Int]? {
        switch self {
        case .opus: [8000, 12000, 16000, 24000, 48000]
        case .mp3: [8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000]
        default: nil
        }
    }

    /// The rate to encode at when the audio is at `rate`: `rate` itself if allowed,
    /// otherwise the nearest allowed rate at or above it (the highest if none is above).
    public func encodingRate(for rate: Int) -> Int {
        guard let allowed = allowedSampleRates, !allowed.contains(rate) else { return rate }
        return allowed.first(where: { $0 >= rate }) ?? allowed.last!
    }

    /// Checks a rate the user asked for explicitly.
    public func validate(sampleRate: Int) throws {
        if let allowed = allowedSampleRates, !allowed.contains(sampleRate) {
            throw ChatterboxError(.invalidSampleRate, message: "\(rawValue) supports sample rates \(allowed.map(String.init).joined(separator: ", ")) Hz, not \(sampleRate)",
                field: "sample_rate")
        }
        guard (1000...192_000).contains(sampleRate) else {
            throw ChatterboxError(.invalidSampleRate, message: "sample rate must be 1000-192000 Hz, not \(sampleRate)", field: "sample_rate")
        }
    }

    /// libsndfile's major|minor format word.
    var sndfileFormat: Int32 {
        let value: Int = switch self {
        case .wav: SF_FORMAT_WAV | SF_FORMAT_PCM_16
        case .flac: SF_FORMAT_FLAC | SF_FORMAT_PCM_16
        case .ogg: SF_FORMAT_OGG | SF_FORMAT_VORBIS
        case .opus: SF_FORMAT_OGG | SF_FORMAT_OPUS
        case .mp3: SF_FORMAT_MPEG | SF_FORMAT_MPEG_LAYER_III
        case .pcm: SF_FORMAT_RAW | SF_FORMAT_PCM_16 | SF_ENDIAN_LITTLE
        }
        return Int32(truncatingIfNeeded: value)
    }
}
