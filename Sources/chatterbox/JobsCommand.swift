import ArgumentParser
import ChatterboxCore
import Foundation

/// `chatterbox jobs …`: a client of a running server's job queue.
struct JobsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jobs", abstract: "Submit and follow jobs on a running server.",
        subcommands: [JobsSubmitCommand.self, JobsListCommand.self, JobsStatusCommand.self, JobsCancelCommand.self,
                      JobsDeleteCommand.self, JobsDownloadCommand.self, JobsWaitCommand.self])
}

/// `chatterbox jobs submit TEXT|-|--file F [--wait -o FILE]`.
struct JobsSubmitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "submit", abstract: "Queue text for synthesis.")

    @Argument(help: "Text to speak, or - to read stdin.")
    var text: String?

    @Option(help: "Read the text from this file.")
    var file: String?

    @OptionGroup var voiceOptions: VoiceOptions

    @Option(help: "Output sample rate in Hz.")
    var sampleRate: Int?

    @Option(parsing: .unconditional, help: "Priority, -100 to 100; higher runs first.")
    var priority: Int = 0

    @Option(help: "Idempotency key: submitting again with the same key returns the same job.")
    var idempotencyKey: String?

    @Flag(help: "Wait until the job finishes.")
    var wait = false

    @Option(name: .shortAndLong, help: "With --wait: download the audio to this file.")
    var output: String?

    @Option(help: "With --wait: give up after this many seconds.")
    var timeout: Double = 3600

    @OptionGroup var server: ServerOptions

    func validate() throws {
        if (text == nil) == (file == nil) { throw ValidationError("give the text as an argument (or -) or with --file, not both") }
        if output != nil && !wait { throw ValidationError("-o needs --wait") }
    }

    func run() async throws {
        let body = try await requestBody()
        let client = try await server.client()
        let headers = idempotencyKey.map { [("Idempotency-Key", $0)] } ?? []
        let answer = try await client.send(.POST, "/jobs", json: try JSONSerialization.data(withJSONObject: body), headers: headers)
        var job = try JobsClient.object(answer.body)
        if wait {
            job = try await JobWaiter(client: client, quiet: server.json).wait(for: job["id"] as? String ?? "", timeout: timeout)
            if let output { try await JobWaiter.save(job, client: client, to: output) }
        }
        try server.print(job: job)
    }

    private func requestBody() async throws -> [String: Any] {
        let text: String
        if let file {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw ChatterboxError(.unreadableFile, message: "cannot read \(file)", field: "file")
            }
            text = try TextValidator(maxLength: Int.max).validate(bytes: data)
        } else if self.text == "-" {
            text = try TextValidator(maxLength: Int.max).validate(bytes: FileHandle.standardInput.readDataToEndOfFile())
        } else {
            text = self.text ?? ""
        }
        var body: [String: Any] = ["text": text, "priority": priority]
        if let speed = voiceOptions.speed { body["speed"] = speed }
        if let voice = voiceOptions.voice { body["voice"] = voice }
        if let format = voiceOptions.format ?? output.map({ ($0 as NSString).pathExtension }).flatMap({ $0.isEmpty ? nil : $0 }) { body["format"] = format }
        if let sampleRate { body["sample_rate"] = sampleRate }
        if !voiceOptions.parameters.isEmpty { body["params"] = voiceOptions.parameters }
        return body
    }
}

/// `chatterbox jobs list [--status S] [--limit N] [--cursor C]`.
struct JobsListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List jobs, newest first.")

    @Option(help: "Only jobs with this status: queued, running, succeeded, failed, cancelled.")
    var status: String?

    @Option(help: "Jobs per page (1-100).")
    var limit: Int = 20

    @Option(help: "next_cursor of an earlier page.")
    var cursor: String?

    @OptionGroup var server: ServerOptions

    func run() async throws {
        var query = ["limit=\(limit)"]
        if let status { query.append("status=\(JobsClient.escape(status))") }
        if let cursor { query.append("cursor=\(JobsClient.escape(cursor))") }
        let page = try JobsClient.object(try await server.client().send(.GET, "/jobs?" + query.joined(separator: "&")).body)
        if server.json {
            print(String(decoding: try JSONSerialization.data(withJSONObject: page, options: [.sortedKeys, .withoutEscapingSlashes]), as: UTF8.self))
            return
        }
        let jobs = page["jobs"] as? [[String: Any]] ?? []
        if jobs.isEmpty { print("no jobs") }
        for job in jobs { print(ServerOptions.line(job)) }
        if let next = page["next_cursor"] as? String { print("more: --cursor \(next)") }
    }
}

/// `chatterbox jobs status ID`.
struct JobsStatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "status", abstract: "Show one job.")

    @Argument(help: "Job id.")
    var id: String

    @OptionGroup var server: ServerOptions

    func run() async throws {
        try server.print(job: try await server.client().job(id))
    }
}

/// `chatterbox jobs cancel ID`.
struct JobsCancelCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "cancel", abstract: "Cancel a queued or running job.")

    @Argument(help: "Job id.")
    var id: String

    @OptionGroup var server: ServerOptions

    func run() async throws {
        let answer = try await server.client().send(.DELETE, "/jobs/\(JobsClient.escape(id))")
        try server.print(job: try JobsClient.object(answer.body))
    }
}

/// `chatterbox jobs delete ID`: a finished job, its history, checkpoints and audio leave the server.
struct JobsDeleteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete", abstract: "Delete a finished job with its text, history and audio (cancel a running one first).")

    @Argument(help: "Job id.")
    var id: String

    @OptionGroup var server: ServerOptions

    func run() async throws {
        _ = try await server.client().send(.DELETE, "/jobs/\(JobsClient.escape(id))?purge=true")
        if server.json { try server.print(job: ["id": id, "deleted": true]) } else { print("deleted job \(id)") }
    }
}

/// `chatterbox jobs download ID -o FILE`.
struct JobsDownloadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "download", abstract: "Save a finished job's audio.")

    @Argument(help: "Job id.")
    var id: String

    @Option(name: .shortAndLong, help: "File to write.")
    var output: String

    @OptionGroup var server: ServerOptions

    func run() async throws {
        let client = try await server.client()
        try await JobWaiter.save(try await client.job(id), client: client, to: output)
    }
}

/// `chatterbox jobs wait ID [-o FILE]`: exit 0 when it succeeded, 1 when it failed or was cancelled.
struct JobsWaitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "wait", abstract: "Wait until a job finishes.")

    @Argument(help: "Job id.")
    var id: String

    @Option(name: .shortAndLong, help: "Download the audio to this file once it succeeded.")
    var output: String?

    @Option(help: "Give up after this many seconds.")
    var timeout: Double = 3600

    @OptionGroup var server: ServerOptions

    func run() async throws {
        let client = try await server.client()
        let job = try await JobWaiter(client: client, quiet: server.json).wait(for: id, timeout: timeout)
        if let output { try await JobWaiter.save(job, client: client, to: output) }
        try server.print(job: job)
    }
}
