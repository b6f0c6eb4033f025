/// Settings together with where each value came from, for `config show --sources`.
public struct LoadedSettings: Sendable {
    /// One key's effective value and its source.
    public struct Entry: Sendable {
        public var key: SettingKey
        public var value: SettingValue
        public var source: ConfigSource
    }

    /// The typed settings.
    public var settings: Settings
    /// Every key, in catalogue order.
    public var entries: [Entry]
    /// Things worth telling the user that do not stop start-up.
    public var warnings: [String]

    /// The value as shown to users: secrets are masked, and so are passwords inside values (`jobs.store`).
    public static func display(_ entry: Entry) -> SettingValue {
        guard entry.key.isSecret else {
            if case .string(let text) = entry.value { return .string(Secrets.mask(text)) }
            return entry.value
        }
        if case .strings(let values) = entry.value { return .strings(values.map { _ in "***" }) }
        return .string(entry.value.stringValue.isEmpty ? "" : "***")
    }
}
