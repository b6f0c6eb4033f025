import Foundation
import ChatterboxCore

/// A fresh folder under the system temp directory, removed by `cleanup()`.
struct TemporaryFolder {
    let url: URL

    init() {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("chatterbox-tests-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    var path: String { url.path }

    func file(_ name: String) -> URL { url.appendingPathComponent(name) }

    @discardableResult
    func write(_ name: String, _ text: String) -> String {
        let target = file(name)
        try! FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        try! text.write(to: target, atomically: true, encoding: .utf8)
        return target.path
    }

    func cleanup() { try? FileManager.default.removeItem(at: url) }
}

/// The espeak-ng helpers the tests share (one pool for the test process, as a server has one).
enum TestEspeak {
    static let pool = EspeakHelper.pool(library: Settings.defaults.engines.espeakLibrary)
}
