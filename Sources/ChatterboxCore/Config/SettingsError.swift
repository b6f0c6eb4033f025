/// Configuration problems found while loading; start-up stops when there are any.
public struct SettingsError: Error, Sendable, Equatable, CustomStringConvertible {
    /// One problem: the key, what is wrong with its value (naming what is allowed), and where it was set.
    public struct Problem: Sendable, Equatable, CustomStringConvertible {
        /// Dotted key name, or the file for whole-file problems.
        public var key: String
        /// What is wrong and what is allowed.
        public var message: String
        /// Where the value came from.
        public var source: String

        public var description: String {
            "\(key): \(message) (from \(source))"
        }
    }

    /// All problems, in key order.
    public var problems: [Problem]

    public var description: String {
        problems.map(\.description).joined(separator: "\n")
    }
}
