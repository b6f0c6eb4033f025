/// The worker's `{"ok": false, "error": {code, message}}` read as a `ChatterboxError`.
///
/// Only the codes below blame the caller, and `engine_unavailable` is 503; any other code — `engine_error` (a
/// library raised), `bad_request` (a protocol slip), `unknown_engine`, a code a newer worker invents — is the
/// system's failure, `engine_error` naming the worker's code, so it moves down the fallback chain and retries a
/// job instead of answering 400.
enum WorkerReportedError {
    /// The worker's codes we answer with as they are, and the request field each one blames.
    static let known: [String: (code: ErrorCode, field: String?)] = [
        "invalid_parameter": (.invalidParameter, "params"),
        "unknown_voice": (.unknownVoice, "voice"),
        "invalid_voice": (.invalidVoice, "voice"),
        "invalid_speed": (.invalidSpeed, "speed"),
        "invalid_text": (.invalidText, "text"),
        "engine_unavailable": (.engineUnavailable, nil),
    ]

    /// The error for a failure the `engine` worker reported.
    static func error(engine: String, code: String, message: String) -> ChatterboxError {
        if let (code, field) = known[code] {
            return ChatterboxError(code, message: "\(engine): \(message)", field: field)
        }
        return ChatterboxError(.engineError, message: "\(engine) (\(code.prefix(40))): \(message)")
    }
}
