/// Mono Float32 PCM samples in [-1, 1] at one sample rate: what every engine produces
/// and every encoder consumes.
public struct AudioBuffer: Sendable, Equatable {
    /// The samples, one channel.
    public var samples: [Float]
    /// Samples per second.
    public var sampleRate: Int
    /// When each word is heard, in seconds from the first sample, where the engine could tell.
    public var words: [WordTiming]

    /// Creates a buffer.
    public init(samples: [Float] = [], sampleRate: Int, words: [WordTiming] = []) {
        self.samples = samples
        self.sampleRate = sampleRate
        self.words = words
    }

    /// Length in seconds.
    public var duration: Double {
        sampleRate > 0 ? Double(samples.count) / Double(sampleRate) : 0
    }

    /// Whether there are no samples.
    public var isEmpty: Bool { samples.isEmpty }

    /// Root-mean-square level; 0 for silence.
    public var rms: Float {
        guard !samples.isEmpty else { return 0 }
        var sum: Double = 0
        for s in samples { sum += Double(s) * Double(s) }
        return Float((sum / Double(samples.count)).squareRoot())
    }

    /// Largest absolute sample value.
    public var peak: Float {
        samples.reduce(0) { max($0, abs($1)) }
    }

    /// `seconds` of silence at `sampleRate`.
    public static func silence(seconds: Double, sampleRate: Int) -> AudioBuffer {
        AudioBuffer(samples: [Float](repeating: 0, count: max(0, Int((seconds * Double(sampleRate)).rounded()))), sampleRate: sampleRate)
    }

    /// The samples as signed 16-bit integers, clipped.
    public var int16Samples: [Int16] {
        samples.map { Int16((max(-1, min(1, $0)) * 32767).rounded()) }
    }
}
