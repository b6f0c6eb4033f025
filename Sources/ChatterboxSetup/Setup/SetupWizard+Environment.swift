import ChatterboxCore
import Foundation

extension SetupWizard {
    /// Step 1: an existing environment, a new one, or the system Python. Returns its interpreter; nil to quit.
    func chooseEnvironment() throws(SetupError) -> String? {
        console.say("\n1. Python environment")
        if let given = options.environment { return try interpreter(of: given) }
        if let kind = options.newKind { return try createEnvironment(kind: kind) }
        console.say("  looking for Python environments…")
        let found = detector.detect().filter { $0.status == .ok }
        let best = EnvironmentRecommender.recommend(found).first
        guard options.interactive else {
            if let path = best?.path, let environment = found.first(where: { $0.path == path }) { return environment.python }
            return try createEnvironment(kind: .venv)
        }
        var lines = found.enumerated().map { index, environment in
            let has = environment.packages.filter(\.value).keys.sorted().joined(separator: " ")
            return "\(index + 1)  \(environment.type.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)) Python \(environment.pythonVersion ?? "?")  "
                + "\(environment.path)" + (has.isEmpty ? "" : "  [\(has)]") + (environment.cuda == true ? " CUDA" : "")
        }
        if lines.isEmpty { lines.append("(no Python environments found)") }
        lines += ["", "Recommended: \(best?.reason ?? "create a new venv")", "",
                  "N  create a new environment", "S  use the system Python (/usr/bin/python3)", "Q  quit"]
        console.box("Python environments", lines)
        let suggested = best?.path.flatMap { path in found.firstIndex { $0.path == path }.map { String($0 + 1) } } ?? "N"
        let choice: String? = console.ask("Choice", default: suggested) { answer in
            switch answer.uppercased() {
            case "N", "S", "Q": return answer.uppercased()
            default:
                if let index = Int(answer), found.indices.contains(index - 1) { return answer }
                console.say("  type a number from the list, N, S or Q")
                return nil
            }
        }
        switch choice {
        case nil, "Q": return nil
        case "N": return try createEnvironment(kind: nil)
        case "S": return "/usr/bin/python3"
        case let number?: return found[Int(number)! - 1].python
        }
    }

    /// Creates a new environment, asking kind, Python version and location unless given.
    func createEnvironment(kind given: NewEnvironmentKind?) throws(SetupError) -> String {
        var kind = given ?? .venv
        var version = options.pythonVersion
        var path = options.path ?? SetupOptions.defaultPath
        if options.interactive && given == nil {
            console.box("New environment", NewEnvironmentKind.allCases.enumerated().map { "\($0.offset + 1)  \($0.element.summary)" })
            guard let chosen: NewEnvironmentKind = console.ask("Kind", default: "1", accept: { answer in
                if let index = Int(answer), NewEnvironmentKind.allCases.indices.contains(index - 1) { return NewEnvironmentKind.allCases[index - 1] }
                if let named = NewEnvironmentKind(rawValue: answer.lowercased()) { return named }
                console.say("  type 1, 2 or 3")
                return nil
            }) else { throw SetupError("no answer; setup stopped") }
            kind = chosen
            let onPath = creator.versionsOnPath()
            if !onPath.isEmpty { console.say("  Pythons on PATH: \(onPath.joined(separator: ", ")) (Chatterbox supports 3.10 and 3.11)") }
            guard let answer = console.ask("Python version", default: version) else { throw SetupError("no answer; setup stopped") }
            version = answer
            guard let location = console.ask("Location", default: path) else { throw SetupError("no answer; setup stopped") }
            path = location
        }
        let folder = Settings.resolve(path, in: workingDirectory)
        console.say("  creating a \(kind.rawValue) environment with Python \(version) in \(folder.path)")
        let python = try creator.create(kind, version: version, at: folder, console: console)
        console.say("  ✓ created \(python)")
        return python
    }

    /// The interpreter of an environment folder (or the interpreter itself).
    func interpreter(of given: String) throws(SetupError) -> String {
        let url = Settings.resolve(given, in: workingDirectory)
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) else { throw SetupError("\(url.path) does not exist") }
        if !isFolder.boolValue, FileManager.default.isExecutableFile(atPath: url.path) { return url.path }
        for candidate in ["bin/python", ".venv/bin/python", "bin/python3"] {
            let python = url.appendingPathComponent(candidate).path
            if FileManager.default.isExecutableFile(atPath: python) { return python }
        }
        throw SetupError("\(url.path) has no bin/python; give an environment folder or an interpreter")
    }

    /// Step 3: server address, default voice, format and folders, plus the interpreter. Nil if the input ended.
    func configuration(python: String) async -> [(String, SettingValue)]? {
        console.say("\n3. Configuration (\(options.configFile))")
        let existing = Settings.resolve(options.configFile, in: workingDirectory).path
        let current = (try? await SettingsLoader(configFile: FileManager.default.fileExists(atPath: existing) ? existing : nil,
                                                 workingDirectory: workingDirectory.path).load().settings) ?? .defaults
        var values: [(String, SettingValue)] = []
        let questions: [(String, String, SettingValue)] = [
            ("api.host", "Listen on (host)", .string(current.api.host)),
            ("api.port", "Port", .int(current.api.port)),
            ("processing.model", "Default voice", .string(current.processing.model.description)),
            ("processing.output_format", "Output format", .string(current.processing.outputFormat.rawValue)),
            ("directories.input", "Folder watched for text files", .string(current.directories.input)),
            ("directories.output", "Folder for their audio", .string(current.directories.output)),
        ]
        for (name, question, fallback) in questions {
            guard options.interactive else {
                values.append((name, fallback))
                continue
            }
            let key = SettingKey.named(name)!
            guard let value: SettingValue = console.ask(question, default: fallback.description, accept: { answer in
                let value: SettingValue = fallback.isInt ? (Int(answer).map(SettingValue.int) ?? .string(answer)) : .string(answer)
                if value.isInt == fallback.isInt && key.check(value) { return value }
                console.say("  \(name) must be \(key.allowed)")
                return nil
            }) else { return nil }
            values.append((name, value))
        }
        values.append(("engines.python", .string(python)))
        if !options.chatterboxWeights.isEmpty {
            values.append(("engines.chatterbox_weights", .strings(options.chatterboxWeights)))
            for weights in options.chatterboxWeights { console.say("  Chatterbox weights: \(weights) (from_local, offline)") }
        }
        return values
    }
}

extension SettingValue {
    var isInt: Bool { if case .int = self { true } else { false } }
}
