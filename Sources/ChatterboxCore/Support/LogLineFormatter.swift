import Foundation
import Logging

/// Turns one log event into one line of text or one JSON object.
public struct LogLineFormatter: Sendable {
    /// `text` or `json`.
    public var json: Bool

    /// Creates a formatter.
    public init(json: Bool) {
        self.json = json
    }

    /// The line, without a trailing newline.
    public func format(time: Date, level: Logger.Level, label: String, message: String, metadata: Logger.Metadata) -> String {
        let timestamp = Self.timestamp(time)
        guard json else {
            let extra = metadata.isEmpty ? "" : " " + metadata.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            return "\(timestamp) \(level.rawValue.uppercased()) \(label): \(message)\(extra)"
        }
        var object: [String: Any] = ["time": timestamp, "level": level.rawValue, "label": label, "message": message]
        if !metadata.isEmpty { object["metadata"] = metadata.mapValues(Self.jsonValue) }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    private static func jsonValue(_ value: Logger.MetadataValue) -> Any {
        switch value {
        case .string(let string): string
        case .stringConvertible(let convertible): convertible.description
        case .array(let array): array.map(jsonValue)
        case .dictionary(let dictionary): dictionary.mapValues(jsonValue)
        }
    }

    /// ISO 8601 in UTC with milliseconds.
    static func timestamp(_ date: Date) -> String {
        date.formatted(.iso8601.year().month().day().dateSeparator(.dash).time(includingFractionalSeconds: true).timeSeparator(.colon).timeZone(separator: .omitted))
    }
}
