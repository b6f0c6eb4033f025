import ChatterboxCore
import Foundation

/// One line of `chatterbox doctor`: what was checked, whether it passed, and what to do if not.
public struct SystemCheck: Sendable, Codable, Equatable {
    /// How bad a failed check is.
    public enum Status: String, Sendable, Codable {
        /// Works.
        case ok
        /// Works without it, with less (e.g. no neural voice).
        case warning
        /// Something the product needs is broken.
        case failed
    }

    /// Short name, e.g. `espeak-ng`.
    public var name: String
    /// Outcome.
    public var status: Status
    /// What was found.
    public var detail: String
    /// What to do about a warning or failure.
    public var fix: String?

    /// Creates a result.
    public init(name: String, status: Status, detail: String, fix: String? = nil) {
        self.name = name
        self.status = status
        self.detail = detail
        self.fix = fix
    }
}
