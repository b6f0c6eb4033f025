import Foundation
import Logging

/// Our swift-log backend: each event goes to the console (stderr) at or above `consoleLevel`
/// and to the log file at or above `fileLevel`, formatted as text or JSON.
public struct ChatterboxLogHandler: LogHandler {
    /// The lower of the two thresholds: swift-log drops events below it before they reach us.
    public var logLevel: Logger.Level
    /// File threshold (`logging.level`).
    public var fileLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]
    /// Console threshold; `nil` keeps the console quiet.
    public var consoleLevel: Logger.Level?
    let label: String
    let formatter: LogLineFormatter
    let file: LogFileSink?

    /// Creates a handler for `label`.
    public init(label: String, level: Logger.Level, consoleLevel: Logger.Level?, formatter: LogLineFormatter, file: LogFileSink?) {
        self.label = label
        self.fileLevel = level
        self.logLevel = min(level, consoleLevel ?? level)
        self.consoleLevel = consoleLevel
        self.formatter = formatter
        self.file = file
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        let now = Date()
        let merged = metadata.merging(event.metadata ?? [:]) { _, new in new }
        let line = formatter.format(time: now, level: event.level, label: label, message: "\(event.message)", metadata: merged)
        if let consoleLevel, event.level >= consoleLevel {
            FileHandle.standardError.write(Data((line + "\n").utf8))
        }
        if event.level >= fileLevel { file?.write(line, at: now) }
    }

    /// Installs the handler process-wide from settings. Call once, early.
    /// `consoleLevel` lets one-shot commands keep the terminal for warnings only.
    public static func bootstrap(settings: Settings, workingDirectory: URL, consoleLevel: Logger.Level?) {
        let level = LogLevelName.parse(settings.logging.level) ?? .info
        let formatter = LogLineFormatter(json: settings.logging.format == "json")
        let folder = Settings.resolve(settings.directories.logs, in: workingDirectory)
        let sink = try? LogFileSink(folder: folder, daily: settings.logging.rotation == "daily", retentionDays: settings.logging.retentionDays)
        LoggingSystem.bootstrap { label in
            ChatterboxLogHandler(label: label, level: level, consoleLevel: consoleLevel, formatter: formatter, file: sink)
        }
    }
}
