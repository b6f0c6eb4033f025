import ChatterboxCore
import Foundation
import Synchronization
import Testing
@testable import ChatterboxSetup

/// A console that answers from a script and records what was shown.
final class ScriptedConsole: Sendable {
    let answers: Mutex<[String]>
    let shown = Mutex("")

    init(_ answers: [String]) { self.answers = Mutex(answers) }

    var console: SetupConsole {
        SetupConsole(output: { text in self.shown.withLock { $0 += text } },
                     input: { self.answers.withLock { $0.isEmpty ? nil : $0.removeFirst() } })
    }

    var screen: String { shown.withLock { $0 } }
}

@Suite struct SetupWizardTests {
    let folder = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("setup-tests-\(UUID().uuidString)")

    init() throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    @Test func settingsFileKeepsOtherKeysAndRefusesBadValues() throws {
        let path = folder.appendingPathComponent("chatterbox.yaml").path
        try "# mine\njobs:\n  concurrency: 3\napi:\n  port: 9000\n".write(toFile: path, atomically: true, encoding: .utf8)
        try SettingsFile.update(path, with: [("api.port", .int(2150)), ("engines.python", .string("/opt/venv/bin/python")),
                                             ("api.cors_origins", .strings(["https://a.example"])), ("engines.python_worker", .string(""))])
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains("concurrency: 3"))
        #expect(text.contains("port: 2150") && !text.contains("9000"))
        #expect(text.contains("python: /opt/venv/bin/python"))
        #expect(text.contains("python_worker: \"\""))
        #expect(text.range(of: "jobs:")!.lowerBound < text.range(of: "api:")!.lowerBound, "order kept")
        #expect(throws: ChatterboxError.self) { try SettingsFile.update(path, with: [("api.port", .int(0))]) }
        #expect(throws: ChatterboxError.self) { try SettingsFile.update(path, with: [("api.nope", .int(1))]) }
        try "a: [unclosed".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: ChatterboxError.self) { try SettingsFile.update(path, with: [("api.port", .int(2150))]) }
    }

    @Test func boxesHaveStraightEdges() {
        let script = ScriptedConsole([])
        script.console.box("Title", ["short", "a longer line of text", String(repeating: "x", count: 200)])
        let widths = Set(script.screen.split(separator: "\n").map(\.count))
        #expect(widths.count == 1, "\(script.screen)")
    }

    @Test func questionsRepeatUntilTheAnswerIsValidAndStopAtEndOfInput() {
        let script = ScriptedConsole(["x", "12", ""])
        let console = script.console
        let number: Int? = console.ask("Number", default: "5") { Int($0).flatMap { $0 < 10 ? $0 : nil } }
        #expect(number == 5, "x and 12 are refused, then the empty answer takes the default")
        #expect(script.screen.components(separatedBy: "Number [5]: ").count == 4)
        #expect(console.ask("More") == nil)
    }

    @Test func creatorExplainsWhatIsMissing() {
        let creator = EnvironmentCreator(variables: ["PATH": folder.path])
        let console = ScriptedConsole([]).console
        for (kind, phrase) in [(NewEnvironmentKind.venv, "no Python 3.11 on PATH (found: none)"), (.conda, "conda was not found"), (.poetry, "poetry is not on PATH")] {
            #expect { _ = try creator.create(kind, version: "3.11", at: folder.appendingPathComponent("env-\(kind)"), console: console) } throws: {
                ($0 as? SetupError)?.message.contains(phrase) == true
            }
        }
        try? FileManager.default.createDirectory(at: folder.appendingPathComponent("full"), withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: folder.appendingPathComponent("full/file").path, contents: Data("x".utf8))
        #expect { _ = try creator.create(.venv, version: "3.11", at: folder.appendingPathComponent("full"), console: console) } throws: {
            ($0 as? SetupError)?.message.contains("exists and is not empty") == true
        }
    }

    /// conda cannot be installed here; a stand-in on PATH records its arguments and makes the prefix like conda does.
    @Test func condaEnvironmentsAreCreatedWithAPrefixAndTheOutputIsShownLive() throws {
        let bin = folder.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        let log = folder.appendingPathComponent("conda-args").path
        try """
            #!/bin/sh
            echo "$@" > \(log)
            echo "Collecting package metadata (current_repodata.json): done"
            prefix=""; while [ $# -gt 0 ]; do [ "$1" = "--prefix" ] && prefix=$2; shift; done
            mkdir -p "$prefix/bin" "$prefix/conda-meta" && ln -s /usr/bin/python3 "$prefix/bin/python"
            """.write(to: bin.appendingPathComponent("conda"), atomically: true, encoding: .utf8)
        chmod(bin.appendingPathComponent("conda").path, 0o755)
        let script = ScriptedConsole([])
        let target = folder.appendingPathComponent("envs/tts")
        let python = try EnvironmentCreator(variables: ["PATH": bin.path]).create(.conda, version: "3.11", at: target, console: script.console)
        #expect(python == target.appendingPathComponent("bin/python").path)
        #expect(try String(contentsOfFile: log, encoding: .utf8) == "create --yes --quiet --prefix \(target.path) python=3.11 pip\n")
        #expect(script.screen.contains("  │ Collecting package metadata (current_repodata.json): done"))
    }

    @Test func pipFailureSummariesGiveAHint() {
        let cases = [("ERROR: No matching distribution found for torch==2.6.0", "Python 3.10 or 3.11"),
                     ("error: externally-managed-environment", "belongs to the operating system (PEP 668)"),
                     ("ERROR: something unusual", "see the output above"),
                     ("/x/bin/python: No module named pip", "ensurepip"),
                     ("ERROR: ResolutionImpossible", "fresh environment"),
                     ("OSError: [Errno 28] No space left on device", "disk is full")]
        for (line, hint) in cases {
            let summary = RequirementsInstaller.summary(of: .init(status: 1, tail: ["Collecting torch", line]), file: "/r/base.txt", python: "/x/bin/python")
            #expect(summary.contains("installing /r/base.txt failed (pip exit 1)"))
            #expect(summary.contains(line))
            #expect(summary.contains(hint), "\(line)")
        }
    }

    @Test(.enabled(if: ProcessInfo.processInfo.environment["TEST_PYTHON"] != nil, "needs a venv with piper-tts"))
    func interactiveRunWithAnExistingEnvironmentWritesTheConfigAndVerifies() async throws {
        let venvPython = ProcessInfo.processInfo.environment["TEST_PYTHON"]!
        var options = SetupOptions()
        options.environment = URL(fileURLWithPath: venvPython).deletingLastPathComponent().deletingLastPathComponent().path
        options.skipInstall = true
        let script = ScriptedConsole(["0.0.0.0", "seventy", "2151", "espeak:en-gb", "ogg", "", "out-audio"])
        let passed = await SetupWizard(options: options, console: script.console, workingDirectory: folder).run()
        #expect(passed, "\(script.screen)")
        #expect(script.screen.contains("api.port must be an integer"))
        #expect(script.screen.contains("✓ engine piper-py: available"))
        let settings = try await SettingsLoader(configFile: "chatterbox.yaml", workingDirectory: folder.path).load().settings
        #expect(settings.api.port == 2151 && settings.api.host == "0.0.0.0")
        #expect(settings.processing.model == "espeak:en-gb" && settings.processing.outputFormat == .ogg)
        #expect(settings.directories.output == "out-audio")
        #expect(settings.engines.python.hasSuffix("/bin/python"))
    }

    @Test func endOfInputStopsWithoutWriting() async {
        var options = SetupOptions()
        options.environment = "/usr/bin/python3"
        options.skipInstall = true
        let script = ScriptedConsole(["127.0.0.1"])
        let passed = await SetupWizard(options: options, console: script.console, workingDirectory: folder).run()
        #expect(!passed)
        #expect(script.screen.contains("Setup stopped before writing chatterbox.yaml"))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("chatterbox.yaml").path))
    }
}
