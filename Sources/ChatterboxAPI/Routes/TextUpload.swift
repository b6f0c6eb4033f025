import ChatterboxCore
import Foundation
import Hummingbird

/// `POST /jobs` as `multipart/form-data`: a text file in the `file` part (`.txt`, `.md`,
/// `.ssml`, UTF-8; an `.ssml` file is SSML) plus the JSON body's other fields as form fields (`params` as
/// a JSON object, `text_format`).
enum TextUpload {
    static let extensions: Set<String> = ["txt", "text", "md", "markdown", "ssml"]

    /// One part as received.
    private struct Part {
        var headers: [String: String] = [:]
        var body: [UInt8] = []

        var disposition: [String: String] {
            var values: [String: String] = [:]
            for item in (headers["content-disposition"] ?? "").split(separator: ";").dropFirst() {
                let pair = item.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                if pair.count == 2 { values[pair[0].lowercased()] = pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
            }
            return values
        }
    }

    static func submission(from request: Request, contentType: String, limit: Int) async throws -> JobSubmission {
        guard let boundary = boundary(in: contentType) else {
            throw APIError(.invalidMultipart, message: "multipart/form-data needs a boundary parameter")
        }
        let buffer = try await request.collectBody(limit: limit)
        let parts = try parse(buffer, boundary: boundary)
        var fields: [String: String] = [:]
        var fileText: String?, fileIsSSML = false
        for part in parts {
            let disposition = part.disposition
            guard let name = disposition["name"] else { continue }
            if let filename = disposition["filename"] {
                guard name == "file" else { continue }
                fileText = try text(of: part.body, filename: filename)
                fileIsSSML = filename.lowercased().hasSuffix(".ssml")
            } else {
                fields[name] = String(decoding: part.body, as: UTF8.self)
            }
        }
        guard let text = fileText ?? fields["text"] else {
            throw APIError(.missingField, message: "send the text as a file part named 'file' (or a 'text' field)", field: "file")
        }
        return try JobSubmission(
            text: text, voice: fields["voice"], format: fields["format"],
            sampleRate: number(fields["sample_rate"], "sample_rate"), speed: number(fields["speed"], "speed"),
            priority: number(fields["priority"], "priority"), params: params(fields["params"]),
            textFormat: fields["text_format"] ?? (fileIsSSML ? "ssml" : nil), lexicon: fields["lexicon"])
    }

    private static func parse(_ buffer: ByteBuffer, boundary: String) throws -> [Part] {
        var stream = MultipartStream(boundary: boundary)
        var parts: [Part] = []
        do {
            for event in try stream.feed(Array(buffer.readableBytesView)) {
                switch event {
                case .part(let headers): parts.append(Part(headers: headers))
                case .data(let bytes): parts[parts.count - 1].body += bytes
                case .partEnd: break
                }
            }
        } catch {
            throw APIError(.invalidMultipart, message: "the multipart body could not be read: \((error as? MultipartStream.Malformed)?.description ?? "it was cut off")")
        }
        guard stream.isFinished else {
            throw APIError(.invalidMultipart, message: "the multipart body could not be read: it ends before its closing boundary")
        }
        return parts
    }

    private static func text(of bytes: [UInt8], filename: String) throws -> String {
        let ext = (filename as NSString).pathExtension.lowercased()
        guard extensions.contains(ext) else {
            throw APIError(.unsupportedFileType, message: "'\(filename.prefix(100))' is not a text file; upload .txt, .md or .ssml", field: "file")
        }
        guard let text = String(validating: bytes, as: UTF8.self), !bytes.contains(0) else {
            throw APIError(.unsupportedFileType, message: "'\(filename.prefix(100))' is not UTF-8 text", field: "file")
        }
        return text
    }

    static func boundary(in contentType: String) -> String? {
        for item in contentType.split(separator: ";").dropFirst() {
            let pair = item.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if pair.count == 2, pair[0].lowercased() == "boundary" {
                let value = pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
                return value.isEmpty ? nil : value
            }
        }
        return nil
    }

    private static func number<T: LosslessStringConvertible>(_ text: String?, _ field: String) throws -> T? {
        guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        guard let value = T(text) else { throw APIError(.invalidType, message: "\(field) must be a number, not '\(text.prefix(40))'", field: field) }
        return value
    }

    private static func params(_ text: String?) throws -> [String: FlexibleString]? {
        guard let text, !text.isEmpty else { return nil }
        do {
            return try JSONDecoder().decode([String: FlexibleString].self, from: Data(text.utf8))
        } catch {
            throw APIError(.invalidType, message: "params must be a JSON object of NAME: value", field: "params")
        }
    }
}
