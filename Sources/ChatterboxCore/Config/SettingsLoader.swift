import Configuration
import Foundation
import SystemPackage
import Yams

/// Loads settings in layers: `CHATTERBOX_*` environment variables > project file
/// (`./chatterbox.yaml` or `--config FILE`) > user file (`~/.config/chatterbox_tts/config.yaml`)
/// > defaults. Every problem in every layer is reported at once.
public struct SettingsLoader: Sendable {
    /// The process environment (or a test's).
    public var environment: [String: String]
    /// The project file, and whether it must exist (it must when named with `--config`).
    public var projectFile: String
    public var projectFileRequired: Bool
    /// The user file.
    public var userFile: String

    /// Creates a loader. `configFile` replaces `./chatterbox.yaml` and must exist.
    public init(environment: [String: String] = ProcessInfo.processInfo.environment, configFile: String? = nil,
                workingDirectory: String = FileManager.default.currentDirectoryPath, homeDirectory: String? = nil) {
        self.environment = environment
        self.projectFile = configFile.map { $0.hasPrefix("/") ? $0 : workingDirectory + "/" + $0 } ?? workingDirectory + "/chatterbox.yaml"
        self.projectFileRequired = configFile != nil
        let home = homeDirectory ?? environment["HOME"] ?? NSHomeDirectory()
        let configHome = environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? home + "/.config"
        self.userFile = configHome + "/chatterbox_tts/config.yaml"
    }

    /// Reads every layer, resolves each key, validates, and returns the result or throws
    /// `SettingsError` listing every problem.
    public func load() async throws -> LoadedSettings {
        var problems: [SettingsError.Problem] = []
        var retired: [String] = []
        var layers: [(ConfigSource, any ConfigProvider)] = []
        layers.append((.environment(variable: ""), EnvironmentVariablesProvider(environmentVariables: environment).prefixKeys(with: "chatterbox")))
        for (path, required, source) in [(projectFile, projectFileRequired, ConfigSource.projectFile(path: projectFile)),
                                         (userFile, false, ConfigSource.userFile(path: userFile))] {
            do {
                if let provider = try await Self.yamlLayer(path: path, required: required, problems: &problems, retired: &retired) {
                    layers.append((source, provider))
                }
            } catch {
                problems.append(.init(key: path, message: "cannot read configuration: \(error)", source: source.kind))
            }
        }
        var entries: [LoadedSettings.Entry] = []
        for key in SettingKey.all {
            let entry = resolve(key, layers: layers, problems: &problems)
            if !key.check(entry.value) {
                let shown = key.isSecret ? "***" : Secrets.mask("\(entry.value)")
                problems.append(.init(key: key.name, message: "'\(shown)' is not allowed; expected \(key.allowed)", source: entry.source.description))
            }
            entries.append(entry)
        }
        let values = Dictionary(uniqueKeysWithValues: entries.map { ($0.key.name, $0.value) })
        if values["monitoring.enabled"] == .bool(true), values["monitoring.metrics_port"] == values["api.port"] {
            problems.append(.init(key: "monitoring.metrics_port", message: "must differ from api.port (both \(values["api.port"]!))", source: "effective settings"))
        }
        if values["wyoming.enabled"] == .bool(true),
           let clash = ["api.port", "monitoring.metrics_port"].first(where: { values[$0] == values["wyoming.port"] }) {
            problems.append(.init(key: "wyoming.port", message: "must differ from \(clash) (both \(values["wyoming.port"]!))", source: "effective settings"))
        }
        guard problems.isEmpty else { throw SettingsError(problems: problems) }
        let known = Set(SettingKey.all.map(\.environmentName))
        let warnings = environment.keys.filter { $0.hasPrefix("CHATTERBOX_") && !known.contains($0) && !Self.otherVariables.contains($0) }
            .sorted().map { "environment variable \($0) is not a configuration key; ignored" }
        return LoadedSettings(settings: Settings(values: values), entries: entries, warnings: retired + warnings)
    }

