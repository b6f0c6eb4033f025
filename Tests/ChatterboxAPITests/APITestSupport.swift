@testable import ChatterboxAPI
import ChatterboxCore
import ChatterboxWorker
import Foundation

/// An API environment over a fresh SQLite store in a temporary folder, with default settings
/// (plus `overrides`, e.g. `["api.api_keys": .strings(["k"])]`).
struct APIFixture {
    let folder: URL
    let environment: APIEnvironment

    init(apiKeys: [String] = []) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("chatterbox-api-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var settings = Settings.defaults
        settings.api.apiKeys = apiKeys
        let store = try SQLiteJobStore(settings: settings, workingDirectory: folder)
        let processor = SpeechProcessor(registry: EngineRegistry.standard(settings: settings, workingDirectory: folder), settings: settings, workingDirectory: folder)
        environment = APIEnvironment(settings: settings, store: store, processor: processor, workingDirectory: folder)
    }

    func cleanup() { try? FileManager.default.removeItem(at: folder) }
}
