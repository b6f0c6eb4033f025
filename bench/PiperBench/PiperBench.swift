import ChatterboxCore
import Foundation

/// Times our Piper path in one process on a file of sentences (one per line):
/// cold (ONNX Runtime + voice load + first sentence), warm (every sentence, model loaded),
/// and the bare ONNX Runtime calls for the same ids, plus peak RSS. Prints one JSON object.
///
/// usage: piper-bench SENTENCES_FILE [THREADS] [REPEATS]
@main
struct PiperBench {
    static func main() async throws {
        let arguments = CommandLine.arguments
        guard arguments.count >= 2 else {
            FileHandle.standardError.write(Data("usage: piper-bench SENTENCES_FILE [THREADS] [REPEATS]\n".utf8))
            exit(2)
        }
        let sentences = try String(contentsOfFile: arguments[1], encoding: .utf8).split(separator: "\n").map(String.init).filter { !$0.isEmpty }
        let threads = arguments.count > 2 ? Int(arguments[2]) ?? 0 : 0
        let repeats = arguments.count > 3 ? Int(arguments[3]) ?? 3 : 3
        let settings = Settings.defaults
        let store = VoiceStore(folders: [VoiceStore.systemFolder])
        let models = ModelManager(store: store, policy: .init(maxLoaded: 1, idleSeconds: 0, threads: threads,
                                                               onnxruntimeLibrary: settings.engines.onnxruntimeLibrary, cuda: false))
        let engine = PiperEngine(store: store, models: models, espeak: .pool(library: settings.engines.espeakLibrary))
        let options = SynthesisOptions()
        let clock = ContinuousClock()

        let coldStart = clock.now
        _ = try await engine.synthesize(text: sentences[0], voice: "en_US-joe-medium", options: options)
        let cold = clock.now - coldStart

        let voice = try await models.voice(named: "en_US-joe-medium")
        let scales = PiperScales(config: voice.config, options: options)
        var warmBest = Double.infinity, bareBest = Double.infinity, audioSeconds = 0.0
        for _ in 0..<repeats {
            var warm = 0.0, bare = 0.0, audio = 0.0
            for sentence in sentences {
                let started = clock.now
                let prepared = try await engine.prepare(text: sentence, voice: voice.name, options: options)
                let buffer = try await engine.render(prepared, voice: voice.name, options: options)
                warm += seconds(clock.now - started)
                audio += buffer.duration
                for ids in prepared.tokens {
                    let inferStart = clock.now
                    _ = try voice.infer(ids: ids, scales: scales)
                    bare += seconds(clock.now - inferStart)
                }
            }
            warmBest = min(warmBest, warm)
            bareBest = min(bareBest, bare)
            audioSeconds = audio
        }
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        let result: [String: Any] = [
            "implementation": "chatterbox (Swift)", "threads": threads, "sentences": sentences.count,
            "cold_seconds": seconds(cold), "warm_seconds": warmBest, "bare_inference_seconds": bareBest,
            "audio_seconds": audioSeconds, "real_time_factor": warmBest / audioSeconds, "peak_rss_mb": Double(usage.ru_maxrss) / 1024,
        ]
        let data = try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys])
        print(String(decoding: data, as: UTF8.self))
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
