import CEspeakNG
import Foundation

extension EspeakLibrary {
    /// IPA phonemes of `text` as Piper voices expect them: one list per sentence, each phoneme a
    /// single Unicode scalar (NFD), each clause followed by its punctuation, with a space after
    /// `,` `:` `;`. This is what piper-tts's espeak bridge produces.
    ///
    /// Upstream espeak-ng (Debian's 1.51, PyPI's 1.52.0) lacks the fork's
    /// `espeak_TextToPhonemesWithTerminator`, so each clause's punctuation is recovered from the text
    /// `espeak_TextToPhonemes` consumed for it. The phonemes are asked for with a separator, which shows
    /// where espeak puts its linking phoneme (a `j` glide after /i/ before a vowel: "he opened"): upstream
    /// gives it no IPA name, piper-tts's fork names it `ʲ`, and the voices were trained on that.
    public func phonemize(_ text: String, voice: String) throws -> [[String]] {
        try state.withLock { state in
            _ = try initialize(&state)
            guard Self.select(voice, in: state) else {
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
                    guard let output = espeak_TextToPhonemes(&cursor, espeakCHARS_UTF8, Self.separatedIPA) else { break }
                    let consumed = String(decoding: UnsafeRawBufferPointer(start: before, count: (cursor ?? end) - before), as: UTF8.self)
                    let (terminator, endsSentence) = Self.terminator(of: consumed, atEnd: cursor == nil || cursor! >= end)
                    var clause = Self.joiningPhonemes(String(cString: output).replacing(/\([^)]+\)/, with: "")) + terminator
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

    /// IPA output (0x02) with U+001F between phonemes (bits 8-23: the separator character).
    static let separatedIPA: Int32 = 0x02 | (0x1F << 8)

    /// Phonemes written with `separatedIPA`, joined as piper-tts writes them. An unnamed phoneme is
    /// espeak's linking glide; piper-tts's espeak-ng writes it `ʲ` after /i/, /iː/ or /ɪ/ inside a word
    /// ("piano") and at the end of a word before the next ("he opened"), but not when the word ends in two
    /// of them or the next word is "and" or "or" (measured against piper-tts: 196 sentences, 194 identical;
    /// the other two differ in "has been", a dictionary difference). Other unnamed phonemes are dropped.
    static func joiningPhonemes(_ separated: String) -> String {
        let words = separated.split(separator: " ", omittingEmptySubsequences: false)
        return words.enumerated().map { position, word in
            let phonemes = word.split(separator: "\u{1F}", omittingEmptySubsequences: false)
            let next = position + 1 < words.count ? words[position + 1].filter { $0 != "\u{1F}" && $0 != "ˈ" && $0 != "ˌ" } : ""
            var joined = "", previous: Substring = ""
            for (index, phoneme) in phonemes.enumerated() {
                guard phoneme.isEmpty else {
                    joined += phoneme
                    previous = phoneme
                    continue
                }
                let unnamedToTheEnd = phonemes[index...].allSatisfy(\.isEmpty)
                let linksHere = !unnamedToTheEnd || (phonemes.count - index == 1 && !["ænd", "ɔːɹ", "ɔː"].contains(next))
                if ["i", "iː", "ɪ"].contains(where: { previous.hasSuffix($0) }) && linksHere { joined += "ʲ" }
                previous = ""
            }
            return joined
        }.joined(separator: " ")
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
