import Foundation
import Synchronization

/// Which libespeak-ng the espeak-ng helpers load. Piper voices were trained on espeak-ng 1.52's phonemes;
/// Debian ships 1.51, which phonemises some words differently (ɔːɹ/oːɹ, ʲ). `scripts/install.sh` puts 1.52
/// (PyPI `espeakng-loader`, pinned) with its `espeak-ng-data` in one folder; when the configured library is
/// there, each helper is started with that folder first on its library path and as its data path, so the
/// dynamic linker loads 1.52 in the helper (its soname is the system library's). Otherwise the helpers
/// use the system's library. The helpers report which one answered (`EspeakHelper.library()`).
public enum EspeakLibraryLocation {
    /// Where scripts/install.sh installs espeak-ng 1.52.
    public static let defaultPath = "/usr/local/lib/chatterbox_tts/espeak-ng/libespeak-ng.so.1"

    /// The folder holding `path` and its `espeak-ng-data`, when both are there.
    public static func folder(of path: String) -> String? {
        guard !path.isEmpty, FileManager.default.fileExists(atPath: path) else { return nil }
        let folder = (path as NSString).deletingLastPathComponent
        let phonemes = (folder as NSString).appendingPathComponent("espeak-ng-data/phontab")
        return FileManager.default.fileExists(atPath: phonemes) ? folder : nil
    }

    /// `environment` for a helper process: with `library`'s folder first on `LD_LIBRARY_PATH` and as
    /// `ESPEAK_DATA_PATH` when it is installed there.
    static func helperEnvironment(_ environment: [String: String], library: String) -> [String: String] {
        guard let folder = folder(of: library) else { return environment }
        var result = environment
        result["LD_LIBRARY_PATH"] = [folder, environment["LD_LIBRARY_PATH"]].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ":")
        result["ESPEAK_DATA_PATH"] = folder
        return result
    }
}
