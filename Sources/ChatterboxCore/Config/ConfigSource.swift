/// Where an effective value came from, highest precedence first.
public enum ConfigSource: Sendable, Equatable, CustomStringConvertible {
    /// A `CHATTERBOX_<SECTION>_<KEY>` environment variable.
    case environment(variable: String)
    /// `./chatterbox.yaml` or the file given with `--config`.
    case projectFile(path: String)
    /// `~/.config/chatterbox_tts/config.yaml`.
    case userFile(path: String)
    /// The built-in default.
    case defaults

    /// Short name: `env`, `project`, `user`, `default`.
    public var kind: String {
        switch self {
        case .environment: "env"
        case .projectFile: "project"
        case .userFile: "user"
        case .defaults: "default"
        }
    }

    /// The variable name or file path, if any.
    public var origin: String? {
        switch self {
        case .environment(let variable): variable
        case .projectFile(let path), .userFile(let path): path
        case .defaults: nil
        }
    }

    public var description: String {
        origin.map { "\(kind) (\($0))" } ?? kind
    }
}
