extension AudioBuffer {
    /// Joins `parts` (all at one sample rate) with `silence` seconds between consecutive parts.
    ///
    /// - Precondition: every part has the sample rate `sampleRate`.
    public static func joined(_ parts: [AudioBuffer], silence: Double, sampleRate: Int) -> AudioBuffer {
        var result = AudioBuffer(sampleRate: sampleRate)
        let gap = AudioBuffer.silence(seconds: silence, sampleRate: sampleRate).samples
        result.samples.reserveCapacity(parts.reduce(0) { $0 + $1.samples.count } + gap.count * max(0, parts.count - 1))
        for (index, part) in parts.enumerated() {
            precondition(part.sampleRate == sampleRate, "joining audio of different sample rates")
            if index > 0 { result.samples += gap }
            result.samples += part.samples
        }
        return result
    }

    /// Removes leading and trailing samples quieter than `threshold`, keeping `margin` seconds.
    public func trimmingSilence(threshold: Float = 0.002, margin: Double = 0.05) -> AudioBuffer {
        guard let first = samples.firstIndex(where: { abs($0) > threshold }),
              let last = samples.lastIndex(where: { abs($0) > threshold }) else {
            return AudioBuffer(sampleRate: sampleRate)
        }
        let pad = Int(margin * Double(sampleRate))
        let start = max(0, first - pad)
        let end = min(samples.count - 1, last + pad)
        return AudioBuffer(samples: Array(samples[start...end]), sampleRate: sampleRate)
    }
}

extension AudioBuffer {
    /// Length of the frames `speechEdges` looks at: 10 ms.
    static func edgeFrame(sampleRate: Int) -> Int { max(1, sampleRate / 100) }

    /// Where speech starts and ends: the first and just past the last 10 ms frame whose RMS is above
    /// `relativeThreshold` of the loudest sample (-40 dB by default). `nil` when nothing is that loud.
    public func speechEdges(relativeThreshold: Float = 0.01) -> (start: Int, end: Int)? {
        guard let peak = samples.lazy.map(abs).max(), peak > 0 else { return nil }
        let frame = Self.edgeFrame(sampleRate: sampleRate), threshold = peak * relativeThreshold
        let loud: (Int) -> Bool = { start in
            let end = Swift.min(start + frame, samples.count)
            var energy: Float = 0
            for index in start..<end { energy += samples[index] * samples[index] }
            return (energy / Float(end - start)).squareRoot() > threshold
        }
        let starts = Array(stride(from: 0, to: samples.count, by: frame))
        guard let first = starts.first(where: loud), let last = starts.last(where: loud) else { return nil }
        return (first, Swift.min(last + frame, samples.count))
    }
}

extension AudioBuffer {
    /// Words that start at the given samples (and are `size` long in whatever unit the caller counts), each
    /// lasting until the next starts — or the audio ends — less the quiet at either end (10 ms frames under
    /// `relativeThreshold` of the loudest sample): espeak-ng reports where words begin, not where they end.
    func spokenWords(startingAt starts: [(sample: Int, size: Int)], relativeThreshold: Float = 0.01) -> [WordAligner.Spoken] {
        let peak = samples.lazy.map(abs).max() ?? 0, frame = Self.edgeFrame(sampleRate: sampleRate), rate = Double(sampleRate)
        let bounded = starts.map { (Swift.min(Swift.max(0, $0.sample), samples.count), $0.size) }
        let quiet: (Int) -> Bool = { start in
            let slice = self.samples[start..<(start + frame)]
            return (slice.reduce(Float(0)) { $0 + $1 * $1 } / Float(frame)).squareRoot() <= peak * relativeThreshold
        }
        return bounded.enumerated().map { index, word in
            var start = word.0, end = index + 1 < bounded.count ? Swift.max(word.0, bounded[index + 1].0) : samples.count
            while end - frame > start, quiet(end - frame) { end -= frame }
            while start + frame < end, quiet(start) { start += frame }
            return WordAligner.Spoken(start: Double(start) / rate, end: Double(end) / rate, size: word.1)
        }
    }
}
