import ChatterboxWorker
import Foundation
import HTTPTypes
import Hummingbird

/// `GET /jobs/{id}/events`: Server-Sent Events following one job — `progress` now and at every
/// change, then one of `succeeded`, `failed`, `cancelled`, and the stream ends. Each event's
/// data is the job as `GET /jobs/{id}` shows it. Reads the durable store, so it follows a job
/// whichever node runs it.
struct JobEventStream: Sendable {
    let environment: APIEnvironment
    let pollInterval: Duration = .milliseconds(200)
    let keepAlive: Duration = .seconds(15)

    @Sendable func respond(_ request: Request, context: APIRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        guard JobRoutes.isPlausibleID(id), let first = try await environment.store.job(id: id) else { throw JobRoutes.unknown(id) }
        var headers = HTTPFields()
        headers[.contentType] = "text/event-stream"
        headers[.cacheControl] = "no-cache"
        let store = environment.store, pollInterval = self.pollInterval, keepAlive = self.keepAlive
        return Response(status: .ok, headers: headers, body: ResponseBody { writer in
            var last = first
            try await writer.write(Self.event(for: first, final: false))
            var quiet = Duration.zero
            while !last.status.isFinished {
                try await Task.sleep(for: pollInterval)
                guard let job = try await store.job(id: id) else { break }
                if job.status != last.status || job.chunksDone != last.chunksDone || job.attempts != last.attempts {
                    if !job.status.isFinished { try await writer.write(Self.event(for: job, final: false)) }
                    last = job
                    quiet = .zero
                } else {
                    quiet += pollInterval
                    if quiet >= keepAlive {
                        try await writer.write(ByteBuffer(string: ": keep-alive\n\n"))
                        quiet = .zero
                    }
                }
            }
            if last.status.isFinished { try await writer.write(Self.event(for: last, final: true)) }
            try await writer.finish(nil)
        })
    }

    static func event(for job: Job, final: Bool) -> ByteBuffer {
        let name = final ? job.status.rawValue : "progress"
        let data = (try? JSONEncoder.api.encode(JobResponse(job))).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        return ByteBuffer(string: "event: \(name)\ndata: \(data)\n\n")
    }
}
