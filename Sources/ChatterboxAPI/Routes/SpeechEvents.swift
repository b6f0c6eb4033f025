import ChatterboxCore
import Foundation
import NIOCore

/// OpenAI's speech Server-Sent Events.
enum SpeechEvents {
    /// `speech.audio.delta` with base64 audio bytes.
    @Sendable static func delta(_ bytes: [UInt8]) -> ByteBuffer {
        ByteBuffer(string: "data: {\"type\":\"speech.audio.delta\",\"audio\":\"\(Data(bytes).base64EncodedString())\"}\n\n")
    }

    /// `speech.audio.word` (ours): one word and when it is heard, in seconds from the start of the audio.
    static func word(_ word: WordTiming) -> ByteBuffer {
        ByteBuffer(string: "data: {\"type\":\"speech.audio.word\",\"word\":\(CaptionFormat.quoted(word.word)),\"start\":\(CaptionFormat.seconds(word.start)),\"end\":\(CaptionFormat.seconds(word.end))}\n\n")
    }

    /// The JSON answer of a request with timestamps and no SSE: the whole file in base64 and every word.
    static func answer(audio: [UInt8], format: AudioFormat, sampleRate: Int, words: [WordTiming]) -> ByteBuffer {
        let timed = CaptionFormat.json.render(words).dropFirst().dropLast(2)  // `"words":[…]` of `{"words":[…]}\n`
        return ByteBuffer(string: "{\"audio\":\"\(Data(audio).base64EncodedString())\",\"format\":\"\(format.rawValue)\",\"content_type\":\(CaptionFormat.quoted(format.contentType)),\"sample_rate\":\(sampleRate),\(timed)}\n")
    }

    /// `speech.audio.done`; usage counts input characters (our engines have no tokens).
    static func done(inputCharacters: Int) -> ByteBuffer {
        ByteBuffer(string: "data: {\"type\":\"speech.audio.done\",\"usage\":{\"input_tokens\":\(inputCharacters),\"output_tokens\":0,\"total_tokens\":\(inputCharacters)}}\n\n")
    }
}
