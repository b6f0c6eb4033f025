import Synchronization

/// How fast each voice renders on this machine: seconds of computing per second of audio, a moving
/// average over its recent chunks. `FirstClauseSplit` uses it to know how short a first clause can be
/// while the rest of the sentence still renders before that clause has finished playing.
public final class RenderPace: Sendable {
    /// Assumed before a voice has rendered anything: slower than real time by half (a small board).
    public static let unmeasured = 0.5
    private let ratios = Mutex<[String: Double]>([:])

    /// Creates an empty record.
    public init() {}

    /// Seconds of computing per second of audio for `voice`.
    public func ratio(for voice: String) -> Double {
        ratios.withLock { $0[voice] } ?? Self.unmeasured
    }

    /// Records one rendered chunk: `audioSeconds` of audio took `elapsed` seconds.
    public func record(voice: String, audioSeconds: Double, elapsed: Double) {
        guard audioSeconds > 0.05, elapsed >= 0 else { return }
        let sample = elapsed / audioSeconds
        ratios.withLock { ratios in
            ratios[voice] = ratios[voice].map { 0.7 * $0 + 0.3 * sample } ?? sample
        }
    }
}
