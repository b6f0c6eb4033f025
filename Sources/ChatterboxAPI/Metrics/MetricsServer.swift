import ChatterboxWorker
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Metrics
import Prometheus
import Synchronization

/// The second listener (`monitoring.metrics_port`): Prometheus text at `GET /metrics`.
///
/// swift-metrics is bootstrapped once per process with a Prometheus factory; everything the
/// API, the runner and the processor record through swift-metrics appears here, plus gauges
/// read at scrape time (queue length by status, process memory).
enum MetricsServer {
    private static let registry = PrometheusCollectorRegistry()
    private static let bootstrapped = Mutex(false)

    /// Points swift-metrics at our Prometheus registry (once).
    static func bootstrap() {
        bootstrapped.withLock { done in
            guard !done else { return }
            var factory = PrometheusMetricsFactory(registry: registry)
            let long: [Duration] = [.milliseconds(100), .milliseconds(500), .seconds(1), .seconds(2), .seconds(5), .seconds(10),
                                    .seconds(30), .seconds(60), .seconds(300), .seconds(900), .seconds(3600)]
            factory.durationHistogramBuckets = ["chatterbox_job_duration_seconds": long]
            factory.valueHistogramBuckets = ["chatterbox_real_time_factor": [0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 1.5, 2, 5]]
            MetricsSystem.bootstrap(factory)
            done = true
        }
    }

    /// The metrics application, listening on `host:port`.
    static func application(host: String, port: Int, store: any JobStore, logger: Logger) -> some ApplicationProtocol {
        bootstrap()
        let router = Router()
        router.get("/metrics") { _, _ -> Response in
            await sampleGauges(store: store)
            var headers = HTTPFields()
            headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer())))
        }
        return Application(router: router, configuration: .init(address: .hostname(host, port: port), serverName: "chatterbox-metrics"),
                           logger: logger)
    }

    /// Updates the gauges that are read rather than counted.
    static func sampleGauges(store: any JobStore) async {
        if let counts = try? await store.counts() {
            for status in JobStatus.allCases {
                Gauge(label: "chatterbox_queue_jobs", dimensions: [("status", status.rawValue)]).record(counts[status] ?? 0)
            }
        }
        Gauge(label: "chatterbox_process_resident_memory_bytes").record(ProcessMemory.residentBytes())
    }
}

/// Reads this process's memory use from /proc.
enum ProcessMemory {
    /// Resident set size in bytes (0 when /proc is unavailable).
    static func residentBytes() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    /// Memory available to new work, from /proc/meminfo, in bytes.
    static func availableBytes() -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("MemAvailable:") {
            return line.split(separator: " ").dropFirst().first.flatMap { Int($0) }.map { $0 * 1024 }
        }
        return nil
    }
}
