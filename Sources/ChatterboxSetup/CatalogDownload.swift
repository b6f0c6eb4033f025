import AsyncHTTPClient
import ChatterboxCore
import Crypto
import Foundation
import NIOCore

/// Installs a catalog voice: its files are downloaded into `<voices>/.downloads/<key>/` as `.part` files
/// (an interrupted download is resumed with a `Range` request next time), each checked against the
/// catalog's size and MD5 (a mismatch removes the download and installs nothing), then the model is
/// installed as any voice is (`VoiceInstaller`: it must load and speak). The voice folder never holds a
/// half-downloaded voice.
public struct CatalogDownload: Sendable {
    public let catalog: VoiceCatalog
    public let installer: VoiceInstaller
    /// Called as bytes arrive: done and total bytes of the whole voice.
    public var progress: @Sendable (Int, Int) -> Void = { _, _ in }

    public init(catalog: VoiceCatalog, installer: VoiceInstaller) {
        self.catalog = catalog
        self.installer = installer
    }

    public func install(_ key: String, replace: Bool) async throws -> VoiceInstaller.Installed {
        let entry = try catalog.entry(key)
        guard let model = entry.model, let config = entry.config else {
            throw ChatterboxError(.invalidCatalog, message: "the catalog lists no .onnx and .onnx.json for \(key)", field: "source")
        }
        let name = try VoiceName.checked(key, field: "source")
        if !replace, FileManager.default.fileExists(atPath: installer.folder.appendingPathComponent("\(name).onnx").path) {
            throw ChatterboxError(.voiceExists, message: "voice piper:\(name) is already installed in \(installer.folder.path) (use --force to replace it)", field: "source")
        }
        let staging = installer.folder.appendingPathComponent(".downloads/\(name)")
        try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
        var done = 0
        var local: [String: URL] = [:]
        for path in [config, entry.modelCard, model].compactMap({ $0 }) {
            let file = entry.files[path]!, target = staging.appendingPathComponent((path as NSString).lastPathComponent)
            try await fetch(catalog.fileURL(path), to: target, expected: file, before: done, total: entry.size)
            done += file.sizeBytes
            local[path] = target
        }
        let installed = try installer.install(model: local[model]!, config: local[config]!, name: name, replace: replace)
        if let card = entry.modelCard.flatMap({ local[$0] }) {
            try? FileManager.default.removeItem(at: installer.folder.appendingPathComponent("\(name).MODEL_CARD"))
            try? FileManager.default.copyItem(at: card, to: installer.folder.appendingPathComponent("\(name).MODEL_CARD"))
        }
        try? FileManager.default.removeItem(at: staging)
        return installed
    }

    /// Brings one file to `target`, resuming its `.part`; verifies size and MD5.
    func fetch(_ url: URL, to target: URL, expected: VoiceCatalog.Entry.File, before: Int, total: Int) async throws {
        if FileManager.default.fileExists(atPath: target.path), (try? Self.md5(of: target)) == expected.md5Digest.lowercased() { return }
        let part = URL(fileURLWithPath: target.path + ".part")
        var have = (try? FileManager.default.attributesOfItem(atPath: part.path)[.size] as? Int) ?? 0
        if have > expected.sizeBytes { try? FileManager.default.removeItem(at: part); have = 0 }
        if have == 0 { _ = FileManager.default.createFile(atPath: part.path, contents: nil) }
        if have < expected.sizeBytes {
            var request = HTTPClientRequest(url: url.absoluteString)
            if have > 0 { request.headers.add(name: "Range", value: "bytes=\(have)-") }
            let response: HTTPClientResponse
            do {
                response = try await HTTPClient.shared.execute(request, timeout: .minutes(30))
            } catch {
                throw ChatterboxError(.downloadFailed, message: "cannot download \(url.absoluteString): \(error); run the same command again to resume", field: "source")
            }
            guard response.status.code == 200 || response.status.code == 206 else {
                throw ChatterboxError(.downloadFailed, message: "\(url.absoluteString) answered \(response.status.code)", field: "source")
            }
            let handle = try FileHandle(forWritingTo: part)
            defer { try? handle.close() }
            if response.status.code == 200 { try handle.truncate(atOffset: 0); have = 0 } else { try handle.seekToEnd() }
            do {
                for try await buffer in response.body {
                    have += buffer.readableBytes
                    guard have <= expected.sizeBytes else { break }
                    try handle.write(contentsOf: Data(buffer.readableBytesView))
                    progress(before + have, total)
                }
            } catch {
                throw ChatterboxError(.downloadFailed, message: "the download of \(url.lastPathComponent) broke off after \(have) of \(expected.sizeBytes) bytes (\(error)); run the same command again to resume",
                                      field: "source")
            }
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: part.path)[.size] as? Int) ?? 0
        guard size == expected.sizeBytes else {
            if size > expected.sizeBytes { try? FileManager.default.removeItem(at: target.deletingLastPathComponent()) }
            throw ChatterboxError(.downloadFailed, message: "\(url.lastPathComponent) is \(size) bytes so far, the catalog says \(expected.sizeBytes); run the same command again to resume", field: "source")
        }
        guard try Self.md5(of: part) == expected.md5Digest.lowercased() else {
            try? FileManager.default.removeItem(at: target.deletingLastPathComponent())
            throw ChatterboxError(.checksumMismatch, message: "\(url.lastPathComponent) does not match the catalog's MD5 \(expected.md5Digest); the download was removed and nothing was installed",
                                  field: "source")
        }
        try? FileManager.default.removeItem(at: target)
        try FileManager.default.moveItem(at: part, to: target)
    }

    static func md5(of url: URL) throws -> String {
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        var hasher = Insecure.MD5()
        while let block = try handle.read(upToCount: 1 << 20), !block.isEmpty { hasher.update(data: block) }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }
}
