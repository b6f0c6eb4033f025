import ChatterboxCore
import Foundation

/// Text and JSON views of loaded settings.
enum ConfigRendering {
    /// `section.key = value` lines, grouped by section, with sources when asked.
    static func text(_ loaded: LoadedSettings, sources: Bool) -> String {
        let width = loaded.entries.map(\.key.name.count).max() ?? 0
        return loaded.entries.map { entry in
            var line = entry.key.name.padding(toLength: width, withPad: " ", startingAt: 0) + " = " + LoadedSettings.display(entry).description
            if sources { line += "    # \(entry.source)" }
            return line
        }.joined(separator: "\n")
    }

    /// Nested `{"api": {"port": 2050}}`; with sources, `{"api.port": {"value", "source", "origin"}}`.
    static func json(_ loaded: LoadedSettings, sources: Bool) throws -> String {
        var object: [String: Any] = [:]
        for entry in loaded.entries {
            let value = jsonValue(LoadedSettings.display(entry))
            if sources {
                var described: [String: Any] = ["value": value, "source": entry.source.kind]
                if let origin = entry.source.origin { described["origin"] = origin }
                object[entry.key.name] = described
            } else {
                let parts = entry.key.name.split(separator: ".", maxSplits: 1).map(String.init)
                var section = object[parts[0]] as? [String: Any] ?? [:]
                section[parts[1]] = value
                object[parts[0]] = section
            }
        }
        let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }

    private static func jsonValue(_ value: SettingValue) -> Any {
        switch value {
        case .int(let number): number
        case .double(let number): number
        case .bool(let flag): flag
        case .string(let text): text
        case .strings(let texts): texts
        }
    }
}
