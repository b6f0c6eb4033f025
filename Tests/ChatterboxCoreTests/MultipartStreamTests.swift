import Testing
@testable import ChatterboxCore

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

    @Test func manyTinyPartsInOnePieceAreAllRead() throws {
        var stream = MultipartStream(boundary: "b")
        let events = try stream.feed(Array((String(repeating: "--b\r\n\r\n\r\nx\r\n", count: 100_000) + "--b--\r\n").utf8))
        #expect(stream.isFinished)
        #expect(events.count == 300_000 && events.filter { $0 == .data(Array("x".utf8)) }.count == 100_000)
    }

    @Test func headersAreHeldToTheLimitHoweverTheyArrive() throws {
        let header = "--b\r\nX: " + String(repeating: "a", count: MultipartStream.maxHeaderBytes - 3)  // exactly the limit with "X: "
        for extra in [0, 1] {
            let body = Array((header + String(repeating: "a", count: extra) + "\r\n\r\nx\r\n--b--").utf8)
            var whole = MultipartStream(boundary: "b"), bytewise = MultipartStream(boundary: "b")
            let wholeResult = Result { try whole.feed(body) }
            let bytewiseResult = Result { try body.flatMap { try bytewise.feed([$0]) } }
            #expect((try? wholeResult.get()) == (extra == 0 ? [.part(headers: ["x": String(repeating: "a", count: MultipartStream.maxHeaderBytes - 3)]), .data(Array("x".utf8)), .partEnd] : nil))
            let bytewiseRead = (try? bytewiseResult.get()) != nil
            #expect(bytewiseRead == (extra == 0))
        }
    }
}
