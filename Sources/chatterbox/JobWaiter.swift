import ChatterboxCore
import Foundation

/// Follows a job until it finishes, showing progress on stderr; a failed or cancelled job is
/// an error (exit 1) with the job's own message.
struct JobWaiter {
    let client: JobsClient
    let quiet: Bool

    func wait(for id: String, timeout: Double) async throws -> [String: Any] {
        let deadline = Date().addingTimeInterval(timeout)
        var lastLine = ""
        while true {
            let job = try await client.job(id)
            let status = job["status"] as? String ?? ""
            let line = ServerOptions.line(job)
            if !quiet, line != lastLine, isatty(2) != 0 {
                FileHandle.standardError.write(Data("\r\u{1B}[K\(line)".utf8))
                lastLine = line
            }
            if ["succeeded", "failed", "cancelled"].contains(status) {
                if !lastLine.isEmpty { FileHandle.standardError.write(Data("\n".utf8)) }
                guard status == "succeeded" else {
                    let error = job["error"] as? [String: Any]
                    // The job's own code when the server gave one this program knows; else what became of it.
                    let code = (error?["code"] as? String).flatMap(ErrorCode.init(rawValue:)) ?? (status == "cancelled" ? .jobCancelled : .jobFailed)
                    throw ChatterboxError(code, message: "job \(id) \(status)" + ((error?["message"] as? String).map { ": \($0)" } ?? ""))
                }
                return job
            }
            guard Date() < deadline else {
                throw ChatterboxError(.waitTimeout, message: "job \(id) is still \(status) after \(Int(timeout)) s")
            }
            try await Task.sleep(for: .milliseconds(300))
        }
    }

    /// Downloads a succeeded job's audio.
    static func save(_ job: [String: Any], client: JobsClient, to output: String) async throws {
        let id = job["id"] as? String ?? ""
        let bytes = try await client.download("/jobs/\(JobsClient.escape(id))/download", to: URL(fileURLWithPath: output))
        FileHandle.standardError.write(Data("wrote \(output) (\(bytes) bytes)\n".utf8))
    }
}
