/// The worker's `{"ok": false, "error": {code, message}}` read as a `ChatterboxError`.
///
/// Only the codes below blame the caller; any other code — `engine_error` (a library raised),
/// `bad_request` (a protocol slip), a code a newer worker invents — is the system's failure,
/// so it moves down the fallback chain and retries a job instead of answering 400.
enum WorkerReportedError {
    /// Caller-fault codes and the request field each one blames.
    static let callerFaults: [String: String] = [
        "invalid_parameter": "params",
        "unknown_voice": "voice",
        "invalid_voice": "voice",
        "invalid_speed": "speed",
        "invalid_text": "text",
    ]

    /// The error for a failure the `engine` worker reported.
    static func error(engine: String, code: String, message: String) -> ChatterboxError {
        let text = "\(engine): \(message)"
        if let field = callerFaults[code] {
            return ChatterboxError(.badInput, code: code, message: text, field: field)
        }
        if code == "engine_unavailable" {
            return ChatterboxError(.unavailable, code: code, message: text)
        }
        return ChatterboxError(.internalFailure, code: code, message: text)
    }
}
