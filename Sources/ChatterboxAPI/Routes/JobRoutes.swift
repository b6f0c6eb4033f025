import ChatterboxCore
import ChatterboxWorker
import Foundation
import HTTPTypes
import Hummingbird

/// `/jobs`: submit (JSON or a text-file upload), list, look up, download, cancel, follow.
struct JobRoutes: Sendable {
    let environment: APIEnvironment

    func register(on router: Router<APIRequestContext>) {
        let jobs = router.group("jobs")
        jobs.post(use: submit)
        jobs.get(use: list)
        jobs.get(":id", use: show)
        jobs.delete(":id", use: cancel)
        jobs.get(":id/download", use: download)
        jobs.get(":id/captions", use: captions)
        jobs.get(":id/events", use: JobEventStream(environment: environment).respond)
    }

    /// `POST /jobs` -> `202 {job}`; a repeated `Idempotency-Key` with the same body returns the
    /// same job (`Idempotent-Replayed: true`), with another body `409`.
    @Sendable func submit(_ request: Request, context: APIRequestContext) async throws -> Response {
        try environment.requireDiskSpace()
        let limit = environment.settings.api.maxBodyBytes
        let contentType = request.headers[.contentType]?.lowercased() ?? "application/json"
        let submission: JobSubmission
        if contentType.hasPrefix("multipart/form-data") {
            submission = try await TextUpload.submission(from: request, contentType: request.headers[.contentType]!, limit: limit)
        } else {
            submission = try await request.decodeJSON(JobSubmission.self, limit: limit)
        }
        let key = request.headers[HTTPField.Name("Idempotency-Key")!]
        let newJob = try await submission.makeJob(in: environment, idempotencyKey: key)
        let result = try await environment.store.enqueue(newJob, maxAttempts: environment.settings.jobs.maxAttempts, now: Date())
        var headers = HTTPFields()
        headers[.location] = "/jobs/\(result.job.id)"
        if !result.created { headers[HTTPField.Name("Idempotent-Replayed")!] = "true" }
        return try .json(JobResponse(result.job), status: .accepted, headers: headers)
    }

    /// `GET /jobs?status=&limit=&cursor=` -> a page, newest first.
    @Sendable func list(_ request: Request, context: APIRequestContext) async throws -> Response {
        let query = request.uri.queryParameters
        var status: JobStatus?
        if let text = query["status"].map(String.init), !text.isEmpty {
            guard let parsed = JobStatus(rawValue: text) else {
                throw APIError(.invalidStatus, message: "status must be one of \(JobStatus.allCases.map(\.rawValue).joined(separator: ", "))", field: "status")
            }
            status = parsed
        }
        var limit = 20
        if let text = query["limit"].map(String.init) {
            guard let value = Int(text), (1...100).contains(value) else {
                throw APIError(.invalidLimit, message: "limit must be an integer from 1 to 100", field: "limit")
            }
            limit = value
        }
        var cursor: Int64?
        if let text = query["cursor"].map(String.init), !text.isEmpty {
            guard let value = Int64(text), value > 0 else {
                throw APIError(.invalidCursor, message: "cursor must be a next_cursor value from an earlier page", field: "cursor")
            }
            cursor = value
        }
        let jobs = try await environment.store.list(status: status, limit: limit, before: cursor)
        let next = jobs.count == limit ? jobs.last.map { String($0.sequence) } : nil
        return try .json(JobPage(jobs: jobs.map(JobResponse.init), nextCursor: next))
    }

    /// `GET /jobs/{id}`.
    @Sendable func show(_ request: Request, context: APIRequestContext) async throws -> Response {
        try .json(JobResponse(try await job(context)))
    }

    /// `DELETE /jobs/{id}`: cancels a queued or running job; a finished job is `409`.
    /// `DELETE /jobs/{id}?purge=true`: deletes a finished job with its events, checkpoints and
    /// audio (`204`); a queued or running one is `409` (cancel it first).
    @Sendable func cancel(_ request: Request, context: APIRequestContext) async throws -> Response {
        if try Self.purgeRequested(request) { return try await purge(context) }
        let existing = try await job(context)
        guard !existing.status.isFinished else {
            throw APIError(.alreadyFinished, message: "job \(existing.id) already \(existing.status.rawValue); nothing to cancel (?purge=true deletes it)")
        }
        guard let cancelled = try await environment.store.cancel(id: existing.id, now: Date()) else { throw Self.unknown(existing.id) }
        return try .json(JobResponse(cancelled))
    }

