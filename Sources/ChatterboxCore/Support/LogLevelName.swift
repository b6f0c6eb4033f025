import Logging

/// Maps `logging.level` names to swift-log levels.
public enum LogLevelName {
    /// `warning`/`warn` -> `.warning`, etc.; `nil` for unknown names.
    public static func parse(_ name: String) -> Logger.Level? {
        switch name.lowercased() {
        case "warn": .warning
        case "fatal": .critical
        default: Logger.Level(rawValue: name.lowercased())
        }
    }
}
