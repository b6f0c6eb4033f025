import Crypto
import Foundation
import Synchronization

/// SHA-256 of files, read in 1 MiB pieces and remembered per path, size and modification time (a voice's
/// model is hashed once, not on every `GET /voices/{id}`).
public enum FileDigest {
    private struct Key: Hashable {
        var path: String
        var size: Int
        var modified: Date
    }

    private static let cache = Mutex<[Key: String]>([:])

    /// The lowercase hex SHA-256 of the file at `url`.
    public static func sha256(of url: URL) throws -> String {
        let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
        let key = Key(path: url.path, size: (attributes[.size] as? Int) ?? 0, modified: (attributes[.modificationDate] as? Date) ?? .distantPast)
        if let known = cache.withLock({ $0[key] }) { return known }
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        var hasher = SHA256()
        while let piece = try handle.read(upToCount: 1 << 20), !piece.isEmpty { hasher.update(data: piece) }
        let digest = hasher.finalize().map { String(format: "%02x", $0) }.joined()
        cache.withLock { $0[key] = digest }
        return digest
    }

    /// The lowercase hex SHA-256 of `text`'s UTF-8 bytes.
    public static func sha256(of text: String) -> String {
        SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