    private func purge(_ context: APIRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        guard Self.isPlausibleID(id) else { throw Self.unknown(id) }
        switch try await environment.store.delete(id: id) {
        case .notFound:
            throw Self.unknown(id)
        case .notFinished(let job):
            throw APIError(.notFinished, message: "job \(job.id) is \(job.status.rawValue); cancel it before deleting it")
        case .deleted(let job):
            let audio = Settings.resolve(environment.settings.directories.data, in: environment.workingDirectory).appendingPathComponent("audio")
            JobAudioFiles(folder: audio).removeOwned(by: job)
            context.logger.info("deleted job \(job.id) and its audio")
            return Response(status: .noContent)
        }
    }

    private static func purgeRequested(_ request: Request) throws -> Bool {
        switch request.uri.queryParameters["purge"].map(String.init) {
        case nil, "false", "0": return false
        case "true", "1": return true
        default: throw APIError(.invalidPurge, message: "purge must be true or false", field: "purge")
        }
    }

    /// `GET /jobs/{id}/download`: the audio with its content type; `409` until it succeeded.
    @Sendable func download(_ request: Request, context: APIRequestContext) async throws -> Response {
        let job = try await job(context)
        guard job.status == .succeeded, let path = job.outputPath else {
            throw APIError(.notFinished, message: "job \(job.id) is \(job.status.rawValue); audio is ready once it has succeeded")
        }
        let format = AudioFormat(name: job.format) ?? .wav
        var headers = HTTPFields()
        headers[.contentType] = format.contentType
        headers[.contentDisposition] = "attachment; filename=\"chatterbox-\(job.id).\(format.fileExtension)\""
        // A shared store (PostgreSQL) keeps the audio, so a job finished on another node downloads here too.
        if let audio = try await environment.store.storedAudio(id: job.id) {
            headers[.contentLength] = String(audio.count)
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: audio)))
        }
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path), let size = attributes[.size] as? Int else {
            throw APIError(.audioGone, message: "the audio of job \(job.id) is no longer on this server")
        }
        headers[.contentLength] = String(size)
        let body = try await FileIO().loadFile(path: path, context: context)
        return Response(status: .ok, headers: headers, body: body)
    }

    /// `GET /jobs/{id}/captions?format=json|srt|vtt`: when each word is heard (JSON) or subtitles; `409`
    /// until it succeeded. Kept with each checkpoint, so a resumed job's are exact too.
    @Sendable func captions(_ request: Request, context: APIRequestContext) async throws -> Response {
        let name = request.uri.queryParameters.get("format") ?? "json"
        guard let format = CaptionFormat(rawValue: name) else {
            throw APIError(.invalidFormat, message: "format must be json, srt or vtt", field: "format")
        }
        let job = try await job(context)
        guard job.status == .succeeded else {
            throw APIError(.notFinished, message: "job \(job.id) is \(job.status.rawValue); captions are ready once it has succeeded")
        }
        let words = try await environment.store.captions(id: job.id)
        guard !words.isEmpty else {
            throw APIError(.noCaptions, message: "job \(job.id) finished before this server kept word timings", field: "id")
        }
        var headers = HTTPFields()
        headers[.contentType] = format.contentType
        headers[.contentDisposition] = "inline; filename=\"chatterbox-\(job.id).\(format.rawValue)\""
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: format.render(words))))
    }

    private func job(_ context: APIRequestContext) async throws -> Job {
        let id = try context.parameters.require("id")
        guard Self.isPlausibleID(id), let job = try await environment.store.job(id: id) else { throw Self.unknown(id) }
        return job
    }

    static func unknown(_ id: String) -> APIError {
        .notFound("no job with id '\(id.prefix(80))'", field: "id")
    }

    /// Job ids are UUIDs; anything else (`..`, slashes, control characters) is not looked up.
    static func isPlausibleID(_ id: String) -> Bool {
        !id.isEmpty && id.count <= 64 && id.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
    }
}

extension JobStatus {
    /// Succeeded, failed or cancelled.
    var isFinished: Bool { self == .succeeded || self == .failed || self == .cancelled }
}
