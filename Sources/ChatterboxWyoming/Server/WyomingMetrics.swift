import Metrics

/// What the Wyoming listener records through swift-metrics (exported with the rest on the metrics port).
enum WyomingMetrics {
    static func connected() {
        Counter(label: "chatterbox_wyoming_connections_total").increment()
    }

    /// One synthesis (a whole `synthesize`, or one sentence of a stream) and how long its first audio took.
    static func synthesized(streaming: Bool, firstAudio: Duration?) {
        let mode = streaming ? "streaming" : "whole"
        Counter(label: "chatterbox_wyoming_syntheses_total", dimensions: [("mode", mode)]).increment()
        if let firstAudio {
            let (seconds, attoseconds) = firstAudio.components
            Metrics.Timer(label: "chatterbox_wyoming_first_audio_seconds", dimensions: [("mode", mode)])
                .recordNanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
        }
    }
}
