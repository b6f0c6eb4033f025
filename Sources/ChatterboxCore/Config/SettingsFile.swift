import Foundation
import Yams

/// Writes values into a YAML configuration file (`chatterbox.yaml`), keeping the keys already
/// there and their order. Comments do not survive a rewrite (Yams re-emits the document).
public enum SettingsFile {
    /// Sets `values` (by full key name, e.g. `api.port`) in the file at `path`, creating it if needed.
    /// Every key and value is checked against the catalogue first.
    public static func update(_ path: String, with values: [(String, SettingValue)]) throws {
        for (name, value) in values {
            guard let key = SettingKey.named(name) else { throw ChatterboxError(.unknownSetting, message: "no setting \(name)") }
            guard key.check(value) else {
                throw ChatterboxError(.invalidSetting, message: "\(name) must be \(key.allowed), not \(value)")
            }
        }
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        var root: Node.Mapping
        do {
            root = try Yams.compose(yaml: text)?.mapping ?? Node.Mapping([])
        } catch {
            throw ChatterboxError(.invalidConfig, message: "\(path) is not valid YAML (\(error)); fix or move it, then run setup again")
        }
        for (name, value) in values {
            let parts = name.split(separator: ".", maxSplits: 1).map(String.init)
            var section = root[parts[0]]?.mapping ?? Node.Mapping([])
            section[parts[1]] = node(value)
            root[parts[0]] = .mapping(section)
        }
        var yaml = try Yams.serialize(node: .mapping(root), width: -1)
        if !yaml.hasSuffix("\n") { yaml += "\n" }
        try AtomicFile.write(Data(yaml.utf8), to: URL(fileURLWithPath: path))
    }

    private static func node(_ value: SettingValue) -> Node {
        switch value {
        case .int(let number): Node(String(number), .implicit)
        case .double(let number): Node(String(number), .implicit)
        case .bool(let flag): Node(flag ? "true" : "false", .implicit)
        case .string(let text): Node(text, Tag(.str), text.isEmpty ? .doubleQuoted : .any)
        case .strings(let list): Node(list.map { Node($0, Tag(.str)) })
        }
    }
}
