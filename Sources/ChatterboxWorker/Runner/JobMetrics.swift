import Foundation
import Metrics

/// What the runner records through swift-metrics: how long jobs take, how much audio they
/// produce and how fast (real-time factor), and failures by kind. Any swift-metrics backend
/// exports them; `chatterbox api` exports Prometheus text on the metrics port.
enum JobMetrics {
    /// A job that succeeded after `seconds` of wall time for its last attempt.
    static func succeeded(audioSeconds: Double, wallSeconds: Double) {
        Metrics.Timer(label: "chatterbox_job_duration_seconds", dimensions: [("status", "succeeded")])
            .recordNanoseconds(Int64(wallSeconds * 1e9))
        FloatingPointCounter(label: "chatterbox_audio_seconds_total", dimensions: [("source", "job")]).increment(by: audioSeconds)
        if audioSeconds > 0 {
            Recorder(label: "chatterbox_real_time_factor", dimensions: [("source", "job")]).record(wallSeconds / audioSeconds)
        }
    }

    /// A job paused at a checkpoint because the disk ran low.
    static func paused() {
        Counter(label: "chatterbox_jobs_paused_total", dimensions: [("reason", "disk_space")]).increment()
    }

    /// An attempt that failed with `code`; `final` when no retry follows.
    static func failed(code: String, wallSeconds: Double, final: Bool) {
        Counter(label: "chatterbox_errors_total", dimensions: [("kind", code)]).increment()
        if final {
            Metrics.Timer(label: "chatterbox_job_duration_seconds", dimensions: [("status", "failed")])
                .recordNanoseconds(Int64(wallSeconds * 1e9))
        }
    }
}
