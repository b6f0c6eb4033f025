import CEspeakNG
import Foundation

extension EspeakLibrary {
    /// IPA phonemes of `text` as Piper voices expect them: one list per sentence, each phoneme a
    /// single Unicode scalar (NFD), each clause followed by its punctuation, with a space after
    /// `,` `:` `;`. This is what piper-tts's espeak bridge produces.
    ///
    /// Debian's espeak-ng 1.51 lacks `espeak_TextToPhonemesWithTerminator`, so each clause's
    /// punctuation is recovered from the text `espeak_TextToPhonemes` consumed for it.
    public func phonemize(_ text: String, voice: String) throws -> [[String]] {
        try state.withLock { state in
            _ = try initialize(&state)
            guard espeak_SetVoiceByName(voice) == EE_OK else {
                throw ChatterboxError.engine("espeak-ng has no voice '\(voice)' for phonemes")
            }
            var sentences: [[String]] = []
            var current: [String] = []
            let bytes = Array(text.utf8CString)
            bytes.withUnsafeBufferPointer { buffer in
                let start = UnsafeRawPointer(buffer.baseAddress!)
                let end = start + (buffer.count - 1)
                var cursor: UnsafeRawPointer? = start
                while let before = cursor, before < end {
                    guard let output = espeak_TextToPhonemes(&cursor, espeakCHARS_UTF8, 0x02) else { break }
                    let consumed = String(decoding: UnsafeRawBufferPointer(start: before, count: (cursor ?? end) - before), as: UTF8.self)
                    let (terminator, endsSentence) = Self.terminator(of: consumed, atEnd: cursor == nil || cursor! >= end)
                    var clause = String(cString: output).replacing(/\([^)]+\)/, with: "") + terminator
                    if [",", ":", ";"].contains(terminator) { clause += " " }
                    current += clause.decomposedStringWithCanonicalMapping.unicodeScalars.map { String($0) }
                    if endsSentence {
                        sentences.append(current)
                        current = []
                    }
                }
            }
            if !current.isEmpty { sentences.append(current) }
            return sentences
        }
    }

    /// The clause punctuation espeak-ng 1.52 reports, read off the text consumed for the clause:
    /// espeak reads past the clause into the first character of the next one, so that peeked
    /// word start is dropped first; then the last mark before spaces and closing quotes or
    /// brackets. An ellipsis is a pause with no terminator, as in 1.52.
    static func terminator(of consumed: String, atEnd: Bool) -> (mark: String, endsSentence: Bool) {
        var clause = Substring(consumed)
        if !atEnd, let lastSpace = clause.lastIndex(where: \.isWhitespace) { clause = clause[..<lastSpace] }
        let trimmed = clause.reversed().drop { $0.isWhitespace || "\"')]}\u{201D}\u{2019}".contains($0) }
        guard let last = trimmed.first else { return ("", false) }
        if last == "." && trimmed.dropFirst().first == "." { return ("", false) }
        switch last {
        case ".", "?", "!": return (String(last), true)
        case ",", ":", ";": return (String(last), false)
        default: return ("", false)
        }
    }
}
