/// One configuration value in a form every layer (YAML, environment, defaults) can give.
public enum SettingValue: Sendable, Equatable, Codable, CustomStringConvertible {
    case int(Int)
    case double(Double)
    case bool(Bool)
    case string(String)
    case strings([String])

    public var description: String {
        switch self {
        case .int(let value): String(value)
        case .double(let value): String(value)
        case .bool(let value): String(value)
        case .string(let value): value
        case .strings(let values): "[" + values.joined(separator: ", ") + "]"
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .int(let value): try container.encode(value)
        case .double(let value): try container.encode(value)
        case .bool(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .strings(let values): try container.encode(values)
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Int.self) { self = .int(value) }
        else if let value = try? container.decode(Double.self) { self = .double(value) }
        else if let value = try? container.decode(String.self) { self = .string(value) }
        else { self = .strings(try container.decode([String].self)) }
    }

    var intValue: Int { if case .int(let value) = self { value } else { 0 } }
    var doubleValue: Double {
        switch self {
        case .double(let value): value
        case .int(let value): Double(value)
        default: 0
        }
    }
    var boolValue: Bool { if case .bool(let value) = self { value } else { false } }
    var stringValue: String { if case .string(let value) = self { value } else { description } }
    var stringsValue: [String] { if case .strings(let values) = self { values } else { [] } }
}
