/// A failure a user can act on: a stable machine-readable code, a one-line message and,
/// where one input is to blame, the name of that input.
///
/// The same value becomes a CLI error line (`error: message`) and, later, the HTTP
/// error body `{"error": {"code", "message", "field"}}`.
public struct ChatterboxError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Stable identifier, e.g. `text_too_long`.
    public var code: String
    /// One human sentence saying what went wrong and what is allowed.
    public var message: String
    /// The input at fault (`text`, `voice`, `format`, …), if any.
    public var field: String?
    /// Whether the failure is the caller's input (never worth retrying) or the system's.
    public var kind: Kind

    /// Who is to blame for a failure.
    public enum Kind: String, Sendable {
        /// The request itself is wrong; retrying the same request fails again.
        case badInput
        /// An engine, file or library failed; a retry or another engine may succeed.
        case internalFailure
    }

    /// Creates an error.
    public init(code: String, message: String, field: String? = nil, kind: Kind = .badInput) {
        self.code = code
        self.message = message
        self.field = field
        self.kind = kind
    }

    public var description: String { message }
}

extension ChatterboxError {
    /// An engine or library failure (retryable, triggers the fallback chain).
    public static func engine(_ message: String) -> ChatterboxError {
        ChatterboxError(code: "engine_failure", message: message, kind: .internalFailure)
    }

    /// A file-system failure while reading or writing audio.
    public static func io(_ message: String, field: String? = nil) -> ChatterboxError {
        ChatterboxError(code: "io_error", message: message, field: field, kind: .internalFailure)
    }
}
