import CSndFile
import Foundation

/// Reads an audio file (any format libsndfile knows) back into a mono buffer; multi-channel
/// audio is averaged to mono.
public enum AudioDecoder {
    /// Decodes the file at `url`. Raw PCM needs `rawSampleRate` (s16le mono assumed).
    public static func read(_ url: URL, rawSampleRate: Int? = nil) throws -> AudioBuffer {
        var info = SF_INFO()
        if let rawSampleRate {
            info.samplerate = Int32(rawSampleRate)
            info.channels = 1
            info.format = AudioFormat.pcm.sndfileFormat
        }
        guard let file = sf_open(url.path, Int32(SFM_READ), &info) else {
            throw ChatterboxError(.unreadableAudio, message: "cannot read audio \(url.path): \(String(cString: sf_strerror(nil)))", field: "file")
        }
        defer { sf_close(file) }
        let channels = Int(info.channels)
        var interleaved: [Float] = []
        var block = [Float](repeating: 0, count: 16384 * channels)
        while true {
            let got = block.withUnsafeMutableBufferPointer { sf_readf_float(file, $0.baseAddress, 16384) }
            if got <= 0 { break }
            interleaved += block[0..<(Int(got) * channels)]
        }
        guard channels > 1 else { return AudioBuffer(samples: interleaved, sampleRate: Int(info.samplerate)) }
        var mono = [Float](repeating: 0, count: interleaved.count / channels)
        for frame in mono.indices {
            var sum: Float = 0
            for c in 0..<channels { sum += interleaved[frame * channels + c] }
            mono[frame] = sum / Float(channels)
        }
        return AudioBuffer(samples: mono, sampleRate: Int(info.samplerate))
    }
}
