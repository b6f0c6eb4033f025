import CSndFile

/// The bit rates lossy formats are encoded at (`processing.mp3_bitrate`, `processing.opus_bitrate`), in kbps.
/// libsndfile takes a "compression level" from 0 to 1 instead, which it maps to a bit rate per codec and, for
/// MP3, per MPEG version (set by the sample rate); `configure` turns the wanted rate into that level.
public struct AudioBitrates: Sendable, Equatable {
    /// Constant MP3 bit rate (LAME rounds to the nearest rate its MPEG version has).
    public var mp3: Int
    /// Opus target bit rate for one channel.
    public var opus: Int

    public init(mp3: Int, opus: Int) {
        self.mp3 = mp3
        self.opus = opus
    }

    /// What speech wants: 64 kbps MP3 (libsndfile's default level gave 32), 48 kbps Opus.
    public static let standard = AudioBitrates(mp3: 64, opus: 48)

    /// Sets `file`'s encoder before anything is written: FLAC's effort, Vorbis's quality, MP3 at a constant
    /// `mp3` kbps (a stream's length then reads right without a VBR header), Opus at `opus` kbps.
    func configure(_ file: OpaquePointer, format: AudioFormat, sampleRate: Int) {
        var level: Double
        switch format {
        case .flac: level = 0.5
        case .ogg: level = 0.4
        case .opus:
            // libsndfile: bit rate = (1 - level) × 250 kbps + 6 kbps, per channel.
            level = 1 - (Double(opus) - 6) / 250
        case .mp3:
            var mode = Int32(SF_BITRATE_MODE_CONSTANT)
            sf_command(file, Int32(SFC_SET_BITRATE_MODE), &mode, Int32(MemoryLayout<Int32>.size))
            // libsndfile: bit rate = top - level × (top - bottom), by MPEG version.
            let (bottom, top): (Double, Double) = sampleRate >= 32000 ? (32, 320) : sampleRate >= 16000 ? (8, 160) : (8, 64)
            level = (top - Double(mp3)) / (top - bottom)
        case .wav, .pcm: return
        }
        level = Swift.min(1, Swift.max(0, level))
        sf_command(file, Int32(SFC_SET_COMPRESSION_LEVEL), &level, Int32(MemoryLayout<Double>.size))
    }
}
