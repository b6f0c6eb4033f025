import ChatterboxCore
import Foundation

/// Runs the system checks: configuration, the speech engine, every audio format, the folders
/// the product writes to, and the files `scripts/install.sh` puts in place for the neural voice.
public struct SystemDoctor: Sendable {
    /// Effective settings.
    public var settings: Settings
    /// Folder relative settings paths are resolved against.
    public var workingDirectory: URL
    /// The espeak-ng helpers the checks use (`engines.espeak_library`).
    let espeak: EspeakHelper
    /// Where `scripts/install.sh` puts system-wide voices.
    public var systemVoiceFolder = URL(fileURLWithPath: "/usr/local/share/chatterbox_tts/voices")

    /// Creates a doctor.
    public init(settings: Settings, workingDirectory: URL) {
        espeak = EspeakHelper.pool(library: settings.engines.espeakLibrary)
        self.settings = settings
        self.workingDirectory = workingDirectory
    }

    /// All checks, in order.
    public func run() async -> [SystemCheck] {
        var checks = [checkSystem(), checkDisk(), await checkEspeak()]
        checks += checkFormats()
        checks.append(checkFolder("logs", settings.directories.logs))
        checks.append(checkFolder("data", settings.directories.data))
        checks.append(checkDevice())
        checks.append(checkOnnxRuntime())
        checks.append(checkFile("default voice", systemVoiceFolder.appendingPathComponent("en_US-joe-medium.onnx").path,
                                purpose: "the voice piper:en_US-joe-medium"))
        checks.append(await checkVoice(settings.processing.model))
        checks += await PythonEngineChecks(settings: settings, workingDirectory: workingDirectory).run(speak: true)
        return checks
    }

    func checkEspeak() async -> SystemCheck {
        do {
            let engine = EspeakEngine(helper: espeak)
            let voices = try await engine.voices()
            let audio = try await engine.synthesize(text: "test", voice: "en-us", options: SynthesisOptions())
            guard audio.rms > 0.001 else { return SystemCheck(name: "espeak-ng", status: .failed, detail: "synthesis produced silence") }
            let library = try await espeak.library()
            let source = espeak.librarySource
            let detail = "espeak-ng \(library.version) (\(source)), \(voices.count) voices, speaks (\(String(format: "%.2f", audio.duration)) s test)"
            guard library.version.hasPrefix("1.52") else {
                return SystemCheck(name: "espeak-ng", status: .warning, detail: detail + "; Piper voices were trained on 1.52, some words phonemise differently",
                                   fix: "bash scripts/install.sh (installs espeak-ng 1.52 from PyPI's espeakng-loader)")
            }
            return SystemCheck(name: "espeak-ng", status: .ok, detail: detail)
        } catch {
            return SystemCheck(name: "espeak-ng", status: .failed, detail: "\(error)", fix: "sudo apt-get install espeak-ng-data libespeak-ng1")
        }
    }

    func checkFormats() -> [SystemCheck] {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("chatterbox-doctor-\(getpid())")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let tone = AudioBuffer(samples: (0..<2205).map { Float(sin(Double($0) * 0.1) * 0.3) }, sampleRate: 22050)
        return AudioFormat.allCases.map { format in
            let url = folder.appendingPathComponent("tone.\(format.fileExtension)")
            do {
                let writer = try AudioFileWriter(destination: url, format: format, inputRate: tone.sampleRate)
                try writer.append(tone)
                try writer.finish()
                return SystemCheck(name: "format \(format.rawValue)", status: .ok, detail: "encodes at \(writer.outputRate) Hz")
            } catch {
                return SystemCheck(name: "format \(format.rawValue)", status: .failed, detail: "\(error)",
                                   fix: "install libsndfile1 1.1 or newer (with mp3 and opus support)")
            }
        }
    }

    func checkFolder(_ name: String, _ path: String) -> SystemCheck {
        let url = Settings.resolve(path, in: workingDirectory)
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            guard FileManager.default.isWritableFile(atPath: url.path) else {
                return SystemCheck(name: "\(name) folder", status: .failed, detail: "\(url.path) is not writable", fix: "fix its permissions or set directories.\(name)")
            }
            return SystemCheck(name: "\(name) folder", status: .ok, detail: url.path)
        } catch {
            return SystemCheck(name: "\(name) folder", status: .failed, detail: "cannot create \(url.path): \(error.localizedDescription)", fix: "set directories.\(name)")
        }
    }

    func checkDevice() -> SystemCheck {
        let device = DeviceInfo.current()
        let runtime = try? OnnxRuntime.load(path: settings.engines.onnxruntimeLibrary)
        let cuda = device.nvidiaGPU ? (runtime?.offersCUDA == true ? "; CUDA used by ONNX Runtime" : "; this ONNX Runtime has no CUDA provider, so the GPU is unused") : ""
        return SystemCheck(name: "device", status: .ok, detail: device.summary + cuda)
    }

    func checkOnnxRuntime() -> SystemCheck {
        do {
            let runtime = try OnnxRuntime.load(path: settings.engines.onnxruntimeLibrary)
            return SystemCheck(name: "onnxruntime", status: .ok,
                               detail: "ONNX Runtime \(runtime.version) (\(runtime.providers.joined(separator: ", "))) at \(settings.engines.onnxruntimeLibrary)")
        } catch {
            return SystemCheck(name: "onnxruntime", status: .warning, detail: "piper is unavailable: \(error)",
                               fix: "run sudo scripts/install.sh, or set engines.onnxruntime_library")
        }
    }

    /// Speaks a word with `voiceID` (the configured default voice): the model-loading test.
    func checkVoice(_ voiceID: VoiceID) async -> SystemCheck {
        let registry = EngineRegistry.standard(settings: settings, workingDirectory: workingDirectory)
        do {
            let (engine, voice) = try await registry.resolve(voiceID)
            let started = ContinuousClock.now
            let audio = try await engine.synthesize(text: "Testing.", voice: voice.name, options: SynthesisOptions())
            guard audio.rms > 0.001 else { return SystemCheck(name: "voice \(voiceID)", status: .failed, detail: "speaks silence") }
            return SystemCheck(name: "voice \(voiceID)", status: .ok,
                               detail: "loads and speaks (\(String(format: "%.2f", audio.duration)) s in \(ContinuousClock.now - started))")
        } catch {
            let fallback = settings.processing.fallback.filter { $0 != voiceID }
            return SystemCheck(name: "voice \(voiceID)", status: .warning, detail: "cannot speak: \(error)",
                               fix: fallback.isEmpty ? "install the voice" : "synthesis falls back to \(fallback.map(\.description).joined(separator: ", ")); run sudo scripts/install.sh")
        }
    }

    func checkFile(_ name: String, _ path: String, purpose: String) -> SystemCheck {
        if FileManager.default.fileExists(atPath: path) {
            return SystemCheck(name: name, status: .ok, detail: path)
        }
        return SystemCheck(name: name, status: .warning, detail: "\(path) not found; \(purpose) is unavailable",
                           fix: "run sudo scripts/install.sh")
    }
}
