import ChatterboxCore
import Foundation

/// `chatterbox setup`: choose or create the Python environment, install the engines' packages,
/// write `chatterbox.yaml`, and verify. Every question has a flag (see `SetupOptions`).
public struct SetupWizard: Sendable {
    public var options: SetupOptions
    public var console: SetupConsole
    public var workingDirectory: URL
    public var detector: EnvironmentDetector
    public var creator: EnvironmentCreator
    public var installer: RequirementsInstaller
    /// Whether an NVIDIA GPU is present (cuda.txt is then the default).
    public var gpu: Bool

    /// A wizard for this process's environment.
    public init(options: SetupOptions, console: SetupConsole, workingDirectory: URL,
                variables: [String: String] = ProcessInfo.processInfo.environment) {
        self.options = options
        self.console = console
        self.workingDirectory = workingDirectory
        detector = EnvironmentDetector(workingDirectory: workingDirectory, variables: variables)
        creator = EnvironmentCreator(variables: variables)
        installer = RequirementsInstaller(workingDirectory: workingDirectory)
        gpu = DeviceInfo.current().nvidiaGPU
    }

    /// Runs the whole flow. Returns false when the user quit or a step failed (already explained).
    public func run() async -> Bool {
        console.box("Chatterbox TTS setup", [
            "1. Python environment   2. dependencies   3. configuration   4. verification",
            "The Python environment hosts chatterbox:, speecht5: and piper-py: voices;",
            "piper: and espeak: voices need none of this.",
        ])
        do {
            guard let python = try chooseEnvironment() else {
                console.say("Setup stopped; nothing was changed.")
                return false
            }
            try installDependencies(into: python)
            guard let values = await configuration(python: python) else {
                console.say("Setup stopped before writing \(options.configFile).")
                return false
            }
            let path = Settings.resolve(options.configFile, in: workingDirectory).path
            do { try SettingsFile.update(path, with: values) } catch {
                throw SetupError("cannot write \(path): \(error)")
            }
            console.say("wrote \(path)")
        } catch {
            console.say("✗ \(error)")
            return false
        }
        console.say("\n4. Verification")
        let checks = await SetupVerifier(workingDirectory: workingDirectory).verify(configFile: options.configFile)
        for check in checks {
            let mark = switch check.status { case .ok: "✓"; case .warning: "!"; case .failed: "✗" }
            console.say("  \(mark) \(check.name): \(check.detail)" + (check.fix.map { "\n      fix: \($0)" } ?? ""))
        }
        let passed = !checks.contains { $0.status == .failed }
        console.box(passed ? "Setup complete" : "Setup finished with problems", passed ? [
            "Start the server:  chatterbox api",
            "Try a voice:       chatterbox synth \"Hello.\" --voice piper-py:en_US-joe-medium -o hello.wav",
            "Check everything:  chatterbox doctor",
        ] : ["Fix the lines marked ✗ above, then run chatterbox setup again."])
        return passed
    }

    /// Step 2: installs the chosen requirements file (or none).
    func installDependencies(into python: String) throws(SetupError) {
        console.say("\n2. Dependencies")
        guard !options.skipInstall else {
            console.say("  skipped (--no-install)")
            return
        }
        let choices = installer.choices(gpu: gpu)
        var file = options.requirements
        if file == nil, options.interactive {
            console.box("Dependencies", choices.enumerated().map { "\($0.offset + 1)  \(URL(fileURLWithPath: $0.element.file).lastPathComponent): \($0.element.summary)" }
                        + ["F  another requirements file", "K  keep the packages as they are"])
            file = console.ask("Install", default: choices.isEmpty ? "K" : "1") { answer -> String? in
                if answer.uppercased() == "K" { return "" }
                if answer.uppercased() == "F" { return console.ask("Requirements file").map { Settings.resolve($0, in: workingDirectory).path } }
                if let index = Int(answer), choices.indices.contains(index - 1) { return choices[index - 1].file }
                console.say("  type a number from the list, F or K")
                return nil
            }
            guard file != nil else { throw SetupError("no answer; setup stopped") }
        }
        let chosen = file ?? choices.first?.file ?? ""
        guard !chosen.isEmpty else {
            console.say("  keeping the environment's packages")
            return
        }
        try installer.install(Settings.resolve(chosen, in: workingDirectory).path, into: python, console: console)
    }
}
