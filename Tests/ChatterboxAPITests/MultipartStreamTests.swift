import Testing
@testable import ChatterboxAPI

@Suite("Multipart stream")
struct MultipartStreamTests {
    let body = Array(("preamble\r\n--XyZ\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nreader\r\n"
        + "--XyZ\r\nContent-Disposition: form-data; name=\"model\"; filename=\"a.onnx\"\r\nContent-Type: application/octet-stream\r\n\r\n"
        + "bytes with \r\n--Xy in them\r\n--XyZ--\r\nepilogue").utf8)

    /// The same parts whatever the pieces the body arrives in, down to one byte at a time.
    @Test(arguments: [1, 2, 3, 7, 16, 1000])
    func partsDoNotDependOnHowTheBytesArrive(_ size: Int) throws {
        var stream = MultipartStream(boundary: "XyZ")
        var parts: [(headers: [String: String], data: [UInt8])] = []
        for start in stride(from: 0, to: body.count, by: size) {
            for event in try stream.feed(Array(body[start..<min(start + size, body.count)])) {
                switch event {
                case .part(let headers): parts.append((headers, []))
                case .data(let bytes): parts[parts.count - 1].data += bytes
                case .partEnd: break
                }
            }
        }
        #expect(stream.isFinished)
        #expect(parts.map { String(decoding: $0.data, as: UTF8.self) } == ["reader", "bytes with \r\n--Xy in them"])
        #expect(parts[1].headers["content-disposition"] == "form-data; name=\"model\"; filename=\"a.onnx\"")
    }

    @Test func headersWithoutAnEndAreRefused() {
        var stream = MultipartStream(boundary: "b")
        #expect(throws: MultipartStream.Malformed.self) {
            _ = try stream.feed(Array("--b\r\n".utf8) + [UInt8](repeating: 65, count: 20_000))
        }
    }
}
