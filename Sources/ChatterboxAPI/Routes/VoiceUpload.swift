import ChatterboxCore
import Foundation
import Hummingbird

/// The multipart body of `POST /voices`, received part by part (`MultipartStream`): file parts go straight to files in a
/// staging folder (never whole in memory), form fields (at most 64 KB each) are kept as text. More than
/// `limit` bytes in all is `413 upload_too_large`; the caller removes the staging folder either way.
struct VoiceUpload {
    /// A received file part: where it was written and the name the client gave it.
    struct File {
        var url: URL
        var filename: String
    }

    var files: [String: File] = [:]
    var fields: [String: String] = [:]

    static let maxFieldBytes = 64 * 1024
    /// Parts a voice upload may have: a voice needs at most four files and a few fields; more only fills the staging folder.
    static let maxParts = 32

    static func receive(_ request: Request, limit: Int, staging: URL) async throws -> VoiceUpload {
        guard let contentType = request.headers[.contentType], contentType.lowercased().hasPrefix("multipart/form-data"),
              let boundary = TextUpload.boundary(in: contentType) else {
            throw APIError(.unsupportedMediaType, message: "send a voice as multipart/form-data (model + config, clip, or embedding)")
        }
        try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
        let receiver = Receiver(staging: staging)
        var stream = MultipartStream(boundary: boundary)
        var received = 0
        defer { receiver.close() }
        for try await buffer in request.body {
            received += buffer.readableBytes
            guard received <= limit else { throw tooLarge(limit) }
            do {
                for event in try stream.feed(Array(buffer.readableBytesView)) { try receiver.handle(event) }
            } catch let error as MultipartStream.Malformed {
                throw APIError(.invalidMultipart, message: "the multipart body could not be read: \(error.description)")
            }
            if stream.isFinished { break }
        }
        guard stream.isFinished else { throw APIError(.invalidMultipart, message: "the multipart body ends before its closing boundary") }
        return VoiceUpload(files: receiver.files, fields: receiver.fields)
    }

    static func tooLarge(_ limit: Int) -> APIError {
        APIError(.uploadTooLarge, message: "the upload is larger than voices.max_upload_bytes (\(limit) bytes)")
    }

    /// Where the parts go as they arrive (one request, one task: no concurrent access).
    private final class Receiver {
        let staging: URL
        var files: [String: File] = [:]
        var fields: [String: String] = [:]
        private var name: String?
        private var handle: FileHandle?
        private var field: [UInt8]?
        private var count = 0, parts = 0

        init(staging: URL) { self.staging = staging }

        func handle(_ event: MultipartStream.Event) throws {
            switch event {
            case .part(let headers):
                parts += 1
                guard parts <= VoiceUpload.maxParts else {
                    throw APIError(.tooManyParts, message: "a voice upload has at most \(VoiceUpload.maxParts) parts (model, config, clip, embedding and fields)")
                }
                let disposition = Self.disposition(headers["content-disposition"] ?? "")
                name = disposition["name"]
                guard let name else { return }
                if let filename = disposition["filename"] {
                    // Kept under the client's file name (made safe), so the checks' messages name it.
                    count += 1
                    let safe = String(filename.split(separator: "/").last.map(String.init) ?? "")
                        .filter { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }.drop { $0 == "." }.prefix(100)
                    let folder = staging.appendingPathComponent("part-\(count)")
                    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                    let url = folder.appendingPathComponent(safe.isEmpty ? "upload" : String(safe))
                    _ = FileManager.default.createFile(atPath: url.path, contents: nil)
                    handle = try FileHandle(forWritingTo: url)
                    files[name] = File(url: url, filename: filename)
                } else {
                    field = []
                }
            case .data(let bytes):
                if let handle {
                    do { try handle.write(contentsOf: bytes) } catch {
                        throw APIError(.insufficientStorage, message: "the upload cannot be stored: \(error.localizedDescription)")
                    }
                } else if field != nil {
                    field! += bytes
                    if field!.count > VoiceUpload.maxFieldBytes {
                        throw APIError(.fieldTooLarge, message: "form field '\((name ?? "").prefix(40))' is over 64 KB", field: name)
                    }
                }
            case .partEnd:
                if let name, let field { fields[name] = String(decoding: field, as: UTF8.self) }
                close()
                (name, field) = (nil, nil)
            }
        }

        func close() {
            try? handle?.close()
            handle = nil
        }

        static func disposition(_ header: String) -> [String: String] {
            var values: [String: String] = [:]
            for item in header.split(separator: ";").dropFirst() {
                let pair = item.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                if pair.count == 2 { values[pair[0].lowercased()] = pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
            }
            return values
        }
    }
}
