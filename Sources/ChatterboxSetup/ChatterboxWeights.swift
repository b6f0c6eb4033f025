import ChatterboxCore
import Foundation

/// Where each Chatterbox model's weights come from, for `doctor` and `setup`: a local folder
/// (`engines.chatterbox_weights`: `from_local`, offline) with its size, or the Hugging Face hub on first use —
/// and whether the hub's cache (`HF_HUB_CACHE`, `HF_HOME/hub`, `~/.cache/huggingface/hub`) already holds them.
public enum ChatterboxWeights {
    /// The hub repository each model's `from_pretrained` downloads.
    public static let repositories = ["chatterbox": "ResembleAI/chatterbox", "chatterbox-multilingual": "ResembleAI/chatterbox",
                                      "chatterbox-turbo": "ResembleAI/chatterbox-turbo"]

    /// One line per model: where its weights come from and how big they are; `problem` when a folder is missing.
    public static func describe(_ model: String, settings: Settings, workingDirectory: URL,
                                environment: [String: String] = ProcessInfo.processInfo.environment) -> (detail: String, problem: Bool) {
        if let folder = settings.engines.chatterboxWeights[model] {
            let url = Settings.resolve(folder, in: workingDirectory)
            guard FileManager.default.fileExists(atPath: url.path) else {
                return ("weights folder \(url.path) (engines.chatterbox_weights) does not exist", true)
            }
            return ("weights from \(url.path) (\(gigabytes(size(of: url)))), loaded offline with from_local", false)
        }
        let repo = repositories[model] ?? model
        if let snapshot = cachedSnapshot(repo: repo, environment: environment) {
            return ("weights from Hugging Face \(repo), already cached at \(snapshot.path) (\(gigabytes(size(of: snapshot))))", false)
        }
        return ("weights download from Hugging Face \(repo) on first use (several GB) into \(hubCache(environment).path); "
                + "set engines.chatterbox_weights to use a local folder", false)
    }

    /// The hub's cache folder.
    public static func hubCache(_ environment: [String: String]) -> URL {
        if let cache = environment["HF_HUB_CACHE"], !cache.isEmpty { return URL(fileURLWithPath: cache) }
        if let home = environment["HF_HOME"], !home.isEmpty { return URL(fileURLWithPath: home).appendingPathComponent("hub") }
        let user = environment["HOME"] ?? NSHomeDirectory()
        return URL(fileURLWithPath: user).appendingPathComponent(".cache/huggingface/hub")
    }

    /// The newest snapshot of `repo` in the hub's cache (`models--OWNER--NAME/snapshots/REVISION`), if any.
    public static func cachedSnapshot(repo: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> URL? {
        let snapshots = hubCache(environment).appendingPathComponent("models--" + repo.replacingOccurrences(of: "/", with: "--"))
            .appendingPathComponent("snapshots")
        let revisions = (try? FileManager.default.contentsOfDirectory(at: snapshots, includingPropertiesForKeys: [.contentModificationDateKey])) ?? []
        return revisions.max { modified($0) < modified($1) }
    }

    /// Bytes of the files under `folder` (links followed: the hub's snapshots link into its blobs).
    static func size(of folder: URL) -> Int {
        let files = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.fileSizeKey])?.compactMap { $0 as? URL } ?? []
        return files.reduce(0) { total, file in
            total + ((try? FileManager.default.attributesOfItem(atPath: file.resolvingSymlinksInPath().path)[.size] as? Int) ?? 0)
        }
    }

    static func gigabytes(_ bytes: Int) -> String {
        bytes >= 1_000_000_000 ? String(format: "%.2f GB", Double(bytes) / 1e9) : String(format: "%.0f MB", Double(bytes) / 1e6)
    }

    private static func modified(_ url: URL) -> Date {
        (try? url.resourceValues(forKeys: [.contentModificationDateKey]).contentModificationDate) ?? .distantPast
    }
}
