import Foundation

/// Everything known about one installed voice (`GET /voices/{id}`): what `VoiceInfo` says, where it comes
/// from, its files with their digests, its model card and licence when it ships one, and whether it can
/// speak now (and if not, why).
public struct VoiceDetails: Sendable, Codable, Equatable {
    /// One file of the voice.
    public struct File: Sendable, Codable, Equatable {
        public var path: String
        public var bytes: Int
        public var sha256: String
    }

    public var voice: VoiceInfo
    /// Where the voice comes from: a folder, espeak-ng's data, a Python engine.
    public var source: String
    public var files: [File] = []
    /// When its files were put in place (the newest file's modification time).
    public var installedAt: Date?
    /// The voice's model card (Piper's `MODEL_CARD`), and the licence it names.
    public var modelCard: String?
    public var license: String?
    /// Whether a request for the voice would be spoken now; `problem` says why not.
    public var canSpeak: Bool
    public var problem: String?

    /// Creates details for `voice`.
    public init(voice: VoiceInfo, source: String, canSpeak: Bool, problem: String? = nil) {
        self.voice = voice
        self.source = source
        self.canSpeak = canSpeak
        self.problem = problem
    }

    /// Adds `urls` as the voice's files (size, SHA-256, newest modification time).
    public mutating func addFiles(_ urls: [URL]) throws {
        for url in urls {
            let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
            files.append(File(path: url.path, bytes: (attributes[.size] as? Int) ?? 0, sha256: try FileDigest.sha256(of: url)))
            if let modified = attributes[.modificationDate] as? Date, modified > (installedAt ?? .distantPast) { installedAt = modified }
        }
    }

    /// Reads a model card, taking the licence from its `License:` line.
    public mutating func addModelCard(_ url: URL) {
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return }
        modelCard = String(text.prefix(20_000))
        license = text.split(separator: "\n").lazy.compactMap { line -> String? in
            guard let range = line.range(of: "License:", options: .caseInsensitive) else { return nil }
            let value = line[range.upperBound...].trimmingCharacters(in: .whitespaces)
            return value.isEmpty ? nil : value
        }.first
    }
}
