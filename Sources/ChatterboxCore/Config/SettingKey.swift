import Configuration

/// One configuration key: its dotted name, type, default and what values are allowed.
public struct SettingKey: Sendable {
    /// The kinds of value a key holds.
    public enum Kind: String, Sendable {
        case int, double, bool, string, strings

        var configType: ConfigType {
            switch self {
            case .int: .int
            case .double: .double
            case .bool: .bool
            case .string: .string
            case .strings: .stringArray
            }
        }
    }

    /// Dotted name, `section.key`, as in YAML.
    public var name: String
    /// Value type.
    public var kind: Kind
    /// Value when no layer sets one.
    public var defaultValue: SettingValue
    /// Human description of the allowed values, used in error messages.
    public var allowed: String
    /// One line for docs and `config show`.
    public var summary: String
    /// Whether the value is hidden in output (API keys).
    public var isSecret: Bool
    /// Returns whether a value is acceptable.
    public var check: @Sendable (SettingValue) -> Bool

    /// The environment variable that sets this key, e.g. `CHATTERBOX_API_PORT`.
    public var environmentName: String {
        "CHATTERBOX_" + name.replacingOccurrences(of: ".", with: "_").uppercased()
    }

    /// The key as swift-configuration addresses it.
    var configKey: AbsoluteConfigKey {
        AbsoluteConfigKey(name.split(separator: ".").map(String.init))
    }

    /// Converts what a provider returned into our value type.
    func value(from content: ConfigContent) -> SettingValue? {
        switch (kind, content) {
        case (.int, .int(let value)): .int(value)
        case (.double, .double(let value)): .double(value)
        case (.double, .int(let value)): .double(Double(value))
        case (.bool, .bool(let value)): .bool(value)
        case (.string, .string(let value)): .string(value)
        case (.strings, .stringArray(let values)): .strings(values.map { $0.trimmingWhitespace() }.filter { !$0.isEmpty })
        default: nil
        }
    }
}

extension String {
    func trimmingWhitespace() -> String {
        String(drop(while: { $0.isWhitespace }).reversed().drop(while: { $0.isWhitespace }).reversed())
    }
}
