import ChatterboxCore
import ChatterboxWorker
import ChatterboxWyoming
import Foundation
import Hummingbird

/// `GET /health` (what works, for people and monitors) and `GET /ready` (for load balancers:
/// `200` once the default voice has loaded and the store answers, `503` before and while the
/// disk is under `jobs.min_free_disk_mb`).
struct HealthRoutes: Sendable {
    let environment: APIEnvironment
    /// Below this much free disk the server reports itself degraded.
    static let lowDiskBytes: Int64 = 1_000_000_000

    struct Check: Encodable, Sendable {
        var status: String
        var detail: String
        var values: [String: AnyEncodable] = [:]

        func encode(to encoder: any Encoder) throws {
            var all = values
            all["status"] = AnyEncodable(status)
            all["detail"] = AnyEncodable(detail)
            try all.encode(to: encoder)
        }
    }

    func register(on router: Router<APIRequestContext>) {
        router.get("health") { _, context in try await health(detailed: context.trusted) }
        router.get("ready") { _, _ in
            if let problem = environment.readiness.problem ?? environment.storage.problem {
                throw APIError(.notReady, message: "not ready: \(problem)")
            }
            _ = try await environment.store.counts()
            return try Response.json(["status": "ready"])
        }
    }

    /// The whole report; without `detailed` (a caller without a key, or from another machine on a server
    /// without keys) each check says only its status: no paths, process ids or error texts.
    func health(detailed: Bool = true) async throws -> Response {
        var checks: [String: Check] = [
            "model": await modelCheck(), "disk_space": diskCheck(), "memory": memoryCheck(), "queue": await queueCheck(),
            "python_engines": await pythonCheck(), "wyoming": await wyomingCheck(), "espeak": await espeakCheck(),
        ]
        let statuses = Set(checks.values.map(\.status))
        let overall = statuses.contains("fail") && (checks["queue"]?.status == "fail" || checks["disk_space"]?.status == "fail") ? "unhealthy"
            : (statuses == ["ok"] ? "healthy" : "degraded")
        guard detailed else {
            for (name, check) in checks { checks[name] = Check(status: check.status, detail: "details need an API key") }
            return try .json(["status": AnyEncodable(overall), "timestamp": AnyEncodable(Date().ISO8601Format()), "checks": AnyEncodable(checks)],
                             status: overall == "unhealthy" ? .serviceUnavailable : .ok)
        }
        let device = DeviceInfo.current()
        let body: [String: AnyEncodable] = [
            "status": AnyEncodable(overall), "timestamp": AnyEncodable(Date().ISO8601Format()), "checks": AnyEncodable(checks),
            "uptime_seconds": AnyEncodable(Int(Date().timeIntervalSince(environment.startedAt))),
            "device": AnyEncodable(["cpu_cores": AnyEncodable(device.cpuCores), "memory_bytes": AnyEncodable(device.memoryBytes),
                                    "nvidia_gpu": AnyEncodable(device.nvidiaGPU), "summary": AnyEncodable(device.summary)]),
        ]
        return try .json(body, status: overall == "unhealthy" ? .serviceUnavailable : .ok)
    }

    private func modelCheck() async -> Check {
        let voice = environment.settings.processing.model
        if let problem = environment.readiness.problem {
            return Check(status: "fail", detail: "\(voice): \(problem)", values: ["voice": AnyEncodable(voice)])
        }
        do {
            let (engine, info) = try await environment.registry.resolve(voice)
            try await engine.load()
            return Check(status: "ok", detail: "\(info.id) loaded, \(info.sampleRate) Hz",
                         values: ["voice": AnyEncodable(info.id), "engine": AnyEncodable(engine.id)])
        } catch {
            return Check(status: "fail", detail: "\(voice): \(error)", values: ["voice": AnyEncodable(voice)])
        }
    }

    /// `fail` under `jobs.min_free_disk_mb` (jobs pause, submissions get 507: the server is
    /// unhealthy until space returns), `warn` under 1 GB.
    private func diskCheck() -> Check {
        let storage = environment.storage
        guard let free = storage.freeBytes() else {
            return Check(status: "warn", detail: "cannot read free space of \(storage.folder.path)")
        }
        let values: [String: AnyEncodable] = ["free_bytes": AnyEncodable(free), "min_free_bytes": AnyEncodable(storage.minimumFreeBytes)]
        if let problem = storage.problem { return Check(status: "fail", detail: problem, values: values) }
        let status = free < Self.lowDiskBytes ? "warn" : "ok"
        return Check(status: status, detail: "\(free / 1_000_000) MB free at \(storage.folder.path)", values: values)
    }

