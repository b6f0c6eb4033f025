/// Ranks the detected environments for hosting the Python engines: one that already has
/// chatterbox-tts and CUDA first, then torch on a supported Python (3.10-3.12, 3.11 best), then any
/// working supported Python; a fresh venv with Python 3.11 is always offered last.
public enum EnvironmentRecommender {
    /// Python versions the Chatterbox and SpeechT5 stacks support.
    static let supportedMinors = 10...12

    public static func recommend(_ environments: [PythonEnvironment]) -> [EnvironmentRecommendation] {
        var ranked: [EnvironmentRecommendation] = []
        for environment in environments where environment.status == .ok {
            guard let (major, minor) = environment.versionParts, major == 3, supportedMinors.contains(minor) else { continue }
            let has = { (name: String) in environment.packages[name] == true }
            var score = minor == 11 ? 10 : 5
            var why = "Python \(environment.pythonVersion ?? "?")"
            if has("chatterbox") { score += 100; why += " with chatterbox-tts" }
            if environment.cuda == true { score += 50; why += " and CUDA" }
            if has("torch") && !has("chatterbox") { score += 30; why += " with torch" + (environment.cuda == true ? "" : " (CPU)") }
            if has("transformers") { score += 5 }
            if has("piper") { score += 2 }
            if environment.type == .system { score -= 20; why += " (the system Python: better keep it clean)" }
            let label = environment.name == environment.type.rawValue ? environment.type.rawValue : "\(environment.type.rawValue) \(environment.name)"
            ranked.append(EnvironmentRecommendation(path: environment.path, reason: "\(label): \(why)", score: score))
        }
        // A fresh venv beats the system Python (which Debian and Ubuntu close to pip, PEP 668), nothing else.
        ranked.append(EnvironmentRecommendation(path: nil, reason: "create a new venv with Python 3.11 (chatterbox setup --new venv --python 3.11)", score: 0))
        ranked.sort { $0.score > $1.score }
        return ranked
    }
}
