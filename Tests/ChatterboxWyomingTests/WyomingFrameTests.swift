import NIOCore
import NIOEmbedded
import Testing
@testable import ChatterboxWyoming

@Suite("Wyoming frames")
struct WyomingFrameTests {
    func channel(_ limits: WyomingFrameDecoder.Limits = .init()) throws -> EmbeddedChannel {
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(WyomingFrameDecoder(limits: limits)))
        try channel.pipeline.syncOperations.addHandler(MessageToByteHandler(WyomingFrameEncoder()))
        return channel
    }

    @Test func eventsRoundTripWithDataAndPayload() throws {
        let channel = try channel()
        let event = WyomingEvent("audio-chunk", data: ["rate": 22050, "width": 2, "channels": 1], payload: [1, 2, 3, 4])
        try channel.writeOutbound(event)
        let bytes = try #require(try channel.readOutbound(as: ByteBuffer.self))
        let text = String(buffer: bytes)
        #expect(text.hasPrefix(#"{"data_length":37,"payload_length":4,"type":"audio-chunk","version":"1.10.2"}"# + "\n"))
        try channel.writeInbound(bytes)
        #expect(try channel.readInbound(as: WyomingEvent.self) == event)
        #expect(try channel.finish().isClean)
    }

    @Test func dataInlineAndInTheDataBlockAreMergedAcrossReads() throws {
        let channel = try channel()
        let wire = #"{"type":"synthesize","data":{"text":"inline","voice":{"name":"a"}},"data_length":16}"# + "\n" + #"{"text":"block"}"#
        for byte in wire.utf8 { try channel.writeInbound(ByteBuffer(bytes: [byte])) }  // one byte at a time
        let event = try #require(try channel.readInbound(as: WyomingEvent.self))
        #expect(event.type == "synthesize" && event.data["text"] == "block" && event.data["voice"]?.object?["name"] == "a")
    }

    @Test(arguments: [
        ("not json\n", "not a JSON object"),
        (#"{"data":{}}"# + "\n", "not a JSON object"),
        (#"{"type":"x","data_length":2}"# + "\n[]", "data block"),
        (#"{"type":"x","payload_length":999999999}"# + "\n", "payload is larger"),
        (String(repeating: "a", count: 70_000), "header line is larger"),
    ])
    func badFramesAreProtocolErrors(_ wire: String, _ message: String) throws {
        let channel = try channel()
        #expect { try channel.writeInbound(ByteBuffer(string: wire)) } throws: { error in
            (error as? WyomingProtocolError)?.description.contains(message) == true
        }
    }
}