    /// `CHATTERBOX_*` variables that are not settings but are read elsewhere.
    static let otherVariables: Set<String> = ["CHATTERBOX_CONFIG", "CHATTERBOX_URL", "CHATTERBOX_API_KEY", "CHATTERBOX_BIN"]

    private func resolve(_ key: SettingKey, layers: [(ConfigSource, any ConfigProvider)],
                         problems: inout [SettingsError.Problem]) -> LoadedSettings.Entry {
        for (source, provider) in layers {
            let named = if case .environment = source { ConfigSource.environment(variable: key.environmentName) } else { source }
            do {
                guard let content = try provider.value(forKey: key.configKey, type: key.kind.configType).value?.content else { continue }
                if let value = key.value(from: content) { return .init(key: key, value: value, source: named) }
            } catch {
                let raw = (try? provider.value(forKey: key.configKey, type: .string).value?.content).map { "\($0)" } ?? "?"
                problems.append(.init(key: key.name, message: "'\(Self.unwrap(raw))' is not \(key.kind.article); expected \(key.allowed)", source: named.description))
                return .init(key: key, value: key.defaultValue, source: named)
            }
        }
        return .init(key: key, value: key.defaultValue, source: .defaults)
    }

    private static func unwrap(_ content: String) -> String {
        // ConfigContent prints as `string("abc")`; show just abc.
        guard let open = content.firstIndex(of: "("), content.hasSuffix(")") else { return content }
        return String(content[content.index(after: open)..<content.index(before: content.endIndex)]).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
    }

    /// A provider for the YAML file at `path`, or `nil` when it is absent (and allowed to be) or empty.
    /// Unknown keys are problems: a typo must not silently fall back to a default.
    static func yamlLayer(path: String, required: Bool, problems: inout [SettingsError.Problem],
                          retired: inout [String]) async throws -> (any ConfigProvider)? {
        guard FileManager.default.fileExists(atPath: path) else {
            if required { problems.append(.init(key: path, message: "configuration file does not exist", source: "--config")) }
            return nil
        }
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let parsed: Any?
        do {
            parsed = try Yams.load(yaml: text)
        } catch {
            problems.append(.init(key: path, message: "not valid YAML: \(error)", source: "file"))
            return nil
        }
        guard let parsed else { return nil }
        guard let mapping = parsed as? [String: Any] else {
            problems.append(.init(key: path, message: "must be a mapping of sections (api:, processing:, …)", source: "file"))
            return nil
        }
        for name in flattenKeys(mapping).sorted() where SettingKey.named(name) == nil {
            if let why = SettingKey.retired[name] {
                retired.append("\(name) in \(path) is no longer read (\(why)); remove it")
                continue
            }
            let guess = SettingKey.all.min { editDistance($0.name, name) < editDistance($1.name, name) }!.name
            problems.append(.init(key: name, message: "unknown key; did you mean \(guess)?", source: path))
        }
        return try await FileProvider<YAMLSnapshot>(filePath: FilePath(path))
    }

    private static func flattenKeys(_ mapping: [String: Any], prefix: String = "") -> [String] {
        mapping.flatMap { key, value -> [String] in
            let name = prefix.isEmpty ? key : prefix + "." + key
            if let nested = value as? [String: Any] { return flattenKeys(nested, prefix: name) }
            return [name]
        }.sorted()
    }

    private static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard !a.isEmpty, !b.isEmpty else { return max(a.count, b.count) }
        var row = Array(0...b.count)
        for i in 1...a.count {
            var previous = row[0]
            row[0] = i
            for j in 1...b.count {
                let current = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1))
                previous = current
            }
        }
        return row[b.count]
    }
}

extension SettingKey.Kind {
    var article: String {
        switch self {
        case .int: "an integer"
        case .double: "a number"
        case .bool: "true or false"
        case .string: "a string"
        case .strings: "a list"
        }
    }
}
