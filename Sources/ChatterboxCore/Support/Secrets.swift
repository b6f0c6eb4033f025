import Foundation

/// Keeps secrets out of what we print, log and hand to child processes.
public enum Secrets {
    /// `postgres://user:pw@host/db` -> `postgres://user:***@host/db`, and `password=…` query parameters
    /// masked the same way. Everything else is left as it was.
    public static func mask(_ text: String) -> String {
        guard text.contains("://") || text.lowercased().contains("password") else { return text }
        var masked = text.replacing(/([A-Za-z][A-Za-z0-9+.\-]*:\/\/[^:\/@\s]*):[^@\s\/]*@/) { "\($0.1):***@" }
        masked = masked.replacing(/([?&](?:ssl)?password=)[^&\s]*/.ignoresCase()) { "\($0.1)***" }
        return masked
    }

    /// The variables a child process (a Python worker, the espeak-ng helper) may see: the ones its
    /// interpreter, libraries and GPU need. Ours (`CHATTERBOX_*`: API keys, the store's password) and
    /// anything else stay behind.
    public static func childEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> [String: String] {
        let names: Set<String> = ["PATH", "HOME", "USER", "LOGNAME", "LANG", "TMPDIR", "TZ", "VIRTUAL_ENV", "LD_LIBRARY_PATH",
                                  "LLVM_PROFILE_FILE", "ESPEAK_DATA_PATH", "REQUESTS_CA_BUNDLE", "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY",
                                  "http_proxy", "https_proxy", "no_proxy"]
        let prefixes = ["LC_", "XDG_", "PYTHON", "CONDA_", "HF_", "HUGGINGFACE_", "TRANSFORMERS_", "TORCH", "PYTORCH_", "CUDA_",
                        "NVIDIA_", "OMP_", "MKL_", "OPENBLAS_", "SSL_CERT_"]
        return environment.filter { name, _ in names.contains(name) || prefixes.contains { name.hasPrefix($0) } }
    }
}
