import ChatterboxCore
import Foundation

/// The checks that end `chatterbox setup`: the written configuration loads, the interpreter runs the
/// worker, which engines it can host, and — when piper-py can — a sentence spoken through the worker.
public struct SetupVerifier: Sendable {
    public var workingDirectory: URL

    public init(workingDirectory: URL) {
        self.workingDirectory = workingDirectory
    }

    /// Runs the checks against `configFile`.
    public func verify(configFile: String) async -> [SystemCheck] {
        let settings: Settings
        do {
            settings = try await SettingsLoader(configFile: configFile, workingDirectory: workingDirectory.path).load().settings
        } catch {
            return [SystemCheck(name: "configuration", status: .failed, detail: "\(configFile) does not load: \(error)", fix: "edit it or run setup again")]
        }
        var checks = [SystemCheck(name: "configuration", status: .ok, detail: "\(configFile) loads (engines.python = \(settings.engines.python))")]
        checks += await PythonEngineChecks(settings: settings, workingDirectory: workingDirectory).run(speak: true)
        return checks
    }
}

/// Checks of the configured Python environment, shared by setup's verification and `doctor`.
public struct PythonEngineChecks: Sendable {
    public var settings: Settings
    public var workingDirectory: URL

    public init(settings: Settings, workingDirectory: URL) {
        self.settings = settings
        self.workingDirectory = workingDirectory
    }

    /// Interpreter, engines, and (with `speak`) a sentence through the first engine that has a local model.
    public func run(speak: Bool) async -> [SystemCheck] {
        guard !settings.engines.python.isEmpty else {
            return [SystemCheck(name: "python engines", status: .ok, detail: "off (engines.python is empty): chatterbox, speecht5 and piper-py are unavailable",
                                fix: "run `chatterbox setup` to use them")]
        }
        let store = VoiceStore(settings: settings, workingDirectory: workingDirectory)
        let engines = PythonWorkerEngine.all(settings: settings, workingDirectory: workingDirectory, store: store)
        let report: PythonWorkerCheck.Report
        do {
            report = try await engines[0].availability()
        } catch {
            return [SystemCheck(name: "python", status: .failed, detail: "\(error)", fix: "run `chatterbox setup` (or set engines.python to a working interpreter)")]
        }
        var checks = [SystemCheck(name: "python", status: .ok, detail: "Python \(report.python) at \(settings.engines.python) runs the worker")]
        for engine in engines {
            if let status = report.engines[engine.id], status.available {
                let note = engine.id == "piper-py" ? "voices: the Piper voices on disk" : engine.id == "speecht5" ? "its model downloads from Hugging Face on first use" : nil
                checks.append(SystemCheck(name: "engine \(engine.id)", status: .ok, detail: "available" + (note.map { " (\($0))" } ?? "")))
            } else {
                checks.append(SystemCheck(name: "engine \(engine.id)", status: .warning, detail: report.engines[engine.id]?.reason ?? "unknown to the worker",
                                          fix: "\(settings.engines.python) -m pip install -r requirements/base.txt (or cuda.txt)"))
            }
        }
        // Where each Chatterbox model's weights come from (a local folder, or the hub on first use) and how big they are.
        for model in Settings.Engines.chatterboxModels
        where settings.engines.chatterboxWeights[model] != nil || report.engines[model.hasSuffix("turbo") ? "chatterbox-turbo" : "chatterbox"]?.available == true {
            let (detail, problem) = ChatterboxWeights.describe(model, settings: settings, workingDirectory: workingDirectory)
            checks.append(SystemCheck(name: "weights \(model)", status: problem ? .failed : .ok, detail: detail,
                                      fix: problem ? "fix engines.chatterbox_weights, or `chatterbox setup --chatterbox-weights \(model)=FOLDER|hf-cache`" : nil))
        }
        if speak, let piper = engines.first(where: { $0.id == "piper-py" }), let voice = try? await piper.voices().first {
            do {
                let started = ContinuousClock.now
                let audio = try await piper.synthesize(text: "The Python engine works.", voice: voice.name, options: SynthesisOptions())
                guard audio.rms > 0.001 else { throw ChatterboxError(.engineError, message: "it spoke silence") }
                checks.append(SystemCheck(name: "speak \(voice.id)", status: .ok,
                                          detail: String(format: "%.2f s of audio through the worker in ", audio.duration) + "\(ContinuousClock.now - started)"))
            } catch {
                checks.append(SystemCheck(name: "speak \(voice.id)", status: .failed, detail: "\(error)", fix: "see the worker's lines in the log"))
            }
            await piper.unload()
        }
        return checks
    }
}
