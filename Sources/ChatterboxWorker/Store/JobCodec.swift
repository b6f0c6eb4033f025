import ChatterboxCore
import Foundation

/// The column encodings both stores share: engine parameters as sorted JSON object text, and
/// checkpoint samples as little-endian Float32 bytes — copied into an aligned array when read,
/// never reinterpreted in place (a blob's bytes need not be aligned for `Float`).
enum JobCodec {
    /// A stored status; one this release does not know is an error naming it, never read as another status.
    static func status(_ text: String) throws -> JobStatus {
        guard let status = JobStatus(rawValue: text) else { throw unknown("job status", text) }
        return status
    }

    /// A stored event kind, likewise.
    static func eventKind(_ text: String) throws -> JobEvent.Kind {
        guard let kind = JobEvent.Kind(rawValue: text) else { throw unknown("job event", text) }
        return kind
    }

    private static func unknown(_ what: String, _ text: String) -> ChatterboxError {
        ChatterboxError(.unknownStoredValue, message: "the job store holds a \(what) '\(text.prefix(40))' this release does not know")
    }

    static func parameters(_ parameters: [String: String]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: (try? encoder.encode(parameters)) ?? Data("{}".utf8), as: UTF8.self)
    }

    static func parameters(_ text: String) -> [String: String] {
        (try? JSONDecoder().decode([String: String].self, from: Data(text.utf8))) ?? [:]
    }

    /// Word timings as JSON text (`[{"word","start","end"}]`); nil when there are none.
    static func words(_ words: [WordTiming]) -> String? {
        guard !words.isEmpty, let data = try? JSONEncoder().encode(words) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    static func words(_ text: String?) -> [WordTiming] {
        guard let text else { return [] }
        return (try? JSONDecoder().decode([WordTiming].self, from: Data(text.utf8))) ?? []
    }

    static func samples(_ samples: [Float]) -> Data {
        #if _endian(big)
        return samples.map { $0.bitPattern.littleEndian }.withUnsafeBytes { Data($0) }
        #else
        return samples.withUnsafeBytes { Data($0) }
        #endif
    }

    static func samples(_ data: Data) -> [Float] {
        let count = data.count / 4
        var samples = [Float](repeating: 0, count: count)
        _ = samples.withUnsafeMutableBytes { data.copyBytes(to: $0, count: count * 4) }
        #if _endian(big)
        samples = samples.map { Float(bitPattern: UInt32(littleEndian: $0.bitPattern)) }
        #endif
        return samples
    }
}
