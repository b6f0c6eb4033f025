import AsyncHTTPClient
import ChatterboxCore
import Foundation
import NIOCore
import NIOHTTP1

/// A client of a running server's `/jobs` and `/voices` routes (AsyncHTTPClient). Server errors become
/// `ChatterboxError`s with the server's code and message, so the CLI prints one clear line.
struct JobsClient {
    /// Base URL, e.g. `http://127.0.0.1:2050`.
    let baseURL: String
    let apiKey: String?

    /// One client per process, failing at once when nothing listens (AsyncHTTPClient would
    /// otherwise retry a refused connection until the request's deadline).
    static let http: HTTPClient = {
        var configuration = HTTPClient.Configuration(timeout: .init(connect: .seconds(10)))
        configuration.connectionPool.retryConnectionEstablishment = false
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }()

    /// Sends a request and returns the body; a non-2xx answer throws the server's error.
    func send(_ method: HTTPMethod, _ path: String, json: Data? = nil, body: HTTPClientRequest.Body? = nil, headers: [(String, String)] = [],
              timeout: TimeAmount = .seconds(60)) async throws -> (status: Int, body: ByteBuffer, headers: HTTPHeaders) {
        var request = HTTPClientRequest(url: baseURL + path)
        if let body { request.body = body }
        request.method = method
        if let apiKey { request.headers.add(name: "Authorization", value: "Bearer \(apiKey)") }
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let json {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: json))
        }
        let response: HTTPClientResponse
        do {
            response = try await Self.http.execute(request, timeout: timeout)
        } catch {
            throw ChatterboxError(.serverUnreachable, message: "cannot reach the server at \(baseURL) (\(error)); is `chatterbox api` running? (--url)")
        }
        let body = try await response.body.collect(upTo: 1 << 31)
        guard (200..<300).contains(Int(response.status.code)) else { throw Self.serverError(response.status, body) }
        return (Int(response.status.code), body, response.headers)
    }

    /// Streams a successful response body into `file` (written atomically).
    func download(_ path: String, to file: URL) async throws -> Int {
        var request = HTTPClientRequest(url: baseURL + path)
        if let apiKey { request.headers.add(name: "Authorization", value: "Bearer \(apiKey)") }
        let response = try await Self.http.execute(request, timeout: .hours(1))
        guard response.status == .ok else {
            throw Self.serverError(response.status, try await response.body.collect(upTo: 1 << 20))
        }
        try AtomicFile.checkWritable(file)
        let temporary = AtomicFile.temporaryPath(for: file)
        _ = FileManager.default.createFile(atPath: temporary.path, contents: nil)
        let handle = try FileHandle(forWritingTo: temporary)
        var total = 0
        do {
            for try await buffer in response.body {
                handle.write(Data(buffer: buffer))
                total += buffer.readableBytes
            }
            try handle.close()
            try AtomicFile.commit(temporary, to: file)
        } catch {
            try? handle.close()
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
        return total
    }

    /// The job as JSON.
    func job(_ id: String) async throws -> [String: Any] {
        try Self.object(try await send(.GET, "/jobs/\(Self.escape(id))").body)
    }

    static func object(_ body: ByteBuffer) throws -> [String: Any] {
        guard let object = try JSONSerialization.jsonObject(with: Data(buffer: body)) as? [String: Any] else {
            throw ChatterboxError(.badResponse, message: "the server's answer is not a JSON object")
        }
        return object
    }

    static func escape(_ id: String) -> String {
        id.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-_"))) ?? id
    }

    static func serverError(_ status: HTTPResponseStatus, _ body: ByteBuffer) -> ChatterboxError {
        if let object = try? JSONSerialization.jsonObject(with: Data(buffer: body)) as? [String: Any],
           let error = object["error"] as? [String: Any], let message = error["message"] as? String {
            let named = error["code"] as? String ?? ""
            guard let code = ErrorCode(rawValue: named) else {
                return ChatterboxError(.badResponse, message: "server: \(message) (HTTP \(status.code), an error code this program does not know: '\(named.prefix(40))')")
            }
            return ChatterboxError(code, message: "server: \(message) (HTTP \(status.code))", field: error["field"] as? String)
        }
        return ChatterboxError(.badResponse, message: "server answered HTTP \(status.code) \(status.reasonPhrase)")
    }
}
