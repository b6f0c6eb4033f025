import CoreMetrics
import Foundation
import Metrics

/// Metrics the API records through swift-metrics (exported by `MetricsServer` in Prometheus
/// text): requests by route and status, and what direct speech produced. Job metrics are
/// recorded by the runner under the same names (`JobMetrics`).
struct APIMetrics: Sendable {
    /// Counts one answered request.
    func request(route: String, method: String, status: Int, seconds: Double) {
        let dimensions = [("route", route), ("method", method), ("status", String(status))]
        Counter(label: "chatterbox_http_requests_total", dimensions: dimensions).increment()
        Metrics.Timer(label: "chatterbox_http_request_duration_seconds", dimensions: [("route", route)])
            .recordNanoseconds(Int64(seconds * 1e9))
    }

    /// Records one finished direct synthesis.
    func speech(audioSeconds: Double, wallSeconds: Double) {
        FloatingPointCounter(label: "chatterbox_audio_seconds_total", dimensions: [("source", "speech")]).increment(by: audioSeconds)
        if audioSeconds > 0 {
            Recorder(label: "chatterbox_real_time_factor", dimensions: [("source", "speech")]).record(wallSeconds / audioSeconds)
        }
    }

    /// Counts a failure by its code.
    func error(code: String) {
        Counter(label: "chatterbox_errors_total", dimensions: [("kind", code)]).increment()
    }
}
