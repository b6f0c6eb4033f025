import Foundation
import Synchronization

/// A voice's own defaults (`PATCH /voices/{id}`): a speed and engine parameters, applied when a request
/// does not set them.
public struct VoiceDefaults: Sendable, Codable, Equatable {
    public var speed: Double?
    public var params: [String: Double]

    public init(speed: Double? = nil, params: [String: Double] = [:]) {
        self.speed = speed
        self.params = params
    }

    public var isEmpty: Bool { speed == nil && params.isEmpty }

    /// `request` with these defaults where it set nothing: the speed (1 when neither says), each parameter it lacks.
    public func applied(to request: SynthesisRequest) -> SynthesisRequest {
        var request = request
        request.speed = request.speed ?? speed ?? 1
        for (name, value) in params where request.parameters[name] == nil { request.parameters[name] = String(value) }
        return request
    }
}

/// Every voice's defaults, in one JSON file beside the user's voices (`directories.voices/voice-defaults.json`),
/// keyed by voice id; written atomically, read on each use (a few hundred bytes).
public final class VoiceDefaultsStore: Sendable {
    public let file: URL
    private let writing = Mutex(())

    public init(folder: URL) {
        file = folder.appendingPathComponent("voice-defaults.json")
    }

    /// All voices' defaults; an unreadable file counts as none (and is replaced by the next change).
    public func all() -> [String: VoiceDefaults] {
        guard let data = try? Data(contentsOf: file) else { return [:] }
        return (try? JSONDecoder().decode([String: VoiceDefaults].self, from: data)) ?? [:]
    }

    public func defaults(for id: String) -> VoiceDefaults {
        all()[id] ?? VoiceDefaults()
    }

    /// Stores `defaults` for `id` (empty ones remove the entry).
    public func set(_ defaults: VoiceDefaults, for id: String) throws {
        try writing.withLock { _ in
            var all = self.all()
            all[id] = defaults.isEmpty ? nil : defaults
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try AtomicFile.write(try encoder.encode(all), to: file)
        }
    }
}
