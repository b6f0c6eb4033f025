/// A failure a user can act on: a code from the closed set `ErrorCode` (which says who is to blame), a
/// one-line message and, where one input is to blame, the name of that input.
///
/// The same value becomes a CLI error line (`error: message`) and the HTTP error body
/// `{"error": {"code", "message", "field"}}`; its kind — the code's — decides the HTTP status, whether the
/// fallback chain moves on and whether a job is retried. There is no default: every place that fails names
/// its code, and every code has exactly one kind.
public struct ChatterboxError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Stable identifier, e.g. `text_too_long`.
    public var code: ErrorCode
    /// One human sentence saying what went wrong and what is allowed.
    public var message: String
    /// The input at fault (`text`, `voice`, `format`, …), if any.
    public var field: String?

    /// Who is to blame, and so the HTTP status, the retry and the fallback.
    public var kind: Kind { code.kind }

    /// Who is to blame for a failure.
    public enum Kind: String, Sendable, CaseIterable {
        /// The request itself is wrong; retrying the same request fails again (400).
        case badInput
        /// No valid API key (401).
        case unauthorized
        /// Not allowed from where it came (403): another site's page, a rebinding host name.
        case forbidden
        /// No such thing: a job, a voice, a route (404).
        case notFound
        /// The route does not take that method (405).
        case methodNotAllowed
        /// The request conflicts with the state it names, e.g. a reused idempotency key (409).
        case conflict
        /// It was there and is not any more: a finished job's audio removed (410).
        case gone
        /// The body is larger than allowed (413).
        case tooLarge
        /// The body is of a type the route does not read (415).
        case unsupportedMediaType
        /// Too many requests from this client; try again later (429).
        case tooManyRequests
        /// An engine, file or library failed; a retry or another engine may succeed (500).
        case internalFailure
        /// An engine cannot run here at all right now: not installed, worker does not start (503).
        case unavailable
        /// An engine did not answer in time and was restarted (504).
        case timeout
        /// The disk holding the data folder or the output is (nearly) full (507).
        case storageFull

        /// True when the caller must change the request (4xx); false when the system failed (5xx).
        public var isCallerFault: Bool { httpStatus < 500 }

        /// The HTTP status code this kind answers with.
        public var httpStatus: Int {
            switch self {
            case .badInput: 400
            case .unauthorized: 401
            case .forbidden: 403
            case .notFound: 404
            case .methodNotAllowed: 405
            case .conflict: 409
            case .gone: 410
            case .tooLarge: 413
            case .unsupportedMediaType: 415
            case .tooManyRequests: 429
            case .internalFailure: 500
            case .unavailable: 503
            case .timeout: 504
            case .storageFull: 507
            }
        }

        /// The kind an HTTP error status stands for (the CLI's view of a server's answer); `nil` for a status no
        /// kind answers with.
        public init?(httpStatus: Int) {
            guard let kind = Self.allCases.first(where: { $0.httpStatus == httpStatus }) else { return nil }
            self = kind
        }
    }

    /// Creates an error; its kind is the code's.
    public init(_ code: ErrorCode, message: String, field: String? = nil) {
        self.code = code
        self.message = message
        self.field = field
    }

    public var description: String { message }
}

extension ChatterboxError {
    /// An engine or library failure (retryable, triggers the fallback chain).
    public static func engine(_ message: String) -> ChatterboxError {
        ChatterboxError(.engineFailure, message: message)
    }

    /// A file-system failure while reading or writing audio.
    public static func io(_ message: String, field: String? = nil) -> ChatterboxError {
        ChatterboxError(.ioError, message: message, field: field)
    }
}
