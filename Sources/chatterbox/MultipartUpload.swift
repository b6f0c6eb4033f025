import AsyncHTTPClient
import Foundation
import NIOCore

/// A `multipart/form-data` request body of form fields and files, streamed from disk in 256 KB pieces
/// (a 63 MB voice is never held whole), with its length known up front.
struct MultipartUpload {
    let boundary = "chatterbox-\(UUID().uuidString)"
    var fields: [(name: String, value: String)] = []
    var files: [(name: String, url: URL)] = []

    var contentType: String { "multipart/form-data; boundary=\(boundary)" }

    /// The body for AsyncHTTPClient; fails at once when a file cannot be read.
    func body() throws -> HTTPClientRequest.Body {
        var pieces: [Piece] = []
        for field in fields {
            pieces.append(.bytes(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(field.name)\"\r\n\r\n\(field.value)\r\n".utf8)))
        }
        for file in files {
            let name = file.url.lastPathComponent.replacingOccurrences(of: "\"", with: "")
            pieces.append(.bytes(Data(("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(file.name)\"; filename=\"\(name)\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n").utf8)))
            let size = try FileManager.default.attributesOfItem(atPath: file.url.path)[.size] as? Int ?? 0
            pieces.append(.file(file.url, size))
            pieces.append(.bytes(Data("\r\n".utf8)))
        }
        pieces.append(.bytes(Data("--\(boundary)--\r\n".utf8)))
        let length = pieces.reduce(0) { $0 + $1.length }
        return .stream(Pieces(pieces: pieces), length: .known(Int64(length)))
    }

    enum Piece {
        case bytes(Data)
        case file(URL, Int)

        var length: Int {
            switch self {
            case .bytes(let data): data.count
            case .file(_, let size): size
            }
        }
    }

    /// The pieces in order, files read as they are sent.
    struct Pieces: AsyncSequence, Sendable {
        typealias Element = ByteBuffer
        let pieces: [Piece]

        func makeAsyncIterator() -> Iterator { Iterator(pieces: pieces) }

        struct Iterator: AsyncIteratorProtocol {
            var pieces: [Piece]
            var handle: FileHandle?

            mutating func next() async throws -> ByteBuffer? {
                while true {
                    if let handle {
                        if let data = try handle.read(upToCount: 256 * 1024), !data.isEmpty { return ByteBuffer(bytes: data) }
                        try handle.close()
                        self.handle = nil
                    }
                    guard !pieces.isEmpty else { return nil }
                    switch pieces.removeFirst() {
                    case .bytes(let data): return ByteBuffer(bytes: data)
                    case .file(let url, _): handle = try FileHandle(forReadingFrom: url)
                    }
                }
            }
        }
    }
}

extension MultipartUpload.Piece: @unchecked Sendable {}
