import Foundation

extension PiperEngine {
    /// The voice's folder, its model and config with their digests, the model card beside it (`NAME.MODEL_CARD`,
    /// or `MODEL_CARD` in a folder holding only this voice), and whether ONNX Runtime and the config load.
    public func details(of voice: VoiceInfo) async -> VoiceDetails {
        guard let entry = store.entries().first(where: { $0.name == voice.name }) else {
            return VoiceDetails(voice: voice, source: "piper", canSpeak: false, problem: "its files are gone")
        }
        let folder = entry.model.deletingLastPathComponent()
        var details = VoiceDetails(voice: voice, source: folder.path, canSpeak: true)
        do {
            // Hashing the model reads all of it (once per file version): off the cooperative pool.
            details = try await BlockingWork.run { [details] in
                var withFiles = details
                try withFiles.addFiles([entry.model, entry.config])
                return withFiles
            }
            _ = try PiperVoiceConfig.load(entry.config)
            _ = try await models.runtime()
        } catch {
            details.canSpeak = false
            details.problem = (error as? ChatterboxError)?.message ?? "\(error)"
        }
        let own = folder.appendingPathComponent("\(entry.name).MODEL_CARD"), shared = folder.appendingPathComponent("MODEL_CARD")
        let alone = store.entries().filter { $0.model.deletingLastPathComponent() == folder }.count == 1
        if FileManager.default.fileExists(atPath: own.path) {
            details.addModelCard(own)
        } else if alone, FileManager.default.fileExists(atPath: shared.path) {
            details.addModelCard(shared)
        }
        return details
    }
}
