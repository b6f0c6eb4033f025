import Foundation

/// Where Piper voices live: `directories.voices` first (user-installed), then the system folder
/// `scripts/install.sh` fills. A voice is `NAME.onnx` with `NAME.onnx.json` beside it.
public struct VoiceStore: Sendable {
    /// One voice on disk.
    public struct Entry: Sendable, Equatable {
        /// File base name, e.g. `en_US-joe-medium`.
        public var name: String
        /// The model file.
        public var model: URL
        /// Its `.onnx.json`.
        public var config: URL
    }

    /// The system-wide voice folder.
    public static let systemFolder = URL(fileURLWithPath: "/usr/local/share/chatterbox_tts/voices")

    /// Folders searched, in order; the first is where installs go.
    public let folders: [URL]

    /// Creates a store over `folders` (user folder first).
    public init(folders: [URL]) {
        self.folders = folders
    }

    /// The store for effective settings.
    public init(settings: Settings, workingDirectory: URL) {
        self.init(folders: [Settings.resolve(settings.directories.voices, in: workingDirectory), Self.systemFolder])
    }

    /// Every voice with both files present; a name in an earlier folder hides the same name later.
    public func entries() -> [Entry] {
        var seen = Set<String>()
        var result: [Entry] = []
        for folder in folders {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
            for file in names.sorted() where file.hasSuffix(".onnx") {
                let name = String(file.dropLast(".onnx".count))
                let model = folder.appendingPathComponent(file)
                let config = folder.appendingPathComponent(file + ".json")
                guard !seen.contains(name), FileManager.default.fileExists(atPath: config.path) else { continue }
                seen.insert(name)
                result.append(Entry(name: name, model: model, config: config))
            }
        }
        return result
    }

    /// The voice called `name`, or `nil`.
    public func entry(named name: String) -> Entry? {
        entries().first { $0.name == name }
    }
}
