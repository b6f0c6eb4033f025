import AsyncHTTPClient
import ChatterboxCore
import Foundation
import NIOCore

/// A catalog of Piper voices in piper's `voices.json` format (`voices.catalog_url`): each voice's key, language,
/// quality, speakers and files, the files' paths relative to the catalog's folder with their sizes and MD5s.
public struct VoiceCatalog: Sendable {
    public struct Entry: Sendable, Decodable, Equatable {
        public struct Language: Sendable, Decodable, Equatable {
            public var code: String
            public var nameEnglish: String?
            public var countryEnglish: String?
        }

        public struct File: Sendable, Decodable, Equatable {
            public var sizeBytes: Int
            public var md5Digest: String
        }

        public var key: String
        public var name: String?
        public var language: Language
        public var quality: String?
        public var numSpeakers: Int?
        public var files: [String: File]

        /// The model, its config and the model card (when the catalog lists one), by path.
        public var model: String? { files.keys.first { $0.hasSuffix(".onnx") } }
        public var config: String? { files.keys.first { $0.hasSuffix(".onnx.json") } }
        public var modelCard: String? { files.keys.first { $0.hasSuffix("MODEL_CARD") } }
        public var size: Int { files.values.reduce(0) { $0 + $1.sizeBytes } }
    }

    /// Where the catalog came from; file paths are relative to its folder.
    public let url: URL
    public let entries: [Entry]

    public init(url: URL, entries: [Entry]) {
        self.url = url
        self.entries = entries.sorted { $0.key < $1.key }
    }

    /// Reads the catalog at `url` (http(s) or a local file), at most 32 MB.
    public static func load(_ url: URL) async throws -> VoiceCatalog {
        let data: Data
        if url.isFileURL {
            data = try Data(contentsOf: url)
        } else {
            let response: HTTPClientResponse
            do {
                response = try await HTTPClient.shared.execute(HTTPClientRequest(url: url.absoluteString), timeout: .seconds(30))
            } catch {
                throw ChatterboxError(.catalogUnreachable, message: "cannot fetch the voice catalog \(url.absoluteString): \(error)", field: "voices.catalog_url")
            }
            guard response.status.code == 200 else {
                throw ChatterboxError(.catalogUnreachable, message: "the voice catalog \(url.absoluteString) answered \(response.status.code)", field: "voices.catalog_url")
            }
            let body = try await response.body.collect(upTo: 32 << 20)
            data = Data(body.readableBytesView)
        }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        do {
            let entries = try decoder.decode([String: Entry].self, from: data)
            return VoiceCatalog(url: url, entries: Array(entries.values))
        } catch {
            throw ChatterboxError(.invalidCatalog, message: "\(url.absoluteString) is not a voices.json catalog: \(error)", field: "voices.catalog_url")
        }
    }

    /// Voices whose key, name, language code or language name contains every word of `text`.
    public func search(_ text: String) -> [Entry] {
        let words = text.lowercased().split(whereSeparator: \.isWhitespace)
        return entries.filter { entry in
            let haystack = [entry.key, entry.name ?? "", entry.language.code, entry.language.nameEnglish ?? "", entry.language.countryEnglish ?? "",
                            entry.quality ?? ""].joined(separator: " ").lowercased()
            return words.allSatisfy { haystack.contains($0) }
        }
    }

    /// The entry `key`, or `unknown_voice` naming close keys.
    public func entry(_ key: String) throws -> Entry {
        if let entry = entries.first(where: { $0.key == key }) { return entry }
        // The closest keys: the longest shared beginning first.
        let shared = { (other: String) in zip(other, key).prefix { $0 == $1 }.count }
        let close = entries.filter { shared($0.key) >= 5 }.sorted { shared($0.key) > shared($1.key) }.prefix(3).map(\.key)
        throw ChatterboxError(.unknownVoice, message: "the catalog has no voice '\(key)'" + (close.isEmpty ? "; `chatterbox voices search` lists them" : "; did you mean \(close.joined(separator: ", "))?"),
                              field: "source")
    }

    /// A file's URL: its path under the catalog's folder.
    public func fileURL(_ path: String) -> URL {
        url.deletingLastPathComponent().appendingPathComponent(path)
    }
}
