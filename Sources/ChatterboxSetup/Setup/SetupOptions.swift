import Foundation

/// What `chatterbox setup` was told on the command line; anything not given is asked (on a
/// terminal) or defaulted (`--yes`).
public struct SetupOptions: Sendable {
    /// `--env PATH`: an existing environment folder or interpreter.
    public var environment: String?
    /// `--new KIND`: create an environment of this kind.
    public var newKind: NewEnvironmentKind?
    /// `--python`: the Python version of a new environment.
    public var pythonVersion = "3.11"
    /// `--path`: where a new environment goes.
    public var path: String?
    /// `--requirements FILE`; nil chooses base.txt or cuda.txt.
    public var requirements: String?
    /// `--no-install`: leave the environment's packages alone.
    public var skipInstall = false
    /// `--chatterbox-weights MODEL=FOLDER`: local Chatterbox weights, resolved (`engines.chatterbox_weights`).
    public var chatterboxWeights: [String] = []
    /// The configuration file written.
    public var configFile = "chatterbox.yaml"
    /// Questions are asked (a terminal is attached and `--yes` was not given).
    public var interactive = true

    /// Default options.
    public init() {}

    /// Where a new environment goes when no path is given.
    public static let defaultPath = ".venv"
}
