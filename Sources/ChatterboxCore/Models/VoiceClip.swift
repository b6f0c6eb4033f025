import CSndFile
import Foundation

/// A reference recording for a cloning engine (Chatterbox): checked and trimmed before it is kept. It
/// must decode (wav, flac, ogg, mp3 — whatever libsndfile reads), be recorded at 16 kHz or more, not be
/// silent, and hold 3–30 s once the quiet at both ends is cut. A file whose header announces more than
/// `maxRawSeconds` is refused before it is decoded, so a long upload never becomes a large buffer.
public enum VoiceClip {
    public static let speechSeconds = 3.0...30.0
    public static let minimumRate = 16_000
    /// Longest recording decoded at all (speech plus quiet around it).
    public static let maxRawSeconds = 120.0
    /// Quiet kept at each end after trimming.
    static let margin = 0.1

    /// The clip at `url` trimmed to its speech, or `400` with what is wrong (`field` names the upload part).
    public static func validated(_ url: URL, field: String = "clip") throws -> AudioBuffer {
        var info = SF_INFO()
        guard let file = sf_open(url.path, Int32(SFM_READ), &info) else {
            throw ChatterboxError(.invalidClip, message: "the clip is not audio this server can read (wav, flac, ogg or mp3)", field: field)
        }
        sf_close(file)
        let seconds = info.samplerate > 0 ? Double(info.frames) / Double(info.samplerate) : 0
        guard info.samplerate >= minimumRate else {
            throw ChatterboxError(.invalidClip, message: "the clip is recorded at \(info.samplerate) Hz; a reference clip needs 16 kHz or more", field: field)
        }
        guard seconds <= maxRawSeconds else {
            throw ChatterboxError(.clipTooLong, message: "the clip is \(Int(seconds)) s long; a reference clip holds 3-30 s of speech", field: field)
        }
        let audio = try AudioDecoder.read(url)
        guard audio.peak >= 0.003, let edges = audio.speechEdges() else {
            throw ChatterboxError(.clipSilent, message: "the clip is silent (nothing louder than -50 dBFS)", field: field)
        }
        let pad = Int(margin * Double(audio.sampleRate))
        let trimmed = AudioBuffer(samples: Array(audio.samples[max(0, edges.start - pad)..<min(audio.samples.count, edges.end + pad)]),
                                  sampleRate: audio.sampleRate)
        let speech = Double(edges.end - edges.start) / Double(audio.sampleRate)
        guard speech >= speechSeconds.lowerBound else {
            throw ChatterboxError(.clipTooShort, message: String(format: "the clip holds %.1f s of speech; a reference clip needs at least 3 s", speech), field: field)
        }
        guard speech <= speechSeconds.upperBound else {
            throw ChatterboxError(.clipTooLong, message: String(format: "the clip holds %.1f s of speech; a reference clip holds at most 30 s", speech), field: field)
        }
        return trimmed
    }

    /// Writes a checked clip as 16-bit WAV at its own rate (what Chatterbox's `audio_prompt_path` reads).
    public static func write(_ clip: AudioBuffer, to destination: URL) throws {
        let writer = try AudioFileWriter(destination: destination, format: .wav, inputRate: clip.sampleRate)
        do {
            try writer.append(clip)
            _ = try writer.finish()
        } catch {
            writer.cancel()
            throw error
        }
    }
}
