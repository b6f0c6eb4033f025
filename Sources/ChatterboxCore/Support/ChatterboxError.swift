/// A failure a user can act on: who is to blame, a stable machine-readable code, a one-line
/// message and, where one input is to blame, the name of that input.
///
/// The same value becomes a CLI error line (`error: message`) and the HTTP error body
/// `{"error": {"code", "message", "field"}}`; its kind decides the HTTP status, whether the
/// fallback chain moves on and whether a job is retried. There is no default kind: every
/// place that fails says whose fault it is.
public struct ChatterboxError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Who is to blame, and so the HTTP status, the retry and the fallback.
    public var kind: Kind
    /// Stable identifier, e.g. `text_too_long`.
    public var code: String
    /// One human sentence saying what went wrong and what is allowed.
    public var message: String
    /// The input at fault (`text`, `voice`, `format`, …), if any.
    public var field: String?

    /// Who is to blame for a failure.
    public enum Kind: String, Sendable, CaseIterable {
        /// The request itself is wrong; retrying the same request fails again (400).
        case badInput
        /// The request conflicts with the state it names, e.g. a reused idempotency key (409).
        case conflict
        /// An engine, file or library failed; a retry or another engine may succeed (500).
        case internalFailure
        /// An engine cannot run here at all right now: not installed, worker does not start (503).
        case unavailable
        /// An engine did not answer in time and was restarted (504).
        case timeout
        /// The disk holding the data folder or the output is (nearly) full (507).
        case storageFull

        /// True when the caller must change the request; false when the system failed.
        public var isCallerFault: Bool { self == .badInput || self == .conflict }

        /// The HTTP status code this kind answers with.
        public var httpStatus: Int {
            switch self {
            case .badInput: 400
            case .conflict: 409
            case .internalFailure: 500
            case .unavailable: 503
            case .timeout: 504
            case .storageFull: 507
            }
        }

        /// The kind an HTTP error status stands for (the CLI's view of a server's answer).
        public init(httpStatus: Int) {
            self = Self.allCases.first { $0.httpStatus == httpStatus }
                ?? (httpStatus < 500 ? .badInput : .internalFailure)
        }
    }

    /// Creates an error; `kind` comes first because it decides everything else.
    public init(_ kind: Kind, code: String, message: String, field: String? = nil) {
        self.kind = kind
        self.code = code
        self.message = message
        self.field = field
    }

    public var description: String { message }
}

extension ChatterboxError {
    /// An engine or library failure (retryable, triggers the fallback chain).
    public static func engine(_ message: String) -> ChatterboxError {
        ChatterboxError(.internalFailure, code: "engine_failure", message: message)
    }

    /// A file-system failure while reading or writing audio.
    public static func io(_ message: String, field: String? = nil) -> ChatterboxError {
        ChatterboxError(.internalFailure, code: "io_error", message: message, field: field)
    }
}
