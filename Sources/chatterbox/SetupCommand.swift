import ArgumentParser
import ChatterboxCore
import ChatterboxSetup
import Foundation
import Logging

/// `chatterbox setup`: interactive on a terminal; with flags, without questions.
struct SetupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "setup",
        abstract: "Choose or create the Python environment for the Python engines, install their packages, write chatterbox.yaml, verify.",
        discussion: """
            On a terminal every step asks. Without one, pass what to do:
              chatterbox setup --yes --env PATH                       use an existing environment
              chatterbox setup --new venv --python 3.11 --path DIR    create one
            """)

    @Flag(help: "Take the default answer to every question not answered by a flag.")
    var yes = false

    @Option(help: "Use this existing environment (folder or interpreter).")
    var env: String?

    @Option(help: "Create a new environment of this kind: venv, conda or poetry.")
    var new: String?

    @Option(help: "Python version of a new environment.")
    var python = "3.11"

    @Option(help: "Where the new environment goes (default ./.venv).")
    var path: String?

    @Option(help: "Requirements file to install (default: requirements/base.txt, or cuda.txt with an NVIDIA GPU).")
    var requirements: String?

    @Flag(help: "Do not install packages into the environment.")
    var noInstall = false

    @Option(help: "Configuration file to write.")
    var config = "chatterbox.yaml"

    @Option(name: .customLong("chatterbox-weights"),
            help: ArgumentHelp("Load a Chatterbox model from local weights: MODEL=FOLDER, or MODEL=hf-cache for the Hugging Face cache's copy (MODEL: chatterbox, chatterbox-multilingual, chatterbox-turbo; repeatable).",
                               valueName: "model=folder"))
    var chatterboxWeights: [String] = []

    /// `--chatterbox-weights` as settings: each folder must exist; `hf-cache` becomes the cache's newest snapshot.
    func resolvedWeights() throws -> [String] {
        try chatterboxWeights.map { item in
            let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, Settings.Engines.chatterboxModels.contains(parts[0]) else {
                throw ValidationError("--chatterbox-weights takes MODEL=FOLDER with MODEL one of \(Settings.Engines.chatterboxModels.joined(separator: ", ")), not '\(item)'")
            }
            if parts[1] == "hf-cache" {
                let repo = ChatterboxWeights.repositories[parts[0]]!
                guard let snapshot = ChatterboxWeights.cachedSnapshot(repo: repo) else {
                    throw ValidationError("the Hugging Face cache (\(ChatterboxWeights.hubCache(ProcessInfo.processInfo.environment).path)) has no \(repo)")
                }
                return "\(parts[0])=\(snapshot.path)"
            }
            let folder = URL(fileURLWithPath: parts[1]).standardizedFileURL
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder), isFolder.boolValue else {
                throw ValidationError("--chatterbox-weights: \(folder.path) is not a folder")
            }
            return "\(parts[0])=\(folder.path)"
        }
    }

    func validate() throws {
        if let new, NewEnvironmentKind(rawValue: new) == nil {
            throw ValidationError("--new must be venv, conda or poetry, not '\(new)'")
        }
        if env != nil && new != nil { throw ValidationError("--env and --new exclude each other") }
        if path != nil && new == nil && !yes { throw ValidationError("--path goes with --new (where to create the environment)") }
    }

    func run() async throws {
        var options = SetupOptions()
        options.environment = env
        options.newKind = new.flatMap(NewEnvironmentKind.init(rawValue:))
        options.pythonVersion = python
        options.path = path
        options.requirements = requirements
        options.skipInstall = noInstall
        options.configFile = config
        options.chatterboxWeights = try resolvedWeights()
        options.interactive = !yes && SetupConsole.isInteractive
        if !SetupConsole.isInteractive && !yes && env == nil && new == nil {
            FileHandle.standardError.write(Data("""
                error: setup asks questions, and standard input is not a terminal.
                  Use an existing environment:  chatterbox setup --yes --env PATH
                  Create a new one:             chatterbox setup --new venv --python 3.11 --path DIR [--requirements FILE]
                  Other flags: --no-install, --config FILE (see chatterbox setup --help)

                """.utf8))
            throw ExitCode(2)
        }
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = .warning  // the wizard reports progress itself
            return handler
        }
        let passed = await SetupWizard(options: options, console: .terminal(), workingDirectory: cwd).run()
        if !passed { throw ExitCode.failure }
    }
}