    private func memoryCheck() -> Check {
        let resident = ProcessMemory.residentBytes(), available = ProcessMemory.availableBytes()
        let status = (available ?? Int.max) < 200_000_000 ? "warn" : "ok"
        var values: [String: AnyEncodable] = ["rss_bytes": AnyEncodable(resident)]
        if let available { values["available_bytes"] = AnyEncodable(available) }
        return Check(status: status, detail: "\(resident / 1_000_000) MB resident, \((available ?? 0) / 1_000_000) MB available",
                     values: values)
    }

    /// The Python environment (engines.python): which engines it can host and which workers run now.
    private func pythonCheck() async -> Check {
        let engines = environment.registry.engines.values.compactMap { $0 as? PythonWorkerEngine }.sorted { $0.id < $1.id }
        guard !environment.settings.engines.python.isEmpty, let first = engines.first else {
            return Check(status: "ok", detail: "off (engines.python is empty)", values: ["available": AnyEncodable([String]())])
        }
        do {
            let report = try await first.availability()
            let available = engines.filter { report.engines[$0.id]?.available == true }.map(\.id)
            var workers: [String: AnyEncodable] = [:]
            for engine in engines {
                if let pid = await engine.worker.pid { workers[engine.id] = AnyEncodable(pid) }
            }
            return Check(status: "ok", detail: "Python \(report.python): " + (available.isEmpty ? "no engine available" : available.joined(separator: ", ")),
                         values: ["available": AnyEncodable(available), "workers": AnyEncodable(workers)])
        } catch {
            return Check(status: "warn", detail: "\(error)", values: ["available": AnyEncodable([String]())])
        }
    }

    /// The Wyoming listener answers `describe` as Home Assistant asks it (a `warn` when it does not:
    /// HTTP still works).
    private func wyomingCheck() async -> Check {
        let settings = environment.settings
        guard settings.wyoming.enabled else { return Check(status: "ok", detail: "off (wyoming.enabled is false)") }
        let host = WyomingProbe.address(settings).host
        do {
            let answer = try await WyomingProbe.describe(host: host, port: settings.wyoming.port, timeout: .seconds(1))
            return Check(status: "ok", detail: "tcp://\(host):\(settings.wyoming.port) answers describe: \(answer.voices) voices, streaming",
                         values: ["port": AnyEncodable(settings.wyoming.port), "voices": AnyEncodable(answer.voices)])
        } catch {
            return Check(status: "warn", detail: "tcp://\(host):\(settings.wyoming.port) does not answer describe: \(error)",
                         values: ["port": AnyEncodable(settings.wyoming.port)])
        }
    }

    /// The libespeak-ng the helpers loaded, which gives Piper voices their phonemes: 1.52, what the voices
    /// were trained with, is `ok`; another version (the system's, when 1.52 is not installed) is a `warn`.
    private func espeakCheck() async -> Check {
        guard let espeak = environment.registry.espeak else { return Check(status: "warn", detail: "no espeak-ng helpers in this server") }
        do {
            let library = try await espeak.library()
            let trained = library.version.hasPrefix("1.52")
            let source = espeak.librarySource
            return Check(status: trained ? "ok" : "warn",
                         detail: "espeak-ng \(library.version), \(source)" + (trained ? "" : "; Piper voices were trained on 1.52 (scripts/install.sh installs it)"),
                         values: ["version": AnyEncodable(library.version), "data": AnyEncodable(library.dataPath)])
        } catch {
            return Check(status: "fail", detail: "espeak-ng helper: \(error)")
        }
    }

    private func queueCheck() async -> Check {
        do {
            let counts = try await environment.store.counts()
            var values: [String: AnyEncodable] = [:]
            for status in JobStatus.allCases { values[status.rawValue] = AnyEncodable(counts[status] ?? 0) }
            return Check(status: "ok", detail: "\(counts[.queued] ?? 0) queued, \(counts[.running] ?? 0) running", values: values)
        } catch {
            return Check(status: "fail", detail: "job store: \(error)")
        }
    }
}
